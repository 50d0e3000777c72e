// SPDX-License-Identifier: MIT
#pragma once
/// poisson_source: independent Poisson spike trains at a fixed rate.
///
/// Each source spikes in a step of length h with probability rate * h (Bernoulli per step,
/// as Brian2's PoissonGroup), so the mean rate is exact and at most one spike falls in a step;
/// rate * h must be <= 1. The draw for (source i, step n) is Philox(seed, population, i, n),
/// so trains do not depend on the thread count.
///   name  default  unit  meaning
///   rate  10       Hz    mean firing rate
/// State: none. Receptor ports: none.
#include "hornet/core/model_registry.hpp"

#include <Eigen/Core>

namespace hornet::models {

struct PoissonSource {
    static constexpr std::string_view name = "poisson_source";
    static constexpr std::string_view summary = "independent Poisson spike trains at a fixed rate";
    static constexpr std::array<std::string_view, 0> receptors{};
    static constexpr std::string_view receptor_unit = "1";

    struct Params {
        double rate = 10.0; // [Hz]
    };
    struct State {};
    struct Propagators {
        double p_spike = 0.0; // [1] probability of a spike in one step
    };

    static constexpr std::array<ParamField<Params>, 1> parameters{{
        {"rate", &Params::rate, "Hz", Bounds::non_negative(), "mean firing rate"},
    }};
    static constexpr std::array<StateField<State, Eigen::ArrayXd>, 0> state_variables{};
    static constexpr std::ptrdiff_t health_variable = -1; // nothing can diverge
    static constexpr double health_limit = 0.0;

    static void validate(const Params&, std::string_view) {}
    static Propagators prepare(const Params& p, double dt_ms);
    static void resize(State&, std::size_t, const Params&) {}
    static void step(State& s, const Params& p, const Propagators& k, const StepInput& in,
                     IndexRange range, SpikeWriter& spikes) noexcept;
};

void register_poisson_source(ModelRegistry& registry);

} // namespace hornet::models
