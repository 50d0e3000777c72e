// SPDX-License-Identifier: MIT
// models/plasticity/shouval: calcium-control rule of Shouval, Bear & Cooper 2002 [S54,S10].
// Target V15 is from SCIENCE.md §7; each test names its source. The calcium amplitudes,
// tau_post and lambda are assumptions (SCIENCE.md §5.3 UNVERIFIED); tests that depend on them
// say so.
#include "hornet/core/error.hpp"
#include "hornet/core/parameters.hpp"
#include "hornet/core/random.hpp"
#include "models/plasticity/shouval.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iomanip>
#include <sstream>
#include <string>
#include <vector>

using hornet::models::Shouval;

namespace {

constexpr double dt = 0.1; // [ms]

/// "1.23e-06": for RecordProperty.
std::string sci(double x) {
    std::ostringstream out;
    out << std::setprecision(3) << std::scientific << x;
    return out.str();
}

std::int64_t steps(double ms) { return std::llround(ms / dt); }

struct Event {
    std::int64_t step;
    int kind; // 0: pre (on_pre), 1: post (on_post)
    friend bool operator<(const Event& a, const Event& b) {
        return a.step != b.step ? a.step < b.step : a.kind < b.kind;
    }
};

/// n pre spikes every period_ms from t0_ms; a post spike lag_ms after each unless lag is NaN.
std::vector<Event> pairs(double period_ms, double lag_ms, int n, double t0_ms,
                         bool with_pre = true) {
    std::vector<Event> ev;
    for (int j = 0; j < n; ++j) {
        const std::int64_t start = steps(t0_ms + j * period_ms);
        if (with_pre) ev.push_back({start, 0});
        if (!std::isnan(lag_ms)) ev.push_back({start + steps(lag_ms), 1});
    }
    std::sort(ev.begin(), ev.end());
    return ev;
}

/// Runs `ev` on one synapse from the initial state; returns it advanced to `end`.
Shouval::Synapse run(const Shouval::Propagators& k, const std::vector<Event>& ev, std::int64_t end,
                     double gate = 1.0) {
    const hornet::CounterRng rng(1, hornet::RngPurpose::plasticity, 0);
    const hornet::SynapseNoise noise(rng, 0, 0); // unused by this rule
    Shouval::Synapse s = Shouval::initial(k, 0.5);
    for (const Event& e : ev) {
        if (e.kind == 0)
            Shouval::on_pre(s, k, e.step, gate, noise);
        else
            Shouval::on_post(s, k, e.step, noise);
    }
    s.W = Shouval::value_at(s, k, end);
    return s;
}

/// Reference: classical RK4 of dW/dt = eta(Ca)(Omega(Ca) - lambda W) with the exact Ca(t),
/// step h_ms everywhere (no quiet-tail shortcut).
double reference_W(const Shouval::Params& p, const std::vector<Event>& ev, std::int64_t end,
                   double gate, double h_ms) {
    double W = p.W_initial, fast = 0, slow = 0, post = 0;
    std::int64_t last = 0;
    const auto advance = [&](std::int64_t to) {
        const double T = static_cast<double>(to - last) * dt;
        if (T <= 0) return;
        const int n = static_cast<int>(std::ceil(T / h_ms));
        const double h = T / n;
        const auto f = [&](double s, double w) {
            const double ca = fast * std::exp(-s / p.tau_nmda_fast) +
                              slow * std::exp(-s / p.tau_nmda_slow) +
                              post * std::exp(-s / p.tau_post);
            return Shouval::eta(ca, p) * (Shouval::omega(ca, p) - p.lambda * w);
        };
        for (int i = 0; i < n; ++i) {
            const double s = i * h;
            const double k1 = f(s, W), k2 = f(s + h / 2, W + h / 2 * k1),
                         k3 = f(s + h / 2, W + h / 2 * k2), k4 = f(s + h, W + h * k3);
            W += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
        }
        fast *= std::exp(-T / p.tau_nmda_fast);
        slow *= std::exp(-T / p.tau_nmda_slow);
        post *= std::exp(-T / p.tau_post);
        last = to;
    };
    for (const Event& e : ev) {
        advance(e.step);
        if (e.kind == 0) {
            fast += gate * p.A_pre * p.nmda_fast_fraction;
            slow += gate * p.A_pre * (1 - p.nmda_fast_fraction);
        } else {
            post += p.A_post;
        }
    }
    advance(end);
    return W;
}

} // namespace

// ---- V15: Omega and eta [S54] -----------------------------------------------------------------

// SCIENCE.md V15 (derived from [S54]): Omega 0.25 at 0, ~0.005 at 0.4 uM, ~0.98 at 0.6 uM,
// tolerance 1e-3. Exact values: 0.25 - 1.7e-13, 0.004503, 0.982014; "0.98" is 2e-3 off, so
// the test uses the value to three decimals, 0.982.
TEST(Shouval, OmegaMatchesV15) {
    const Shouval::Params p;
    EXPECT_NEAR(Shouval::omega(0.0, p), 0.25, 1e-3);
    EXPECT_NEAR(Shouval::omega(0.4, p), 0.0045, 1e-3);
    EXPECT_NEAR(Shouval::omega(0.6, p), 0.982, 1e-3);
    // LTD window between 0.35 and 0.55 uM, LTP above [S54]
    EXPECT_LT(Shouval::omega(0.45, p), 0.01);
    EXPECT_GT(Shouval::omega(0.7, p), 0.99);
}

// 1/eta = P1/(P2 + Ca^3) + P4, P1 = 0.1 s, P2 = 1e-5, P4 = 1 s [S54]. SCIENCE.md §5.3 gives
// "about 1e4 s, 2.6 s, 1.5 s" (derived, rounded); exact: 10001 s, 2.5624 s, 1.4629 s.
TEST(Shouval, EtaTimeConstantsMatchScience) {
    const Shouval::Params p;
    const auto inv_eta_s = [&](double ca) { return 1.0 / Shouval::eta(ca, p) / 1000.0; };
    EXPECT_NEAR(inv_eta_s(0.0), 0.1 / 1e-5 + 1.0, 1e-9);
    EXPECT_NEAR(inv_eta_s(0.4), 0.1 / (1e-5 + 0.064) + 1.0, 1e-12);
    EXPECT_NEAR(inv_eta_s(0.6), 0.1 / (1e-5 + 0.216) + 1.0, 1e-12);
    EXPECT_NEAR(inv_eta_s(0.0), 1e4, 1e4 * 1e-3);
    EXPECT_NEAR(inv_eta_s(0.4), 2.6, 0.05);
    EXPECT_NEAR(inv_eta_s(0.6), 1.5, 0.05);
}

// ---- parameters -------------------------------------------------------------------------------

TEST(Shouval, DefaultsAreSetZeroAndWithinBounds) {
    EXPECT_EQ(Shouval::parameter_sets[0].name, "default");
    for (const auto& f : Shouval::parameters)
        EXPECT_EQ(Shouval::parameter_sets[0].values.*(f.member), Shouval::Params{}.*(f.member));
    EXPECT_NO_THROW(hornet::check_bounds(Shouval::Params{}, Shouval::parameters, "default"));
    EXPECT_NO_THROW(Shouval::validate(Shouval::Params{}, "default"));
    // W_initial is the resting fixed point Omega(0)/lambda (assumption, see the header)
    EXPECT_NEAR(Shouval::Params{}.W_initial, Shouval::omega(0.0, Shouval::Params{}), 1e-12);
}

TEST(Shouval, ValidateNamesParameterValueAndUnit) {
    Shouval::Params p;
    p.theta_d = 0.6;
    try {
        Shouval::validate(p, "projections.c_fibre (shouval)");
        FAIL() << "no ParamError";
    } catch (const hornet::ParamError& e) {
        const std::string msg = e.what();
        EXPECT_NE(msg.find("projections.c_fibre (shouval)"), std::string::npos) << msg;
        EXPECT_NE(msg.find("theta_d = 0.6 uM"), std::string::npos) << msg;
        EXPECT_NE(msg.find("theta_p = 0.55 uM"), std::string::npos) << msg;
    }
    p = {};
    p.theta_d = 0.1; // the sigmoid would reach below the quiet calcium level
    EXPECT_THROW(Shouval::validate(p, "x"), hornet::ParamError);
}

// ---- integration ------------------------------------------------------------------------------

// Zero input: W_initial is the resting fixed point, so an hour of silence changes nothing
// (to the 1.7e-13 by which Omega(0) falls short of 0.25).
TEST(Shouval, SilentSynapseStaysAtRest) {
    const auto k = Shouval::prepare(Shouval::Params{}, dt);
    const Shouval::Synapse s = Shouval::initial(k, 0.3);
    EXPECT_NEAR(Shouval::value_at(s, k, steps(3.6e6)), s.W, 1e-12);
    EXPECT_EQ(Shouval::efficacy(s, k), 1.0);
}

// The sub-stepped exponential integrator against RK4 (step 0.02 ms) of the same ODE, for
// 5 pre-post pairings at 1 Hz (+10 ms), post-pre (-10 ms), pre alone, and a 100 Hz pre
// train of 50 spikes, at gate 1 and 0.5. Measured error: about 1e-6 in W (W ~ 0.25).
TEST(Shouval, IntegratorMatchesRk4) {
    const Shouval::Params p;
    const auto k = Shouval::prepare(p, dt);
    double worst = 0;
    const std::vector<std::vector<Event>> protocols = {
        pairs(1000.0, 10.0, 5, 100.0), pairs(1000.0, -10.0, 5, 100.0),
        pairs(1000.0, std::nan(""), 5, 100.0), pairs(10.0, std::nan(""), 50, 100.0)};
    for (const auto& ev : protocols) {
        for (double gate : {1.0, 0.5}) {
            const std::int64_t end = ev.back().step + steps(1000.0);
            const double W = run(k, ev, end, gate).W;
            const double ref = reference_W(p, ev, end, gate, 0.02);
            worst = std::max(worst, std::abs(W - ref));
            EXPECT_NEAR(W, ref, 5e-6) << "gate " << gate;
        }
    }
    RecordProperty("worst_W_error", sci(worst));
}

// With the assumed amplitudes: one presynaptic event peaks at A_pre = 0.45 uM, inside the LTD
// window (0.35-0.55 uM [S54]), and depresses; a pairing (+10 ms) peaks above theta_p and
// potentiates.
TEST(Shouval, OnePreEventDepressesAPairingPotentiates) {
    const Shouval::Params p;
    const auto k = Shouval::prepare(p, dt);
    EXPECT_GT(p.A_pre, p.theta_d);
    EXPECT_LT(p.A_pre, p.theta_p);
    EXPECT_LT(p.A_post, p.theta_d);
    const auto one_pre = pairs(1000.0, std::nan(""), 1, 0.0);
    EXPECT_LT(run(k, one_pre, steps(2000.0)).W, p.W_initial);
    const auto one_pair = pairs(1000.0, 10.0, 1, 0.0);
    const Shouval::Synapse at_post = run(k, {one_pair[0]}, steps(10.0));
    const double peak = at_post.ca_fast + at_post.ca_slow + p.A_post;
    EXPECT_GT(peak, p.theta_p);
    EXPECT_GT(run(k, one_pair, steps(2000.0)).W, p.W_initial);
}

// The ketamine gate scales only the NMDA calcium. 60 pairings at 1 Hz, post 10 ms after pre:
// gate 1 potentiates (+14 %); gate 0 leaves only the postsynaptic 0.3 uM, below the LTD
// window, so W stays within 1e-3 of W_initial; gate 0.5 moves the pairing calcium into the
// LTD window (SCIENCE.md §5.4 hypothesis 2) and depresses.
TEST(Shouval, GateZeroRemovesPairingLtp) {
    const Shouval::Params p;
    const auto k = Shouval::prepare(p, dt);
    const auto ev = pairs(1000.0, 10.0, 60, 100.0);
    const std::int64_t end = ev.back().step + steps(2000.0);
    const auto ratio = [&](double gate) { return Shouval::efficacy(run(k, ev, end, gate), k); };
    RecordProperty("W_ratio_gate_1_0.5_0", std::to_string(ratio(1.0)) + " " +
                                               std::to_string(ratio(0.5)) + " " +
                                               std::to_string(ratio(0.0)));
    EXPECT_GT(ratio(1.0), 1.1);
    EXPECT_NEAR(ratio(0.0), 1.0, 1e-3);
    EXPECT_LT(ratio(0.5), 0.95);
}
