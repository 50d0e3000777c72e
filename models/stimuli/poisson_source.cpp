// SPDX-License-Identifier: MIT
#include "models/stimuli/poisson_source.hpp"

#include <sstream>

namespace hornet::models {

PoissonSource::Propagators PoissonSource::prepare(const Params& p, double dt_ms) {
    const double p_spike = p.rate * dt_ms * 1e-3;
    if (p_spike > 1.0) {
        std::ostringstream msg;
        msg << "poisson_source: rate = " << p.rate
            << " Hz is above one spike per step (dt = " << dt_ms
            << " ms); use a smaller dt or a lower rate";
        throw ParamError(msg.str());
    }
    return {p_spike};
}

void PoissonSource::step(State&, const Params&, const Propagators& k, const StepInput& in,
                         IndexRange range, SpikeWriter& spikes) noexcept {
    const auto step = static_cast<std::uint64_t>(in.step);
    for (std::size_t i = range.begin; i < range.end; ++i)
        if (in.rng->uniform(static_cast<std::uint32_t>(i), step) < k.p_spike) spikes.push(i);
}

void register_poisson_source(ModelRegistry& registry) {
    registry.add(neuron_model_entry<PoissonSource>());
}

} // namespace hornet::models
