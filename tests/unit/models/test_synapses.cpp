// SPDX-License-Identifier: MIT
// models/synapses: dual-exponential conductance, Mg2+ block forms, ketamine block models.
// Targets V1-V4 and V6 are from SCIENCE.md §7; each test names its source.
#include "hornet/core/error.hpp"
#include "hornet/core/units.hpp"
#include "models/synapses/dual_exponential.hpp"
#include "models/synapses/ketamine_block.hpp"
#include "models/synapses/mg_block.hpp"
#include "models/synapses/receptor_defaults.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <set>
#include <string>

using namespace hornet::models;

namespace {

/// x in [lo, hi] where f(x) = target, f monotonic on the interval; 200 halvings.
double bisect(const std::function<double(double)>& f, double target, double lo, double hi) {
    const bool rising = f(hi) > f(lo);
    for (int i = 0; i < 200; ++i) {
        const double mid = 0.5 * (lo + hi);
        ((f(mid) < target) == rising ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

MgBlock jahr_stevens(double mg_mM) { return MgBlock::make(MgBlockForm::jahr_stevens, mg_mM); }

} // namespace

// ---- Mg2+ block ----------------------------------------------------------------------------

// V1: Jahr & Stevens 1990 [S1], SCIENCE.md §7 (values derived from the formula).
TEST(MgBlock, JahrStevensAt1mMMatchesV1) {
    const auto B = jahr_stevens(1.0);
    const double V[] = {-100, -80, -70, -60, -40, -20, 0, 20, 40};
    const double expected[] = {0.0072, 0.0244, 0.0445, 0.0796, 0.230, 0.508, 0.781, 0.925, 0.977};
    for (int i = 0; i < 9; ++i) EXPECT_NEAR(B(V[i]), expected[i], 1e-3) << "V = " << V[i];
}

// V2: Jahr & Stevens 1990 [S1] at 2 mM, SCIENCE.md §7.
TEST(MgBlock, JahrStevensAt2mMMatchesV2) {
    const auto B = jahr_stevens(2.0);
    EXPECT_NEAR(B(-60), 0.0415, 1e-3);
    EXPECT_NEAR(B(-20), 0.341, 1e-3);
    EXPECT_NEAR(B(0), 0.641, 1e-3);
}

// V3: half-block voltage at 1 mM, -20.5 mV (SCIENCE.md §1.2, derived from [S1]), found on the
// function itself; v_half() must agree.
TEST(MgBlock, JahrStevensHalfBlockMatchesV3) {
    const auto B = jahr_stevens(1.0);
    const double v = bisect([&](double x) { return B(x); }, 0.5, -100.0, 40.0);
    EXPECT_NEAR(v, -20.5, 0.1);
    EXPECT_NEAR(B.v_half(), v, 1e-9);
    EXPECT_NEAR(B.v_half(), std::log(1.0 / 3.57) / 0.062, 1e-12);
}

// Each alternative form against its published closed form (SCIENCE.md §1.2 [S10,S11]).
TEST(MgBlock, AlternativeFormsMatchTheirClosedForms) {
    const auto near = [](double a, double b) { EXPECT_NEAR(a, b, 1e-12 * std::abs(b)); };
    for (double V : {-90.0, -65.0, -30.0, -7.0, 0.0, 25.0}) {
        // bmtool bg2pyr.mod [S11]
        near(MgBlock::make(MgBlockForm::folded_033, 1.0)(V), 1 / (1 + 0.33 * std::exp(-0.06 * V)));
        // Durstewitz & Gabriel 2006 mod file [S11]
        near(MgBlock::make(MgBlockForm::durstewitz_gabriel, 1.0)(V),
             1.50265 / (1 + 0.33 * std::exp(-0.0625 * V)));
        // Major et al. 2008 sigmoid at its 1.8 mM Mg [S10]
        near(MgBlock::make(MgBlockForm::major_tank, 1.8)(V),
             1 / (1 + std::exp(-(V + 19.9) / 12.48)));
        // Jadi et al. 2012 sigmoid [S10]
        near(MgBlock::make(MgBlockForm::jadi, 1.0)(V), 1 / (1 + std::exp(-(V + 7.0) / 12.5)));
        // Ascher & Nowak 1988 rates, steady state unblock / (unblock + block) [S10]
        for (double mg : {0.5, 1.0, 2.0}) {
            const double unblock = 5.4 * std::exp(V / 47), block = 0.61 * mg * std::exp(-V / 17);
            near(MgBlock::make(MgBlockForm::ascher_nowak, mg)(V), unblock / (unblock + block));
        }
        // Jahr & Stevens with the spelling 1 / (1 + 0.28 Mg exp(-0.062 V)) [S11]: 1/3.57 = 0.2801
        EXPECT_NEAR(jahr_stevens(1.2)(V), 1 / (1 + 0.28 * 1.2 * std::exp(-0.062 * V)), 1e-3);
    }
}

// Major/Tank V_half -19.9 mV (at 1.8 mM) and Jadi V_half -7 mV [S10], found by bisection.
TEST(MgBlock, SigmoidHalfBlockVoltages) {
    const auto mt = MgBlock::make(MgBlockForm::major_tank, 1.8);
    const auto jadi = MgBlock::make(MgBlockForm::jadi, 1.0);
    EXPECT_NEAR(bisect([&](double v) { return mt(v); }, 0.5, -100.0, 40.0), -19.9, 1e-9);
    EXPECT_NEAR(bisect([&](double v) { return jadi(v); }, 0.5, -100.0, 40.0), -7.0, 1e-9);
    EXPECT_NEAR(mt.v_half(), -19.9, 1e-12);
    EXPECT_NEAR(jadi.v_half(), -7.0, 1e-12);
}

// Major et al. derived their sigmoid from the Ascher-Nowak rates at 1.8 mM [S10]; scaling its c
// by Mg / 1.8 mM keeps the two in step at every [Mg]o.
TEST(MgBlock, MajorTankIsAscherNowakSteadyState) {
    for (double mg : {1.0, 1.8, 3.0})
        for (double V = -100; V <= 40; V += 5)
            EXPECT_NEAR(MgBlock::make(MgBlockForm::major_tank, mg)(V),
                        MgBlock::make(MgBlockForm::ascher_nowak, mg)(V), 2e-3)
                << "Mg " << mg << " V " << V;
}

TEST(MgBlock, FoldedFormsIgnoreMgAndSayso) {
    for (auto form :
         {MgBlockForm::folded_033, MgBlockForm::durstewitz_gabriel, MgBlockForm::jadi}) {
        EXPECT_FALSE(mg_block_uses_mg(form));
        EXPECT_EQ(MgBlock::make(form, 1.0)(-40), MgBlock::make(form, 3.0)(-40));
    }
    for (auto form :
         {MgBlockForm::jahr_stevens, MgBlockForm::major_tank, MgBlockForm::ascher_nowak}) {
        EXPECT_TRUE(mg_block_uses_mg(form));
        EXPECT_LT(MgBlock::make(form, 3.0)(-40), MgBlock::make(form, 1.0)(-40));
        EXPECT_EQ(MgBlock::make(form, 0.0)(-80), 1.0); // Mg-free: no block
    }
}

TEST(MgBlock, NamesRoundTripAndParamsBuildTheBlock) {
    ASSERT_EQ(mg_block_form_names().size(), 6u);
    for (std::size_t i = 0; i < mg_block_form_names().size(); ++i) {
        const auto form = parse_mg_block_form(mg_block_form_names()[i]);
        ASSERT_TRUE(form.has_value());
        EXPECT_EQ(static_cast<std::size_t>(*form), i);
        EXPECT_EQ(mg_block_form_name(*form), mg_block_form_names()[i]);
    }
    EXPECT_FALSE(parse_mg_block_form("Jahr_Stevens").has_value());
    EXPECT_EQ(mg_block_form_name(MgBlockForm::jahr_stevens), "jahr_stevens");
    MgBlockParams p; // defaults: jahr_stevens, 1 mM
    EXPECT_EQ(make_mg_block(p)(-30), jahr_stevens(1.0)(-30));
    p.mg_block = static_cast<double>(MgBlockForm::ascher_nowak);
    p.Mg_o = 2.0;
    EXPECT_EQ(make_mg_block(p)(-30), MgBlock::make(MgBlockForm::ascher_nowak, 2.0)(-30));
}

// ---- dual exponential ----------------------------------------------------------------------

// V4: one NMDA event (Aguiar 2010, 5 / 70 ms [S3]) peaks at w after 5*70/65 ln 14 = 14.2 ms.
TEST(DualExponential, NmdaEventPeaksAtItsWeightAtV4Time) {
    const double tr = receptors::nmda_aguiar.tau_rise, td = receptors::nmda_aguiar.tau_decay;
    const double t_pk = DualExpPropagator::peak_time(tr, td);
    EXPECT_NEAR(t_pk, 14.2, 0.1);
    EXPECT_NEAR(t_pk, 5.0 * 70.0 / 65.0 * std::log(14.0), 1e-12);
    const double f = DualExpPropagator::peak_normalisation(tr, td);
    EXPECT_NEAR(f * (std::exp(-t_pk / td) - std::exp(-t_pk / tr)), 1.0, 1e-14);

    const double dt = 0.01, w = 2.5; // [ms], [nS]
    const auto k = DualExpPropagator::make(tr, td, dt);
    double a = k.jump(w), b = k.jump(w), g_max = 0.0, t_max = 0.0;
    for (int n = 0; n < 5000; ++n) {
        const double g = b - a; // g(t_n)
        if (g > g_max) g_max = g, t_max = n * dt;
        a = k.advance_rise(a);
        b = k.advance_decay(b);
    }
    EXPECT_NEAR(t_max, t_pk, 0.1);
    EXPECT_NEAR(g_max, w, 1e-6 * w);
}

TEST(DualExponential, MidpointIsTheExactConductanceHalfAStepLater) {
    const double tr = 2.0, td = 100.0, dt = 0.1; // Medlock 2022 NMDA [S6]
    const auto k = DualExpPropagator::make(tr, td, dt);
    const double w = 1.0, f = k.f_norm;
    const auto exact = [&](double t) { return w * f * (std::exp(-t / td) - std::exp(-t / tr)); };
    double a = k.jump(w), b = k.jump(w);
    for (int n = 0; n < 300; ++n) {
        EXPECT_NEAR(k.midpoint(a, b), exact((n + 0.5) * dt), 1e-13);
        a = k.advance_rise(a);
        b = k.advance_decay(b);
    }
}

// tau_rise = 0 is the single exponential w exp(-t / tau_decay).
TEST(DualExponential, ZeroRiseTimeIsASingleExponential) {
    EXPECT_EQ(DualExpPropagator::peak_time(0.0, 5.0), 0.0);
    EXPECT_EQ(DualExpPropagator::peak_normalisation(0.0, 5.0), 1.0);
    const auto k = DualExpPropagator::make(0.0, 5.0, 0.1);
    double a = k.jump(3.0), b = k.jump(3.0);
    EXPECT_NEAR(k.midpoint(a, b), 3.0 * std::exp(-0.05 / 5.0), 1e-15);
    a = k.advance_rise(a);
    b = k.advance_decay(b);
    EXPECT_EQ(a, 0.0);
    EXPECT_NEAR(b - a, 3.0 * std::exp(-0.1 / 5.0), 1e-15);
}

TEST(DualExponential, ValidationNamesTheParameterValueAndUnit) {
    EXPECT_NO_THROW(validate_dual_exp(0.0, 5.0, "pop.nmda"));
    EXPECT_NO_THROW(validate_dual_exp(5.0, 70.0, "pop.nmda"));
    const auto message = [](double tr, double td) {
        try {
            validate_dual_exp(tr, td, "pop.nmda");
        } catch (const hornet::ParamError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_EQ(message(5, 5), "pop.nmda: tau_rise = 5 ms must be < tau_decay = 5 ms");
    EXPECT_EQ(message(-1, 5), "pop.nmda: tau_rise = -1 ms must be >= 0 ms (0: single exponential)");
    EXPECT_EQ(message(1, 0), "pop.nmda: tau_decay = 0 ms must be > 0 ms");
    EXPECT_NE(message(NAN, 5).find("tau_rise = nan"), std::string::npos);
}

// Every published row (SCIENCE.md §1.1, §1.3) is a valid dual exponential with a unique name.
TEST(ReceptorDefaults, RowsAreValidAndUniquelyNamed) {
    std::set<std::string_view> names;
    for (const auto& r : receptors::table) {
        EXPECT_NO_THROW(validate_dual_exp(r.tau_rise, r.tau_decay, r.name));
        EXPECT_TRUE(names.insert(r.name).second) << r.name;
        EXPECT_FALSE(r.source.empty());
    }
    EXPECT_EQ(receptors::nmda_ca_fraction, 0.10); // Aguiar 2010 [S3]
    EXPECT_EQ(receptors::Mg_o_mM, MgBlockParams{}.Mg_o);
}

// ---- ketamine: steady_state (SCIENCE.md §2.4) ---------------------------------------------

TEST(KetamineSteadyState, HillOccupancyIsHalfAtIC50) {
    SteadyStateBlockParams p;
    EXPECT_EQ(steady_state_occupancy(p.IC50_ket, 0.0, p), 0.5);
    EXPECT_EQ(steady_state_occupancy(0.0, 0.0, p), 0.0);
    p.n_ket = 1.4; // sermeor inhib_NMDA ketamine Hill coefficient [S68]
    p.IC50_ket = 2.0;
    EXPECT_NEAR(steady_state_occupancy(2.0, 0.0, p), 0.5, 1e-15);
    EXPECT_NEAR(steady_state_occupancy(4.0, 0.0, p), 1 / (1 + std::pow(0.5, 1.4)), 1e-15);
    EXPECT_EQ(steady_state_unblocked(2.0, 0.0, p), 0.5);
}

TEST(KetamineSteadyState, NorketamineAddsAndTheSumIsClippedAt1) {
    const SteadyStateBlockParams p; // IC50 1 uM [S14], norketamine 4x [S19]
    // K = IC50/3 and NK = IC50_nk/3 occupy 1/4 each
    EXPECT_NEAR(steady_state_occupancy(1.0 / 3.0, 4.0 / 3.0, p), 0.5, 1e-15);
    EXPECT_NEAR(steady_state_occupancy(0.0, 4.0, p), 0.5, 1e-15);
    EXPECT_EQ(steady_state_occupancy(3.0, 12.0, p), 1.0); // 0.75 + 0.75
    EXPECT_EQ(steady_state_unblocked(3.0, 12.0, p), 0.0);
}

// ---- ketamine: competitive (SCIENCE.md §2.3) ----------------------------------------------

TEST(KetamineCompetitive, WithoutDrugItIsTheMgBlock) {
    const PoreSiteParams p;
    for (auto form : {MgBlockForm::jahr_stevens, MgBlockForm::durstewitz_gabriel}) {
        const auto mg = MgBlock::make(form, 1.0);
        const auto block = CompetitiveBlock::make(mg, p);
        for (double V = -100; V <= 40; V += 10) EXPECT_EQ(block(V, 0.0, 0.0), mg(V));
    }
}

// V6: 1 mM Mg raises ketamine's apparent IC50 at -66 mV by 1 + Mg / K_Mg(-66 mV) = 17.8
// (derived from Jahr & Stevens [S1], SCIENCE.md §2.3 and §7). Apparent IC50: the K at which the
// multiplier is half its drug-free value, found by bisection with and without Mg.
TEST(KetamineCompetitive, MgShiftsTheApparentIC50ByV6) {
    const PoreSiteParams p;
    const double V = -66.0;
    const auto ic50 = [&](double mg_mM) {
        const auto block = CompetitiveBlock::make(jahr_stevens(mg_mM), p);
        return bisect([&](double K) { return block(V, K, 0.0); }, 0.5 * block(V, 0.0, 0.0), 0.0,
                      1e3);
    };
    const double shift = ic50(1.0) / ic50(0.0);
    EXPECT_NEAR(shift, 17.8, 0.01 * 17.8);
    EXPECT_NEAR(shift, 1.0 + 1.0 / 3.57 * std::exp(0.062 * 66.0), 1e-9 * shift);
    EXPECT_NEAR(ic50(0.0), p.Kd_ket, 1e-12); // Mg-free at V_ref: the Kd itself
}

TEST(KetamineCompetitive, WoodhullVoltageDependenceAndNorketamine) {
    const PoreSiteParams p; // Kd 0.3 uM at -66 mV, delta 0.8 (assumed)
    const double VT = thermal_voltage_37C_mV;
    EXPECT_NEAR(VT, 26.7, 0.05); // SCIENCE.md §2.3
    EXPECT_NEAR(pore_Kd(p.V_ref_ket, p), p.Kd_ket, 1e-15);
    // one e-fold per VT / delta of depolarisation (z = +1)
    EXPECT_NEAR(pore_Kd(p.V_ref_ket + VT / p.delta_ket, p), std::exp(1.0) * p.Kd_ket, 1e-14);
    const auto block = CompetitiveBlock::make(MgBlock::make(MgBlockForm::jahr_stevens, 0.0), p);
    for (double V : {-80.0, -40.0, 0.0}) {
        EXPECT_NEAR(block(V, 0.7, 0.0), 1 / (1 + 0.7 / pore_Kd(V, p)), 1e-14);
        // norketamine acts as ketamine at Kd_ratio_nket times the concentration
        EXPECT_NEAR(block(V, 0.0, 0.7 * p.Kd_ratio_nket), block(V, 0.7, 0.0), 1e-14);
    }
}

// ---- ketamine: trapping (SCIENCE.md §2.3 scheme C/O/OB/CB) ---------------------------------

namespace {

/// dBt/dt of the trapping scheme, written out independently of the kernel.
double trapping_rhs(double Bt, double Po, double K, double V, const TrappingParams& t,
                    const PoreSiteParams& p) {
    const double koff =
        t.kon_ket * p.Kd_ket * std::exp(p.delta_ket * (V - p.V_ref_ket) / thermal_voltage_37C_mV);
    return Po * t.kon_ket * K * (1 - Bt) - Po * koff * Bt - (1 - Po) * t.k_esc_ket * Bt;
}

/// Classical RK4 of the trapping ODE over [0, T] with Po(t), V(t) and n steps.
double rk4(double Bt, const std::function<double(double)>& Po, double K,
           const std::function<double(double)>& V, double T, int n, const TrappingParams& t,
           const PoreSiteParams& p) {
    const double h = T / n;
    const auto f = [&](double s, double B) { return trapping_rhs(B, Po(s), K, V(s), t, p); };
    for (int i = 0; i < n; ++i) {
        const double s = i * h;
        const double k1 = f(s, Bt), k2 = f(s + h / 2, Bt + h / 2 * k1);
        const double k3 = f(s + h / 2, Bt + h / 2 * k2), k4 = f(s + h, Bt + h * k3);
        Bt += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
    }
    return Bt;
}

} // namespace

// Full trapping (k_esc = 0): equilibrium K / (K + koff / kon) for every Po (SCIENCE.md §2.3).
TEST(KetamineTrapping, EquilibriumIsIndependentOfOpenProbability) {
    const TrappingParams t;
    const PoreSiteParams p;
    const double K = 0.5, V = -66.0, expected = K / (K + p.Kd_ket);
    for (double Po : {0.05, 0.2, 1.0}) {
        EXPECT_NEAR(trapping_equilibrium(Po, K, V, t, p), expected, 1e-15) << "Po " << Po;
        double Bt = 0.0;
        const auto step = TrappingStep::make(t, p, 0.1);
        for (int n = 0; n < 200000; ++n) Bt = step(Bt, Po, K, V); // 20 s >> 1/rate
        EXPECT_NEAR(Bt, expected, 1e-12) << "Po " << Po;
    }
    EXPECT_NEAR(trapping_equilibrium(0.0, K, V, t, p), expected, 1e-15); // Po -> 0 limit
}

// ... but it is approached at rate Po (kon K + koff): block builds only with use.
TEST(KetamineTrapping, TimeToEquilibriumScalesAsOneOverPo) {
    const TrappingParams t;
    const PoreSiteParams p;
    const double K = 0.5, V = -66.0, target = (1 - std::exp(-1.0)) * K / (K + p.Kd_ket);
    const auto t63 = [&](double Po) { // exact update, so any h is one "step"
        return bisect([&](double h) { return trapping_update(0.0, Po, K, V, h, t, p); }, target,
                      0.0, 1e6);
    };
    const double t1 = t63(1.0);
    EXPECT_NEAR(t1, 1.0 / trapping_rate(1.0, K, V, t, p), 1e-9 * t1);
    EXPECT_NEAR(t63(0.2) / t1, 5.0, 0.05);
    EXPECT_NEAR(t63(0.05) / t1, 20.0, 0.2);
}

TEST(KetamineTrapping, ClosedChannelsKeepTheirBlock) {
    const TrappingParams t; // k_esc = 0
    const PoreSiteParams p;
    const auto step = TrappingStep::make(t, p, 0.1);
    for (double K : {0.0, 1.0, 10.0})
        EXPECT_EQ(step(0.37, 0.0, K, -66.0), 0.37); // trapped block persists when Po = 0
}

TEST(KetamineTrapping, PartialTrappingEscapesAtKesc) {
    TrappingParams t;
    t.k_esc_ket = 0.002; // [1/ms] illustrative
    const PoreSiteParams p;
    double Bt = 0.6;
    const auto step = TrappingStep::make(t, p, 0.1);
    for (int n = 0; n < 10000; ++n) Bt = step(Bt, 0.0, 1.0, -66.0); // 1 s closed
    EXPECT_NEAR(Bt, 0.6 * std::exp(-0.002 * 1000.0), 1e-12);
    EXPECT_EQ(trapping_equilibrium(0.0, 1.0, -66.0, t, p), 0.0);
}

// The exact step agrees with a fine RK4 integration of the same frozen ODE.
TEST(KetamineTrapping, ExactStepMatchesRk4) {
    TrappingParams t;
    t.k_esc_ket = 0.01;
    const PoreSiteParams p;
    for (double Po : {0.0, 0.05, 0.5, 1.0})
        for (double V : {-80.0, -20.0, 10.0}) {
            const auto c = [](double x) { return [x](double) { return x; }; };
            const double ref = rk4(0.2, c(Po), 2.0, c(V), 5.0, 5000, t, p);
            EXPECT_NEAR(trapping_update(0.2, Po, 2.0, V, 5.0, t, p), ref, 1e-13)
                << "Po " << Po << " V " << V;
        }
}

// With Po(t) and V(t) varying, exact steps on midpoint values converge at order 2 (STYLE.md §10).
TEST(KetamineTrapping, MidpointStepsConvergeAtOrderTwo) {
    TrappingParams t;
    t.k_esc_ket = 0.01;
    const PoreSiteParams p;
    const double pi = std::acos(-1.0), K = 1.0, T = 50.0;
    const auto Po = [&](double s) { return 0.3 + 0.25 * std::sin(2 * pi * s / 20.0); };
    const auto V = [&](double s) { return -50.0 + 20.0 * std::sin(2 * pi * s / 15.0); };
    const double ref = rk4(0.1, Po, K, V, T, 200000, t, p);
    double previous = 0.0;
    for (double h : {0.4, 0.2, 0.1, 0.05}) {
        const auto step = TrappingStep::make(t, p, h);
        double Bt = 0.1;
        const int n = static_cast<int>(std::lround(T / h));
        for (int i = 0; i < n; ++i) Bt = step(Bt, Po((i + 0.5) * h), K, V((i + 0.5) * h));
        const double error = std::abs(Bt - ref);
        EXPECT_LT(error, 1e-3);
        if (previous > 0.0) {
            EXPECT_NEAR(std::log2(previous / error), 2.0, 0.2) << "h " << h;
        }
        previous = error;
    }
}

TEST(KetamineTrapping, OpenProbabilityIsClampedAndBlockStaysAFraction) {
    const TrappingParams t;
    const PoreSiteParams p;
    const auto step = TrappingStep::make(t, p, 0.1);
    EXPECT_EQ(step(0.3, 1.7, 2.0, -40.0), step(0.3, 1.0, 2.0, -40.0));
    EXPECT_EQ(step(0.3, -0.5, 2.0, -40.0), step(0.3, 0.0, 2.0, -40.0));
    double Bt = 0.0;
    for (int n = 0; n < 1000; ++n) {
        Bt = step(Bt, 1.0, 1e4, -100.0);
        ASSERT_GE(Bt, 0.0);
        ASSERT_LE(Bt, 1.0);
    }
}

// ---- names and descriptor tables -----------------------------------------------------------

TEST(KetamineBlock, ModelNamesRoundTrip) {
    ASSERT_EQ(ketamine_block_model_names().size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) {
        const auto m = parse_ketamine_block_model(ketamine_block_model_names()[i]);
        ASSERT_TRUE(m.has_value());
        EXPECT_EQ(static_cast<std::size_t>(*m), i);
        EXPECT_EQ(ketamine_block_model_name(*m), ketamine_block_model_names()[i]);
    }
    EXPECT_FALSE(parse_ketamine_block_model("hill").has_value());
}

namespace {

template <class Params, std::size_t N>
void check_table(const std::array<hornet::ParamField<Params>, N>& fields,
                 std::set<std::string_view>& names) {
    for (const auto& f : fields) {
        EXPECT_NO_THROW(hornet::parse_unit(f.unit)) << f.name << " [" << f.unit << "]";
        EXPECT_TRUE(f.bounds.contains(Params{}.*(f.member))) << f.name;
        EXPECT_FALSE(f.doc.empty()) << f.name;
        EXPECT_TRUE(names.insert(f.name).second) << "duplicate parameter " << f.name;
    }
}

} // namespace

// The config reader reads these tables generically: units must parse, defaults must lie within
// the bounds, and names must stay unique when a neuron model lists all of them.
TEST(SynapseParameters, TablesAreConsistent) {
    std::set<std::string_view> names;
    check_table(mg_block_parameters, names);
    check_table(steady_state_block_parameters, names);
    check_table(pore_site_parameters, names);
    check_table(trapping_parameters, names);
    EXPECT_EQ(hornet::quantity_in("1.44e8 1/M/s", "1/ms/uM"), 0.144);
    EXPECT_THROW(
        hornet::check_bounds(PoreSiteParams{0.3, -66, 1.5, 4}, pore_site_parameters, "pop"),
        hornet::ParamError);
}
