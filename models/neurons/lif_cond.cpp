// SPDX-License-Identifier: MIT
#include "models/neurons/lif_cond.hpp"

#include "hornet/core/fast_exp.hpp"
#include "hornet/core/simd.hpp"

#include <cmath>
#include <sstream>

namespace hornet::models {

void LifCond::validate(const Params& p, std::string_view where) {
    if (!(p.V_reset < p.V_th)) {
        std::ostringstream msg;
        msg << where << ": V_reset = " << p.V_reset << " mV must be below V_th = " << p.V_th
            << " mV";
        throw ParamError(msg.str());
    }
}

LifCond::Propagators LifCond::prepare(const Params& p, double dt_ms) {
    Propagators k;
    k.decay_ex = std::exp(-dt_ms / p.tau_syn_ex);
    k.decay_in = std::exp(-dt_ms / p.tau_syn_in);
    k.half_decay_ex = std::exp(-0.5 * dt_ms / p.tau_syn_ex);
    k.half_decay_in = std::exp(-0.5 * dt_ms / p.tau_syn_in);
    k.h_over_C = dt_ms / p.C_m;
    k.leak_drive = p.g_L * p.E_L + p.I_e;
    // NOTE: V is free again at t_spike + t_ref. The spike's own step already ran, so the
    // clamp covers the round(t_ref/h) - 1 steps after it (the Brian2 convention).
    k.refractory_steps = std::max(0.0, std::nearbyint(p.t_ref / dt_ms) - 1.0);
    return k;
}

void LifCond::resize(State& s, std::size_t n, const Params& p) {
    const auto size = static_cast<Eigen::Index>(n);
    s.V_m.setConstant(size, p.E_L);
    s.g_ex.setZero(size);
    s.g_in.setZero(size);
    s.refractory.setZero(size);
}

HORNET_SIMD_KERNEL void LifCond::step(State& s, const Params& p, const Propagators& k,
                                      const StepInput& in, IndexRange range,
                                      SpikeWriter& spikes) noexcept {
    double* __restrict V = s.V_m.data();
    double* __restrict ge = s.g_ex.data();
    double* __restrict gi = s.g_in.data();
    double* __restrict ref = s.refractory.data();
    const double* __restrict in_ex = in.receptor[0];
    const double* __restrict in_in = in.receptor[1];
    const auto begin = static_cast<std::ptrdiff_t>(range.begin);
    const auto end = static_cast<std::ptrdiff_t>(range.end);
    // Pass 1, vectorised: exponential midpoint step for V, exact decay for g.
#pragma omp simd
    for (std::ptrdiff_t i = begin; i < end; ++i) {
        const double g_ex = ge[i] + in_ex[i];
        const double g_in = gi[i] + in_in[i];
        const double gm_ex = g_ex * k.half_decay_ex, gm_in = g_in * k.half_decay_in;
        const double x = k.h_over_C * (p.g_L + gm_ex + gm_in);               // [1] h / tau_eff
        const double drive = k.leak_drive + gm_ex * p.E_ex + gm_in * p.E_in; // [pA]
        const double decay = fast_exp(-x);
        // (1 - e^-x)/x, with its Taylor series where the quotient would cancel
        const double phi = std::abs(x) > 1e-5 ? (1.0 - decay) / x : 1.0 - 0.5 * x;
        const double v_free = V[i] * decay + k.h_over_C * phi * drive;
        const bool held = ref[i] > 0.0;
        V[i] = held ? p.V_reset : v_free;
        ref[i] = held ? ref[i] - 1.0 : 0.0;
        ge[i] = g_ex * k.decay_ex;
        gi[i] = g_in * k.decay_in;
    }
    // Pass 2: threshold, reset and spike list (rarely taken branch).
    for (std::ptrdiff_t i = begin; i < end; ++i) {
        if (V[i] >= p.V_th) {
            V[i] = p.V_reset;
            ref[i] = k.refractory_steps;
            spikes.push(static_cast<std::size_t>(i));
        }
    }
}

void register_lif_cond(ModelRegistry& registry) { registry.add(neuron_model_entry<LifCond>()); }

} // namespace hornet::models
