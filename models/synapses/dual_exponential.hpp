// SPDX-License-Identifier: MIT
#pragma once
/// Dual-exponential synaptic conductance, the building block for AMPA, NMDA, GABA_A and glycine
/// receptors (SCIENCE.md §1.1; Aguiar et al. 2010 NMDA_DynSyn.mod [S3]).
///
/// Equations
///   da/dt = -a / tau_rise,  db/dt = -b / tau_decay,  g = b - a             (g in nS)
///   a presynaptic event of weight w [nS] adds w * f_norm to both a and b, so that one event
///   alone peaks at g = w at t_pk after it:
///   t_pk = tau_rise tau_decay / (tau_decay - tau_rise) * ln(tau_decay / tau_rise)
///   f_norm = 1 / (exp(-t_pk / tau_decay) - exp(-t_pk / tau_rise))                      [S3]
///
/// Time constants: 0 <= tau_rise < tau_decay is required (validate_dual_exp).
///   - tau_rise == 0 is the single exponential g = w exp(-t / tau_decay): a is cleared within
///     the step it is set (decay_rise = 0), t_pk = 0, f_norm = 1. This is the limit of the
///     formulas above as tau_rise -> 0, so a rise time may be switched off without a new model.
///   - tau_rise == tau_decay (the alpha function w e t/tau exp(-t/tau)) is rejected: b - a is
///     identically zero there and f_norm infinite, and near it b - a loses digits to
///     cancellation (about -log10(1 - tau_rise/tau_decay) of them). An alpha synapse needs its
///     own two-state form.
///   - tau_rise > tau_decay is rejected: the formulas still hold with f_norm < 0, which would
///     surprise anyone reading a state dump.
///
/// Integration (step h): inputs due at step n are added to a and b at t_n (jump), then both
/// decay exactly over the step. `midpoint` gives g(t_n + h/2) exactly, for the exponential-
/// midpoint membrane integrator (models/neurons/lif_cond.hpp).
#include <string_view>

namespace hornet::models {

/// Per-step constants of one dual-exponential conductance at step size h.
struct DualExpPropagator {
    double decay_rise = 0;       ///< [1] exp(-h / tau_rise); 0 when tau_rise = 0
    double decay_decay = 0;      ///< [1] exp(-h / tau_decay)
    double half_decay_rise = 0;  ///< [1] exp(-h / (2 tau_rise)); 0 when tau_rise = 0
    double half_decay_decay = 0; ///< [1] exp(-h / (2 tau_decay))
    double f_norm = 1;           ///< [1] event jump per unit weight, so one event peaks at w

    /// Requires 0 <= tau_rise_ms < tau_decay_ms and dt_ms > 0 (checked by HORNET_ASSERT only;
    /// call validate_dual_exp on user input first).
    static DualExpPropagator make(double tau_rise_ms, double tau_decay_ms, double dt_ms);

    /// [ms] time of the peak of g after one event; 0 for tau_rise = 0.
    static double peak_time(double tau_rise_ms, double tau_decay_ms);
    /// [1] f_norm: the jump per unit weight that makes one event peak at its weight.
    static double peak_normalisation(double tau_rise_ms, double tau_decay_ms);

    /// [nS] amount added to both a and b for events of total weight w_nS.
    double jump(double w_nS) const noexcept { return w_nS * f_norm; }
    /// [nS] g(t_n + h/2), given a and b at t_n after this step's jumps were added.
    double midpoint(double a, double b) const noexcept {
        return b * half_decay_decay - a * half_decay_rise;
    }
    /// a(t_n + h) from a(t_n) after the jumps.
    double advance_rise(double a) const noexcept { return a * decay_rise; }
    /// b(t_n + h) from b(t_n) after the jumps.
    double advance_decay(double b) const noexcept { return b * decay_decay; }
};

/// Throws ParamError "<where>: tau_rise = 5 ms must be < tau_decay = 5 ms" (and for
/// tau_rise < 0, tau_decay <= 0 or a non-finite value).
void validate_dual_exp(double tau_rise_ms, double tau_decay_ms, std::string_view where);

} // namespace hornet::models
