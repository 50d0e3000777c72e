// SPDX-License-Identifier: MIT
#pragma once
/// afferent: a population of primary afferent fibres (Abeta, Adelta or C) as spike sources at
/// their spinal terminals, driven by the scenario's stimuli (hornet/core/stimulus.hpp,
/// models/stimuli/stimulus_protocols.hpp) and by optional spontaneous background activity.
///
/// Each fibre i has two fixed properties, drawn once from the population's stream so they do not
/// depend on the thread count:
///   threshold u_i, uniform in [0, 1): a stimulus that recruits a fraction f of the fibres
///     reaches fibre i when u_i < f (stronger stimuli recruit supersets of weaker ones);
///   latency l_i, whole steps uniform in [0, latency_spread]: the dispersion of a volley's
///     arrival (conduction velocities differ within a class). The common conduction delay of a
///     class is the delay of its projections (Medlock et al. 2022: Abeta 1, Adelta 5, C 10 ms
///     [S6]), so that the slice length stays the network's minimum delay.
/// In step n a fibre fires if a pulse at step n - l_i recruits it, or else with probability
/// h sum_k r_k [u_i < f_k] over the Poisson components (background rate, mechanical and tonic
/// stimuli) active at step n; at most one spike per step.
///
/// Parameters
///   name             default  unit  meaning
///   fibre_class      c        1     abeta, adelta or c: selects the mechanical response shape
///   latency_spread   0        ms    range of the fibres' extra latencies
///   background_rate  0        Hz    spontaneous firing of every fibre
/// State: none. Receptor ports: none.
#include "hornet/core/model_registry.hpp"

#include <Eigen/Core>

#include <array>
#include <string_view>

namespace hornet::models {

enum class FibreClass { abeta, adelta, c };
inline constexpr std::array<std::string_view, 3> fibre_class_names{"abeta", "adelta", "c"};

struct AfferentFibres {
    static constexpr std::string_view name = "afferent";
    static constexpr std::string_view summary =
        "primary afferent fibres (Abeta/Adelta/C) driven by stimulus protocols";
    static constexpr std::array<std::string_view, 0> receptors{};
    static constexpr std::string_view receptor_unit = "1";

    struct Params {
        double fibre_class = static_cast<double>(FibreClass::c); // [1] index into the names
        double latency_spread = 0.0;                             // [ms]
        double background_rate = 0.0;                            // [Hz]
    };
    struct State {};
    struct Propagators {
        double dt_s = 0.0; // [s] step length
        std::int64_t latency_spread_steps = 0;
        double p_background = 0.0; // [1] background spike probability per step
    };

    static constexpr std::array<ParamField<Params>, 3> parameters{{
        choice_field<Params>("fibre_class", &Params::fibre_class, fibre_class_names,
                             "fibre class: abeta, adelta or c"),
        {"latency_spread", &Params::latency_spread, "ms", Bounds::non_negative(),
         "fibres' extra latencies are spread uniformly over this range"},
        {"background_rate", &Params::background_rate, "Hz", Bounds::non_negative(),
         "spontaneous firing rate of every fibre"},
    }};
    static constexpr std::array<StateField<State, Eigen::ArrayXd>, 0> state_variables{};
    static constexpr std::ptrdiff_t health_variable = -1; // nothing can diverge
    static constexpr double health_limit = 0.0;

    static void validate(const Params&, std::string_view) {}
    static Propagators prepare(const Params& p, double dt_ms);
    static void resize(State&, std::size_t, const Params&) {}
    static void step(State& s, const Params& p, const Propagators& k, const StepInput& in,
                     IndexRange range, SpikeWriter& spikes) noexcept;

    /// Fibre i's recruitment threshold and latency [steps], as the kernel uses them.
    static double threshold(const CounterRng& rng, std::size_t fibre) noexcept;
    static std::int64_t latency_steps(const CounterRng& rng, std::size_t fibre,
                                      std::int64_t spread_steps) noexcept;
};

void register_afferent_fibres(ModelRegistry& registry);

} // namespace hornet::models
