// SPDX-License-Identifier: MIT
// adex: the membrane step against a fine RK4 reference (convergence order), spike times of the
// regular-spiking cell, the published firing types, the registry and parameter sets, and the
// runaway guard.
#include "hornet/core/error.hpp"
#include "models/builtin.hpp"
#include "models/neurons/adex.hpp"

#include "support/single_neuron.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

using hornet::models::Adex;
namespace m = hornet::models;

namespace {

/// One adex neuron driven through its kernel, with an input row per port.
using Neuron = hornet::testing::SingleNeuron<Adex>;

/// The AdEx equations with exponentially decaying g_ex, g_in (no threshold), integrated by
/// classical RK4 at a fixed step: the reference solution. State y = (V, w, g_ex, g_in).
struct Rk4Reference {
    Adex::Params p;
    std::array<double, 4> y;
    double t = 0.0;
    std::vector<double> spike_times; // [ms] linear interpolation of the V_peak crossing

    std::array<double, 4> f(const std::array<double, 4>& s) const {
        const double V = s[0], w = s[1], ge = s[2], gi = s[3];
        const double exp_term = p.g_L * p.Delta_T * std::exp((V - p.V_T) / p.Delta_T);
        const double dV =
            (-p.g_L * (V - p.E_L) + exp_term - w + ge * (p.E_ex - V) + gi * (p.E_in - V) + p.I_e) /
            p.C_m;
        return {dV, (p.a * (V - p.E_L) - w) / p.tau_w, -ge / p.tau_syn_ex, -gi / p.tau_syn_in};
    }
    void step(double h) {
        const auto add = [](const std::array<double, 4>& a, const std::array<double, 4>& b,
                            double c) {
            return std::array<double, 4>{a[0] + c * b[0], a[1] + c * b[1], a[2] + c * b[2],
                                         a[3] + c * b[3]};
        };
        const auto k1 = f(y), k2 = f(add(y, k1, h / 2)), k3 = f(add(y, k2, h / 2)),
                   k4 = f(add(y, k3, h));
        std::array<double, 4> next{};
        for (int i = 0; i < 4; ++i)
            next[i] = y[i] + h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        if (next[0] >= p.V_peak) { // spike: interpolate the crossing, then reset
            spike_times.push_back(t + h * (p.V_peak - y[0]) / (next[0] - y[0]));
            next[0] = p.V_reset;
            next[1] += p.b;
        }
        y = next;
        t += h;
    }
    void run_to(double t_end, double h) {
        while (t < t_end - 0.5 * h) step(h);
    }
};

/// Largest |V - V_ref| over the checkpoints t = 2, 4, ..., 40 ms at step size dt, from V0, w0
/// and decaying conductances g_ex0, g_in0; the reference is RK4 at 1 us (error < 1e-12 mV).
double max_error(const Adex::Params& p, double dt) {
    const double V0 = -65.0, w0 = 40.0, gex0 = 30.0, gin0 = 20.0;
    Neuron n(p, dt);
    n.ports_in_use = 0b11;
    n.s.V_m[0] = V0;
    n.s.w[0] = w0;
    n.s.g_ex[0] = gex0;
    n.s.g_in[0] = gin0;
    Rk4Reference ref{p, {V0, w0, gex0, gin0}, 0.0, {}};
    double worst = 0.0;
    for (int c = 1; c <= 20; ++c) {
        n.run(2.0);
        ref.run_to(2.0 * c, 1e-3);
        worst = std::max(worst, std::abs(n.s.V_m[0] - ref.y[0]));
    }
    EXPECT_TRUE(n.spike_times.empty() && ref.spike_times.empty());
    return worst;
}

/// Observed orders log2(e(2h)/e(h)) over dt = 0.4 ... 0.025 ms (errors recorded in the XML).
std::vector<double> orders(const Adex::Params& p, std::vector<double>& errors) {
    const std::vector<double> dts = {0.4, 0.2, 0.1, 0.05, 0.025};
    std::string record;
    for (const double dt : dts) {
        errors.push_back(max_error(p, dt));
        record += std::to_string(errors.back()) + " ";
    }
    ::testing::Test::RecordProperty("max_error_mV_dt_0.4_to_0.025", record);
    std::vector<double> out;
    for (std::size_t i = 1; i < errors.size(); ++i)
        out.push_back(std::log2(errors[i - 1] / errors[i]));
    return out;
}

} // namespace

// (1) Without the exponential term (V_T moved 1 V above any V reached, so the term is < 1e-300
// pA) the membrane is linear in V and w with conductances decaying exactly: the exponential
// midpoint rule converges at second order (Brette & Gerstner 2005 [S61] equations).
TEST(Adex, SubthresholdMatchesRk4WithSecondOrderConvergence) {
    Adex::Params p; // regular spiking [S61]
    p.V_T = 1000.0;
    p.V_peak = 1010.0;
    p.I_e = 300.0;
    std::vector<double> errors;
    const auto order = orders(p, errors);
    for (std::size_t i = 0; i < order.size(); ++i)
        EXPECT_NEAR(order[i], 2.0, 0.15) << "errors " << errors[i] << " -> " << errors[i + 1];
    EXPECT_LT(errors[2], 2e-3) << "max error at dt = 0.1 ms [mV]";
}

// With the exponential term active just below rheobase (I_e = 520 pA < g_L (V_T - E_L - Delta_T)
// = 546 pA [S61]) the midpoint evaluation of the term keeps the order at 2.
TEST(Adex, ExponentialTermConvergesAtSecondOrder) {
    Adex::Params p;
    p.I_e = 520.0;
    std::vector<double> errors;
    const auto order = orders(p, errors);
    for (std::size_t i = 0; i < order.size(); ++i)
        EXPECT_NEAR(order[i], 2.0, 0.3) << "errors " << errors[i] << " -> " << errors[i + 1];
    EXPECT_LT(errors[2], 5e-3) << "max error at dt = 0.1 ms [mV]";
}

// (2) Regular spiking under a 1 nA step (the Brette & Gerstner 2005 demonstration current, as in
// Brian2's example): the first 10 spikes at dt = 0.1 ms fall in the step whose stamp is within
// one step of the RK4 reference (1e-4 ms steps, crossing interpolated).
TEST(Adex, RegularSpikingSpikeTimesMatchFineReference) {
    Adex::Params p;
    p.I_e = 1000.0;
    Neuron n(p, 0.1);
    n.ports_in_use = 0b11;
    n.run(400.0);
    Rk4Reference ref{p, {p.E_L, 0.0, 0.0, 0.0}, 0.0, {}};
    ref.run_to(400.0, 1e-4);
    ASSERT_GE(n.spike_times.size(), 10u);
    ASSERT_GE(ref.spike_times.size(), 10u);
    double worst = 0.0;
    for (std::size_t i = 0; i < 10; ++i) {
        // The crossing lies in [t_n, t_n + h]: compare with the middle of the stamped step.
        const double err = std::abs(n.spike_times[i] + 0.05 - ref.spike_times[i]);
        worst = std::max(worst, err);
        EXPECT_LE(err, 0.1) << "spike " << i << ": " << n.spike_times[i] << " vs "
                            << ref.spike_times[i];
    }
    RecordProperty("worst_spike_time_error_ms", std::to_string(worst));
}

namespace {

/// Spike times [ms] of parameter set `name` under a step current I [pA] from rest, over t_ms.
std::vector<double> spikes_of(std::string_view name, double I, double t_ms) {
    const auto it = std::find_if(Adex::parameter_sets.begin(), Adex::parameter_sets.end(),
                                 [&](const auto& s) { return s.name == name; });
    EXPECT_NE(it, Adex::parameter_sets.end()) << name;
    auto p = it->values;
    p.I_e = I;
    Neuron n(p, 0.1);
    n.ports_in_use = 0b11;
    n.run(t_ms);
    return n.spike_times;
}

std::vector<double> isis(const std::vector<double>& t) {
    std::vector<double> out;
    for (std::size_t i = 1; i < t.size(); ++i) out.push_back(t[i] - t[i - 1]);
    return out;
}

/// Adaptation index of Naud et al. 2008: mean of (ISI_i+1 - ISI_i)/(ISI_i+1 + ISI_i) over the
/// ISIs after the first `skip`.
double adaptation_index(const std::vector<double>& isi, std::size_t skip) {
    double sum = 0.0;
    std::size_t n = 0;
    for (std::size_t i = skip; i + 1 < isi.size(); ++i, ++n)
        sum += (isi[i + 1] - isi[i]) / (isi[i + 1] + isi[i]);
    return n ? sum / static_cast<double>(n) : 0.0;
}

} // namespace

// (3) Firing types under the step currents of Naud et al. 2008 (tonic and adapting 500 pA,
// delayed accelerating 300 pA; Table 1 as coded in Brian2's Naud example) and, for the Brette &
// Gerstner bursting variant, the 1 nA step of their demonstration [S61].
TEST(Adex, TonicSetFiresWithConstantIntervals) {
    const auto isi = isis(spikes_of("tonic", 500.0, 1000.0));
    ASSERT_GE(isi.size(), 10u);
    EXPECT_LT(std::abs(adaptation_index(isi, 1)), 0.005);
}

TEST(Adex, AdaptingSetLengthensItsIntervals) {
    const auto isi = isis(spikes_of("adapting", 500.0, 1000.0));
    ASSERT_GE(isi.size(), 5u);
    EXPECT_GT(adaptation_index(isi, 0), 0.05);
    EXPECT_GT(isi.back(), 2.0 * isi.front());
}

TEST(Adex, BurstingSetHasBimodalIntervals) {
    auto isi = isis(spikes_of("bursting", 1000.0, 1000.0));
    ASSERT_GE(isi.size(), 6u);
    isi.erase(isi.begin()); // the onset transient
    std::sort(isi.begin(), isi.end());
    // Intra- and inter-burst intervals: the largest ratio between neighbours in sorted order
    // separates them.
    double gap = 0.0;
    for (std::size_t i = 1; i < isi.size(); ++i) gap = std::max(gap, isi[i] / isi[i - 1]);
    EXPECT_GT(gap, 3.0) << "shortest " << isi.front() << " ms, longest " << isi.back() << " ms";
}

TEST(Adex, DelayedSetHasLongFirstSpikeLatency) {
    const auto t = spikes_of("delayed", 300.0, 2000.0);
    ASSERT_GE(t.size(), 4u);
    const auto isi = isis(t);
    const double late = *std::max_element(isi.end() - 3, isi.end());
    EXPECT_GT(t.front(), 3.0 * late) << "latency " << t.front() << " ms";
}

namespace {
hornet::ModelRegistry registry() {
    hornet::ModelRegistry r;
    m::register_builtin_models(r);
    return r;
}
} // namespace

// (4) The descriptor table round-trips through the registry.
TEST(Adex, RegistryRoundTrip) {
    const auto reg = registry();
    const auto& e = reg.at("adex");
    ASSERT_EQ(e.parameters.size(), 44u); // 12 own + 32 of the synapses
    EXPECT_EQ(e.find_parameter("V_peak")->default_value, -40.4);
    EXPECT_EQ(e.find_parameter("b")->unit, "pA");
    EXPECT_EQ(e.find_parameter("ketamine_block")->choice_name(0.0), "steady_state");
    EXPECT_EQ(e.receptors, (std::vector<std::string_view>{"exc", "inh", "ampa", "nmda", "gaba_a",
                                                          "glycine", "nk1"}));
    EXPECT_EQ(e.find_state("V_m"), 0u);
    EXPECT_EQ(e.find_state("w"), 1u);
    EXPECT_EQ(e.find_state("nmda_drug_free"), 11u);
    const auto pop = e.make({"x", "adex", 3, {{"a", -2.0}}, {}}, 0);
    EXPECT_EQ(pop->model_name(), "adex");
    EXPECT_EQ(pop->parameter_value(6), -2.0); // a
    EXPECT_EQ(pop->state_value(0, 2), Adex::Params{}.E_L);
}

TEST(Adex, ParameterSetsDifferFromDefaultsWhereTheyShould) {
    const auto& sets = Adex::parameter_sets;
    const Adex::Params d{};
    for (const auto& f : Adex::parameters) // [0] is the defaults
        EXPECT_EQ(sets[0].values.*(f.member), d.*(f.member)) << f.name;
    for (const auto& set : sets) {
        EXPECT_NO_THROW(Adex::validate(set.values, set.name)) << set.name;
        for (const auto& f : m::synapse_parameters) // the ports keep their defaults
            EXPECT_EQ(set.values.*(f.member), d.*(f.member)) << set.name << " " << f.name;
    }
    EXPECT_EQ(sets[1].name, "tonic");
    EXPECT_EQ(sets[1].values.b, 0.0);
    EXPECT_EQ(sets[2].name, "adapting");
    EXPECT_EQ(sets[2].values.tau_w, 300.0);
    EXPECT_EQ(sets[3].name, "bursting");
    EXPECT_EQ(sets[3].values.V_reset, d.V_T + 5.0);
    EXPECT_EQ(sets[3].values.C_m, d.C_m);
    EXPECT_EQ(sets[4].name, "delayed");
    EXPECT_LT(sets[4].values.a, 0.0);
}

TEST(Adex, ErrorMessagesNameParameterValueAndUnit) {
    const auto reg = registry();
    hornet::PopulationSpec spec{"exc", "adex", 1, {{"V_peak", -60.0}}, {}};
    try {
        reg.at("adex").check(spec, 0.1);
        FAIL();
    } catch (const hornet::ParamError& e) {
        EXPECT_STREQ(e.what(),
                     "population 'exc' (adex): V_peak = -60 mV must be above V_T = -50.4 mV");
    }
    spec.params = {{"V_reset", -30.0}};
    EXPECT_THROW(reg.at("adex").check(spec, 0.1), hornet::ParamError);
    spec.params = {{"Delta_T", 0.0}};
    EXPECT_THROW(reg.at("adex").check(spec, 0.1), hornet::ParamError);
}

// Zero input: the fixed point (g_L + a)(V - E_L) = g_L Delta_T e^((V - V_T)/Delta_T), w =
// a (V - E_L), just above E_L; reached without spikes.
TEST(Adex, RestsAtItsFixedPointWithoutInput) {
    const Adex::Params p;
    Neuron n(p, 0.1);
    n.run(10000.0);
    double V = p.E_L; // Newton on the fixed-point equation
    for (int i = 0; i < 50; ++i) {
        const double e = p.g_L * std::exp((V - p.V_T) / p.Delta_T);
        V -= ((p.g_L + p.a) * (V - p.E_L) - p.Delta_T * e) / ((p.g_L + p.a) - e);
    }
    EXPECT_NEAR(n.s.V_m[0], V, 1e-10);
    EXPECT_NEAR(n.s.w[0], p.a * (V - p.E_L), 1e-9);
    EXPECT_TRUE(n.spike_times.empty());
}

// t_ref = 2 ms at h = 0.1 ms: V is held at V_reset for round(t_ref/h) - 1 = 19 steps after the
// spike's own step (lif_cond's convention), while w keeps relaxing.
TEST(Adex, RefractoryPeriodHoldsVAtReset) {
    Adex::Params p;
    p.I_e = 1000.0;
    p.t_ref = 2.0;
    Neuron n(p, 0.1);
    n.ports_in_use = 0b11;
    n.run(12.0); // steps 0-119; the first spike is stamped 11.7 ms (step 117)
    ASSERT_EQ(n.spike_times.size(), 1u);
    const double w_after = n.s.w[0];
    for (int i = 0; i < 19 - 2; ++i) { // steps 118 and 119 of the 19 held ones already ran
        n.advance();
        ASSERT_EQ(n.s.V_m[0], p.V_reset) << "step " << i;
    }
    n.advance();
    EXPECT_GT(n.s.V_m[0], p.V_reset); // free again, depolarised by I_e
    EXPECT_LT(n.s.w[0], w_after);     // w decays towards a (V_reset - E_L) = 0
}

// (5) Runaway: an absurd current or conductance gives a finite V that is detected as a spike and
// reset in the same step; nothing becomes NaN.
TEST(Adex, AbsurdInputIsDetectedAsSpikeNotNaN) {
    Adex::Params p;
    p.I_e = 1e12;
    Neuron n(p, 0.1);
    for (int i = 0; i < 100; ++i) {
        n.input[m::port_ampa][0] = 1e9; // and an absurd conductance every step
        n.advance();
        ASSERT_TRUE(std::isfinite(n.s.V_m[0])) << "step " << i;
        ASSERT_TRUE(std::isfinite(n.s.w[0])) << "step " << i;
        ASSERT_EQ(n.spike_times.size(), static_cast<std::size_t>(i + 1)) << "step " << i;
        ASSERT_LT(std::abs(n.s.V_m[0]), 1e4) << "step " << i; // the health limit
    }
}
