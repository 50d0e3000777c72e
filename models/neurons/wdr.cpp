// SPDX-License-Identifier: MIT
#include "models/neurons/wdr.hpp"

#include "hornet/core/fast_exp.hpp"
#include "hornet/core/simd.hpp"

#include <cmath>
#include <numbers>

namespace hornet::models {
namespace {

constexpr double faraday = 96485.33212;      // [C/mol] CODATA 2018
constexpr double gas_constant = 8.314462618; // [J/(mol K)] CODATA 2018
constexpr double z_Ca = 2.0;                 // [1] valence of Ca2+

/// u/(e^u - 1) given e^u, with its Taylor series where the quotient would cancel.
[[gnu::always_inline]] inline double ghk_ratio(double u, double e_u) noexcept {
    return std::abs(u) > 1e-6 ? u / (e_u - 1.0) : 1.0 - 0.5 * u;
}

/// [mM] u (Ca_i e^u - Ca_o)/(e^u - 1), the GHK flux factor, written with e^-|u| <= 1 so that no
/// input overflows: for u >= 0 it equals u (Ca_i - Ca_o e^-u)/(1 - e^-u).
[[gnu::always_inline]] inline double ghk_factor(double u, double Ca_i, double Ca_o) noexcept {
    const double e = fast_exp(-std::abs(u));
    const bool positive = u >= 0.0;
    const double num = positive ? Ca_i - Ca_o * e : Ca_i * e - Ca_o;
    const double ratio =
        std::abs(u) > 1e-6 ? u / (positive ? 1.0 - e : e - 1.0) : 1.0 + 0.5 * std::abs(u);
    return ratio * num;
}

/// L-type activation at steady state [1] and time constant [ms] at V [mV]: McCormick &
/// Huguenard 1992 as in the Aguiar-lineage iCaL.mod (assumption, see header).
[[gnu::always_inline]] inline double l_type_inf(double V) noexcept {
    return 1.0 / (1.0 + fast_exp(-(V + 10.0) / 10.0));
}
[[gnu::always_inline]] inline double l_type_tau(double V, double tadj) noexcept {
    const double alpha = 1.6 / (1.0 + fast_exp(-0.072 * (V - 5.0))); // [1/ms]
    const double y = (V - 1.31) / 5.36;
    const double beta = 0.02 * 5.36 * ghk_ratio(y, fast_exp(y)); // [1/ms] 0.02 (V - 1.31)/(e^y - 1)
    return 1.0 / ((alpha + beta) * tadj);
}

} // namespace

double Wdr::m_CaL_inf(double V) noexcept { return l_type_inf(V); }

void Wdr::validate(const Params& p, std::string_view where) {
    validate_synapses(p, where);
    validate_adex_membrane(p, where);
}

Wdr::Propagators Wdr::prepare(const Params& p, double dt_ms) {
    Propagators k;
    k.synapses = prepare_synapses(p, dt_ms);
    k.membrane = AdexMembrane::make(p, dt_ms);
    k.spike = {p.b, adex_refractory_steps(p.t_ref, dt_ms), p.t_ref > 0.0};
    Channels& c = k.channels;
    const double area = std::numbers::pi * p.soma_diameter * p.soma_length; // [um^2]
    const double T_kelvin = p.T_celsius + 273.15;
    c.h = dt_ms;
    // NOTE: P [cm/s] A [um^2 = 1e-8 cm^2] z F [C/mol] Ca [mM = 1e-6 mol/cm^3] is in A; x 1e12 pA.
    c.P_A_zF = 1e-2 * p.P_CaL * area * z_Ca * faraday;
    c.u_per_mV = 1e-3 * z_Ca * faraday / (gas_constant * T_kelvin);
    c.Ca_o = p.Ca_o;
    c.tadj_L = std::pow(3.0, (p.T_celsius - 23.5) / 10.0); // iCaL.mod Q10 3 from 23.5 degC
    // NOTE: I [pA = 1e-15 C/ms] / (z F [C/mol]) / (A d [um^3 = 1e-15 L]) is in M/ms = 1e3 mM/ms.
    c.flux_per_pA = 1e3 / (z_Ca * faraday * area * p.shell_depth * p.pool_volume_scale);
    c.Ca_rest = p.Ca_rest;
    c.tau_Ca = p.tau_Ca;
    c.decay_Ca = std::exp(-dt_ms / p.tau_Ca);
    c.f_Ca_nmda = p.f_Ca_nmda;
    c.E_nmda = p.E_nmda;
    c.g_CAN = p.g_CAN;
    c.E_CAN = p.E_CAN;
    c.beta_CAN = p.beta_CAN;
    c.inv_Ca_half = 1.0 / p.Ca_half_CAN;
    c.tadj_CAN = std::pow(p.Q10_CAN, (p.T_celsius - 22.0) / 10.0);
    c.tau_CAN_min = p.tau_CAN_min;
    return k;
}

void Wdr::resize(State& s, std::size_t n, const Params& p) {
    const auto size = static_cast<Eigen::Index>(n);
    resize_synapses(s, n);
    s.V_m.setConstant(size, p.E_L);
    s.w.setZero(size);
    s.Ca.setConstant(size, p.Ca_rest);
    const double r = p.Ca_rest / p.Ca_half_CAN;
    s.m_CAN.setConstant(size, r * r / (1.0 + r * r)); // at rest
    s.m_CaL.setConstant(size, m_CaL_inf(p.E_L));
    s.refractory.setZero(size);
    s.V_start.setZero(size);
}

HORNET_SIMD_KERNEL void Wdr::step(State& s, const Params& p, const Propagators& k,
                                  const StepInput& in, IndexRange range,
                                  SpikeWriter& spikes) noexcept {
    const auto begin = static_cast<std::ptrdiff_t>(range.begin);
    const auto end = static_cast<std::ptrdiff_t>(range.end);
    advance_synapses(s, k.synapses, p, in, range, s.V_m.data());
    double* __restrict V = s.V_m.data();
    double* __restrict w = s.w.data();
    double* __restrict Ca = s.Ca.data();
    double* __restrict m = s.m_CAN.data();
    double* __restrict mL = s.m_CaL.data();
    double* __restrict ref = s.refractory.data();
    double* __restrict V_start = s.V_start.data();
    double* __restrict g_syn = s.g_syn_mid.data();
    double* __restrict drive = s.drive_mid.data();
    const double* __restrict g_nmda = s.g_nmda_mid.data();
    const AdexMembrane membrane = k.membrane;
    // NOTE: scalars copied to locals, or GCC 12 gives up on vectorising this loop.
    const Channels c = k.channels;
    // g_nmda_mid is only written when the NMDA port is in use.
    const double f_nmda = ((in.receptors_in_use >> port_nmda) & 1u) ? c.f_Ca_nmda : 0.0;
#pragma omp simd
    for (std::ptrdiff_t i = begin; i < end; ++i) {
        const double v = V[i];
        // L-type gate, exact for V frozen over the step; the current uses its step mean.
        const double mL_inf = l_type_inf(v);
        const double mL_new = mL_inf + (mL[i] - mL_inf) * fast_exp(-c.h / l_type_tau(v, c.tadj_L));
        const double mL_mean = 0.5 * (mL[i] + mL_new);
        const double I_CaL =
            c.P_A_zF * mL_mean * mL_mean * ghk_factor(v * c.u_per_mV, Ca[i], c.Ca_o); // [pA]
        const double I_nmda_Ca = f_nmda * g_nmda[i] * (v - c.E_nmda);                 // [pA]
        // Pool: exact for the influx frozen over the step.
        const double influx = std::max(0.0, -(I_CaL + I_nmda_Ca)) * c.flux_per_pA; // [mM/ms]
        const double Ca_inf = c.Ca_rest + c.tau_Ca * influx;
        const double Ca_new = Ca_inf + (Ca[i] - Ca_inf) * c.decay_Ca;
        // CAN gate, exact for Ca frozen at the step mean of the pool.
        const double r = 0.5 * (Ca[i] + Ca_new) * c.inv_Ca_half;
        const double alpha = c.beta_CAN * r * r;
        const double tau_m = std::max(1.0 / ((alpha + c.beta_CAN) * c.tadj_CAN), c.tau_CAN_min);
        const double m_inf = alpha / (alpha + c.beta_CAN);
        const double m_new = m_inf + (m[i] - m_inf) * fast_exp(-c.h / tau_m);
        const double m_mean = 0.5 * (m[i] + m_new);
        const double g_CAN = c.g_CAN * m_mean * m_mean; // [nS]
        mL[i] = mL_new;
        Ca[i] = Ca_new;
        m[i] = m_new;
        g_syn[i] += g_CAN; // kept for the spike branch
        drive[i] += g_CAN * c.E_CAN - I_CaL;
        V_start[i] = v;
        V[i] = membrane.step(v, w[i], g_syn[i], drive[i], ref[i]);
    }
    emit_adex_spikes(membrane, k.spike, V, w, ref, V_start, g_syn, drive, begin, end, spikes);
}

void register_wdr(ModelRegistry& registry) { registry.add(neuron_model_entry<Wdr>()); }

} // namespace hornet::models
