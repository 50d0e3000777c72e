// SPDX-License-Identifier: MIT
// Valid scenarios: every field lands in the Scenario, in canonical units.
#include "test_scenario_support.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

namespace hornet::io {
namespace {

using testing::parse;

constexpr std::string_view full = R"(
[simulation]
dt = "0.05 ms"
duration = "1 s"
seed = 42

[[populations]]
name = "exc"
model = "lif_cond"
size = 80
[populations.params]
C_m = "0.2 nF"
t_ref = "5 ms"
V_th = "-50 mV"
[populations.initial]
V_m = { distribution = "uniform", low = "-60 mV", high = "-50 mV" }
g_ex = { distribution = "normal", mean = "40 nS", std = "15 nS", min = "0 nS" }

[[populations]]
name = "inh"
model = "lif_cond"
size = 20
initial = { g_in = "2 nS" }

[[populations]]
name = "drive"
model = "poisson_source"
size = 80
params = { rate = "5 Hz" }

[[projections]]
source = "exc"
target = "inh"
receptor = "exc"
weight = "6 nS"
delay = "0.2 ms"
connectivity = { rule = "fixed_probability", p = 0.02 }

[[projections]]
name = "ii"
source = "inh"
target = "inh"
receptor = "inh"
weight = { distribution = "normal", mean = "60 nS", std = "10 nS" }
delay = { distribution = "uniform", low = "1 ms", high = "2 ms" }
[projections.connectivity]
rule = "fixed_indegree"
indegree = 19
allow_autapses = false
allow_multapses = false

[[projections]]
name = "input"
source = "drive"
target = "exc"
receptor = "exc"
weight = "1 nS"
delay = "1 ms"
connectivity = { rule = "one_to_one" }

[recording]
spikes = ["exc", "inh"]
[[recording.reports]]
population = "exc"
variables = ["V_m", "g_ex"]
neurons = [5, 1, 2, 1]
interval = "1 ms"
[[recording.reports]]
population = "inh"
variables = ["V_m"]
neurons = "all"
[[recording.reports]]
population = "inh"
variables = ["g_in"]
neurons = { first = 3 }
)";

TEST(ScenarioReader, ReadsSimulationInCanonicalUnits) {
    const Scenario s = parse(full);
    EXPECT_DOUBLE_EQ(s.simulation.dt_ms, 0.05);
    EXPECT_DOUBLE_EQ(s.simulation.duration_ms, 1000.0);
    EXPECT_EQ(s.simulation.seed, 42u);
    EXPECT_EQ(s.source_path, "test.toml");
}

TEST(ScenarioReader, ReadsPopulationsInFileOrder) {
    const Scenario s = parse(full);
    const auto& pops = s.network.populations;
    ASSERT_EQ(pops.size(), 3u);
    EXPECT_EQ(pops[0].name, "exc");
    EXPECT_EQ(pops[1].name, "inh");
    EXPECT_EQ(pops[2].name, "drive");
    EXPECT_EQ(pops[0].model, "lif_cond");
    EXPECT_EQ(pops[2].model, "poisson_source");
    EXPECT_EQ(pops[0].size, 80u);
    EXPECT_DOUBLE_EQ(pops[0].params.at("C_m"), 200.0); // "0.2 nF" in pF
    EXPECT_DOUBLE_EQ(pops[0].params.at("t_ref"), 5.0);
    EXPECT_DOUBLE_EQ(pops[0].params.at("V_th"), -50.0);
    EXPECT_EQ(pops[0].params.size(), 3u); // others keep the model's defaults
    EXPECT_DOUBLE_EQ(pops[2].params.at("rate"), 5.0);
}

TEST(ScenarioReader, ReadsInitialStateDistributions) {
    const Scenario s = parse(full);
    const auto& pops = s.network.populations;
    const ValueDistribution& v = pops[0].initial.at("V_m");
    EXPECT_EQ(v.kind, ValueDistribution::Kind::uniform);
    EXPECT_DOUBLE_EQ(v.a, -60.0);
    EXPECT_DOUBLE_EQ(v.b, -50.0);
    const ValueDistribution& g = pops[0].initial.at("g_ex");
    EXPECT_EQ(g.kind, ValueDistribution::Kind::normal);
    EXPECT_DOUBLE_EQ(g.a, 40.0);
    EXPECT_DOUBLE_EQ(g.b, 15.0);
    EXPECT_DOUBLE_EQ(g.min, 0.0);
    EXPECT_TRUE(std::isinf(g.max));
    const ValueDistribution& c = pops[1].initial.at("g_in");
    EXPECT_TRUE(c.is_constant());
    EXPECT_DOUBLE_EQ(c.a, 2.0);
}

TEST(ScenarioReader, ReadsProjections) {
    const Scenario s = parse(full);
    const auto& projections = s.network.projections;
    ASSERT_EQ(projections.size(), 3u);
    const ProjectionSpec& ei = projections[0];
    EXPECT_EQ(ei.name, "exc_to_inh"); // the default name
    EXPECT_EQ(ei.source, "exc");
    EXPECT_EQ(ei.target, "inh");
    EXPECT_EQ(ei.receptor, "exc");
    EXPECT_TRUE(ei.weight.is_constant());
    EXPECT_DOUBLE_EQ(ei.weight.a, 6.0);
    EXPECT_DOUBLE_EQ(ei.delay_ms.a, 0.2);
    EXPECT_EQ(ei.connectivity.rule, ConnectionRule::fixed_probability);
    EXPECT_DOUBLE_EQ(ei.connectivity.probability, 0.02);
    EXPECT_TRUE(ei.connectivity.allow_autapses);
    EXPECT_TRUE(ei.connectivity.allow_multapses);

    const ProjectionSpec& ii = projections[1];
    EXPECT_EQ(ii.name, "ii");
    EXPECT_EQ(ii.connectivity.rule, ConnectionRule::fixed_indegree);
    EXPECT_EQ(ii.connectivity.degree, 19u);
    EXPECT_FALSE(ii.connectivity.allow_autapses);
    EXPECT_FALSE(ii.connectivity.allow_multapses);
    EXPECT_EQ(projections[2].connectivity.rule, ConnectionRule::one_to_one);
}

TEST(ScenarioReader, ClipsWeightDistributionsAtZeroAndDelaysToWholeSteps) {
    const Scenario s = parse(full);
    const ProjectionSpec& ii = s.network.projections[1];
    EXPECT_EQ(ii.weight.kind, ValueDistribution::Kind::normal);
    EXPECT_DOUBLE_EQ(ii.weight.a, 60.0);
    EXPECT_DOUBLE_EQ(ii.weight.b, 10.0);
    EXPECT_DOUBLE_EQ(ii.weight.min, 0.0);
    EXPECT_EQ(ii.delay_ms.kind, ValueDistribution::Kind::uniform);
    EXPECT_DOUBLE_EQ(ii.delay_ms.a, 1.0);
    EXPECT_DOUBLE_EQ(ii.delay_ms.b, 2.0);
    EXPECT_DOUBLE_EQ(ii.delay_ms.min, 0.05);         // one step
    EXPECT_DOUBLE_EQ(ii.delay_ms.max, 65535 * 0.05); // the largest 16-bit step count
}

TEST(ScenarioReader, ReadsRecording) {
    const RecordingSpec r = parse(full).recording;
    EXPECT_EQ(r.spike_populations, (std::vector<std::string>{"exc", "inh"}));
    ASSERT_EQ(r.reports.size(), 3u);
    EXPECT_EQ(r.reports[0].population, "exc");
    EXPECT_EQ(r.reports[0].variables, (std::vector<std::string>{"V_m", "g_ex"}));
    EXPECT_EQ(r.reports[0].node_ids, (std::vector<std::uint64_t>{1, 2, 5})); // sorted, unique
    EXPECT_DOUBLE_EQ(r.reports[0].interval_ms, 1.0);
    EXPECT_TRUE(r.reports[1].node_ids.empty());       // "all"
    EXPECT_DOUBLE_EQ(r.reports[1].interval_ms, 0.05); // default: every step
    EXPECT_EQ(r.reports[2].node_ids, (std::vector<std::uint64_t>{0, 1, 2}));
}

TEST(ScenarioReader, AppliesDefaults) {
    const Scenario s = parse(testing::minimal);
    EXPECT_DOUBLE_EQ(s.simulation.dt_ms, 0.1);
    EXPECT_DOUBLE_EQ(s.simulation.duration_ms, 100.0);
    EXPECT_EQ(s.simulation.seed, 1u);
    EXPECT_TRUE(s.network.populations[0].params.empty());
    EXPECT_TRUE(s.network.projections.empty());
    EXPECT_EQ(s.recording.spike_populations, (std::vector<std::string>{"exc"}));
    EXPECT_TRUE(s.recording.reports.empty());
}

TEST(ScenarioReader, EmptySpikeListRecordsNoSpikes) {
    const Scenario s = parse(std::string(testing::minimal) + "[recording]\nspikes = []\n");
    EXPECT_TRUE(s.recording.spike_populations.empty());
}

TEST(ScenarioReader, ResolvedTomlReadsBackToTheSameScenario) {
    const Scenario first = parse(full);
    EXPECT_NE(first.resolved_toml.find("fixed_indegree"), std::string::npos);
    const Scenario second = parse(first.resolved_toml);
    EXPECT_EQ(second.resolved_toml, first.resolved_toml);
    EXPECT_EQ(second.network.populations[0].params, first.network.populations[0].params);
    EXPECT_DOUBLE_EQ(second.network.projections[1].weight.min, 0.0);
}

TEST(ScenarioReader, ReadsAFile) {
    const auto file = std::filesystem::path(HORNET_BINARY_DIR) / "test_scenario_reader.toml";
    std::ofstream(file) << testing::minimal;
    const Scenario s = read_scenario(file, {}, testing::registry());
    EXPECT_EQ(s.source_path, file.string());
    EXPECT_EQ(s.network.populations.at(0).size, 10u);
    std::filesystem::remove(file);
}

TEST(ScenarioReader, MissingFileIsADiagnosticWithoutALine) {
    const std::filesystem::path file = "no/such/scenario.toml";
    try {
        (void)read_scenario(file, {}, testing::registry());
        FAIL() << "a missing file was accepted";
    } catch (const ScenarioError& e) {
        ASSERT_EQ(e.diagnostics().size(), 1u);
        const Diagnostic& d = e.diagnostics()[0];
        EXPECT_EQ(d.file, file.string());
        EXPECT_EQ(d.line, 0);
        EXPECT_NE(d.message.find("no such file"), std::string::npos);
        EXPECT_EQ(std::string(e.what()).rfind("no/such/scenario.toml: cannot open", 0), 0u);
    }
}

// A named parameter set (Naud et al. 2008 firing types of adex) fills every parameter; params
// then override single ones, wherever they appear in the table.
TEST(ScenarioReader, ParameterSetsFillParametersThatParamsOverride) {
    const Scenario s = parse(R"([simulation]
duration = "100 ms"

[[populations]]
name = "delayed"
model = "adex"
size = 3
params = { b = "10 pA" }
parameter_set = "delayed"
)");
    const auto& params = s.network.populations[0].params;
    const ModelEntry& adex = testing::registry().at("adex");
    const auto set = std::find_if(adex.parameter_sets.begin(), adex.parameter_sets.end(),
                                  [](const auto& p) { return p.name == "delayed"; });
    ASSERT_NE(set, adex.parameter_sets.end());
    EXPECT_EQ(params.size(), adex.parameters.size());
    for (std::size_t i = 0; i < adex.parameters.size(); ++i) {
        const std::string name(adex.parameters[i].name);
        EXPECT_EQ(params.at(name), name == "b" ? 10.0 : set->values[i]) << name;
    }
    const std::string e =
        testing::only_error(std::string(testing::minimal) + "parameter_set = \"tonic\"\n");
    EXPECT_TRUE(testing::contains(e, "test.toml:8:17: populations.exc.parameter_set: model "
                                     "lif_cond has no parameter sets"));
}

namespace {
/// Writes `text` to `name` in a fresh directory of this test and returns the path.
std::filesystem::path write_file(const std::string& dir, const std::string& name,
                                 std::string_view text) {
    const auto root = std::filesystem::temp_directory_path() / ("hornet-base-" + dir);
    std::filesystem::create_directories(root);
    std::ofstream(root / name) << text;
    return root / name;
}
} // namespace

// `base = "circuit.toml"`: the base file's tables come first; the including file adds to them,
// merges arrays of named tables by name and replaces everything else. Errors in the base file
// are located in it.
TEST(ScenarioReader, BaseFilesMergeByName) {
    write_file("merge", "circuit.toml", R"([simulation]
duration = "1 s"

[[populations]]
name = "exc"
model = "lif_cond"
size = 10
params = { E_L = "-65 mV", V_th = "-50 mV" }
)");
    const auto child = write_file("merge", "child.toml", R"(base = "circuit.toml"
[simulation]
duration = "2 s"

[[populations]]
name = "exc"
params = { V_th = "-52 mV" }

[[populations]]
name = "inh"
model = "lif_cond"
size = 5
)");
    const Scenario s = read_scenario(child, {}, testing::registry());
    EXPECT_EQ(s.simulation.duration_ms, 2000.0);
    ASSERT_EQ(s.network.populations.size(), 2u);
    EXPECT_EQ(s.network.populations[0].size, 10u);
    EXPECT_EQ(s.network.populations[0].params.at("E_L"), -65.0);
    EXPECT_EQ(s.network.populations[0].params.at("V_th"), -52.0);
    EXPECT_EQ(s.network.populations[1].name, "inh");
    EXPECT_EQ(s.resolved_toml.find("base"), std::string::npos) << "provenance is self-contained";

    const auto bad_base = write_file("error", "circuit.toml",
                                     "[simulation]\nduration = \"1 s\"\n[[populations]]\n"
                                     "name = \"exc\"\nmodel = \"lif_cnd\"\nsize = 3\n");
    const auto uses_bad = write_file("error", "child.toml", "base = \"circuit.toml\"\n");
    try {
        (void)read_scenario(uses_bad, {}, testing::registry());
        FAIL() << "the bad base was accepted";
    } catch (const ScenarioError& e) {
        ASSERT_EQ(e.diagnostics().size(), 1u);
        EXPECT_EQ(e.diagnostics()[0].file, bad_base.string());
        EXPECT_EQ(e.diagnostics()[0].line, 5); // model = "lif_cnd"
    }
    const auto missing = write_file("missing", "child.toml", "base = \"nowhere.toml\"\n");
    try {
        (void)read_scenario(missing, {}, testing::registry());
        FAIL() << "a missing base was accepted";
    } catch (const ScenarioError& e) {
        EXPECT_TRUE(testing::contains(e.what(), "child.toml:1:8: base: cannot open base scenario"));
    }
    const auto loop = write_file("loop", "a.toml", "base = \"a.toml\"\n");
    EXPECT_THROW((void)read_scenario(loop, {}, testing::registry()), ScenarioError);
}

TEST(ScenarioReader, ScenarioErrorIsAConfigError) {
    EXPECT_THROW((void)parse("[simulation]\n"), hornet::ConfigError);
}

} // namespace
} // namespace hornet::io
