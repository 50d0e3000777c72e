// SPDX-License-Identifier: MIT
// Checking a sweep before anything runs (sweep::read_base_scenario, sweep::check_points): every
// point's scenario is read with the real model registry, and a problem caused by an axis or a
// [set] entry is reported at the sweep file's line for it, with its key and value. The base
// scenario is configs/windup.toml (the dorsal-horn circuit with the wind-up protocol).
#include "hornet/io/diagnostics.hpp"
#include "hornet/io/scenario_reader.hpp"
#include "hornet/io/sweep_spec.hpp"
#include "hornet/sweep/check.hpp"
#include "hornet/sweep/plan.hpp"
#include "models/builtin.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;
using hornet::io::Diagnostic;
using hornet::io::ScenarioError;

const hornet::ModelRegistry& registry() {
    static const hornet::ModelRegistry r = [] {
        hornet::ModelRegistry m;
        hornet::models::register_builtin_models(m);
        return m;
    }();
    return r;
}

::testing::AssertionResult contains(const std::string& text, std::string_view part) {
    if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << "\n  \"" << text << "\"\ndoes not contain\n  \"" << part << "\"";
}

const fs::path windup = fs::path(HORNET_SOURCE_DIR) / "configs" / "windup.toml";

/// The first line of every sweep file of these tests (so the lines below start at 2).
std::string scenario_line() { return "scenario = \"" + windup.string() + "\"\n"; }

class SweepCheck : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = fs::temp_directory_path() / ("hornet-sweep-check-" + std::string(info->name()) +
                                            "-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
    }
    void TearDown() override { fs::remove_all(dir_); }

    /// Reads the sweep file `scenario_line() + body`.
    hornet::io::SweepSpec read(std::string_view body) const {
        std::ofstream(dir_ / "sweep.toml") << scenario_line() << body;
        return hornet::io::read_sweep(dir_ / "sweep.toml");
    }

    std::string sweep_file() const { return (dir_ / "sweep.toml").string(); }

    /// The problems check_points finds in the sweep `body` (none fails the test).
    std::vector<Diagnostic> check_errors(std::string_view body) const {
        const auto spec = read(body);
        const auto base = hornet::sweep::read_base_scenario(spec, registry());
        const auto plan = hornet::sweep::expand(spec, base.simulation.seed);
        try {
            hornet::sweep::check_points(spec, plan, base, registry());
        } catch (const ScenarioError& e) {
            return e.diagnostics();
        }
        ADD_FAILURE() << "the sweep passed its check:\n" << body;
        return {};
    }

    Diagnostic only_check_error(std::string_view body) const {
        const auto d = check_errors(body);
        EXPECT_EQ(d.size(), 1u);
        if (d.size() != 1)
            for (const auto& x : d) ADD_FAILURE() << x.format();
        return d.empty() ? Diagnostic{} : d.front();
    }

    fs::path dir_;
};

TEST_F(SweepCheck, AGoodSweepPasses) {
    const auto spec = read(R"(replicates = 2
[set]
"simulation.duration" = "5 s"

[[axes]]
key = "pharmacology.concentration"
values = ["0 uM", "1 uM"]

[[axes]]
key = "stimuli.windup.frequency"
linspace = { start = "0.5 Hz", stop = "2 Hz", num = 3 }

[[metrics]]
name = "rate"
mean_rate = "projection"

[[metrics]]
name = "windup_index"
dataset = "readout/windup/windup_index"
)");
    const auto base = hornet::sweep::read_base_scenario(spec, registry());
    EXPECT_EQ(base.simulation.duration_ms, 5000.0); // [set] applied
    EXPECT_EQ(base.simulation.seed, 1u);            // configs/dorsal_horn.toml
    ASSERT_TRUE(base.pharmacology.fixed.has_value());
    EXPECT_EQ(base.pharmacology.fixed->ketamine_uM, 0.0); // no axis applied
    const auto plan = hornet::sweep::expand(spec, base.simulation.seed);
    ASSERT_EQ(plan.points.size(), 12u);
    EXPECT_NO_THROW(hornet::sweep::check_points(spec, plan, base, registry()));
    // The overrides of a point make its scenario: point 11 is 1 uM at 2 Hz, replicate 1.
    const auto last =
        hornet::io::read_scenario(spec.scenario, plan.points[11].overrides, registry());
    EXPECT_EQ(last.simulation.duration_ms, 5000.0);
    ASSERT_TRUE(last.pharmacology.fixed.has_value());
    EXPECT_EQ(last.pharmacology.fixed->ketamine_uM, 1.0);
}

TEST_F(SweepCheck, AnUnknownAxisKeyIsReportedAtTheAxis) {
    // The scenario has [[stimuli]], not "stimulus".
    const Diagnostic d = only_check_error(R"(
[[axes]]
key = "stimulus.c_fibres.frequency"
values = ["1 Hz", "2 Hz"]
)");
    EXPECT_EQ(d.file, sweep_file());
    EXPECT_EQ(d.line, 4);
    EXPECT_EQ(d.column, 7);
    EXPECT_EQ(d.key, "stimulus");
    EXPECT_EQ(d.message, "unknown key \"stimulus\"");
    EXPECT_TRUE(contains(d.hint, "did you mean \"stimuli\"?"));
}

TEST_F(SweepCheck, AnUnknownNameInsideAKnownTableIsReportedAtTheAxis) {
    const auto d = check_errors(R"([[axes]]
key = "stimuli.windup.frequency"
values = ["1 Hz"]

[[axes]]
key = "stimuli.windupp.frequency"
values = ["1 Hz", "2 Hz"]
)");
    // One problem, whatever the value: reported once, not once per value.
    ASSERT_EQ(d.size(), 1u);
    const auto& x = d[0];
    EXPECT_EQ(x.file, sweep_file());
    EXPECT_EQ(x.line, 7);
    EXPECT_EQ(x.column, 7);
    EXPECT_EQ(x.key, "stimuli.windupp.frequency");
    EXPECT_TRUE(contains(x.message, "no element \"windupp\" in stimuli"));
    EXPECT_EQ(x.hint, "did you mean \"windup\"?");
}

TEST_F(SweepCheck, AValueWithTheWrongUnitIsReportedAtTheAxisWithTheValue) {
    const Diagnostic d = only_check_error(R"(
[[axes]]
key = "pharmacology.concentration"
values = ["2 mV"]
)");
    EXPECT_EQ(d.file, sweep_file());
    EXPECT_EQ(d.line, 4);
    EXPECT_EQ(d.column, 7);
    EXPECT_EQ(d.key, "pharmacology.concentration");
    EXPECT_TRUE(contains(d.message, "\"2 mV\" is not a concentration"));
}

TEST_F(SweepCheck, AValueOutOfBoundsIsReportedAtTheAxis) {
    const Diagnostic d = only_check_error(R"([[axes]]
key = "stimuli.windup.recruit"
values = [0.5, 1.0, 1.5]
)");
    EXPECT_EQ(d.file, sweep_file());
    EXPECT_EQ(d.line, 3);
    EXPECT_EQ(d.key, "stimuli.windup.recruit");
    EXPECT_TRUE(contains(d.message, "1.5 is out of bounds; must be in [0, 1]"));
}

TEST_F(SweepCheck, AParameterOutOfBoundsFromALinspaceIsReportedOncePerValue) {
    const auto d = check_errors(R"([[axes]]
key = "populations.projection.params.C_m"
linspace = { start = "-10 pF", stop = "10 pF", num = 3 }
)");
    ASSERT_EQ(d.size(), 2u); // -10 pF and 0 pF; 10 pF is fine
    for (const auto& x : d) {
        EXPECT_EQ(x.file, sweep_file());
        EXPECT_EQ(x.line, 3);
        EXPECT_EQ(x.key, "populations.projection.params.C_m");
        EXPECT_TRUE(contains(x.message, "out of bounds"));
    }
}

TEST_F(SweepCheck, ABadSetEntryIsReportedAtItsLine) {
    const std::string body = R"(replicates = 2
[set]
"stimuli.windup.count" = 16
"simulation.duration" = "5 mV"

[[axes]]
key = "pharmacology.concentration"
values = ["0 uM", "1 uM"]
)";
    const auto spec = read(body);
    try {
        (void)hornet::sweep::read_base_scenario(spec, registry());
        FAIL() << "a bad [set] entry was accepted";
    } catch (const ScenarioError& e) {
        ASSERT_EQ(e.diagnostics().size(), 1u);
        const auto& d = e.diagnostics()[0];
        EXPECT_EQ(d.file, sweep_file());
        EXPECT_EQ(d.line, 5);
        EXPECT_EQ(d.column, 25);
        EXPECT_EQ(d.key, "simulation.duration");
        EXPECT_TRUE(contains(d.message, "\"5 mV\""));
    }
    // check_points finds it too, once for all points.
    hornet::Scenario base;
    base.simulation.seed = 1;
    const auto plan = hornet::sweep::expand(spec, 1);
    try {
        hornet::sweep::check_points(spec, plan, base, registry());
        FAIL() << "a bad [set] entry passed check_points";
    } catch (const ScenarioError& e) {
        ASSERT_EQ(e.diagnostics().size(), 1u);
        EXPECT_EQ(e.diagnostics()[0].line, 5);
        EXPECT_EQ(e.diagnostics()[0].file, sweep_file());
    }
}

TEST_F(SweepCheck, MeanRateOfAnUnknownPopulationIsReportedAtTheMetric) {
    const Diagnostic d = only_check_error(R"(
[[metrics]]
name = "rate"
mean_rate = "projection"

[[metrics]]
name = "nobody_rate"
mean_rate = "nobody"
)");
    EXPECT_EQ(d.file, sweep_file());
    EXPECT_EQ(d.line, 9); // the mean_rate line
    EXPECT_TRUE(contains(d.key, "mean_rate"));
    EXPECT_TRUE(contains(d.message, "no population \"nobody\""));
}

TEST_F(SweepCheck, MeanRateOfAnUnrecordedPopulationIsReportedAtTheMetric) {
    // islet neurons exist in the circuit, but configs/dorsal_horn.toml does not record them.
    const Diagnostic d = only_check_error(R"([[metrics]]
name = "islet_rate"
mean_rate = "islet"
)");
    EXPECT_EQ(d.file, sweep_file());
    EXPECT_EQ(d.line, 4); // the mean_rate line
    EXPECT_TRUE(contains(d.message, "the spikes of \"islet\" are not recorded"));
}

TEST_F(SweepCheck, RecordingAPopulationInSetMakesItsMeanRateValid) {
    const auto spec = read(R"([set]
"recording.spikes" = ["islet"]
[[metrics]]
name = "islet_rate"
mean_rate = "islet"
)");
    const auto base = hornet::sweep::read_base_scenario(spec, registry());
    EXPECT_NO_THROW(
        hornet::sweep::check_points(spec, hornet::sweep::expand(spec, 1), base, registry()));
}

TEST_F(SweepCheck, EveryProblemIsReportedInLineOrder) {
    const auto d = check_errors(R"([[axes]]
key = "stimuli.windup.recruit"
values = [2.0]
[[axes]]
key = "pharmacology.concentration"
values = ["1 mV"]
[[metrics]]
name = "islet_rate"
mean_rate = "islet"
)");
    ASSERT_EQ(d.size(), 3u);
    EXPECT_EQ(d[0].line, 3);
    EXPECT_EQ(d[1].line, 6);
    EXPECT_EQ(d[2].line, 10); // the mean_rate line
    for (const auto& x : d) EXPECT_EQ(x.file, sweep_file());
}

} // namespace
