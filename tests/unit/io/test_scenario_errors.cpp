// SPDX-License-Identifier: MIT
// Invalid scenarios: each error class is reported with file, line, column, key path and hint,
// and every problem of a file is reported, not only the first.
#include "test_scenario_support.hpp"

#include <algorithm>
#include <filesystem>

namespace hornet::io {
namespace {

using testing::contains;
using testing::diagnostics_of;
using testing::minimal;
using testing::only_error;

/// `text` with its first `from` replaced by `to`.
std::string replace(std::string_view text, std::string_view from, std::string_view to) {
    std::string s(text);
    const auto pos = s.find(from);
    EXPECT_NE(pos, std::string::npos) << from;
    if (pos != std::string::npos) s.replace(pos, from.size(), to);
    return s;
}

/// The minimal scenario plus one projection exc -> exc on lines 8-14.
const std::string with_projection = std::string(minimal) + R"([[projections]]
source = "exc"
target = "exc"
receptor = "exc"
weight = "1 nS"
delay = "1 ms"
connectivity = { rule = "fixed_probability", p = 0.1 }
)";

TEST(ScenarioErrors, SyntaxErrorIsReportedAloneAtItsPosition) {
    const auto d = diagnostics_of(replace(minimal, "size = 10", "size = = 10"));
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].file, "test.toml");
    EXPECT_EQ(d[0].line, 7);
    EXPECT_GT(d[0].column, 0);
    EXPECT_TRUE(contains(d[0].message, "TOML syntax error"));
}

TEST(ScenarioErrors, UnknownKeySuggestsTheNearestAllowedKey) {
    const std::string e =
        only_error(std::string(minimal) + "[populations.params]\nt_rfe = \"2 ms\"\n");
    EXPECT_TRUE(contains(e, "test.toml:9:1: populations.exc.params.t_rfe: unknown parameter"));
    EXPECT_TRUE(contains(e, "did you mean \"t_ref\"?"));
}

TEST(ScenarioErrors, UnknownTopLevelTableSuggestsTheNearest) {
    const std::string e = only_error(std::string(minimal) + "[simulaton]\nseed = 3\n");
    EXPECT_TRUE(contains(e, "test.toml:8:"));
    EXPECT_TRUE(contains(e, "simulaton: unknown key"));
    EXPECT_TRUE(contains(e, "did you mean \"simulation\"?"));
}

TEST(ScenarioErrors, UnknownKeyWithoutNearMatchListsTheAllowedKeys) {
    const std::string e = only_error(replace(minimal, "size = 10", "size = 10\ncolour = 3"));
    EXPECT_TRUE(contains(e, "test.toml:8:1: populations.exc.colour: unknown key \"colour\""));
    EXPECT_TRUE(contains(e, "allowed: name, model, size, params, initial"));
}

TEST(ScenarioErrors, WrongDimensionNamesBothDimensions) {
    EXPECT_EQ(only_error(std::string(minimal) + "[populations.params]\nt_ref = \"20 mV\"\n"),
              "test.toml:9:9: populations.exc.params.t_ref: \"20 mV\" is a voltage; expected a "
              "time (hint: write e.g. \"20 ms\")");
}

TEST(ScenarioErrors, BareNumberForADimensionedParameterIsAMissingUnit) {
    EXPECT_EQ(only_error(std::string(minimal) + "[populations.params]\nC_m = 200\n"),
              "test.toml:9:7: populations.exc.params.C_m: 200 has no unit; expected a "
              "capacitance (hint: write \"200 pF\")");
}

TEST(ScenarioErrors, UnreadableQuantitiesAreReported) {
    const std::string bad_number =
        only_error(std::string(minimal) + "[populations.params]\nC_m = \"lots\"\n");
    EXPECT_TRUE(contains(bad_number, "test.toml:9:7: populations.exc.params.C_m:"));
    EXPECT_TRUE(contains(bad_number, "\"lots\""));
    const std::string bad_unit =
        only_error(std::string(minimal) + "[populations.params]\nC_m = \"200 pFF\"\n");
    EXPECT_TRUE(contains(bad_unit, "test.toml:9:7: populations.exc.params.C_m:"));
    EXPECT_TRUE(contains(bad_unit, "unknown unit 'pFF'"));
}

TEST(ScenarioErrors, ParameterOutOfItsBounds) {
    EXPECT_EQ(only_error(std::string(minimal) + "[populations.params]\nC_m = \"-1 pF\"\n"),
              "test.toml:9:7: populations.exc.params.C_m: -1 pF is out of bounds; must be > 0 pF");
}

TEST(ScenarioErrors, NonPositiveStepAndShortDurationAreOutOfBounds) {
    const auto d = diagnostics_of(replace(minimal, "duration", "dt = \"0 ms\"\nduration"));
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].format(), "test.toml:2:6: simulation.dt: 0 ms is out of bounds; must be > 0 ms");
    EXPECT_TRUE(contains(only_error(replace(minimal, "\"100 ms\"", "\"0.01 ms\"")),
                         "test.toml:2:12: simulation.duration: 0.01 ms is out of bounds; "
                         "must be >= 0.1 ms"));
}

TEST(ScenarioErrors, SizeMustBeAPositiveInteger) {
    EXPECT_EQ(
        only_error(replace(minimal, "size = 10", "size = -5")),
        "test.toml:7:8: populations.exc.size: -5 is out of bounds; must be in [1, 4294967295]");
    EXPECT_EQ(only_error(replace(minimal, "size = 10", "size = \"big\"")),
              "test.toml:7:8: populations.exc.size: expected an integer, got a string (\"big\")");
}

TEST(ScenarioErrors, MissingRequiredKeyIsReportedAtItsTable) {
    const std::string e = only_error(std::string(minimal) +
                                     "\n[[populations]]\nname = \"inh\"\nmodel = \"lif_cond\"\n");
    EXPECT_EQ(e, "test.toml:9:1: populations.inh.size: missing required key \"size\" "
                 "(hint: add size = 100)");
    const auto no_duration = diagnostics_of(replace(minimal, "duration = \"100 ms\"", "seed = 3"));
    ASSERT_EQ(no_duration.size(), 1u);
    EXPECT_EQ(no_duration[0].line, 1);
    EXPECT_EQ(no_duration[0].key, "simulation.duration");
}

TEST(ScenarioErrors, MissingSimulationTableHasNoLine) {
    const auto d = diagnostics_of(replace(minimal, "[simulation]\nduration = \"100 ms\"", ""));
    ASSERT_EQ(d.size(), 1u);
    EXPECT_EQ(d[0].format(), "test.toml: simulation: missing required table [simulation] "
                             "(hint: add [simulation] with duration = \"1 s\")");
}

TEST(ScenarioErrors, UnknownModelListsTheKnownOnes) {
    const std::string e = only_error(replace(minimal, "\"lif_cond\"", "\"lif_cnd\""));
    EXPECT_TRUE(contains(e, "test.toml:6:9: populations.exc.model: unknown model \"lif_cnd\""));
    EXPECT_TRUE(contains(e, "did you mean \"lif_cond\"?"));
    EXPECT_TRUE(contains(e, "known models: ")); // every registered model, alphabetically
    EXPECT_LT(e.find("lif_cond, poisson_source"), std::string::npos);
}

TEST(ScenarioErrors, UnknownPopulationInAProjectionSuggestsTheNearest) {
    const std::string e =
        only_error(replace(with_projection, "source = \"exc\"", "source = \"exx\""));
    EXPECT_TRUE(contains(e, "test.toml:9:10: projections.exx_to_exc.source: unknown population "
                            "\"exx\" (hint: did you mean \"exc\"?)"));
}

TEST(ScenarioErrors, UnknownReceptorListsTheModelsReceptors) {
    const std::string e =
        only_error(replace(with_projection, "receptor = \"exc\"", "receptor = \"nmdaa\""));
    EXPECT_TRUE(contains(e, "test.toml:11:12: projections.exc_to_exc.receptor: unknown receptor "
                            "\"nmdaa\" of model lif_cond"));
    EXPECT_TRUE(contains(e, "did you mean \"nmda\"?"));
    EXPECT_TRUE(contains(e, "receptors of lif_cond: exc, inh, ampa, nmda, gaba_a, glycine, nk1"));
}

TEST(ScenarioErrors, ProjectionBoundsAreChecked) {
    EXPECT_TRUE(contains(only_error(replace(with_projection, "p = 0.1", "p = 1.5")),
                         "test.toml:14:50: projections.exc_to_exc.connectivity.p: 1.5 is out of "
                         "bounds; must be in [0, 1]"));
    EXPECT_TRUE(contains(only_error(replace(with_projection, "\"1 ms\"", "\"0.05 ms\"")),
                         "test.toml:13:9: projections.exc_to_exc.delay: 0.05 ms is out of bounds; "
                         "must be in [0.1, 6553.5] ms"));
    EXPECT_TRUE(contains(only_error(replace(with_projection, "\"1 nS\"", "\"-1 nS\"")),
                         "test.toml:12:10: projections.exc_to_exc.weight: -1 nS is out of bounds; "
                         "must be >= 0 nS"));
    EXPECT_TRUE(
        contains(only_error(replace(with_projection, "\"1 nS\"",
                                    "{ distribution = \"normal\", mean = \"1 nS\", std = \"1 nS\", "
                                    "min = \"-1 nS\" }")),
                 "projections.exc_to_exc.weight.min: -1 nS is out of bounds"));
}

TEST(ScenarioErrors, DistributionTablesAreChecked) {
    const std::string uniform = "{ distribution = \"uniform\", low = \"2 ms\", high = \"1 ms\" }";
    EXPECT_TRUE(contains(only_error(replace(with_projection, "\"1 ms\"", uniform)),
                         "projections.exc_to_exc.delay.high: high (1 ms) is below low (2 ms)"));
    const std::string normal = "{ distribution = \"normal\", mean = \"1 ms\", std = \"-1 ms\" }";
    EXPECT_TRUE(
        contains(only_error(replace(with_projection, "\"1 ms\"", normal)),
                 "projections.exc_to_exc.delay.std: -1 ms is out of bounds; must be >= 0 ms"));
    const std::string misspelt = "{ distribution = \"gauss\", mean = \"1 ms\", std = \"1 ms\" }";
    EXPECT_TRUE(contains(only_error(replace(with_projection, "\"1 ms\"", misspelt)),
                         "unknown distribution \"gauss\""));
}

TEST(ScenarioErrors, ConnectivityMustBeSatisfiable) {
    const std::string other = "\n[[populations]]\nname = \"inh\"\nmodel = \"lif_cond\"\nsize = 5\n";
    const std::string one_to_one =
        replace(replace(with_projection, "target = \"exc\"", "target = \"inh\""),
                "rule = \"fixed_probability\", p = 0.1", "rule = \"one_to_one\"") +
        other;
    EXPECT_TRUE(contains(only_error(one_to_one),
                         "projections.exc_to_inh.connectivity.rule: one_to_one needs populations "
                         "of equal size; \"exc\" has 10 neurons, \"inh\" has 5"));
    const std::string indegree = replace(with_projection, "rule = \"fixed_probability\", p = 0.1",
                                         "rule = \"fixed_indegree\", indegree = 10, allow_autapses "
                                         "= false, allow_multapses = false");
    EXPECT_TRUE(contains(only_error(indegree),
                         "connectivity.indegree: 10 exceeds the 9 distinct sources available in "
                         "\"exc\" (10 neurons, no autapses)"));
    EXPECT_TRUE(
        contains(only_error(replace(with_projection, "\"fixed_probability\"", "\"all_to_all\"")),
                 "connectivity.p: \"p\" is not used by rule all_to_all"));
    EXPECT_TRUE(
        contains(only_error(replace(with_projection, "\"fixed_probability\"", "\"fixed_prob\"")),
                 "did you mean \"fixed_probability\"?"));
}

TEST(ScenarioErrors, UnknownStateVariablesSuggestTheNearest) {
    EXPECT_TRUE(
        contains(only_error(std::string(minimal) + "[populations.initial]\nv_m = \"-60 mV\"\n"),
                 "test.toml:9:1: populations.exc.initial.v_m: unknown state variable \"v_m\" "
                 "of lif_cond (hint: did you mean \"V_m\"?)"));
    const std::string report =
        std::string(minimal) +
        "[[recording.reports]]\npopulation = \"exc\"\nvariables = [\"V_mm\"]\nneurons = \"all\"\n";
    EXPECT_TRUE(contains(only_error(report),
                         "test.toml:10:14: recording.reports.0.variables[0]: unknown state "
                         "variable \"V_mm\" (hint: did you mean \"V_m\"?"));
}

TEST(ScenarioErrors, RecordingNamesAndIdsMustExist) {
    EXPECT_TRUE(
        contains(only_error(std::string(minimal) + "[recording]\nspikes = [\"exc\", \"ex\"]\n"),
                 "test.toml:9:18: recording.spikes[1]: unknown population \"ex\""));
    const std::string report =
        std::string(minimal) +
        "[[recording.reports]]\npopulation = \"exc\"\nvariables = [\"V_m\"]\nneurons = [0, 10]\n";
    EXPECT_TRUE(contains(only_error(report),
                         "test.toml:11:15: recording.reports.0.neurons[1]: 10 is out of bounds; "
                         "must be in [0, 9]"));
}

TEST(ScenarioErrors, DuplicateNamesReportBothLines) {
    const std::string e =
        only_error(std::string(minimal) +
                   "\n[[populations]]\nname = \"exc\"\nmodel = \"lif_cond\"\nsize = 3\n");
    EXPECT_EQ(e, "test.toml:10:8: populations.exc.name: duplicate population name \"exc\"; first "
                 "used at line 5 (hint: give every population its own name)");
    const std::string twice = with_projection + with_projection.substr(minimal.size());
    EXPECT_TRUE(contains(only_error(twice), "test.toml:15:1: projections.exc_to_exc.name: "
                                            "duplicate projection name \"exc_to_exc\"; first "
                                            "used at line 8"));
}

TEST(ScenarioErrors, ModelChecksParameterCombinations) {
    const std::string e = only_error(
        std::string(minimal) + "[populations.params]\nV_th = \"-50 mV\"\nV_reset = \"-40 mV\"\n");
    EXPECT_TRUE(contains(e, "test.toml:8:1: populations.exc.params: "));
    EXPECT_TRUE(contains(e, "V_reset"));
}

TEST(ScenarioErrors, EveryProblemInAFileIsReported) {
    const auto file =
        std::filesystem::path(HORNET_SOURCE_DIR) / "tests/data/scenarios/several_errors.toml";
    try {
        (void)read_scenario(file, {}, testing::registry());
        FAIL() << "the scenario was accepted";
    } catch (const ScenarioError& e) {
        const auto& d = e.diagnostics();
        ASSERT_EQ(d.size(), 7u) << e.what();
        std::vector<std::string> keys;
        for (const auto& x : d) {
            EXPECT_EQ(x.file, file.string());
            keys.push_back(x.key);
        }
        EXPECT_EQ(keys, (std::vector<std::string>{
                            "simulation.dt", "populations.exc.size", "populations.exc.params.t_rfe",
                            "populations.inh.model", "projections.ei.receptor",
                            "projections.ei.delay", "recording.reports.0.variables[0]"}));
        for (std::size_t i = 1; i < d.size(); ++i) EXPECT_LT(d[i - 1].line, d[i].line);
        // what() lists them all, one per line.
        const std::string all = e.what();
        EXPECT_EQ(std::count(all.begin(), all.end(), '\n'), 6);
    }
}

} // namespace
} // namespace hornet::io

// A rule that depends on the step (a Poisson rate above one spike per step) is found while
// reading, with the location of the population's parameters, not later when the network is built.
TEST(ScenarioErrors, StepDependentParameterRulesAreReportedWithLocation) {
    const std::string text = R"([simulation]
dt = "0.1 ms"
duration = "1 s"

[[populations]]
name = "drive"
model = "poisson_source"
size = 10
[populations.params]
rate = "20 kHz"
)";
    hornet::ModelRegistry registry;
    hornet::models::register_builtin_models(registry);
    try {
        (void)hornet::io::parse_scenario(text, "rate.toml", {}, registry);
        FAIL() << "expected ScenarioError";
    } catch (const hornet::io::ScenarioError& e) {
        const std::string m = e.what();
        EXPECT_NE(m.find("rate.toml:9:"), std::string::npos) << m;
        EXPECT_NE(m.find("one spike per step"), std::string::npos) << m;
    }
}
