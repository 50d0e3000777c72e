// SPDX-License-Identifier: MIT
#pragma once
/// wdr: point-neuron wide-dynamic-range dorsal-horn cell for wind-up (SCIENCE.md §4.2): the AdEx
/// membrane of adex plus a somatic calcium pool fed by an L-type current and the NMDA calcium
/// fraction, and a calcium-activated non-specific cation current (CAN), the mechanism of Aguiar,
/// Sousa & Lima 2010 [S4]: long NMDA and NK1 responses summate on a cumulative depolarisation
/// that the CAN sustains. All receptor ports of conductance_synapses.hpp; weights in nS.
///
/// Equations (V in mV; currents in pA, inward negative; areas from the soma cylinder)
///   C_m dV/dt = AdEx terms (adex_membrane.hpp) + I_syn - I_CaL - I_CAN
///   I_CaL = P_CaL A m_L^2 GHK(V, Ca, Ca_o), GHK = z F u (Ca e^u - Ca_o)/(e^u - 1),
///     u = z F V / (R T), z = 2
///   dm_L/dt = (m_L,inf - m_L)/tau_L, m_L,inf = 1/(1 + e^(-(V + 10)/10)),
///     tau_L = 1/((alpha_L + beta_L) 3^((T - 23.5)/10)), alpha_L = 1.6/(1 + e^(-0.072 (V - 5))),
///     beta_L = 0.02 (V - 1.31)/(e^((V - 1.31)/5.36) - 1)                  [1/ms, V in mV]
///   d[Ca]/dt = max(0, -(I_CaL + f_Ca I_NMDA)) / (2 F A d) - ([Ca] - Ca_rest)/tau_Ca,
///     I_NMDA = g_nmda,blocked (V - E_nmda), A = pi soma_diameter soma_length, d = shell
///   I_CAN = g_CAN m^2 (V - E_CAN), dm/dt = (m_inf - m)/tau_m, alpha = beta (Ca/Ca_half)^2,
///     m_inf = alpha/(alpha + beta), tau_m = max(1/((alpha + beta) Q10^((T - 22)/10)), tau_min)
/// The pool only gains calcium through channels (Destexhe et al. 1994 cadecay convention).
///
/// Integration (step h, after advance_synapses): with V frozen at V(t_n), m_L is updated exactly;
/// I_CaL uses the step mean of m_L; the pool is updated exactly for the frozen influx; m is
/// updated exactly for Ca frozen at the step mean of the pool; the CAN conductance (step mean of
/// m, squared) joins the synaptic conductance and -I_CaL the drive of the AdEx membrane step
/// (adex_membrane.hpp). The channel and NMDA coupling to V is first order in h, like the NMDA
/// block; the membrane itself second order.
///
/// Parameters (membrane: adex_membrane.hpp, here the regular-spiking AdEx scaled to the soma, see
/// below; receptors: conductance_synapses.hpp)
///   name              default   unit   meaning
///   soma_diameter     20        um     soma cylinder [S3,S5]
///   soma_length       20        um     soma cylinder [S3,S5]
///   shell_depth       0.1       um     depth of the calcium shell [S3,S5]
///   pool_volume_scale 1         1      pool volume / soma shell volume (assumption, below)
///   tau_Ca            1         ms     calcium removal, WDR soma [S3,S5]
///   Ca_rest           5e-5      mM     resting calcium, 50 nM [S3,S5]
///   Ca_o              2         mM     extracellular calcium (assumption)
///   T_celsius         36        degC   temperature (Medlock 2022 [S6])
///   P_CaL             1e-4      cm/s   L-type permeability [S3,S5]
///   f_Ca_nmda         0.1       1      NMDA current carried by Ca2+ [S3]
///   g_CAN             3.1416    nS     2.5e-4 S/cm^2 [S63] x A (= 1256.6 um^2) = pi nS
///   E_CAN             -20       mV     CAN reversal [S63]
///   beta_CAN          0.002     1/ms   CAN backward rate [S63]
///   Ca_half_CAN       0.01      mM     CAN half activation [S63]
///   Q10_CAN           3         1      [S63]
///   tau_CAN_min       0.1       ms     floor of tau_m [S63]
/// Membrane defaults: the regular-spiking AdEx [S61] scaled to the soma area at 1 uF/cm^2
/// (assumption): C_m = 12.566 pF; g_L, a, b scaled by C_m / 281 pF; voltages and tau_w as [S61].
/// State: V_m [mV], w [pA], Ca [mM], m_CAN [1], m_CaL [1] and the synapse state.
/// Assumptions (not in SCIENCE.md): the L-type kinetics (McCormick & Huguenard 1992 as in the
/// iCaL.mod of the Aguiar model lineage), Ca_o = 2 mM (NEURON's default, read by that mod file),
/// c_m = 1 uF/cm^2 and the scaled membrane. Parameter set "aguiar_can" uses the CAN constants of
/// Aguiar's iCaAN.mod (beta 5e-5 /ms, i.e. tau_factor 40; Ca_half 0.5 uM), also not in SCIENCE.md.
/// The pool: with the soma shell (pool_volume_scale 1) the AdEx spike, which does not overshoot,
/// lets little L-type calcium in (peak ~0.2 uM) and the CAN barely opens (m < 1e-4; < 0.03 with
/// aguiar_can). In Aguiar's model the CAN sits in the dendrites, next to the NMDA synapses (its
/// soma CAN is 0; WDR.hoc [S3,S5]). pool_volume_scale < 1 stands for that dendritic compartment
/// (ASSUMPTION of this point reduction: 0.1 = 12.6 um^3, a 1 um dendrite 16 um long): NMDA
/// calcium then opens the slow aguiar_can CAN (tau_m ~ 4 s at 36 degC), which summates at 1 Hz
/// and not at 0.1 Hz and depends on NMDA through the Ca^2 of its gate, the wind-up of
/// configs/windup.toml (tests/validation/test_windup.py).
/// References: Aguiar P, Sousa M, Lima D (2010) J Neurophysiol 104:3155; Destexhe A et al.
/// (1994) J Neurophysiol 72:803; Brette R, Gerstner W (2005) J Neurophysiol 94:3637.
#include "hornet/core/model_registry.hpp"
#include "hornet/core/plasticity_rule.hpp"
#include "models/neurons/adex_membrane.hpp"
#include "models/synapses/conductance_synapses.hpp"
#include "models/synapses/receptor_defaults.hpp"

#include <Eigen/Core>

#include <numbers>

namespace hornet::models {

struct WdrParams : SynapseParams, AdexMembraneParams {
    double soma_diameter = 20.0;                    // [um] Aguiar 2010 WDR.hoc [S3,S5]
    double soma_length = 20.0;                      // [um] Aguiar 2010 WDR.hoc [S3,S5]
    double shell_depth = 0.1;                       // [um] Aguiar 2010 [S3,S5]
    double pool_volume_scale = 1.0;                 // [1] assumption (header)
    double tau_Ca = 1.0;                            // [ms] Aguiar 2010, WDR soma [S3,S5]
    double Ca_rest = 5e-5;                          // [mM] 50 nM, Aguiar 2010 [S3,S5]
    double Ca_o = 2.0;                              // [mM] assumption (see header)
    double T_celsius = 36.0;                        // [degC] Medlock 2022 [S6]
    double P_CaL = 1e-4;                            // [cm/s] Aguiar 2010 [S3,S5]
    double f_Ca_nmda = receptors::nmda_ca_fraction; // [1] Aguiar 2010 [S3]
    double g_CAN = std::numbers::pi;                // [nS] 2.5e-4 S/cm^2 [S63] x pi 20 um x 20 um
    double E_CAN = -20.0;                           // [mV] Destexhe 1994 [S63]
    double beta_CAN = 0.002;                        // [1/ms] Destexhe 1994 [S63]
    double Ca_half_CAN = 0.01;                      // [mM] Destexhe 1994 [S63]
    double Q10_CAN = 3.0;                           // [1] Destexhe 1994 [S63]
    double tau_CAN_min = 0.1;                       // [ms] Destexhe 1994 [S63]

    /// The regular-spiking AdEx [S61] scaled to the soma (header): C_m = 1 uF/cm^2 x 1256.6 um^2.
    constexpr WdrParams() {
        constexpr double scale = 12.566370614359172 / 281.0; // [1] soma C_m / RS C_m
        C_m = 12.566370614359172;                            // [pF] assumption (header)
        g_L = 30.0 * scale;                                  // [nS] Brette & Gerstner [S61]
        a = 4.0 * scale;                                     // [nS] Brette & Gerstner [S61]
        b = 80.5 * scale;                                    // [pA] Brette & Gerstner [S61]
    }
};

/// Aguiar's CAN: the Destexhe current with tau_m x 40 and Ca_half 0.5 uM (header).
constexpr WdrParams aguiar_can() {
    WdrParams p;
    p.beta_CAN = 5e-5;    // [1/ms] Aguiar iCaAN.mod: 2e-3 / tau_factor 40 (assumption)
    p.Ca_half_CAN = 5e-4; // [mM] Aguiar iCaAN.mod cac (assumption)
    return p;
}

struct Wdr {
    static constexpr std::string_view name = "wdr";
    static constexpr std::string_view summary =
        "wide-dynamic-range dorsal-horn cell: AdEx + calcium pool (L-type, NMDA) + CAN current";
    static constexpr auto receptors = conductance_ports;
    static constexpr std::string_view receptor_unit = "nS";

    using Params = WdrParams;

    struct State : SynapseState {
        Eigen::ArrayXd V_m, w;           // [mV], [pA]
        Eigen::ArrayXd Ca, m_CAN, m_CaL; // [mM], [1], [1]
        Eigen::ArrayXd refractory;       // [steps] left to hold V at V_reset (whole numbers)
        Eigen::ArrayXd V_start;          // scratch: [mV] V at the start of the step
    };

    /// The calcium and CAN constants of one step.
    struct Channels {
        double h = 0;                                 // [ms]
        double P_A_zF = 0;                            // [pA/mM] P_CaL A z F (GHK prefactor)
        double u_per_mV = 0;                          // [1/mV] z F / (R T)
        double Ca_o = 0, tadj_L = 0;                  // [mM], [1] 3^((T - 23.5)/10)
        double flux_per_pA = 0;                       // [mM/ms/pA] 1 / (2 F A d)
        double Ca_rest = 0, tau_Ca = 0, decay_Ca = 0; // [mM], [ms], [1]
        double f_Ca_nmda = 0, E_nmda = 0;             // [1], [mV]
        double g_CAN = 0, E_CAN = 0;                  // [nS], [mV]
        double beta_CAN = 0, inv_Ca_half = 0;         // [1/ms], [1/mM]
        double tadj_CAN = 0, tau_CAN_min = 0;         // [1], [ms]
    };

    struct Propagators {
        SynapsePropagators synapses;
        AdexMembrane membrane;
        AdexSpikeRule spike;
        Channels channels;
    };

    static constexpr std::array<ParamField<Params>, 16> own_parameters{{
        {"soma_diameter", &Params::soma_diameter, "um", Bounds::positive(),
         "soma cylinder diameter"},
        {"soma_length", &Params::soma_length, "um", Bounds::positive(), "soma cylinder length"},
        {"shell_depth", &Params::shell_depth, "um", Bounds::positive(),
         "depth of the submembrane calcium shell"},
        {"pool_volume_scale", &Params::pool_volume_scale, "1", Bounds::positive(),
         "calcium pool volume over the soma shell volume (< 1: a dendritic pool)"},
        {"tau_Ca", &Params::tau_Ca, "ms", Bounds::positive(), "calcium removal time constant"},
        {"Ca_rest", &Params::Ca_rest, "mM", Bounds::non_negative(), "resting calcium"},
        {"Ca_o", &Params::Ca_o, "mM", Bounds::non_negative(), "extracellular calcium"},
        {"T_celsius", &Params::T_celsius, "degC", Bounds{-273.15, 100.0, true}, "temperature"},
        {"P_CaL", &Params::P_CaL, "cm/s", Bounds::non_negative(), "L-type calcium permeability"},
        {"f_Ca_nmda", &Params::f_Ca_nmda, "1", Bounds::closed(0.0, 1.0),
         "fraction of the NMDA current carried by calcium"},
        {"g_CAN", &Params::g_CAN, "nS", Bounds::non_negative(), "maximal CAN conductance"},
        {"E_CAN", &Params::E_CAN, "mV", Bounds::any(), "CAN reversal potential"},
        {"beta_CAN", &Params::beta_CAN, "1/ms", Bounds::positive(), "CAN backward rate"},
        {"Ca_half_CAN", &Params::Ca_half_CAN, "mM", Bounds::positive(),
         "calcium at half CAN activation"},
        {"Q10_CAN", &Params::Q10_CAN, "1", Bounds::positive(),
         "Q10 of the CAN kinetics (from 22 degC)"},
        {"tau_CAN_min", &Params::tau_CAN_min, "ms", Bounds::positive(),
         "floor of the CAN time constant"},
    }};
    static constexpr auto parameters = concat_fields(
        concat_fields(rebase_fields<Params>(adex_membrane_parameters), own_parameters),
        rebase_fields<Params>(synapse_parameters));

    static constexpr std::array<StateField<State, Eigen::ArrayXd>, 5> own_state{{
        {"V_m", &State::V_m, "mV", "membrane potential"},
        {"w", &State::w, "pA", "adaptation current"},
        {"Ca", &State::Ca, "mM", "submembrane calcium"},
        {"m_CAN", &State::m_CAN, "1", "CAN activation"},
        {"m_CaL", &State::m_CaL, "1", "L-type activation"},
    }};
    static constexpr auto state_variables =
        concat_fields(own_state, rebase_fields<State>(synapse_state_variables));
    static constexpr std::ptrdiff_t health_variable = 0; // V_m
    static constexpr double health_limit = 1e4;          // [mV] far beyond any reversal potential

    static constexpr std::array<NamedParams<Params>, 2> parameter_sets{{
        {"default", "Destexhe 1994 CAN [S63] on the soma of Aguiar 2010 [S3,S5]", Params{}},
        {"aguiar_can", "CAN constants of Aguiar 2010 iCaAN.mod (assumption, see header)",
         aguiar_can()},
    }};

    static void validate(const Params& p, std::string_view where);
    static Propagators prepare(const Params& p, double dt_ms);
    static void resize(State& s, std::size_t n, const Params& p);
    static void step(State& s, const Params& p, const Propagators& k, const StepInput& in,
                     IndexRange range, SpikeWriter& spikes) noexcept;

    /// [1] L-type activation at steady state at V [mV] (header).
    static double m_CaL_inf(double V) noexcept;
};

void register_wdr(ModelRegistry& registry);

} // namespace hornet::models
