// SPDX-License-Identifier: MIT
#pragma once
/// The adaptive exponential integrate-and-fire membrane (Brette & Gerstner 2005 [S61]) shared by
/// the neuron models adex and wdr: its parameters with their table, and the one-step update.
///
///   C_m dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_T)/Delta_T) - w + I_syn + I_e
///   tau_w dw/dt = a (V - E_L) - w
///   V >= V_peak: spike, V = V_reset, w += b; V held at V_reset until t_ref after the spike.
///
/// Step h (AdexMembrane::step): the conductance g and drive D = sum g_x E_x (+ other currents)
/// are frozen at the step's midpoint (from advance_synapses), so C_m dV/dt = F(V, w) with
/// F = -(g_L + g) V + g_L E_L + I_e + D + E(V) - w, E(V) = g_L Delta_T exp((V - V_T)/Delta_T).
/// V: exponential Rosenbrock-Euler step (Hochbruck, Ostermann & Schweitzer 2009, SIAM J Numer
/// Anal 47:786): F is linearised at V_n, G = g_L + g - E(V_n)/Delta_T (= -dF/dV), and the linear
/// ODE is solved exactly, x = h G / C_m, phi(x) = (1 - e^-x)/x:
///   V_n+1 = V_n + (h / C_m) phi(x) F(V_n, w_mid)
///   w_mid = w_n e^(-h/2tau_w) + a (V_n - E_L)(1 - e^(-h/2tau_w))
///   w_n+1 = w_n e^(-h/tau_w) + a ((V_n + V_n+1)/2 - E_L)(1 - e^(-h/tau_w))
/// Exact for the linear part and, through the Jacobian term, close to exact for the exponential
/// upswing (x < 0: growth), where a frozen-current scheme lags; local error O(h^3), global
/// O(h^2) (measured in tests/unit/models/test_adex.cpp). Two exponentials per neuron and step.
/// Runaway: the exponent is capped at (V_peak - V_T)/Delta_T (at most 50) and the growth per
/// step at e^30, so no step can overflow or give NaN, and w sees V only up to V_peak.
/// Spikes: V_n+1 >= V_peak. V is reset at the crossing time (interpolated linearly within the
/// step) and advanced over the rest of the step, and w is corrected for that part of the step
/// (reset_within_step): spike times then converge at about second order instead of drifting by
/// O(h) per spike. Stamped at t_n like lif_cond's.
#include "hornet/core/fast_exp.hpp"
#include "hornet/core/parameters.hpp"
#include "hornet/core/step_io.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <string_view>

namespace hornet::models {

/// The AdEx membrane parameters; defaults: the regular-spiking cell of Brette & Gerstner 2005
/// (SCIENCE.md §6 [S61]).
struct AdexMembraneParams {
    double C_m = 281.0;     // [pF] Brette & Gerstner 2005 [S61]
    double g_L = 30.0;      // [nS] Brette & Gerstner 2005 [S61]
    double E_L = -70.6;     // [mV] Brette & Gerstner 2005 [S61]
    double V_T = -50.4;     // [mV] Brette & Gerstner 2005 [S61]
    double Delta_T = 2.0;   // [mV] Brette & Gerstner 2005 [S61]
    double tau_w = 144.0;   // [ms] Brette & Gerstner 2005 [S61]
    double a = 4.0;         // [nS] Brette & Gerstner 2005 [S61]
    double b = 80.5;        // [pA] Brette & Gerstner 2005 [S61]
    double V_reset = -70.6; // [mV] Brette & Gerstner 2005 [S61]
    double V_peak = -40.4;  // [mV] V_T + 5 Delta_T, Brette & Gerstner 2005 [S61]
    double t_ref = 0.0;     // [ms] none in Brette & Gerstner 2005 [S61]
    double I_e = 0.0;       // [pA]
};

inline constexpr std::array<ParamField<AdexMembraneParams>, 12> adex_membrane_parameters{{
    {"C_m", &AdexMembraneParams::C_m, "pF", Bounds::positive(), "membrane capacitance"},
    {"g_L", &AdexMembraneParams::g_L, "nS", Bounds::positive(), "leak conductance"},
    {"E_L", &AdexMembraneParams::E_L, "mV", Bounds::any(), "leak reversal potential"},
    {"V_T", &AdexMembraneParams::V_T, "mV", Bounds::any(), "threshold of the exponential term"},
    {"Delta_T", &AdexMembraneParams::Delta_T, "mV", Bounds::positive(),
     "slope factor of the exponential term"},
    {"tau_w", &AdexMembraneParams::tau_w, "ms", Bounds::positive(), "adaptation time constant"},
    {"a", &AdexMembraneParams::a, "nS", Bounds::any(), "subthreshold adaptation"},
    {"b", &AdexMembraneParams::b, "pA", Bounds::any(), "spike-triggered adaptation increment"},
    {"V_reset", &AdexMembraneParams::V_reset, "mV", Bounds::any(),
     "reset potential (must be < V_peak)"},
    {"V_peak", &AdexMembraneParams::V_peak, "mV", Bounds::any(),
     "spike detection and cut-off potential (must be > V_T)"},
    {"t_ref", &AdexMembraneParams::t_ref, "ms", Bounds::non_negative(), "refractory period"},
    {"I_e", &AdexMembraneParams::I_e, "pA", Bounds::any(), "constant injected current"},
}};

/// Throws ParamError naming `where` unless V_T < V_peak and V_reset < V_peak.
void validate_adex_membrane(const AdexMembraneParams& p, std::string_view where);

/// The step-size dependent constants of the membrane and its one-step update (header comment).
struct AdexMembrane {
    double g_L = 0, E_L = 0, V_T = 0, inv_Delta_T = 0; // [nS], [mV], [mV], [1/mV]
    double g_L_Delta_T = 0;                            // [pA]
    double arg_max = 0;                                // [1] cap of the exponent
    double h_over_C = 0;                               // [ms/pF]
    double leak_drive = 0;                             // [pA] g_L E_L + I_e
    double a = 0, decay_w = 0, half_decay_w = 0;       // [nS], [1], [1]
    double h_over_tau_w = 0;                           // [1]
    double V_reset = 0, V_peak = 0;                    // [mV]

    static AdexMembrane make(const AdexMembraneParams& p, double dt_ms) noexcept {
        AdexMembrane m;
        m.g_L = p.g_L;
        m.E_L = p.E_L;
        m.V_T = p.V_T;
        m.inv_Delta_T = 1.0 / p.Delta_T;
        m.g_L_Delta_T = p.g_L * p.Delta_T;
        // NOTE: e^50 = 5e21: far beyond any membrane current, far below overflow.
        m.arg_max = std::min((p.V_peak - p.V_T) / p.Delta_T, 50.0);
        m.h_over_C = dt_ms / p.C_m;
        m.leak_drive = p.g_L * p.E_L + p.I_e;
        m.a = p.a;
        m.decay_w = std::exp(-dt_ms / p.tau_w);
        m.half_decay_w = std::exp(-0.5 * dt_ms / p.tau_w);
        m.h_over_tau_w = dt_ms / p.tau_w;
        m.V_reset = p.V_reset;
        m.V_peak = p.V_peak;
        return m;
    }

    /// [pA] g_L Delta_T exp((V - V_T)/Delta_T), the exponent capped at arg_max.
    [[gnu::always_inline]] double spike_current(double V) const noexcept {
        return g_L_Delta_T * fast_exp(std::min((V - V_T) * inv_Delta_T, arg_max));
    }

    /// One step from V [mV] and w [pA] with the extra conductance g [nS] and drive D [pA]
    /// frozen over the step. Updates w and the refractory counter [steps]; returns V at t_n+1.
    [[gnu::always_inline]] double step(double V, double& w, double g, double D,
                                       double& refractory) const noexcept {
        const double w_mid = w * half_decay_w + a * (V - E_L) * (1.0 - half_decay_w);
        const double V_end = advance(V, w_mid, g, D, h_over_C);
        const bool held = refractory > 0.0;
        // NOTE: V beyond V_peak only means the spike happened in this step; w must not see it.
        const double V_mean = held ? V_reset : 0.5 * (V + std::min(V_end, V_peak));
        w = w * decay_w + a * (V_mean - E_L) * (1.0 - decay_w);
        refractory = held ? refractory - 1.0 : 0.0;
        return held ? V_reset : V_end;
    }

    /// V [mV] after a step of h/C = h_C [ms/pF] from V with w, g and D frozen (header comment).
    [[gnu::always_inline]] double advance(double V, double w, double g, double D,
                                          double h_C) const noexcept {
        const double E = spike_current(V);                       // [pA]
        const double G = g_L + g - E * inv_Delta_T;              // [nS] -dF/dV at V
        const double x = std::max(h_C * G, -30.0);               // [1] e^30 growth: surely a spike
        const double F = leak_drive + D - (g_L + g) * V + E - w; // [pA] C_m dV/dt
        return V + h_C * phi(x, fast_exp(-x)) * F;
    }

    /// The spike branch for a neuron whose step from V_start [mV] ended at V >= V_peak: V is
    /// reset at the crossing t_n + theta h (theta interpolated linearly between V_start and V),
    /// w jumps by b [pA], and V is advanced over the rest of the step with the step's g [nS] and
    /// D [pA] (held at V_reset instead if `hold`). w is corrected for the part of the step after
    /// the crossing (coupled to the reset V, b decaying): without that correction and the
    /// sub-step, spike times drift by O(h) per spike.
    void reset_within_step(double& V, double& w, double V_start, double g, double D, double b,
                           bool hold) const noexcept {
        // NOTE: V >= V_peak > V_start unless the step started beyond V_peak (absurd input).
        const double theta = V_start < V_peak ? (V_peak - V_start) / (V - V_start) : 0.0;
        const double f = 1.0 - theta; // [1] rest of the step after the crossing
        const double V_coupled = 0.5 * (V_start + std::min(V, V_peak)); // what step() used
        w += b;
        const double V_new = hold ? V_reset : advance(V_reset, w, g, D, f * h_over_C);
        w += a * (1.0 - decay_w) * f * (0.5 * (V_reset + V_new) - V_coupled) -
             b * (1.0 - std::exp(-f * h_over_tau_w));
        V = V_new;
    }

private:
    /// (1 - e^-x)/x given e^-x, with its Taylor series where the quotient would cancel.
    [[gnu::always_inline]] static double phi(double x, double e) noexcept {
        return std::abs(x) > 1e-5 ? (1.0 - e) / x : 1.0 - 0.5 * x;
    }
};

/// What the spike branch needs besides the membrane.
struct AdexSpikeRule {
    double b = 0;                // [pA] adaptation jump
    double refractory_steps = 0; // [steps] see adex_refractory_steps
    bool hold = false;           // t_ref > 0: V stays at V_reset for the rest of the step
};

/// Spike, reset and adaptation jump for every neuron whose V reached V_peak in this step (a
/// rarely taken branch, kept out of the vector loops; AdexMembrane::reset_within_step). g [nS]
/// and D [pA] are the step's frozen conductance and drive. The spike is stamped t_n.
inline void emit_adex_spikes(const AdexMembrane& m, const AdexSpikeRule& rule, double* V, double* w,
                             double* refractory, const double* V_start, const double* g,
                             const double* D, std::ptrdiff_t begin, std::ptrdiff_t end,
                             SpikeWriter& spikes) noexcept {
    for (std::ptrdiff_t i = begin; i < end; ++i) {
        if (V[i] >= m.V_peak) {
            m.reset_within_step(V[i], w[i], V_start[i], g[i], D[i], rule.b, rule.hold);
            refractory[i] = rule.refractory_steps;
            spikes.push(static_cast<std::size_t>(i));
        }
    }
}

/// [steps] V is free again at t_spike + t_ref; the spike's own step already ran, so the clamp
/// covers the round(t_ref/h) - 1 steps after it (lif_cond's convention).
inline double adex_refractory_steps(double t_ref_ms, double dt_ms) noexcept {
    return std::max(0.0, std::nearbyint(t_ref_ms / dt_ms) - 1.0);
}

} // namespace hornet::models
