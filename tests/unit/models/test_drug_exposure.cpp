// SPDX-License-Identifier: MIT
// DrugExposure: a scenario's [pharmacology] as receptor concentrations over time. The per-kg
// schedule is resolved by body weight, the conversion to the receptors is effect site x free
// fraction x brain/plasma ratio / molar mass (SCIENCE.md §2.1), and the fast path for the
// simulator's evenly spaced calls gives what an exact solve at each time gives.
#include "models/pharmacology/drug_exposure.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace m = hornet::models;
using hornet::DoseEntry;
using hornet::PharmacologySpec;

namespace {

/// 0.5 mg/kg/h for 4 h from t = 10 min, then a 20 mg bolus at 5 h (SCIENCE.md V7 protocol).
PharmacologySpec infusion_spec() {
    PharmacologySpec spec;
    spec.enabled = true;
    spec.parameter_set = "domino_1984";
    spec.body_weight_kg = 70.0;
    DoseEntry infusion;
    infusion.kind = DoseEntry::Kind::infusion;
    infusion.start_ms = 10 * 60000.0;
    infusion.rate_mg_per_min = 0.5 / 60.0;
    infusion.per_kg = true;
    infusion.duration_ms = 4 * 3.6e6;
    DoseEntry bolus;
    bolus.kind = DoseEntry::Kind::bolus;
    bolus.start_ms = 5 * 3.6e6;
    bolus.amount_mg = 20.0;
    spec.doses = {infusion, bolus};
    return spec;
}

} // namespace

TEST(DrugExposure, ResolvesPerKgDosesByBodyWeight) {
    auto spec = infusion_spec();
    spec.body_weight_kg = 80.0;
    const auto doses = m::dose_specs(spec);
    ASSERT_EQ(doses.size(), 2u);
    EXPECT_NEAR(doses[0].rate_mg_per_min, 0.5 * 80.0 / 60.0, 1e-14);
    EXPECT_DOUBLE_EQ(doses[0].start_min, 10.0);
    EXPECT_DOUBLE_EQ(doses[0].duration_min, 240.0);
    EXPECT_DOUBLE_EQ(doses[1].amount_mg, 20.0); // absolute: not scaled
}

// Receptor ketamine = effect site [ng/mL] x free fraction x brain/plasma / 237.7 g/mol.
TEST(DrugExposure, ConvertsTheEffectSiteToReceptorMicromolar) {
    auto spec = infusion_spec();
    spec.free_fraction = 0.6;
    spec.brain_plasma_ratio = 1.5;
    m::DrugExposure exposure(spec);
    const std::vector<double> times{2 * 3.6e6};
    const auto s = exposure.samples(times).front();
    EXPECT_GT(s.effect_site_ng_per_mL, 100.0);
    EXPECT_NEAR(s.receptor.ketamine_uM, s.effect_site_ng_per_mL * 0.9 / 237.7, 1e-12);
    EXPECT_NEAR(s.receptor.norketamine_uM, s.norketamine_ng_per_mL * 0.9 / 223.7, 1e-12);
}

// The simulator's calls (every slice, 0.2 ms apart) take the sampler path; they agree with an
// exact solve at every time, across the end of the infusion and the bolus.
TEST(DrugExposure, EvenlySpacedCallsMatchTheExactSolution) {
    const auto spec = infusion_spec();
    m::DrugExposure stepped(spec), exact(spec);
    const double slice_ms = 0.2;
    const double start_ms = 4 * 3.6e6 + 10 * 60000.0 - 1000.0; // 1 s before the infusion ends
    for (int k = 0; k < 20000; ++k) {                          // 4 s
        const double t = start_ms + k * slice_ms;
        const double a = stepped.at(t).ketamine_uM;
        const double b = exact.samples(std::vector<double>{t}).front().receptor.ketamine_uM;
        ASSERT_NEAR(a, b, 1e-10 * b) << "t = " << t << " ms"; // rounding over 1024 steps
    }
    // A jump back in time (a new run) and irregular times fall back to the exact solve.
    for (const double t : {1000.0, 5 * 3.6e6 + 1.0, 5 * 3.6e6 + 7.5, 2e7}) {
        const double b = exact.samples(std::vector<double>{t}).front().receptor.ketamine_uM;
        EXPECT_NEAR(stepped.at(t).ketamine_uM, b, 1e-12 * std::max(b, 1e-9)) << t;
    }
}

TEST(DrugExposure, AFixedConcentrationIsTheSameAtEveryTime) {
    PharmacologySpec spec;
    spec.enabled = true;
    spec.fixed = hornet::DrugLevels{0.7, 0.1};
    m::DrugExposure exposure(spec);
    EXPECT_FALSE(exposure.has_pharmacokinetics());
    EXPECT_EQ(exposure.at(0.0), (hornet::DrugLevels{0.7, 0.1}));
    EXPECT_EQ(exposure.at(1e9), (hornet::DrugLevels{0.7, 0.1}));
}
