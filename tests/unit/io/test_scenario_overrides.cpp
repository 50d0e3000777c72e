// SPDX-License-Identifier: MIT
// --set overrides: paths through tables and arrays of tables, unquoted values, and errors that
// name the override instead of a line of the file.
#include "test_scenario_support.hpp"

namespace hornet::io {
namespace {

using testing::contains;
using testing::diagnostics_of;
using testing::only_error;
using testing::parse;

/// Two populations, one named and one unnamed projection, one report.
const std::string base = std::string(testing::minimal) + R"(
[[populations]]
name = "inh"
model = "lif_cond"
size = 5

[[projections]]
name = "ee"
source = "exc"
target = "exc"
receptor = "exc"
weight = "1 nS"
delay = "1 ms"
connectivity = { rule = "fixed_probability", p = 0.1 }

[[projections]]
source = "exc"
target = "inh"
receptor = "exc"
weight = "1 nS"
delay = "1 ms"
connectivity = { rule = "all_to_all" }

[[recording.reports]]
population = "exc"
variables = ["V_m"]
neurons = "all"
)";

TEST(ScenarioOverrides, SetScalarsWithAndWithoutQuotes) {
    const Scenario s = parse(
        base, {"simulation.seed=7", "simulation.duration=200 ms", "simulation.dt=\"0.05 ms\""});
    EXPECT_EQ(s.simulation.seed, 7u);
    EXPECT_DOUBLE_EQ(s.simulation.duration_ms, 200.0);
    EXPECT_DOUBLE_EQ(s.simulation.dt_ms, 0.05);
}

TEST(ScenarioOverrides, SelectPopulationsByName) {
    const Scenario s = parse(base, {"populations.exc.size=100000", "populations.inh.size = 7"});
    EXPECT_EQ(s.network.populations[0].size, 100000u);
    EXPECT_EQ(s.network.populations[1].size, 7u);
}

TEST(ScenarioOverrides, AddAKeyThatTheFileDoesNotSet) {
    const Scenario s =
        parse(base, {"populations.exc.params.t_ref=30 ms", "populations.exc.params.I_e=100 pA"});
    EXPECT_DOUBLE_EQ(s.network.populations[0].params.at("t_ref"), 30.0);
    EXPECT_DOUBLE_EQ(s.network.populations[0].params.at("I_e"), 100.0);
}

TEST(ScenarioOverrides, SelectProjectionsByNameOrDefaultName) {
    const Scenario s =
        parse(base, {"projections.ee.connectivity.p=0.05", "projections.exc_to_inh.weight=2 nS",
                     "projections.exc_to_inh.connectivity={ rule = \"one_to_one\" }",
                     "populations.inh.size=10"});
    EXPECT_DOUBLE_EQ(s.network.projections[0].connectivity.probability, 0.05);
    EXPECT_DOUBLE_EQ(s.network.projections[1].weight.a, 2.0);
    EXPECT_EQ(s.network.projections[1].connectivity.rule, ConnectionRule::one_to_one);
}

TEST(ScenarioOverrides, SelectReportsByIndex) {
    const Scenario s = parse(base, {"recording.reports.0.interval=2 ms"});
    EXPECT_DOUBLE_EQ(s.recording.reports[0].interval_ms, 2.0);
}

TEST(ScenarioOverrides, LaterOverridesWin) {
    const Scenario s = parse(base, {"simulation.seed=7", "simulation.seed=8"});
    EXPECT_EQ(s.simulation.seed, 8u);
}

TEST(ScenarioOverrides, ResolvedTomlHoldsTheOverriddenValues) {
    const Scenario s = parse(base, {"populations.exc.size=123", "simulation.duration=2 s"});
    EXPECT_TRUE(contains(s.resolved_toml, "size = 123"));
    EXPECT_TRUE(contains(s.resolved_toml, "duration = '2 s'"));
    EXPECT_EQ(parse(s.resolved_toml).network.populations[0].size, 123u);
}

TEST(ScenarioOverrides, UnknownElementNameIsAnOverrideError) {
    const auto d = diagnostics_of(base, {"populations.exx.size=5"});
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].file, "--set");
    EXPECT_EQ(d[0].line, 0);
    EXPECT_EQ(d[0].key, "populations.exx.size=5");
    EXPECT_EQ(d[0].format(), "--set: populations.exx.size=5: no element \"exx\" in populations "
                             "(hint: did you mean \"exc\"?)");
}

TEST(ScenarioOverrides, PathsThatCannotBeFollowedAreOverrideErrors) {
    EXPECT_TRUE(contains(only_error(base, {"simulation.duration.low=1"}),
                         "--set: simulation.duration.low=1: \"duration\" is a value, not a table"));
    EXPECT_TRUE(contains(only_error(base, {"simulation.seed"}),
                         "--set: simulation.seed: an override needs a value (hint: write "
                         "key.path=value)"));
    EXPECT_TRUE(contains(only_error(base, {"recording.reports.3.interval=1 ms"}),
                         "no element \"3\" in reports"));
    EXPECT_TRUE(contains(only_error(base, {"simulation..seed=1"}), "empty key"));
}

TEST(ScenarioOverrides, BadOverriddenValuesNameTheOverride) {
    EXPECT_EQ(only_error(base, {"populations.exc.params.t_ref=20 mV"}),
              "--set: populations.exc.params.t_ref: \"20 mV\" is a voltage; expected a time "
              "(hint: write e.g. \"20 ms\")");
    EXPECT_EQ(only_error(base, {"populations.exc.size=big"}),
              "--set: populations.exc.size: expected an integer, got a string (\"big\")");
}

TEST(ScenarioOverrides, UnknownKeysAddedByAnOverrideAreCaught) {
    EXPECT_EQ(only_error(base, {"populations.exc.params.t_rfe=2 ms"}),
              "--set: populations.exc.params.t_rfe: unknown parameter \"t_rfe\" of lif_cond "
              "(hint: did you mean \"t_ref\"?)");
}

TEST(ScenarioOverrides, FileErrorsStillCarryTheirLines) {
    const auto d = diagnostics_of(base + "bogus = 1\n", {"populations.exc.size=0"});
    ASSERT_EQ(d.size(), 2u);
    EXPECT_EQ(d[0].file, "test.toml"); // the file's problems come first
    EXPECT_GT(d[0].line, 0);
    EXPECT_EQ(d[1].file, "--set");
    EXPECT_EQ(d[1].key, "populations.exc.size");
}

} // namespace
} // namespace hornet::io
