// SPDX-License-Identifier: MIT
// Every built-in model, one line each, alphabetically. Explicit calls instead of self-registering
// statics, which a linker may drop silently from a static library.
#include "models/builtin.hpp"

#include "models/neurons/adex.hpp"
#include "models/neurons/lif_cond.hpp"
#include "models/neurons/wdr.hpp"
#include "models/pharmacology/drug_exposure.hpp"
#include "models/plasticity/graupner_brunel.hpp"
#include "models/plasticity/shouval.hpp"
#include "models/slow/reset_hypotheses.hpp"
#include "models/stimuli/afferent_fibres.hpp"
#include "models/stimuli/poisson_source.hpp"
#include "models/stimuli/stimulus_protocols.hpp"

namespace hornet::models {

void register_builtin_models(ModelRegistry& registry) {
    register_adex(registry);
    register_afferent_fibres(registry);
    register_lif_cond(registry);
    register_poisson_source(registry);
    register_wdr(registry);
    register_graupner_brunel(registry); // plasticity rules, not population models
    register_shouval(registry);
    register_pharmacokinetics(registry);   // the [pharmacology] models
    register_stimulus_protocols(registry); // the [[stimuli]] protocols
    register_reset_hypotheses(registry);   // the [slow] processes of timelines
}

} // namespace hornet::models
