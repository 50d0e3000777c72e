// SPDX-License-Identifier: MIT
#pragma once
/// lif_cond: leaky integrate-and-fire neuron with conductance synapses: the COBA benchmark
/// neuron (Vogels & Abbott 2005, Brette et al. 2007) with every receptor port of
/// models/synapses/conductance_synapses.hpp (exc, inh, ampa, nmda, gaba_a, glycine).
///
/// Equations
///   C_m dV/dt = g_L (E_L - V) + sum_x g_x (E_x - V) + I_e
///   with g_nmda scaled by its Mg2+ / ketamine unblocked fraction (conductance_synapses.hpp);
///   V >= V_th: spike, V = V_reset, V held at V_reset until t_ref after the spike.
///
/// Integration (step h): inputs due at step n are added at t_n. Conductances decay exactly.
/// V uses the exponential midpoint rule: with the conductances frozen at their exact values at
/// t_n + h/2, the linear ODE for V is solved exactly over the step. The local error is O(h^3)
/// and the global error O(h^2) (tested against a high-accuracy quadrature of the closed-form
/// solution at several step sizes); the NMDA block, taken at V(t_n), is first order. A spike
/// found in step n is stamped t_n = n h. When only the exc and inh ports receive projections
/// the kernel takes a fused fast path (the COBA benchmark).
///
/// Parameters (defaults: the COBA benchmark, Brette et al. 2007 / Vogels & Abbott 2005 [S60];
/// receptor and block parameters: conductance_synapses.hpp, `hornet inspect --model lif_cond`)
///   name        default  unit  meaning
///   C_m         200      pF    membrane capacitance
///   g_L         10       nS    leak conductance (tau_m = C_m / g_L = 20 ms)
///   E_L         -60      mV    leak reversal potential
///   V_th        -50      mV    spike threshold
///   V_reset     -60      mV    reset potential
///   t_ref       5        ms    refractory period
///   I_e         0        pA    constant injected current
/// State: V_m [mV] and the synapse state (g_ex, g_in, g_ampa, g_nmda, ... nS; nmda_trapped,
/// nmda_unblocked). Receptor ports: weights in nS.
/// References: Vogels TP, Abbott LF (2005) J Neurosci 25:10786; Brette R et al. (2007)
/// J Comput Neurosci 23:349 (benchmark 1).
#include "hornet/core/model_registry.hpp"
#include "models/synapses/conductance_synapses.hpp"

#include <Eigen/Core>

namespace hornet::models {

struct LifCond {
    static constexpr std::string_view name = "lif_cond";
    static constexpr std::string_view summary =
        "leaky integrate-and-fire, conductance synapses with Mg2+/ketamine NMDA block";
    static constexpr auto receptors = conductance_ports;
    static constexpr std::string_view receptor_unit = "nS";

    struct Params : SynapseParams {
        double C_m = 200.0;     // [pF]  Brette et al. 2007 COBA
        double g_L = 10.0;      // [nS]  Brette et al. 2007 COBA (tau_m 20 ms)
        double E_L = -60.0;     // [mV]  Vogels & Abbott 2005
        double V_th = -50.0;    // [mV]  Vogels & Abbott 2005
        double V_reset = -60.0; // [mV]  Vogels & Abbott 2005
        double t_ref = 5.0;     // [ms]  Vogels & Abbott 2005
        double I_e = 0.0;       // [pA]
    };

    struct State : SynapseState {
        Eigen::ArrayXd V_m;        // [mV]
        Eigen::ArrayXd refractory; // [steps] left to hold V at V_reset (whole numbers)
    };

    struct Propagators {
        SynapsePropagators synapses;
        double h_over_C = 0;         // [ms/pF]
        double leak_drive = 0;       // [pA] g_L E_L + I_e
        double refractory_steps = 0; // [steps] held after a spike's own step
    };

    static constexpr std::array<ParamField<Params>, 7> own_parameters{{
        {"C_m", &Params::C_m, "pF", Bounds::positive(), "membrane capacitance"},
        {"g_L", &Params::g_L, "nS", Bounds::positive(), "leak conductance"},
        {"E_L", &Params::E_L, "mV", Bounds::any(), "leak reversal potential"},
        {"V_th", &Params::V_th, "mV", Bounds::any(), "spike threshold"},
        {"V_reset", &Params::V_reset, "mV", Bounds::any(), "reset potential (must be < V_th)"},
        {"t_ref", &Params::t_ref, "ms", Bounds::non_negative(), "refractory period"},
        {"I_e", &Params::I_e, "pA", Bounds::any(), "constant injected current"},
    }};
    static constexpr auto parameters =
        concat_fields(own_parameters, rebase_fields<Params>(synapse_parameters));

    static constexpr std::array<StateField<State, Eigen::ArrayXd>, 1> own_state{{
        {"V_m", &State::V_m, "mV", "membrane potential"},
    }};
    static constexpr auto state_variables =
        concat_fields(own_state, rebase_fields<State>(synapse_state_variables));
    static constexpr std::ptrdiff_t health_variable = 0; // V_m
    static constexpr double health_limit = 1e4;          // [mV] far beyond any reversal potential

    static void validate(const Params& p, std::string_view where);
    static Propagators prepare(const Params& p, double dt_ms);
    static void resize(State& s, std::size_t n, const Params& p);
    static void step(State& s, const Params& p, const Propagators& k, const StepInput& in,
                     IndexRange range, SpikeWriter& spikes) noexcept;
};

void register_lif_cond(ModelRegistry& registry);

} // namespace hornet::models
