// SPDX-License-Identifier: MIT
#include "models/neurons/lif_cond.hpp"

#include "hornet/core/fast_exp.hpp"
#include "hornet/core/simd.hpp"

#include <cmath>
#include <sstream>

namespace hornet::models {

void LifCond::validate(const Params& p, std::string_view where) {
    validate_synapses(p, where);
    if (!(p.V_reset < p.V_th)) {
        std::ostringstream msg;
        msg << where << ": V_reset = " << p.V_reset << " mV must be below V_th = " << p.V_th
            << " mV";
        throw ParamError(msg.str());
    }
}

LifCond::Propagators LifCond::prepare(const Params& p, double dt_ms) {
    Propagators k;
    k.synapses = prepare_synapses(p, dt_ms);
    k.h_over_C = dt_ms / p.C_m;
    k.leak_drive = p.g_L * p.E_L + p.I_e;
    // NOTE: V is free again at t_spike + t_ref. The spike's own step already ran, so the
    // clamp covers the round(t_ref/h) - 1 steps after it (the Brian2 convention).
    k.refractory_steps = std::max(0.0, std::nearbyint(p.t_ref / dt_ms) - 1.0);
    return k;
}

void LifCond::resize(State& s, std::size_t n, const Params& p) {
    const auto size = static_cast<Eigen::Index>(n);
    resize_synapses(s, n);
    s.V_m.setConstant(size, p.E_L);
    s.refractory.setZero(size);
}

namespace {

/// The membrane update shared by both paths: exponential midpoint step with the synaptic
/// conductance g_syn [nS] and drive [pA] at the midpoint, then the refractory clamp.
struct Membrane {
    double g_L, h_over_C, leak_drive, V_reset;

    [[gnu::always_inline]] double operator()(double V, double g_syn, double drive,
                                             double& refractory) const noexcept {
        const double x = h_over_C * (g_L + g_syn); // [1] h / tau_eff
        const double decay = fast_exp(-x);
        // (1 - e^-x)/x, with its Taylor series where the quotient would cancel
        const double phi = std::abs(x) > 1e-5 ? (1.0 - decay) / x : 1.0 - 0.5 * x;
        const double v_free = V * decay + h_over_C * phi * (leak_drive + drive);
        const bool held = refractory > 0.0;
        refractory = held ? refractory - 1.0 : 0.0;
        return held ? V_reset : v_free;
    }
};

/// Threshold, reset and spike list (a rarely taken branch, kept out of the vector loops).
void emit_spikes(double* V, double* ref, const LifCond::Params& p, double refractory_steps,
                 std::ptrdiff_t begin, std::ptrdiff_t end, SpikeWriter& spikes) noexcept {
    for (std::ptrdiff_t i = begin; i < end; ++i) {
        if (V[i] >= p.V_th) {
            V[i] = p.V_reset;
            ref[i] = refractory_steps;
            spikes.push(static_cast<std::size_t>(i));
        }
    }
}

} // namespace

HORNET_SIMD_KERNEL void LifCond::step(State& s, const Params& p, const Propagators& k,
                                      const StepInput& in, IndexRange range,
                                      SpikeWriter& spikes) noexcept {
    double* __restrict V = s.V_m.data();
    double* __restrict ref = s.refractory.data();
    const auto begin = static_cast<std::ptrdiff_t>(range.begin);
    const auto end = static_cast<std::ptrdiff_t>(range.end);
    const Membrane membrane{p.g_L, k.h_over_C, k.leak_drive, p.V_reset};
    const SynapsePropagators& syn = k.synapses;
    if ((in.receptors_in_use & dual_exponential_ports) == 0) {
        // Fast path, only the exponential ports (COBA): one fused pass, no scratch arrays.
        double* __restrict ge = s.g_ex.data();
        double* __restrict gi = s.g_in.data();
        const double* __restrict in_ex = in.receptor[port_exc];
        const double* __restrict in_in = in.receptor[port_inh];
        // NOTE: scalars copied to locals, or GCC 12 gives up on vectorising this loop.
        const double half_ex = syn.half_decay_ex, half_in = syn.half_decay_in;
        const double decay_ex = syn.decay_ex, decay_in = syn.decay_in;
        const double E_ex = p.E_ex, E_in = p.E_in;
#pragma omp simd
        for (std::ptrdiff_t i = begin; i < end; ++i) {
            const double g_ex = ge[i] + in_ex[i];
            const double g_in = gi[i] + in_in[i];
            const double gm_ex = g_ex * half_ex, gm_in = g_in * half_in;
            V[i] = membrane(V[i], gm_ex + gm_in, gm_ex * E_ex + gm_in * E_in, ref[i]);
            ge[i] = g_ex * decay_ex;
            gi[i] = g_in * decay_in;
        }
    } else {
        advance_synapses(s, syn, p, in, range, V);
        const double* __restrict g_syn = s.g_syn_mid.data();
        const double* __restrict drive = s.drive_mid.data();
#pragma omp simd
        for (std::ptrdiff_t i = begin; i < end; ++i)
            V[i] = membrane(V[i], g_syn[i], drive[i], ref[i]);
    }
    emit_spikes(V, ref, p, k.refractory_steps, begin, end, spikes);
}

void register_lif_cond(ModelRegistry& registry) { registry.add(neuron_model_entry<LifCond>()); }

} // namespace hornet::models
