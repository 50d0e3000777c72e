// SPDX-License-Identifier: MIT
// [pharmacology], projections onto several receptors and choice parameters: valid input lands
// in the Scenario in canonical units (ms, mg, mg/min, uM); bad input is reported at its key.
#include "test_scenario_support.hpp"

#include <cmath>
#include <string>

namespace hornet::io {
namespace {

using testing::contains;
using testing::minimal;
using testing::only_error;
using testing::parse;

std::string with(std::string_view tail) { return std::string(minimal) + std::string(tail); }

TEST(ScenarioPharmacology, ReadsASchedulePerKgInCanonicalUnits) {
    const Scenario s = parse(with(R"(
[pharmacology]
parameter_set = "kamp_2020"
body_weight = "80 kg"
scaling = "allometric"
sample_interval = "5 min"
[[pharmacology.doses]]
start = "9 h"
rate = "0.35 mg/kg/h"
duration = "4 h"
repeat = { every = "24 h", count = 10 }
[[pharmacology.doses]]
start = "0 min"
dose = "500 ug/kg"
over = "40 min"
)"));
    const PharmacologySpec& p = s.pharmacology;
    ASSERT_TRUE(p.enabled);
    EXPECT_FALSE(p.fixed);
    EXPECT_EQ(p.parameter_set, "kamp_2020");
    EXPECT_EQ(p.scaling, "allometric");
    EXPECT_DOUBLE_EQ(p.body_weight_kg, 80.0);
    EXPECT_DOUBLE_EQ(p.sample_interval_ms, 300000.0);
    ASSERT_EQ(p.doses.size(), 2u);
    const DoseEntry& infusion = p.doses[0];
    EXPECT_EQ(infusion.kind, DoseEntry::Kind::infusion);
    EXPECT_TRUE(infusion.per_kg);
    EXPECT_DOUBLE_EQ(infusion.start_ms, 9 * 3.6e6);
    EXPECT_NEAR(infusion.rate_mg_per_min, 0.35 / 60.0, 1e-15);
    EXPECT_DOUBLE_EQ(infusion.duration_ms, 4 * 3.6e6);
    EXPECT_DOUBLE_EQ(infusion.repeat_every_ms, 24 * 3.6e6);
    EXPECT_EQ(infusion.repeat_count, 10);
    const DoseEntry& bolus = p.doses[1];
    EXPECT_EQ(bolus.kind, DoseEntry::Kind::bolus);
    EXPECT_TRUE(bolus.per_kg);
    EXPECT_NEAR(bolus.amount_mg, 0.5, 1e-15);
    EXPECT_DOUBLE_EQ(bolus.duration_ms, 40 * 60000.0);
}

// ng/mL -> uM with the molar mass of the base, 237.7 g/mol (SCIENCE.md §2.1 [S17,S73]).
TEST(ScenarioPharmacology, ReadsAFixedConcentrationByMassOrMolar) {
    const Scenario a = parse(with("[pharmacology]\nconcentration = \"237.7 ng/mL\"\n"));
    ASSERT_TRUE(a.pharmacology.fixed);
    EXPECT_NEAR(a.pharmacology.fixed->ketamine_uM, 1.0, 1e-12);
    const Scenario b = parse(with("[pharmacology]\nconcentration = \"500 nM\"\n"
                                  "norketamine_concentration = \"2 uM\"\n"));
    EXPECT_NEAR(b.pharmacology.fixed->ketamine_uM, 0.5, 1e-12);
    EXPECT_NEAR(b.pharmacology.fixed->norketamine_uM, 2.0, 1e-12);
}

TEST(ScenarioPharmacology, BlockDefaultsReachPopulationsUnlessTheySetTheirOwn) {
    const Scenario s = parse(R"([simulation]
duration = "100 ms"
[[populations]]
name = "a"
model = "lif_cond"
size = 10
[[populations]]
name = "b"
model = "lif_cond"
size = 10
params = { IC50_ket = "3 uM" }
[[populations]]
name = "drive"
model = "poisson_source"
size = 10
[pharmacology]
concentration = "1 uM"
[pharmacology.block]
ketamine_block = "competitive"
IC50_ket = "2 uM"
)");
    const auto& pops = s.network.populations;
    EXPECT_EQ(pops[0].params.at("ketamine_block"), 1.0); // index of "competitive"
    EXPECT_EQ(pops[0].params.at("IC50_ket"), 2.0);
    EXPECT_EQ(pops[1].params.at("IC50_ket"), 3.0);
    EXPECT_EQ(pops[2].params.count("IC50_ket"), 0u); // a source has no NMDA receptors
}

TEST(ScenarioPharmacology, APharmacokineticsOnlyScenarioNeedsNoPopulations) {
    const Scenario s = parse("[simulation]\nduration = \"1 day\"\n[pharmacology]\n"
                             "[[pharmacology.doses]]\nstart = \"0 h\"\ndose = \"35 mg\"\n");
    EXPECT_TRUE(s.network.populations.empty());
    EXPECT_FALSE(s.pharmacology.doses.front().per_kg);
    EXPECT_DOUBLE_EQ(s.pharmacology.doses.front().amount_mg, 35.0);
}

TEST(ScenarioPharmacology, WrongKindOfDoseNamesTheKey) {
    const std::string e = only_error(with(R"(
[pharmacology]
[[pharmacology.doses]]
start = "0 h"
rate = "0.5 mg/kg"
duration = "4 h"
)"));
    EXPECT_TRUE(contains(e, "test.toml:12:8: pharmacology.doses[0].rate: \"0.5 mg/kg\" is a dose, "
                            "not a rate (mass per time)"));
}

TEST(ScenarioPharmacology, RepeatShorterThanTheDoseIsAScheduleError) {
    const std::string e = only_error(with(R"(
[pharmacology]
[[pharmacology.doses]]
start = "0 h"
rate = "1 mg/h"
duration = "4 h"
repeat = { every = "2 h", count = 3 }
)"));
    EXPECT_TRUE(contains(e, "test.toml:10:1: pharmacology.doses[0]:")) << e;
}

TEST(ScenarioPharmacology, UnknownChoiceSuggestsTheNearest) {
    const std::string e = only_error(with(R"(
[pharmacology]
concentration = "1 uM"
[pharmacology.block]
ketamine_block = "traping"
)"));
    EXPECT_TRUE(contains(e, "test.toml:12:18: pharmacology.block.ketamine_block: unknown "
                            "ketamine_block \"traping\" (hint: did you mean \"trapping\"?"));
}

TEST(ScenarioPharmacology, KeysOfPharmacokineticsAreRefusedWithAFixedConcentration) {
    const std::string e = only_error(with(R"(
[pharmacology]
concentration = "1 uM"
body_weight = "70 kg"
)"));
    EXPECT_TRUE(contains(e, "pharmacology.body_weight: body_weight is not used with a fixed "
                            "concentration"));
}

constexpr std::string_view two_receptors = R"([simulation]
duration = "100 ms"
[[populations]]
name = "exc"
model = "lif_cond"
size = 10
[[projections]]
source = "exc"
target = "exc"
receptor = ["ampa", "nmda"]
weight = ["1 nS", "0.5 nS"]
delay = "1 ms"
connectivity = { rule = "fixed_probability", p = 0.5 }
)";

TEST(ScenarioProjections, OneConnectionOntoSeveralReceptorsSharesItsSynapses) {
    const Scenario s = parse(two_receptors);
    const auto& projs = s.network.projections;
    ASSERT_EQ(projs.size(), 2u);
    EXPECT_EQ(projs[0].name, "exc_to_exc_ampa");
    EXPECT_EQ(projs[1].name, "exc_to_exc_nmda");
    EXPECT_EQ(projs[0].receptor, "ampa");
    EXPECT_EQ(projs[1].receptor, "nmda");
    EXPECT_DOUBLE_EQ(projs[0].weight.a, 1.0);
    EXPECT_DOUBLE_EQ(projs[1].weight.a, 0.5);
    EXPECT_GE(projs[0].connectivity_key, 0);
    EXPECT_EQ(projs[0].connectivity_key, projs[1].connectivity_key);
}

TEST(ScenarioProjections, OneWeightPerReceptorIsRequired) {
    std::string text(two_receptors);
    const std::string list = "[\"1 nS\", \"0.5 nS\"]";
    text.replace(text.find(list), list.size(), "\"1 nS\"");
    const std::string e = only_error(text);
    EXPECT_TRUE(contains(e, "projections.exc_to_exc.weight: expected a list of 2 weights, one per "
                            "receptor"));
}

} // namespace
} // namespace hornet::io
