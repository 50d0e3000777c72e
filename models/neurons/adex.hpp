// SPDX-License-Identifier: MIT
#pragma once
/// adex: adaptive exponential integrate-and-fire neuron (Brette & Gerstner 2005) with every
/// receptor port of models/synapses/conductance_synapses.hpp (exc, inh, ampa, nmda, gaba_a,
/// glycine, nk1), like lif_cond.
///
/// Equations
///   C_m dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_T)/Delta_T) - w
///               + sum_x g_x (E_x - V) + I_e
///   tau_w dw/dt = a (V - E_L) - w
///   V >= V_peak: spike, V = V_reset, w += b; V held at V_reset until t_ref after the spike.
///   g_nmda is scaled by its Mg2+ / ketamine unblocked fraction (conductance_synapses.hpp).
///
/// Integration (step h): inputs due at step n are added at t_n; conductances decay exactly and
/// enter at the midpoint t_n + h/2. Membrane: exponential Rosenbrock-Euler step of
/// models/neurons/adex_membrane.hpp (linear part exact, exponential term linearised at V_n, w
/// coupled at the midpoint): global error O(h^2), measured order 2.0 in test_adex.cpp; the NMDA
/// block, at V(t_n), is first order. The reset happens at the interpolated crossing time within
/// the step, so spike times do not drift by half a step per spike. The exponent is capped at its
/// value at V_peak: an absurd input gives a large finite V, detected as a spike, never NaN.
/// Spikes are stamped at t_n.
///
/// Parameters (defaults: regular spiking, Brette & Gerstner 2005 [S61]; receptor and block
/// parameters: conductance_synapses.hpp, `hornet inspect --model adex`)
///   name     default  unit  meaning
///   C_m      281      pF    membrane capacitance
///   g_L      30       nS    leak conductance
///   E_L      -70.6    mV    leak reversal potential
///   V_T      -50.4    mV    threshold of the exponential term
///   Delta_T  2        mV    slope factor
///   tau_w    144      ms    adaptation time constant
///   a        4        nS    subthreshold adaptation
///   b        80.5     pA    spike-triggered adaptation
///   V_reset  -70.6    mV    reset potential
///   V_peak   -40.4    mV    spike cut-off, V_T + 5 Delta_T
///   t_ref    0        ms    refractory period
///   I_e      0        pA    constant injected current
/// State: V_m [mV], w [pA] and the synapse state. Receptor ports: weights in nS.
///
/// Parameter sets (parameter_sets; the step current each was shown with is in the tests):
///   regular_spiking  the defaults [S61]
///   tonic, adapting  Naud et al. 2008 Table 1 "tonic spiking", "adaptation" [S62]
///   bursting         Brette & Gerstner 2005 bursting variant: tau_w 20 ms, a 4 nS, b 0.5 nA,
///                    V_reset = V_T + 5 mV [S61]
///   delayed          Naud et al. 2008 Table 1 "delayed accelerating" (a < 0)
/// Assumptions (not in SCIENCE.md): V_T -50 mV and V_peak 0 mV of tonic/adapting, and the whole
/// delayed set, are Naud 2008 Table 1 as coded in public examples (Brian2 examples/frompapers/
/// Naud_et_al_2008_adex_firing_patterns.py, which cuts spikes at 0 mV).
/// References: Brette R, Gerstner W (2005) J Neurophysiol 94:3637; Naud R, Marcille N,
/// Clopath C, Gerstner W (2008) Biol Cybern 99:335.
#include "hornet/core/model_registry.hpp"
#include "hornet/core/plasticity_rule.hpp"
#include "models/neurons/adex_membrane.hpp"
#include "models/synapses/conductance_synapses.hpp"

#include <Eigen/Core>

namespace hornet::models {

struct AdexParams : SynapseParams, AdexMembraneParams {};

/// A firing type of Naud et al. 2008 Table 1 (SCIENCE.md §6 [S62]).
constexpr AdexParams naud_2008(double C_m, double g_L, double a, double tau_w, double b) {
    AdexParams p;
    p.C_m = C_m;       // [pF] Naud et al. 2008 Table 1 [S62]
    p.g_L = g_L;       // [nS] Naud et al. 2008 Table 1 [S62]
    p.E_L = -70.0;     // [mV] Naud et al. 2008 Table 1 [S62]
    p.V_T = -50.0;     // [mV] Naud et al. 2008 Table 1 (assumption, see header)
    p.Delta_T = 2.0;   // [mV] Naud et al. 2008 Table 1 [S62]
    p.a = a;           // [nS]
    p.tau_w = tau_w;   // [ms]
    p.b = b;           // [pA]
    p.V_reset = -58.0; // [mV] Naud et al. 2008 Table 1 [S62]
    p.V_peak = 0.0;    // [mV] assumption: Brian2's Naud example cuts spikes at 0 mV
    return p;
}

/// The bursting variant of Brette & Gerstner 2005 (SCIENCE.md §6 [S61]).
constexpr AdexParams brette_gerstner_bursting() {
    AdexParams p;
    p.tau_w = 20.0;          // [ms] Brette & Gerstner 2005 bursting [S61]
    p.a = 4.0;               // [nS] Brette & Gerstner 2005 bursting [S61]
    p.b = 500.0;             // [pA] Brette & Gerstner 2005 bursting [S61]
    p.V_reset = p.V_T + 5.0; // [mV] Brette & Gerstner 2005 bursting [S61]
    return p;
}

struct Adex {
    static constexpr std::string_view name = "adex";
    static constexpr std::string_view summary =
        "adaptive exponential integrate-and-fire, conductance synapses with Mg2+/ketamine NMDA "
        "block";
    static constexpr auto receptors = conductance_ports;
    static constexpr std::string_view receptor_unit = "nS";

    using Params = AdexParams;

    struct State : SynapseState {
        Eigen::ArrayXd V_m;        // [mV]
        Eigen::ArrayXd w;          // [pA]
        Eigen::ArrayXd refractory; // [steps] left to hold V at V_reset (whole numbers)
        Eigen::ArrayXd V_start;    // scratch: [mV] V at the start of the step
    };

    struct Propagators {
        SynapsePropagators synapses;
        AdexMembrane membrane;
        AdexSpikeRule spike;
    };

    static constexpr auto parameters = concat_fields(
        rebase_fields<Params>(adex_membrane_parameters), rebase_fields<Params>(synapse_parameters));

    static constexpr std::array<StateField<State, Eigen::ArrayXd>, 2> own_state{{
        {"V_m", &State::V_m, "mV", "membrane potential"},
        {"w", &State::w, "pA", "adaptation current"},
    }};
    static constexpr auto state_variables =
        concat_fields(own_state, rebase_fields<State>(synapse_state_variables));
    static constexpr std::ptrdiff_t health_variable = 0; // V_m
    static constexpr double health_limit = 1e4;          // [mV] far beyond any reversal potential

    static constexpr std::array<NamedParams<Params>, 5> parameter_sets{{
        {"regular_spiking", "regular spiking, Brette & Gerstner 2005 [S61]", Params{}},
        {"tonic", "tonic spiking, Naud et al. 2008 Table 1 [S62]",
         naud_2008(200.0, 10.0, 2.0, 30.0, 0.0)}, // [pF, nS, nS, ms, pA] [S62]
        {"adapting", "spike-frequency adaptation, Naud et al. 2008 Table 1 [S62]",
         naud_2008(200.0, 12.0, 2.0, 300.0, 60.0)}, // [pF, nS, nS, ms, pA] [S62]
        {"bursting", "bursting variant of Brette & Gerstner 2005 [S61]",
         brette_gerstner_bursting()},
        {"delayed", "delayed accelerating (a < 0), Naud et al. 2008 Table 1 (assumption)",
         naud_2008(200.0, 12.0, -10.0, 300.0, 0.0)}, // [pF, nS, nS, ms, pA] Naud 2008 Table 1
    }};

    static void validate(const Params& p, std::string_view where);
    static Propagators prepare(const Params& p, double dt_ms);
    static void resize(State& s, std::size_t n, const Params& p);
    static void step(State& s, const Params& p, const Propagators& k, const StepInput& in,
                     IndexRange range, SpikeWriter& spikes) noexcept;
};

void register_adex(ModelRegistry& registry);

} // namespace hornet::models
