// SPDX-License-Identifier: MIT
// lif_cond with the dual-exponential ports and the NMDA block: conductance traces against their
// closed forms, the block the kernel applies against the block formulas, agreement of the fast
// (exc/inh only) and general paths, and convergence of the NMDA-driven membrane step.
#include "models/neurons/lif_cond.hpp"
#include "models/synapses/dual_exponential.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <vector>

using hornet::models::LifCond;
namespace m = hornet::models;

namespace {

/// One lif_cond neuron driven through its kernel, with an input row per port.
struct Neuron {
    LifCond::Params p;
    LifCond::State s;
    LifCond::Propagators k;
    std::array<std::vector<double>, m::conductance_ports.size()> input;
    std::uint32_t ports_in_use = ~0u;
    hornet::DrugLevels drug{};
    std::int64_t step = 0;
    int spikes = 0;

    Neuron(const LifCond::Params& params, double dt_ms) : p(params) {
        LifCond::resize(s, 1, p);
        k = LifCond::prepare(p, dt_ms);
        for (auto& row : input) row.assign(1, 0.0);
    }
    void advance() {
        std::array<const double*, m::conductance_ports.size()> rows{};
        for (std::size_t r = 0; r < rows.size(); ++r) rows[r] = input[r].data();
        std::uint32_t buffer[1];
        hornet::SpikeWriter w(buffer);
        LifCond::step(
            s, p, k,
            hornet::StepInput{{rows.data(), rows.size()}, step, nullptr, ports_in_use, drug},
            {0, 1}, w);
        spikes += static_cast<int>(w.size());
        for (auto& row : input) row[0] = 0.0;
        ++step;
    }
};

LifCond::Params quiet_params() {
    LifCond::Params p;
    p.V_th = 100.0; // no spikes: smooth trajectories
    return p;
}

} // namespace

// SCIENCE.md §1.1 [S3]: one event of weight w gives g(t) = w f_norm (e^{-t/tau_d} - e^{-t/tau_r}),
// peaking at w; the recorded (pre-block) conductance follows it exactly at every step.
TEST(LifCondReceptors, EveryDualExponentialPortFollowsItsClosedForm) {
    const auto p = quiet_params();
    struct Port {
        m::ConductancePort port;
        double tau_r, tau_d;
        Eigen::ArrayXd LifCond::State::*g;
    };
    const std::array<Port, 5> ports{
        {{m::port_ampa, p.tau_ampa_rise, p.tau_ampa_decay, &LifCond::State::g_ampa},
         {m::port_nmda, p.tau_nmda_rise, p.tau_nmda_decay, &LifCond::State::g_nmda},
         {m::port_gaba_a, p.tau_gaba_a_rise, p.tau_gaba_a_decay, &LifCond::State::g_gaba_a},
         {m::port_glycine, p.tau_glycine_rise, p.tau_glycine_decay, &LifCond::State::g_glycine},
         {m::port_nk1, p.tau_nk1_rise, p.tau_nk1_decay, &LifCond::State::g_nk1}}};
    for (const Port& port : ports) {
        Neuron n(p, 0.1);
        const double w = 2.5;
        n.input[port.port][0] = w;
        n.advance();
        const double f = m::DualExpPropagator::peak_normalisation(port.tau_r, port.tau_d);
        double peak = 0.0;
        for (int i = 1; i < 30000; ++i) {
            const double t = 0.1 * i;
            const double expected = w * f * (std::exp(-t / port.tau_d) - std::exp(-t / port.tau_r));
            ASSERT_NEAR((n.s.*port.g)[0], expected, 1e-12 * w)
                << "port " << port.port << " t " << t;
            peak = std::max(peak, (n.s.*port.g)[0]);
            n.advance();
        }
        EXPECT_NEAR(peak, w, 2e-3 * w) << "port " << port.port; // sampled every 0.1 ms
    }
}

// The unblocked fraction applied in a step is B_Mg(V_n) x (1 - Hill occupancy) (Jahr & Stevens
// 1990 [S1]; SCIENCE.md §2.4): at K = IC50 exactly half of the Mg-unblocked conductance.
TEST(LifCondReceptors, SteadyStateBlockHalvesNmdaAtIC50) {
    auto p = quiet_params();
    p.IC50_ket = 0.7;
    Neuron n(p, 0.1);
    n.drug.ketamine_uM = 0.7;
    n.s.V_m[0] = -40.0;
    n.input[m::port_nmda][0] = 1.0;
    n.advance();
    const double mg = 1.0 / (1.0 + (1.0 / 3.57) * std::exp(0.062 * 40.0));
    EXPECT_NEAR(n.s.nmda_unblocked[0], 0.5 * mg, 1e-14);
    EXPECT_NEAR(n.s.nmda_drug_free[0], 0.5, 1e-14); // what the plasticity rules' calcium sees
    EXPECT_NEAR(
        n.s.g_nmda_mid[0] / n.s.nmda_unblocked[0], // the blocked midpoint conductance
        m::DualExpPropagator::make(p.tau_nmda_rise, p.tau_nmda_decay, 0.1)
            .midpoint(
                1.0 * m::DualExpPropagator::peak_normalisation(p.tau_nmda_rise, p.tau_nmda_decay),
                1.0 * m::DualExpPropagator::peak_normalisation(p.tau_nmda_rise, p.tau_nmda_decay)),
        1e-12);
}

// Norketamine adds its occupancy (SCIENCE.md §2.4 [S68]); competitive block includes Mg.
TEST(LifCondReceptors, CompetitiveBlockUsesTheMembranePotentialOfTheStep) {
    auto p = quiet_params();
    p.ketamine_block = static_cast<double>(m::KetamineBlockModel::competitive);
    Neuron n(p, 0.1);
    n.drug = {1.0, 2.0};
    n.s.V_m[0] = -66.0;
    n.input[m::port_nmda][0] = 1.0;
    n.advance();
    const auto block = m::CompetitiveBlock::make(m::make_mg_block(p), p);
    EXPECT_NEAR(n.s.nmda_unblocked[0], block(-66.0, 1.0, 2.0), 1e-15);
    EXPECT_LT(n.s.nmda_unblocked[0], m::make_mg_block(p)(-66.0));
}

// Trapping (SCIENCE.md §2.3): with the channels closed (no NMDA input) the trapped fraction
// stays; with sustained opening it approaches K / (K + Kd(V)).
TEST(LifCondReceptors, TrappedBlockBuildsWithUseAndStaysWhenChannelsClose) {
    auto p = quiet_params();
    p.ketamine_block = static_cast<double>(m::KetamineBlockModel::trapping);
    p.g_nmda_max = 10.0;
    Neuron n(p, 0.1);
    n.drug.ketamine_uM = 1.0;
    for (int i = 0; i < 1000; ++i) n.advance(); // closed channels: no block develops
    EXPECT_EQ(n.s.nmda_trapped[0], 0.0);
    for (int i = 0; i < 20000; ++i) { // 2 s of strong, steady opening
        n.input[m::port_nmda][0] = 0.2;
        n.advance();
    }
    const double V = n.s.V_m[0];
    const double Kd = m::pore_Kd(V, p);
    EXPECT_NEAR(n.s.nmda_trapped[0], 1.0 / (1.0 + Kd), 0.02);
    for (int i = 0; i < 30000; ++i) n.advance(); // input stops: channels close within ~1 s
    const double trapped = n.s.nmda_trapped[0];
    EXPECT_GT(trapped, 0.3);
    n.drug.ketamine_uM = 0.0; // drug washed out, channels closed: the block stays trapped
    for (int i = 0; i < 30000; ++i) n.advance();
    EXPECT_NEAR(n.s.nmda_trapped[0], trapped, 1e-9);
}

// The fused exc/inh path and the general path integrate the same equations.
TEST(LifCondReceptors, FastAndGeneralPathsAgree) {
    LifCond::Params p;
    p.I_e = 400.0;
    Neuron fast(p, 0.1), general(p, 0.1);
    fast.ports_in_use = 0b11;
    for (int i = 0; i < 20000; ++i) {
        const double ex = (i % 37 == 0) ? 6.0 : 0.0, in = (i % 53 == 0) ? 10.0 : 0.0;
        fast.input[m::port_exc][0] = general.input[m::port_exc][0] = ex;
        fast.input[m::port_inh][0] = general.input[m::port_inh][0] = in;
        fast.advance();
        general.advance();
        ASSERT_NEAR(fast.s.V_m[0], general.s.V_m[0], 1e-9) << "step " << i;
    }
    EXPECT_GT(fast.spikes, 10);
    EXPECT_EQ(fast.spikes, general.spikes);
}

// With the NMDA block evaluated at V(t_n) the membrane step is first order where V moves: the
// error against a 1 us reference shrinks at least linearly with the step.
TEST(LifCondReceptors, NmdaDrivenMembraneConvergesWithTheStep) {
    const auto p = quiet_params();
    const auto run = [&](double dt) {
        Neuron n(p, dt);
        n.s.V_m[0] = -60.0;
        n.s.g_nmda[0] = 20.0; // an open, decaying NMDA conductance at t = 0
        n.s.b_nmda[0] = 20.0;
        const auto steps = std::llround(50.0 / dt);
        for (std::int64_t i = 0; i < steps; ++i) n.advance();
        return n.s.V_m[0];
    };
    const double reference = run(0.001);
    const double e1 = std::abs(run(0.2) - reference), e2 = std::abs(run(0.1) - reference),
                 e3 = std::abs(run(0.05) - reference);
    EXPECT_GT(e1 / e2, 1.8);
    EXPECT_GT(e2 / e3, 1.8);
    EXPECT_LT(e2, 0.01) << "mV at dt = 0.1 ms";
}
