// SPDX-License-Identifier: MIT
// Every built-in model, one line each, alphabetically. Explicit calls instead of self-registering
// statics, which a linker may drop silently from a static library.
#include "models/builtin.hpp"

#include "models/neurons/lif_cond.hpp"
#include "models/pharmacology/drug_exposure.hpp"
#include "models/stimuli/poisson_source.hpp"

namespace hornet::models {

void register_builtin_models(ModelRegistry& registry) {
    register_lif_cond(registry);
    register_poisson_source(registry);
    register_pharmacokinetics(registry); // the [pharmacology] models, not a population model
}

} // namespace hornet::models
