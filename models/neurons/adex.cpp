// SPDX-License-Identifier: MIT
#include "models/neurons/adex.hpp"

#include "hornet/core/simd.hpp"

#include <sstream>

namespace hornet::models {

void validate_adex_membrane(const AdexMembraneParams& p, std::string_view where) {
    const auto fail = [&](std::string_view name, double value, std::string_view relation,
                          std::string_view other, double other_value) {
        std::ostringstream msg;
        msg << where << ": " << name << " = " << value << " mV must be " << relation << ' ' << other
            << " = " << other_value << " mV";
        throw ParamError(msg.str());
    };
    if (!(p.V_T < p.V_peak)) fail("V_peak", p.V_peak, "above", "V_T", p.V_T);
    if (!(p.V_reset < p.V_peak)) fail("V_reset", p.V_reset, "below", "V_peak", p.V_peak);
}

void Adex::validate(const Params& p, std::string_view where) {
    validate_synapses(p, where);
    validate_adex_membrane(p, where);
}

Adex::Propagators Adex::prepare(const Params& p, double dt_ms) {
    Propagators k;
    k.synapses = prepare_synapses(p, dt_ms);
    k.membrane = AdexMembrane::make(p, dt_ms);
    k.spike = {p.b, adex_refractory_steps(p.t_ref, dt_ms), p.t_ref > 0.0};
    return k;
}

void Adex::resize(State& s, std::size_t n, const Params& p) {
    const auto size = static_cast<Eigen::Index>(n);
    resize_synapses(s, n);
    s.V_m.setConstant(size, p.E_L);
    s.w.setZero(size);
    s.refractory.setZero(size);
    s.V_start.setZero(size);
}

HORNET_SIMD_KERNEL void Adex::step(State& s, const Params& p, const Propagators& k,
                                   const StepInput& in, IndexRange range,
                                   SpikeWriter& spikes) noexcept {
    double* __restrict V = s.V_m.data();
    double* __restrict w = s.w.data();
    double* __restrict ref = s.refractory.data();
    double* __restrict V_start = s.V_start.data();
    const auto begin = static_cast<std::ptrdiff_t>(range.begin);
    const auto end = static_cast<std::ptrdiff_t>(range.end);
    const AdexMembrane membrane = k.membrane;
    const SynapsePropagators& syn = k.synapses;
    if ((in.receptors_in_use & dual_exponential_ports) == 0) {
        // Fast path, only the exponential ports (COBA): one fused pass.
        double* __restrict ge = s.g_ex.data();
        double* __restrict g_syn = s.g_syn_mid.data();
        double* __restrict drive = s.drive_mid.data();
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
            g_syn[i] = gm_ex + gm_in; // kept for the spike branch
            drive[i] = gm_ex * E_ex + gm_in * E_in;
            V_start[i] = V[i];
            V[i] = membrane.step(V[i], w[i], g_syn[i], drive[i], ref[i]);
            ge[i] = g_ex * decay_ex;
            gi[i] = g_in * decay_in;
        }
    } else {
        advance_synapses(s, syn, p, in, range, V);
        const double* __restrict g_syn = s.g_syn_mid.data();
        const double* __restrict drive = s.drive_mid.data();
#pragma omp simd
        for (std::ptrdiff_t i = begin; i < end; ++i) {
            V_start[i] = V[i];
            V[i] = membrane.step(V[i], w[i], g_syn[i], drive[i], ref[i]);
        }
    }
    emit_adex_spikes(membrane, k.spike, V, w, ref, V_start, s.g_syn_mid.data(), s.drive_mid.data(),
                     begin, end, spikes);
}

void register_adex(ModelRegistry& registry) { registry.add(neuron_model_entry<Adex>()); }

} // namespace hornet::models
