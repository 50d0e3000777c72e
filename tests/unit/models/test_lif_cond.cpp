// SPDX-License-Identifier: MIT
#include "hornet/core/error.hpp"
#include "models/builtin.hpp"
#include "models/neurons/lif_cond.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <functional>
#include <vector>

using hornet::models::LifCond;

namespace {

/// Drives one lif_cond neuron directly through its kernel, without the engine.
struct SingleNeuron {
    LifCond::Params p;
    LifCond::State s;
    LifCond::Propagators k;
    std::vector<double> zero = std::vector<double>(1, 0.0);
    std::uint32_t ports_in_use = 0b11; // exc and inh: the fused fast path
    std::vector<std::int64_t> spike_steps;
    std::int64_t step = 0;

    SingleNeuron(const LifCond::Params& params, double dt_ms) : p(params) {
        LifCond::resize(s, 1, p);
        k = LifCond::prepare(p, dt_ms);
    }
    void advance() {
        std::array<const double*, hornet::models::conductance_ports.size()> rows{};
        rows.fill(zero.data());
        std::uint32_t buffer[1];
        hornet::SpikeWriter w(buffer);
        LifCond::step(s, p, k,
                      hornet::StepInput{{rows.data(), rows.size()}, step, nullptr, ports_in_use},
                      {0, 1}, w);
        if (w.size() == 1) spike_steps.push_back(step);
        ++step;
    }
};

/// V(t) from the closed form of the membrane equation with exponentially decaying conductances
/// g_ex(t) = g_ex0 e^{-t/tau_ex}, g_in(t) = g_in0 e^{-t/tau_in} (no threshold):
///   V(t) = e^{-F(t)} [V0 + \int_0^t e^{F(s)} b(s) / C ds],  F(t) = \int_0^t G(s) / C ds,
/// with G = g_L + g_ex + g_in and b = g_L E_L + I_e + g_ex E_ex + g_in E_in. F is analytic; the
/// outer integral is evaluated by composite Simpson with 2e5 panels (error < 1e-10 mV).
double reference_V(const LifCond::Params& p, double V0, double gex0, double gin0, double t) {
    const auto F = [&](double s) {
        return (p.g_L * s + gex0 * p.tau_syn_ex * (1 - std::exp(-s / p.tau_syn_ex)) +
                gin0 * p.tau_syn_in * (1 - std::exp(-s / p.tau_syn_in))) /
               p.C_m;
    };
    const auto integrand = [&](double s) {
        const double b = p.g_L * p.E_L + p.I_e + gex0 * std::exp(-s / p.tau_syn_ex) * p.E_ex +
                         gin0 * std::exp(-s / p.tau_syn_in) * p.E_in;
        return std::exp(F(s) - F(t)) * b / p.C_m;
    };
    const int n = 200000;
    const double h = t / n;
    double sum = integrand(0) + integrand(t);
    for (int i = 1; i < n; ++i) sum += (i % 2 ? 4.0 : 2.0) * integrand(i * h);
    return V0 * std::exp(-F(t)) + sum * h / 3.0;
}

LifCond::Params subthreshold_params() {
    LifCond::Params p; // COBA defaults, threshold out of reach so the trajectory is smooth
    p.V_th = 100.0;
    p.I_e = 50.0;
    return p;
}

/// Largest |V - V_ref| over the checkpoints t = 2, 4, ..., 20 ms at step size dt.
double max_error(double dt) {
    const auto p = subthreshold_params();
    SingleNeuron n(p, dt);
    const double V0 = -70.0, gex0 = 30.0, gin0 = 60.0;
    n.s.V_m[0] = V0;
    n.s.g_ex[0] = gex0;
    n.s.g_in[0] = gin0;
    double worst = 0.0;
    const auto steps_per_check = std::llround(2.0 / dt);
    for (int c = 1; c <= 10; ++c) {
        for (std::int64_t i = 0; i < steps_per_check; ++i) n.advance();
        worst = std::max(worst, std::abs(n.s.V_m[0] - reference_V(p, V0, gex0, gin0, 2.0 * c)));
    }
    return worst;
}

} // namespace

// The exponential midpoint scheme is second order: halving dt divides the error by ~4.
// Reference: the closed-form solution above (Vogels & Abbott 2005 neuron equations).
TEST(LifCond, SubthresholdMatchesClosedFormWithSecondOrderConvergence) {
    const std::vector<double> dts = {0.4, 0.2, 0.1, 0.05, 0.025};
    std::vector<double> errors;
    for (const double dt : dts) errors.push_back(max_error(dt));
    for (std::size_t i = 1; i < errors.size(); ++i) {
        const double order = std::log2(errors[i - 1] / errors[i]);
        EXPECT_NEAR(order, 2.0, 0.15) << "dt " << dts[i - 1] << " -> " << dts[i] << ", errors "
                                      << errors[i - 1] << " -> " << errors[i];
    }
    EXPECT_LT(errors[2], 2e-3) << "error at dt = 0.1 ms [mV]";
}

// With constant conductances (here: none) the scheme is exact: V relaxes to V_inf = E_L + I_e/g_L
// as e^{-t/tau_m}, tau_m = C_m/g_L.
TEST(LifCond, ExactForConstantConductance) {
    const auto p = subthreshold_params();
    SingleNeuron n(p, 0.1);
    n.s.V_m[0] = -75.0;
    for (int i = 0; i < 300; ++i) n.advance();
    const double V_inf = p.E_L + p.I_e / p.g_L, tau = p.C_m / p.g_L;
    EXPECT_NEAR(n.s.V_m[0], V_inf + (-75.0 - V_inf) * std::exp(-30.0 / tau), 1e-11);
}

TEST(LifCond, ConductancesDecayExactly) {
    SingleNeuron n(LifCond::Params{}, 0.1);
    n.s.g_ex[0] = 10.0;
    n.s.g_in[0] = 20.0;
    for (int i = 0; i < 100; ++i) n.advance();
    EXPECT_NEAR(n.s.g_ex[0], 10.0 * std::exp(-10.0 / 5.0), 1e-12);
    EXPECT_NEAR(n.s.g_in[0], 20.0 * std::exp(-10.0 / 10.0), 1e-12);
}

TEST(LifCond, RestsAtLeakReversalWithoutInput) {
    SingleNeuron n(LifCond::Params{}, 0.1);
    for (int i = 0; i < 10000; ++i) n.advance();
    EXPECT_NEAR(n.s.V_m[0], -60.0, 1e-12);
    EXPECT_TRUE(n.spike_steps.empty());
}

// Regular firing under constant current: from V_reset the membrane needs
// T = tau_m ln((V_inf - V_reset)/(V_inf - V_th)) = 20 ln 2 ms = 138.6 steps, so it crosses in
// free step ceil(T/h) = 139. V is held for round(t_ref/h) - 1 = 49 steps after the spike's own
// step, so successive spike stamps are 49 + 139 = 188 steps apart.
TEST(LifCond, InterspikeIntervalFollowsTheAnalyticFormula) {
    LifCond::Params p;
    p.I_e = 200.0; // V_inf = -40 mV
    SingleNeuron n(p, 0.1);
    n.s.V_m[0] = p.V_reset;
    for (int i = 0; i < 2000; ++i) n.advance();
    ASSERT_GE(n.spike_steps.size(), 5u);
    EXPECT_EQ(n.spike_steps[0], 138); // 139 free steps from V_reset, stamped at the step's start
    for (std::size_t i = 1; i < n.spike_steps.size(); ++i)
        EXPECT_EQ(n.spike_steps[i] - n.spike_steps[i - 1], 188);
}

namespace {
hornet::ModelRegistry registry() {
    hornet::ModelRegistry r;
    hornet::models::register_builtin_models(r);
    return r;
}
} // namespace

TEST(LifCond, ErrorMessagesNameParameterValueAndUnit) {
    const auto reg = registry();
    hornet::PopulationSpec spec{"exc", "lif_cond", 10, {{"C_m", -5.0}}, {}};
    try {
        reg.at("lif_cond").check(spec, 0.1);
        FAIL();
    } catch (const hornet::ParamError& e) {
        EXPECT_STREQ(e.what(), "population 'exc' (lif_cond): C_m = -5 pF must be > 0 pF");
    }
    spec.params = {{"V_reset", -40.0}};
    try {
        reg.at("lif_cond").check(spec, 0.1);
        FAIL();
    } catch (const hornet::ParamError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("V_reset"), std::string::npos) << m;
        EXPECT_NE(m.find("V_th"), std::string::npos) << m;
        EXPECT_NE(m.find("mV"), std::string::npos) << m;
    }
}

TEST(LifCond, NonFiniteParametersAreRejected) {
    const auto reg = registry();
    hornet::PopulationSpec spec{"exc", "lif_cond", 1, {{"E_L", std::nan("")}}, {}};
    EXPECT_THROW(reg.at("lif_cond").check(spec, 0.1), hornet::ParamError);
    spec.params = {{"I_e", HUGE_VAL}};
    EXPECT_THROW(reg.at("lif_cond").check(spec, 0.1), hornet::ParamError);
}

TEST(LifCond, RegistryRoundTrip) {
    const auto reg = registry();
    const auto& e = reg.at("lif_cond");
    ASSERT_EQ(e.parameters.size(), 39u); // 7 own + 32 of the synapses
    EXPECT_EQ(e.find_parameter("ketamine_block")->choice_name(0.0), "steady_state");
    EXPECT_EQ(e.find_parameter("tau_syn_in")->default_value, LifCond::Params{}.tau_syn_in);
    EXPECT_EQ(e.find_parameter("C_m")->unit, "pF");
    EXPECT_EQ(e.receptors, (std::vector<std::string_view>{"exc", "inh", "ampa", "nmda", "gaba_a",
                                                          "glycine", "nk1"}));
    EXPECT_EQ(e.find_state("g_in"), 2u);
    EXPECT_EQ(e.find_state("nmda_unblocked"), 9u);
    EXPECT_EQ(e.find_state("nmda_drug_free"), 10u);
    const auto pop = e.make({"x", "lif_cond", 3, {{"g_L", 20.0}}, {}}, 0);
    EXPECT_EQ(pop->model_name(), "lif_cond");
    EXPECT_EQ(pop->size(), 3u);
    EXPECT_EQ(pop->parameter_value(1), 20.0);
    EXPECT_EQ(pop->state_value(0, 2), LifCond::Params{}.E_L);
}
