// SPDX-License-Identifier: MIT
#pragma once
/// The receptor ports of conductance-based neuron models, with their kinetics and the NMDA
/// block by Mg2+ and ketamine. Shared by every neuron model: a model's Params derives from
/// SynapseParams and its State from SynapseState (so the parameters and state variables below
/// are the model's own, with the same names everywhere), and its step kernel calls
/// advance_synapses() for the synaptic conductance and driving term of the step.
///
///   port     kinetics (weights in nS: the peak of one event)          reversal
///   exc      single exponential, tau_syn_ex (the COBA synapse)        E_ex
///   inh      single exponential, tau_syn_in                           E_in
///   ampa     dual exponential, tau_ampa_rise / tau_ampa_decay         E_ampa
///   nmda     dual exponential, x B_Mg(V) x ketamine block             E_nmda
///   gaba_a   dual exponential                                         E_anion
///   glycine  dual exponential                                         E_anion
///   nk1      dual exponential, slow (substance P, seconds)             E_nk1
/// A projection may release onto several ports at once (AMPA and NMDA from the same spikes).
///
/// NMDA: g_NMDA,eff = g_nmda(t) x u, with the unblocked fraction u chosen by ketamine_block
/// (models/synapses/ketamine_block.hpp, SCIENCE.md §2.3-2.4):
///   steady_state  u = B_Mg(V) (1 - Hill occupancy of ketamine + norketamine)
///   competitive   u = 1 / (1 + Mg/K_Mg(V) + K/Kd(V) + NK/Kd_nk(V)) (Mg and drug share the pore)
///   trapping      u = B_Mg(V) (1 - Bt), Bt the trapped fraction, driven by the open probability
///                 Po = g_nmda / g_nmda_max (use-dependent block that stays when channels close)
/// g_nmda_max, the conductance with every NMDA receptor of the neuron open, is an assumption:
/// no measured value was retrieved (SCIENCE.md Open questions 1); sweep it.
///
/// Integration (step h, inputs due at step n added at t_n): every conductance decays exactly;
/// the kernel reports conductances at the midpoint t_n + h/2 for the exponential-midpoint
/// membrane step. The blocks are evaluated at V(t_n): the NMDA term is then first order in h
/// where V changes fast, like Brian2's exponential Euler (tested against a fine step).
/// The drug concentration is the simulator's per-slice value (hornet/core/drug.hpp).
#include "hornet/core/index_range.hpp"
#include "hornet/core/parameters.hpp"
#include "hornet/core/step_io.hpp"
#include "models/synapses/dual_exponential.hpp"
#include "models/synapses/ketamine_block.hpp"
#include "models/synapses/mg_block.hpp"

#include <Eigen/Core>

#include <array>
#include <string_view>

namespace hornet::models {

inline constexpr std::array<std::string_view, 7> conductance_ports{
    "exc", "inh", "ampa", "nmda", "gaba_a", "glycine", "nk1"};
enum ConductancePort : unsigned {
    port_exc,
    port_inh,
    port_ampa,
    port_nmda,
    port_gaba_a,
    port_glycine,
    port_nk1
};

/// Parameters of every receptor port and of the NMDA block. The block parameter groups come
/// from ketamine_block.hpp and mg_block.hpp, with their sources.
struct SynapseParams : MgBlockParams, SteadyStateBlockParams, PoreSiteParams, TrappingParams {
    double E_ex = 0.0;               // [mV] Vogels & Abbott 2005 [S60]
    double E_in = -80.0;             // [mV] Vogels & Abbott 2005 [S60]
    double tau_syn_ex = 5.0;         // [ms] Vogels & Abbott 2005 [S60]
    double tau_syn_in = 10.0;        // [ms] Vogels & Abbott 2005 [S60]
    double E_ampa = 0.0;             // [mV] Aguiar 2010 [S3]; Medlock 2022 [S6]
    double tau_ampa_rise = 0.1;      // [ms] Aguiar 2010 [S3]; Medlock 2022 [S6]
    double tau_ampa_decay = 5.0;     // [ms] Aguiar 2010 [S3]; Medlock 2022 [S6]
    double E_nmda = 0.0;             // [mV] SCIENCE.md §1.1 [S3,S6,S10]
    double tau_nmda_rise = 5.0;      // [ms] Aguiar 2010 NMDA_DynSyn.mod [S3,S4]
    double tau_nmda_decay = 70.0;    // [ms] Aguiar 2010 NMDA_DynSyn.mod [S3,S4]
    double E_anion = -70.0;          // [mV] Medlock 2022 [S6]; pathology knob, Prescott 2006 [S64]
    double tau_gaba_a_rise = 0.1;    // [ms] Medlock 2022 [S6]
    double tau_gaba_a_decay = 20.0;  // [ms] Medlock 2022 [S6]
    double tau_glycine_rise = 0.1;   // [ms] Medlock 2022 [S6]
    double tau_glycine_decay = 10.0; // [ms] Medlock 2022 [S6]
    double E_nk1 = 0.0;              // [mV] Medlock 2022 "NK13" [S6]
    double tau_nk1_rise = 100.0;     // [ms] Medlock 2022 "NK13" [S6]
    double tau_nk1_decay = 1000.0;   // [ms] Medlock 2022 "NK13" [S6]
    double ketamine_block = 0.0;     // [1] index into ketamine_block_model_names()
    double g_nmda_max = 200.0;       // [nS] assumption (see header)
};

/// The parameters of the ports themselves.

inline constexpr std::array<ParamField<SynapseParams>, 20> synapse_port_parameters{{
    {"E_ex", &SynapseParams::E_ex, "mV", Bounds::any(), "reversal potential of port exc"},
    {"E_in", &SynapseParams::E_in, "mV", Bounds::any(), "reversal potential of port inh"},
    {"tau_syn_ex", &SynapseParams::tau_syn_ex, "ms", Bounds::positive(), "decay time of port exc"},
    {"tau_syn_in", &SynapseParams::tau_syn_in, "ms", Bounds::positive(), "decay time of port inh"},
    {"E_ampa", &SynapseParams::E_ampa, "mV", Bounds::any(), "AMPA reversal potential"},
    {"tau_ampa_rise", &SynapseParams::tau_ampa_rise, "ms", Bounds::non_negative(),
     "AMPA rise time"},
    {"tau_ampa_decay", &SynapseParams::tau_ampa_decay, "ms", Bounds::positive(), "AMPA decay time"},
    {"E_nmda", &SynapseParams::E_nmda, "mV", Bounds::any(), "NMDA reversal potential"},
    {"tau_nmda_rise", &SynapseParams::tau_nmda_rise, "ms", Bounds::non_negative(),
     "NMDA rise time"},
    {"tau_nmda_decay", &SynapseParams::tau_nmda_decay, "ms", Bounds::positive(), "NMDA decay time"},
    {"E_anion", &SynapseParams::E_anion, "mV", Bounds::any(),
     "GABA_A and glycine reversal potential"},
    {"tau_gaba_a_rise", &SynapseParams::tau_gaba_a_rise, "ms", Bounds::non_negative(),
     "GABA_A rise time"},
    {"tau_gaba_a_decay", &SynapseParams::tau_gaba_a_decay, "ms", Bounds::positive(),
     "GABA_A decay time"},
    {"tau_glycine_rise", &SynapseParams::tau_glycine_rise, "ms", Bounds::non_negative(),
     "glycine rise time"},
    {"tau_glycine_decay", &SynapseParams::tau_glycine_decay, "ms", Bounds::positive(),
     "glycine decay time"},
    {"E_nk1", &SynapseParams::E_nk1, "mV", Bounds::any(), "NK1 (substance P) reversal potential"},
    {"tau_nk1_rise", &SynapseParams::tau_nk1_rise, "ms", Bounds::non_negative(), "NK1 rise time"},
    {"tau_nk1_decay", &SynapseParams::tau_nk1_decay, "ms", Bounds::positive(), "NK1 decay time"},
    choice_field<SynapseParams>("ketamine_block", &SynapseParams::ketamine_block,
                                ketamine_block_model_name_table,
                                "model of the NMDA block by ketamine"),
    {"g_nmda_max", &SynapseParams::g_nmda_max, "nS", Bounds::positive(),
     "NMDA conductance with every receptor open (trapping: Po = g_nmda / g_nmda_max)"},
}};

/// The parameter table of SynapseParams (ports, then the Mg2+ and ketamine block groups), for
/// models to append to their own.
inline constexpr auto synapse_parameters = concat_fields(
    concat_fields(synapse_port_parameters, rebase_fields<SynapseParams>(mg_block_parameters)),
    concat_fields(concat_fields(rebase_fields<SynapseParams>(steady_state_block_parameters),
                                rebase_fields<SynapseParams>(pore_site_parameters)),
                  rebase_fields<SynapseParams>(trapping_parameters)));

/// SoA state of the ports. A dual exponential is kept as (g, b) rather than (a, b): g = b - a is
/// what users record, and a = b - g is recovered in the step.
struct SynapseState {
    Eigen::ArrayXd g_ex, g_in;           // [nS]
    Eigen::ArrayXd g_ampa, b_ampa;       // [nS]
    Eigen::ArrayXd g_nmda, b_nmda;       // [nS] before the block
    Eigen::ArrayXd g_gaba_a, b_gaba_a;   // [nS]
    Eigen::ArrayXd g_glycine, b_glycine; // [nS]
    Eigen::ArrayXd g_nk1, b_nk1;         // [nS]
    Eigen::ArrayXd nmda_trapped;         // [1] trapping model: Bt
    Eigen::ArrayXd nmda_unblocked;       // [1] u of the last step
    /// [1] NMDA receptors free of drug in the last step: u / B_Mg(V), 1 without ketamine. The
    /// calcium-based plasticity rules scale the presynaptic (NMDA) calcium transient by it.
    Eigen::ArrayXd nmda_drug_free;
    Eigen::ArrayXd g_syn_mid, drive_mid; // scratch: [nS], [pA] sums at the midpoint
    /// scratch: [nS] NMDA conductance after the block at the midpoint (0 when the port is
    /// unused), for models that route part of the NMDA current into a calcium pool.
    Eigen::ArrayXd g_nmda_mid;
};

inline constexpr std::array<StateField<SynapseState, Eigen::ArrayXd>, 10> synapse_state_variables{{
    {"g_ex", &SynapseState::g_ex, "nS", "conductance of port exc"},
    {"g_in", &SynapseState::g_in, "nS", "conductance of port inh"},
    {"g_ampa", &SynapseState::g_ampa, "nS", "AMPA conductance"},
    {"g_nmda", &SynapseState::g_nmda, "nS", "NMDA conductance before the Mg2+ and ketamine block"},
    {"g_gaba_a", &SynapseState::g_gaba_a, "nS", "GABA_A conductance"},
    {"g_glycine", &SynapseState::g_glycine, "nS", "glycine conductance"},
    {"g_nk1", &SynapseState::g_nk1, "nS", "NK1 (substance P) conductance"},
    {"nmda_trapped", &SynapseState::nmda_trapped, "1",
     "fraction of NMDA receptors holding ketamine (trapping block)"},
    {"nmda_unblocked", &SynapseState::nmda_unblocked, "1",
     "unblocked NMDA fraction (Mg2+ and ketamine) in the last step"},
    {"nmda_drug_free", &SynapseState::nmda_drug_free, "1",
     "NMDA receptors free of ketamine and norketamine in the last step (u / B_Mg)"},
}};

/// Everything the synapse kernel needs that depends on the parameters and the step.
struct SynapsePropagators {
    double decay_ex = 0, decay_in = 0, half_decay_ex = 0, half_decay_in = 0; // [1]
    DualExpPropagator ampa, nmda, gaba_a, glycine, nk1;
    MgBlock mg;
    KetamineBlockModel block = KetamineBlockModel::steady_state;
    SteadyStateBlockParams steady_state;
    CompetitiveBlock competitive;
    TrappingStep trapping;
    double inv_g_nmda_max = 0; // [1/nS]
};

/// Throws ParamError naming `where` for time constants that are not 0 <= rise < decay.
void validate_synapses(const SynapseParams& p, std::string_view where);
SynapsePropagators prepare_synapses(const SynapseParams& p, double dt_ms);
void resize_synapses(SynapseState& s, std::size_t n);

/// Bit mask of the ports beyond exc/inh: when none is in use, a model may take its fast path.
inline constexpr std::uint32_t dual_exponential_ports = (1u << port_ampa) | (1u << port_nmda) |
                                                        (1u << port_gaba_a) | (1u << port_glycine) |
                                                        (1u << port_nk1);

/// Advances every port in use over one step and leaves, for each neuron i of `range`, the
/// summed synaptic conductance s.g_syn_mid[i] [nS] and drive s.drive_mid[i] = sum g_x E_x [pA]
/// at the step's midpoint, and s.g_nmda_mid[i] when the NMDA port is in use. `V` is the
/// membrane potential at the start of the step [mV].
void advance_synapses(SynapseState& s, const SynapsePropagators& k, const SynapseParams& p,
                      const StepInput& in, IndexRange range, const double* V) noexcept;

} // namespace hornet::models
