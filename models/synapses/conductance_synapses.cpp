// SPDX-License-Identifier: MIT
#include "models/synapses/conductance_synapses.hpp"

#include "hornet/core/simd.hpp"

#include <cmath>
#include <string>

namespace hornet::models {
namespace {

/// Adds one dual-exponential port's midpoint conductance (x E) to the sums and advances it.
HORNET_SIMD_KERNEL void add_dual_exponential(double* __restrict g, double* __restrict b,
                                             const double* __restrict input,
                                             const DualExpPropagator& k, double E,
                                             double* __restrict g_sum, double* __restrict drive,
                                             std::ptrdiff_t begin, std::ptrdiff_t end) noexcept {
#pragma omp simd
    for (std::ptrdiff_t i = begin; i < end; ++i) {
        const double b_now = b[i] + k.jump(input[i]);
        const double a_now = b_now - g[i]; // the jump adds to a and b alike: g is unchanged
        const double g_mid = k.midpoint(a_now, b_now);
        g_sum[i] += g_mid;
        drive[i] += g_mid * E;
        b[i] = k.advance_decay(b_now);
        g[i] = b[i] - k.advance_rise(a_now);
    }
}

/// One pass over the NMDA port: like add_dual_exponential, with the conductance times the
/// unblocked fraction u = unblocked(i, g_open, V_i) of the block model, evaluated at V(t_n);
/// drug_free(u, V_i) is the part of u not due to Mg2+.
template <class Unblocked, class DrugFree>
[[gnu::always_inline]] inline void
nmda_pass(SynapseState& s, const DualExpPropagator& n, double E, const double* __restrict input,
          const double* __restrict V, std::ptrdiff_t begin, std::ptrdiff_t end, Unblocked unblocked,
          DrugFree drug_free) noexcept {
    double* __restrict g = s.g_nmda.data();
    double* __restrict b = s.b_nmda.data();
    double* __restrict u_out = s.nmda_unblocked.data();
    double* __restrict free_out = s.nmda_drug_free.data();
    double* __restrict g_nmda_mid = s.g_nmda_mid.data();
    double* __restrict g_sum = s.g_syn_mid.data();
    double* __restrict drive = s.drive_mid.data();
#pragma omp simd
    for (std::ptrdiff_t i = begin; i < end; ++i) {
        const double b_now = b[i] + n.jump(input[i]);
        const double a_now = b_now - g[i];
        const double g_open = n.midpoint(a_now, b_now);
        const double u = unblocked(i, g_open, V[i]);
        const double g_mid = g_open * u;
        g_sum[i] += g_mid;
        drive[i] += g_mid * E;
        g_nmda_mid[i] = g_mid;
        u_out[i] = u;
        free_out[i] = drug_free(u, V[i]);
        b[i] = n.advance_decay(b_now);
        g[i] = b[i] - n.advance_rise(a_now);
    }
}

/// The NMDA port with the population's ketamine block model.
HORNET_SIMD_KERNEL void add_nmda(SynapseState& s, const SynapsePropagators& k,
                                 const SynapseParams& p, const StepInput& in, std::ptrdiff_t begin,
                                 std::ptrdiff_t end, const double* __restrict V) noexcept {
    const double* input = in.receptor[port_nmda];
    const double K = in.drug.ketamine_uM, NK = in.drug.norketamine_uM;
    const MgBlock mg = k.mg;
    switch (k.block) {
    case KetamineBlockModel::steady_state: {
        // NOTE: voltage-independent, and the drug level is one per slice: once, not per neuron.
        const double drug_free = steady_state_unblocked(K, NK, k.steady_state);
        nmda_pass(
            s, k.nmda, p.E_nmda, input, V, begin, end,
            [=](std::ptrdiff_t, double, double v) { return mg(v) * drug_free; },
            [=](double, double) { return drug_free; });
        break;
    }
    case KetamineBlockModel::competitive: {
        const CompetitiveBlock block = k.competitive;
        // NOTE: the Mg-only fraction costs a second exponential; only this model pays it.
        nmda_pass(
            s, k.nmda, p.E_nmda, input, V, begin, end,
            [=](std::ptrdiff_t, double, double v) { return block(v, K, NK); },
            [=](double u, double v) { return u / mg(v); });
        break;
    }
    case KetamineBlockModel::trapping: {
        const TrappingStep trap = k.trapping;
        const double inv_g_max = k.inv_g_nmda_max;
        double* __restrict trapped = s.nmda_trapped.data();
        // The block moves with the midpoint open probability; the conductance sees the trapped
        // fraction averaged over the step (second order in h for smooth Po).
        // drug_free is 1 - Bt averaged over the step, recovered from u without a second exp.
        nmda_pass(
            s, k.nmda, p.E_nmda, input, V, begin, end,
            [=](std::ptrdiff_t i, double g_open, double v) {
                const double Bt_new = trap(trapped[i], g_open * inv_g_max, K, v);
                const double u = mg(v) * (1.0 - 0.5 * (trapped[i] + Bt_new));
                trapped[i] = Bt_new;
                return u;
            },
            [=](double u, double v) { return u / mg(v); });
        break;
    }
    }
}

} // namespace

void validate_synapses(const SynapseParams& p, std::string_view where) {
    const std::string w(where);
    validate_dual_exp(p.tau_ampa_rise, p.tau_ampa_decay, w + " AMPA");
    validate_dual_exp(p.tau_nmda_rise, p.tau_nmda_decay, w + " NMDA");
    validate_dual_exp(p.tau_gaba_a_rise, p.tau_gaba_a_decay, w + " GABA_A");
    validate_dual_exp(p.tau_glycine_rise, p.tau_glycine_decay, w + " glycine");
    validate_dual_exp(p.tau_nk1_rise, p.tau_nk1_decay, w + " NK1");
}

SynapsePropagators prepare_synapses(const SynapseParams& p, double dt_ms) {
    SynapsePropagators k;
    k.decay_ex = std::exp(-dt_ms / p.tau_syn_ex);
    k.decay_in = std::exp(-dt_ms / p.tau_syn_in);
    k.half_decay_ex = std::exp(-0.5 * dt_ms / p.tau_syn_ex);
    k.half_decay_in = std::exp(-0.5 * dt_ms / p.tau_syn_in);
    k.ampa = DualExpPropagator::make(p.tau_ampa_rise, p.tau_ampa_decay, dt_ms);
    k.nmda = DualExpPropagator::make(p.tau_nmda_rise, p.tau_nmda_decay, dt_ms);
    k.gaba_a = DualExpPropagator::make(p.tau_gaba_a_rise, p.tau_gaba_a_decay, dt_ms);
    k.glycine = DualExpPropagator::make(p.tau_glycine_rise, p.tau_glycine_decay, dt_ms);
    k.nk1 = DualExpPropagator::make(p.tau_nk1_rise, p.tau_nk1_decay, dt_ms);
    k.mg = make_mg_block(p);
    k.block = static_cast<KetamineBlockModel>(static_cast<int>(p.ketamine_block));
    k.steady_state = p;
    k.competitive = CompetitiveBlock::make(k.mg, p);
    k.trapping = TrappingStep::make(p, p, dt_ms);
    k.inv_g_nmda_max = 1.0 / p.g_nmda_max;
    return k;
}

void resize_synapses(SynapseState& s, std::size_t n) {
    const auto size = static_cast<Eigen::Index>(n);
    for (Eigen::ArrayXd* a : {&s.g_ex, &s.g_in, &s.g_ampa, &s.b_ampa, &s.g_nmda, &s.b_nmda,
                              &s.g_gaba_a, &s.b_gaba_a, &s.g_glycine, &s.b_glycine, &s.g_nk1,
                              &s.b_nk1, &s.nmda_trapped, &s.g_syn_mid, &s.drive_mid, &s.g_nmda_mid})
        a->setZero(size);
    s.nmda_unblocked.setOnes(size);
    s.nmda_drug_free.setOnes(size);
}

HORNET_SIMD_KERNEL void advance_synapses(SynapseState& s, const SynapsePropagators& k,
                                         const SynapseParams& p, const StepInput& in,
                                         IndexRange range, const double* V) noexcept {
    const auto begin = static_cast<std::ptrdiff_t>(range.begin);
    const auto end = static_cast<std::ptrdiff_t>(range.end);
    double* __restrict ge = s.g_ex.data();
    double* __restrict gi = s.g_in.data();
    double* __restrict g_sum = s.g_syn_mid.data();
    double* __restrict drive = s.drive_mid.data();
    const double* __restrict in_ex = in.receptor[port_exc];
    const double* __restrict in_in = in.receptor[port_inh];
    // The exponential ports start the sums (they are cheap; skipping them saves nothing).
#pragma omp simd
    for (std::ptrdiff_t i = begin; i < end; ++i) {
        const double g_ex = ge[i] + in_ex[i];
        const double g_in = gi[i] + in_in[i];
        const double gm_ex = g_ex * k.half_decay_ex, gm_in = g_in * k.half_decay_in;
        g_sum[i] = gm_ex + gm_in;
        drive[i] = gm_ex * p.E_ex + gm_in * p.E_in;
        ge[i] = g_ex * k.decay_ex;
        gi[i] = g_in * k.decay_in;
    }
    const auto used = [&](unsigned port) { return (in.receptors_in_use >> port) & 1u; };
    if (used(port_ampa))
        add_dual_exponential(s.g_ampa.data(), s.b_ampa.data(), in.receptor[port_ampa], k.ampa,
                             p.E_ampa, g_sum, drive, begin, end);
    if (used(port_gaba_a))
        add_dual_exponential(s.g_gaba_a.data(), s.b_gaba_a.data(), in.receptor[port_gaba_a],
                             k.gaba_a, p.E_anion, g_sum, drive, begin, end);
    if (used(port_glycine))
        add_dual_exponential(s.g_glycine.data(), s.b_glycine.data(), in.receptor[port_glycine],
                             k.glycine, p.E_anion, g_sum, drive, begin, end);
    if (used(port_nk1))
        add_dual_exponential(s.g_nk1.data(), s.b_nk1.data(), in.receptor[port_nk1], k.nk1, p.E_nk1,
                             g_sum, drive, begin, end);
    if (used(port_nmda)) add_nmda(s, k, p, in, begin, end, V);
}

} // namespace hornet::models
