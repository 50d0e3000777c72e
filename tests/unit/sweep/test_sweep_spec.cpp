// SPDX-License-Identifier: MIT
// Sweep files (docs/sweeps.md) read by io::read_sweep: value lists, linspace and logspace, the
// combination, seeds, [set] and metrics, and every problem located by file, line, column and
// key. Each test writes its sweep file into a scratch directory next to an (unread) base
// scenario; the line numbers in the expectations are those of the texts written here.
#include "hornet/io/diagnostics.hpp"
#include "hornet/io/sweep_spec.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace fs = std::filesystem;
using hornet::io::Diagnostic;
using hornet::io::MetricReduce;
using hornet::io::ScenarioError;
using hornet::io::SweepSpec;

/// Whether `text` contains `part`; prints both when it does not.
::testing::AssertionResult contains(const std::string& text, std::string_view part) {
    if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << "\n  \"" << text << "\"\ndoes not contain\n  \"" << part << "\"";
}

/// The double a TOML override text such as "\"0.5 uM\"" or "2.5" starts with.
double number_in(const std::string& override_text) {
    const char* begin = override_text.c_str();
    if (*begin == '"') ++begin;
    char* end = nullptr;
    const double value = std::strtod(begin, &end);
    EXPECT_NE(end, begin) << override_text;
    return value;
}

/// A scratch directory per test with an empty base scenario, `base.toml`, in it.
class SweepSpecReader : public ::testing::Test {
protected:
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = fs::temp_directory_path() / ("hornet-sweep-spec-" + std::string(info->name()) + "-" +
                                            std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        std::ofstream(dir_ / "base.toml") << "[simulation]\nduration = \"10 ms\"\n";
    }
    void TearDown() override { fs::remove_all(dir_); }

    fs::path write(std::string_view text, const std::string& name = "sweep.toml") const {
        std::ofstream(dir_ / name) << text;
        return dir_ / name;
    }

    SweepSpec read(std::string_view text) const { return hornet::io::read_sweep(write(text)); }

    /// The diagnostics of a sweep file that must be rejected (an accepted file fails the test).
    std::vector<Diagnostic> errors(std::string_view text) const {
        try {
            (void)read(text);
        } catch (const ScenarioError& e) {
            return e.diagnostics();
        }
        ADD_FAILURE() << "sweep file was accepted:\n" << text;
        return {};
    }

    /// The one diagnostic of a sweep file with exactly one problem.
    Diagnostic only_error(std::string_view text) const {
        auto d = errors(text);
        EXPECT_EQ(d.size(), 1u);
        if (d.size() != 1)
            for (const auto& x : d) ADD_FAILURE() << x.format();
        return d.empty() ? Diagnostic{} : d.front();
    }

    std::string sweep_file() const { return (dir_ / "sweep.toml").string(); }

    fs::path dir_;
};

// ---- Top-level keys -----------------------------------------------------------------------

TEST_F(SweepSpecReader, DefaultsWithoutOptionalKeys) {
    const SweepSpec s = read("scenario = \"base.toml\"\n");
    EXPECT_EQ(s.path, dir_ / "sweep.toml");
    EXPECT_EQ(s.text, "scenario = \"base.toml\"\n");
    EXPECT_EQ(s.scenario, dir_ / "base.toml");
    EXPECT_EQ(s.combine, hornet::io::SweepCombine::grid);
    EXPECT_EQ(s.replicates, 1);
    EXPECT_FALSE(s.master_seed.has_value());
    EXPECT_EQ(s.seed_mode, hornet::io::SeedMode::per_point);
    EXPECT_TRUE(s.settings.empty());
    EXPECT_TRUE(s.axes.empty());
    EXPECT_TRUE(s.metrics.empty());
}

TEST_F(SweepSpecReader, TopLevelKeysAreRead) {
    fs::create_directories(dir_ / "configs");
    std::ofstream(dir_ / "configs" / "other.toml") << "\n";
    const SweepSpec s = read(R"(scenario = "configs/other.toml"
combine = "zip"
replicates = 3
seed = 11
seeds = "common"
)");
    EXPECT_EQ(s.scenario, dir_ / "configs/other.toml");
    EXPECT_EQ(s.combine, hornet::io::SweepCombine::zip);
    EXPECT_EQ(s.replicates, 3);
    ASSERT_TRUE(s.master_seed.has_value());
    EXPECT_EQ(*s.master_seed, 11u);
    EXPECT_EQ(s.seed_mode, hornet::io::SeedMode::common);
    EXPECT_STREQ(hornet::io::combine_name(s.combine), "zip");
    EXPECT_STREQ(hornet::io::seed_mode_name(s.seed_mode), "common");
}

TEST_F(SweepSpecReader, AbsoluteScenarioPathIsKept) {
    const std::string text = "scenario = \"" + (dir_ / "base.toml").string() + "\"\n";
    EXPECT_EQ(read(text).scenario, dir_ / "base.toml");
}

TEST_F(SweepSpecReader, MissingScenarioFileIsReportedAtItsLine) {
    const Diagnostic d = only_error(R"(replicates = 2
scenario = "nowhere.toml"
)");
    EXPECT_EQ(d.file, sweep_file());
    EXPECT_EQ(d.line, 2);
    EXPECT_EQ(d.column, 12);
    EXPECT_EQ(d.key, "scenario");
    EXPECT_TRUE(contains(d.message, "no scenario file"));
    EXPECT_TRUE(contains(d.message, "nowhere.toml"));
}

TEST_F(SweepSpecReader, MissingScenarioKeyIsReported) {
    const Diagnostic d = only_error("replicates = 2\n");
    EXPECT_EQ(d.key, "scenario");
    EXPECT_TRUE(contains(d.message, "missing required key \"scenario\""));
}

TEST_F(SweepSpecReader, MissingSweepFileIsReported) {
    try {
        (void)hornet::io::read_sweep(dir_ / "absent.toml");
        FAIL() << "a missing sweep file was accepted";
    } catch (const ScenarioError& e) {
        ASSERT_EQ(e.diagnostics().size(), 1u);
        EXPECT_EQ(e.diagnostics()[0].file, (dir_ / "absent.toml").string());
        EXPECT_EQ(e.diagnostics()[0].line, 0);
        EXPECT_TRUE(contains(e.diagnostics()[0].message, "cannot open the sweep file"));
    }
}

TEST_F(SweepSpecReader, SyntaxErrorIsLocated) {
    const Diagnostic d = only_error("scenario = \"base.toml\"\nreplicates = = 2\n");
    EXPECT_EQ(d.file, sweep_file());
    EXPECT_EQ(d.line, 2);
    EXPECT_GT(d.column, 0);
    EXPECT_TRUE(contains(d.message, "TOML syntax error"));
}

TEST_F(SweepSpecReader, UnknownTopLevelKeySuggestsTheNearest) {
    const Diagnostic d = only_error(R"(scenario = "base.toml"

replicate = 3
)");
    EXPECT_EQ(d.file, sweep_file());
    EXPECT_EQ(d.line, 3);
    EXPECT_EQ(d.column, 1);
    EXPECT_EQ(d.key, "replicate");
    EXPECT_TRUE(contains(d.message, "unknown key \"replicate\""));
    EXPECT_EQ(d.hint, "did you mean \"replicates\"?");
}

TEST_F(SweepSpecReader, BadTopLevelValuesAreEachReported) {
    const auto d = errors(R"(scenario = "base.toml"
combine = "cartesian"
replicates = 0
seeds = "shared"
seed = -1
)");
    ASSERT_EQ(d.size(), 4u);
    EXPECT_EQ(d[0].line, 2);
    EXPECT_EQ(d[0].key, "combine");
    EXPECT_EQ(d[1].line, 3);
    EXPECT_EQ(d[1].key, "replicates");
    EXPECT_EQ(d[2].line, 4);
    EXPECT_EQ(d[2].key, "seeds");
    EXPECT_EQ(d[3].line, 5);
    EXPECT_EQ(d[3].key, "seed");
}

// ---- Value lists --------------------------------------------------------------------------

TEST_F(SweepSpecReader, QuantitiesAreConvertedToTheFirstValuesUnit) {
    const SweepSpec s = read(R"(scenario = "base.toml"
[[axes]]
key = "pharmacology.concentration"
values = ["1 uM", "500 nM", "0 uM"]
)");
    ASSERT_EQ(s.axes.size(), 1u);
    const auto& a = s.axes[0];
    EXPECT_EQ(a.key, "pharmacology.concentration");
    EXPECT_EQ(a.name, "pharmacology.concentration");
    EXPECT_EQ(a.unit, "uM");
    EXPECT_EQ(a.where.line, 3);
    EXPECT_EQ(a.where.column, 7);
    ASSERT_EQ(a.values.size(), 3u);
    ASSERT_TRUE(a.values[0].number && a.values[1].number && a.values[2].number);
    EXPECT_EQ(*a.values[0].number, 1.0);
    EXPECT_DOUBLE_EQ(*a.values[1].number, 0.5);
    EXPECT_EQ(*a.values[1].number, 0.5);
    EXPECT_EQ(*a.values[2].number, 0.0);
    // The scenario gets the value as written; only the table's number is converted.
    EXPECT_EQ(a.values[0].override_text, "\"1 uM\"");
    EXPECT_EQ(a.values[1].override_text, "\"500 nM\"");
    EXPECT_EQ(a.values[0].label, "1");
    EXPECT_EQ(a.values[1].label, "0.5");
    EXPECT_EQ(a.values[2].label, "0");
}

TEST_F(SweepSpecReader, NumbersMakeADimensionlessAxis) {
    const SweepSpec s = read(R"(scenario = "base.toml"
[[axes]]
key = "stimuli.windup.count"
name = "pulses"
values = [4, 8, 2.5]
)");
    const auto& a = s.axes.at(0);
    EXPECT_EQ(a.name, "pulses");
    EXPECT_EQ(a.unit, "1");
    ASSERT_EQ(a.values.size(), 3u);
    EXPECT_EQ(a.values[0].number, 4.0);
    EXPECT_EQ(a.values[1].number, 8.0);
    EXPECT_EQ(a.values[2].number, 2.5);
    EXPECT_EQ(a.values[0].override_text, "4");
    EXPECT_EQ(a.values[2].override_text, "2.5");
    EXPECT_EQ(a.values[2].label, "2.5");
}

TEST_F(SweepSpecReader, StringsAndBooleansMakeANameAxis) {
    const SweepSpec s = read(R"(scenario = "base.toml"
[[axes]]
key = "plasticity.hypothesis"
values = ["ltd_window", "none"]

[[axes]]
key = "stimuli.windup.enabled"
values = [true, false]
)");
    ASSERT_EQ(s.axes.size(), 2u);
    const auto& names = s.axes[0];
    EXPECT_EQ(names.unit, "");
    ASSERT_EQ(names.values.size(), 2u);
    EXPECT_FALSE(names.values[0].number.has_value());
    EXPECT_EQ(names.values[0].override_text, "\"ltd_window\"");
    EXPECT_EQ(names.values[0].label, "ltd_window");
    EXPECT_EQ(names.values[1].label, "none");
    const auto& flags = s.axes[1];
    EXPECT_EQ(flags.unit, "");
    ASSERT_EQ(flags.values.size(), 2u);
    EXPECT_FALSE(flags.values[1].number.has_value());
    EXPECT_EQ(flags.values[0].override_text, "true");
    EXPECT_EQ(flags.values[1].label, "false");
    EXPECT_EQ(flags.where.line, 7);
}

TEST_F(SweepSpecReader, NameAfterAQuantityIsAnError) {
    const Diagnostic d = only_error(R"(scenario = "base.toml"
[[axes]]
key = "pharmacology.concentration"
values = ["1 uM", "high"]
)");
    EXPECT_EQ(d.file, sweep_file());
    EXPECT_EQ(d.line, 4);
    EXPECT_EQ(d.column, 19);
    EXPECT_EQ(d.key, "axes[0].values[1]");
}

TEST_F(SweepSpecReader, QuantityAfterANameIsAnError) {
    const Diagnostic d = only_error(R"(scenario = "base.toml"
[[axes]]
key = "plasticity.hypothesis"
values = ["none", "1 uM"]
)");
    EXPECT_EQ(d.line, 4);
    EXPECT_EQ(d.column, 19);
    EXPECT_EQ(d.key, "axes[0].values[1]");
    EXPECT_TRUE(contains(d.hint, "quantities or names, not both"));
}

TEST_F(SweepSpecReader, QuantitiesOfTwoDimensionsAreAnError) {
    const Diagnostic d = only_error(R"(scenario = "base.toml"
[[axes]]
key = "pharmacology.concentration"
values = ["1 uM", "2 uM", "3 mV"]
)");
    EXPECT_EQ(d.line, 4);
    EXPECT_EQ(d.column, 27);
    EXPECT_EQ(d.key, "axes[0].values[2]");
    EXPECT_TRUE(contains(d.message, "\"3 mV\""));
    EXPECT_TRUE(contains(d.message, "(uM)"));
}

TEST_F(SweepSpecReader, EmptyValueListIsAnError) {
    const Diagnostic d = only_error(R"(scenario = "base.toml"
[[axes]]
key = "pharmacology.concentration"
values = []
)");
    EXPECT_EQ(d.line, 4);
    EXPECT_EQ(d.key, "axes[0].values");
    EXPECT_TRUE(contains(d.message, "at least one value"));
}

// ---- linspace and logspace ----------------------------------------------------------------

TEST_F(SweepSpecReader, LinspaceHasExactEndsAndRoundTripsItsOverrides) {
    const SweepSpec s = read(R"(scenario = "base.toml"
[[axes]]
key = "pharmacology.concentration"
linspace = { start = "0.1 uM", stop = "0.7 uM", num = 4 }
)");
    const auto& a = s.axes.at(0);
    EXPECT_EQ(a.unit, "uM");
    ASSERT_EQ(a.values.size(), 4u);
    EXPECT_EQ(*a.values[0].number, 0.1);
    EXPECT_DOUBLE_EQ(*a.values[1].number, 0.3);
    EXPECT_DOUBLE_EQ(*a.values[2].number, 0.5);
    EXPECT_EQ(*a.values[3].number, 0.7);
    EXPECT_EQ(a.values[0].override_text, "\"0.1 uM\"");
    EXPECT_EQ(a.values[3].override_text, "\"0.7 uM\"");
    for (const auto& v : a.values) {
        // The text handed to the scenario reads back as exactly the table's number.
        EXPECT_EQ(number_in(v.override_text), *v.number) << v.override_text;
        EXPECT_TRUE(v.override_text.ends_with(" uM\"")) << v.override_text;
    }
}

TEST_F(SweepSpecReader, LinspaceOfFiveFromZero) {
    const SweepSpec s = read(R"(scenario = "base.toml"
[[axes]]
key = "pharmacology.concentration"
linspace = { start = "0 uM", stop = "2 uM", num = 5 }
)");
    const auto& a = s.axes.at(0);
    ASSERT_EQ(a.values.size(), 5u);
    const std::vector<std::string> texts = {"\"0 uM\"", "\"0.5 uM\"", "\"1 uM\"", "\"1.5 uM\"",
                                            "\"2 uM\""};
    for (std::size_t i = 0; i < 5; ++i) {
        EXPECT_EQ(*a.values[i].number, 0.5 * static_cast<double>(i));
        EXPECT_EQ(a.values[i].override_text, texts[i]);
    }
    EXPECT_EQ(number_in("\"0.5 uM\""), 0.5);
}

TEST_F(SweepSpecReader, LinspaceOfOneValueIsTheStart) {
    const SweepSpec s = read(R"(scenario = "base.toml"
[[axes]]
key = "stimuli.windup.frequency"
linspace = { start = "0.2 Hz", stop = "1 Hz", num = 1 }
)");
    const auto& a = s.axes.at(0);
    ASSERT_EQ(a.values.size(), 1u);
    EXPECT_EQ(*a.values[0].number, 0.2);
    EXPECT_EQ(a.values[0].override_text, "\"0.2 Hz\"");
    EXPECT_EQ(a.unit, "Hz");
}

TEST_F(SweepSpecReader, LinspaceOfBareNumbers) {
    const SweepSpec s = read(R"(scenario = "base.toml"
[[axes]]
key = "stimuli.windup.recruit"
linspace = { start = 0, stop = 1, num = 3 }
)");
    const auto& a = s.axes.at(0);
    EXPECT_EQ(a.unit, "1");
    ASSERT_EQ(a.values.size(), 3u);
    EXPECT_EQ(a.values[0].override_text, "0");
    EXPECT_EQ(a.values[1].override_text, "0.5");
    EXPECT_EQ(a.values[2].override_text, "1");
}

TEST_F(SweepSpecReader, StopMayUseAnotherUnitOfTheSameDimension) {
    const SweepSpec s = read(R"(scenario = "base.toml"
[[axes]]
key = "pharmacology.concentration"
linspace = { start = "0 uM", stop = "1500 nM", num = 4 }
)");
    const auto& a = s.axes.at(0);
    EXPECT_EQ(a.unit, "uM");
    ASSERT_EQ(a.values.size(), 4u);
    EXPECT_EQ(*a.values[0].number, 0.0);
    EXPECT_DOUBLE_EQ(*a.values[1].number, 0.5);
    EXPECT_DOUBLE_EQ(*a.values[2].number, 1.0);
    EXPECT_DOUBLE_EQ(*a.values[3].number, 1.5);
    EXPECT_EQ(a.values[3].override_text, "\"1.5 uM\"");
    for (const auto& v : a.values) {
        EXPECT_TRUE(v.override_text.ends_with(" uM\"")) << v.override_text;
        EXPECT_EQ(number_in(v.override_text), *v.number) << v.override_text;
    }
}

TEST_F(SweepSpecReader, StartAndStopOfTwoDimensionsAreAnError) {
    const Diagnostic d = only_error(R"(scenario = "base.toml"
[[axes]]
key = "pharmacology.concentration"
linspace = { start = "0 uM", stop = "2 mV", num = 3 }
)");
    EXPECT_EQ(d.file, sweep_file());
    EXPECT_EQ(d.line, 4);
    EXPECT_EQ(d.column, 37);
    EXPECT_EQ(d.key, "axes[0].linspace.stop");
    EXPECT_TRUE(contains(d.message, "\"2 mV\""));
    EXPECT_TRUE(contains(d.message, "uM"));
}

TEST_F(SweepSpecReader, RangeKeysAreChecked) {
    const auto d = errors(R"(scenario = "base.toml"
[[axes]]
key = "pharmacology.concentration"
linspace = { start = "0 uM", stop = "2 uM", count = 3 }
)");
    ASSERT_EQ(d.size(), 2u);
    // Both on line 4, in column order: the table (missing num), then the key count.
    EXPECT_EQ(d[0].line, 4);
    EXPECT_EQ(d[0].column, 12);
    EXPECT_EQ(d[0].key, "axes[0].linspace.num");
    EXPECT_TRUE(contains(d[0].message, "missing required key \"num\""));
    EXPECT_EQ(d[1].line, 4);
    EXPECT_EQ(d[1].column, 45);
    EXPECT_EQ(d[1].key, "axes[0].linspace.count");
    EXPECT_TRUE(contains(d[1].message, "unknown key \"count\""));
}

TEST_F(SweepSpecReader, NumMustBeAtLeastOne) {
    const Diagnostic d = only_error(R"(scenario = "base.toml"
[[axes]]
key = "pharmacology.concentration"
linspace = { start = "0 uM", stop = "2 uM", num = 0 }
)");
    EXPECT_EQ(d.line, 4);
    EXPECT_EQ(d.key, "axes[0].linspace.num");
}

TEST_F(SweepSpecReader, LogspaceIsGeometric) {
    const SweepSpec s = read(R"(scenario = "base.toml"
[[axes]]
key = "stimuli.windup.frequency"
logspace = { start = "0.1 Hz", stop = "10 Hz", num = 5 }
)");
    const auto& a = s.axes.at(0);
    EXPECT_EQ(a.unit, "Hz");
    ASSERT_EQ(a.values.size(), 5u);
    const std::vector<double> expected = {0.1, 0.31622776601683794, 1.0, 3.1622776601683795, 10.0};
    EXPECT_EQ(*a.values[0].number, 0.1);
    EXPECT_EQ(*a.values[4].number, 10.0);
    for (std::size_t i = 0; i < 5; ++i) {
        EXPECT_NEAR(*a.values[i].number, expected[i], 1e-12 * expected[i]) << i;
        EXPECT_EQ(number_in(a.values[i].override_text), *a.values[i].number);
    }
    for (std::size_t i = 1; i + 1 < 5; ++i)
        EXPECT_NEAR(*a.values[i + 1].number / *a.values[i].number,
                    *a.values[i].number / *a.values[i - 1].number, 1e-12);
}

TEST_F(SweepSpecReader, LogspaceNeedsPositiveEnds) {
    const Diagnostic d = only_error(R"(scenario = "base.toml"
[[axes]]
key = "stimuli.windup.frequency"

logspace = { start = "0 Hz", stop = "10 Hz", num = 5 }
)");
    EXPECT_EQ(d.line, 5);
    EXPECT_EQ(d.key, "axes[0].logspace");
    EXPECT_TRUE(contains(d.message, "logspace needs start and stop > 0"));
    const Diagnostic negative = only_error(R"(scenario = "base.toml"
[[axes]]
key = "stimuli.windup.frequency"
logspace = { start = "1 Hz", stop = "-10 Hz", num = 5 }
)");
    EXPECT_EQ(negative.line, 4);
    EXPECT_TRUE(contains(negative.message, "logspace needs start and stop > 0"));
}

TEST_F(SweepSpecReader, AnAxisNeedsExactlyOneSourceOfValues) {
    const auto d = errors(R"(scenario = "base.toml"
[[axes]]
key = "a.b"

[[axes]]
key = "c.d"
values = [1]
linspace = { start = 0, stop = 1, num = 2 }
)");
    ASSERT_EQ(d.size(), 2u);
    EXPECT_EQ(d[0].key, "axes[0]");
    EXPECT_TRUE(contains(d[0].message, "needs values, linspace or logspace"));
    EXPECT_EQ(d[0].line, 2);
    EXPECT_EQ(d[1].key, "axes[1]");
    EXPECT_TRUE(contains(d[1].message, "only one of"));
    EXPECT_EQ(d[1].line, 5);
}

TEST_F(SweepSpecReader, UnknownAxisKeySuggestsTheNearest) {
    const Diagnostic d = only_error(R"(scenario = "base.toml"
[[axes]]
key = "pharmacology.concentration"
valus = [1]
values = [1]
)");
    EXPECT_EQ(d.line, 4);
    EXPECT_EQ(d.column, 1);
    EXPECT_EQ(d.key, "axes[0].valus");
    EXPECT_EQ(d.hint, "did you mean \"values\"?");
}

// ---- Combination and names ----------------------------------------------------------------

TEST_F(SweepSpecReader, ZipOfUnequalLengthsIsAnError) {
    const Diagnostic d = only_error(R"(scenario = "base.toml"
combine = "zip"
[[axes]]
key = "a.b"
values = [1, 2, 3]
[[axes]]
key = "c.d"
values = [1, 2]
)");
    EXPECT_EQ(d.file, sweep_file());
    EXPECT_TRUE(contains(d.message, "combine = \"zip\" needs axes of one length"));
    EXPECT_TRUE(contains(d.message, "\"a.b\" has 3 values, \"c.d\" has 2"));
    // Located at the values of the axis whose length differs.
    EXPECT_EQ(d.line, 8);
    EXPECT_EQ(d.column, 10);
    EXPECT_EQ(d.key, "axes[1].values");
}

TEST_F(SweepSpecReader, ZipOfEqualLengthsAndGridOfUnequalLengthsAreAccepted) {
    const std::string axes = R"(
[[axes]]
key = "a.b"
values = [1, 2, 3]
[[axes]]
key = "c.d"
linspace = { start = 0, stop = 1, num = 3 }
)";
    EXPECT_EQ(read("scenario = \"base.toml\"\ncombine = \"zip\"\n" + axes).axes.size(), 2u);
    const std::string unequal = R"(scenario = "base.toml"
[[axes]]
key = "a.b"
values = [1, 2, 3]
[[axes]]
key = "c.d"
values = [1]
)";
    const SweepSpec grid = read(unequal);
    ASSERT_EQ(grid.axes.size(), 2u);
    EXPECT_EQ(grid.axes[1].values.size(), 1u);
}

TEST_F(SweepSpecReader, DuplicateAxisNamesAreAnError) {
    const Diagnostic d = only_error(R"(scenario = "base.toml"
[[axes]]
key = "a.b"
values = [1, 2]
[[axes]]
key = "c.d"
name = "a.b"
values = [1, 2]
)");
    EXPECT_TRUE(contains(d.message, "two axes are named \"a.b\""));
    // Located at the second axis of that name.
    EXPECT_EQ(d.line, 7);
    EXPECT_EQ(d.column, 8);
    EXPECT_EQ(d.key, "axes[1].name");
}

TEST_F(SweepSpecReader, SameKeyTwiceWithoutNamesIsADuplicate) {
    const Diagnostic d = only_error(R"(scenario = "base.toml"
[[axes]]
key = "a.b"
values = [1, 2]
[[axes]]
key = "a.b"
values = [3, 4]
)");
    EXPECT_TRUE(contains(d.message, "two axes are named \"a.b\""));
    EXPECT_EQ(d.line, 6);
    EXPECT_EQ(d.column, 7);
    EXPECT_EQ(d.key, "axes[1].key");
}

TEST_F(SweepSpecReader, AxisNameWithASlashIsAnError) {
    const Diagnostic d = only_error(R"(scenario = "base.toml"
[[axes]]
key = "a.b"
name = "a/b"
values = [1, 2]
)");
    EXPECT_EQ(d.line, 4);
    EXPECT_EQ(d.key, "axes[0].name");
}

TEST_F(SweepSpecReader, TooManyPointsAreAnError) {
    const Diagnostic d = only_error(R"(scenario = "base.toml"
replicates = 1000
[[axes]]
key = "a.b"
linspace = { start = 0, stop = 1, num = 10000 }
[[axes]]
key = "c.d"
linspace = { start = 0, stop = 1, num = 2 }
)");
    EXPECT_TRUE(contains(d.message, "more than 1e7"));
}

// ---- [set] --------------------------------------------------------------------------------

TEST_F(SweepSpecReader, SetAcceptsNestedTablesAndQuotedDottedKeys) {
    const SweepSpec quoted = read(R"(scenario = "base.toml"
[set]
"simulation.duration" = "18 s"
"readouts.windup.window" = ["0 ms", "450 ms"]
"pharmacology.doses[0].rate" = "1 ug/h"
)");
    const SweepSpec nested = read(R"(scenario = "base.toml"
[set.simulation]
duration = "18 s"
[set.readouts.windup]
window = ["0 ms", "450 ms"]
[set]
"pharmacology.doses[0].rate" = "1 ug/h"
)");
    const SweepSpec dotted = read(R"(scenario = "base.toml"
[set]
simulation.duration = "18 s"
readouts.windup.window = ["0 ms", "450 ms"]
"pharmacology.doses[0].rate" = "1 ug/h"
)");
    for (const SweepSpec* s : {&quoted, &nested, &dotted}) {
        ASSERT_EQ(s->settings.size(), 3u);
        std::vector<std::string> overrides;
        for (const auto& e : s->settings) overrides.push_back(e.key + "=" + e.override_text);
        std::sort(overrides.begin(), overrides.end());
        ASSERT_EQ(overrides.size(), 3u);
        EXPECT_EQ(overrides[0], "pharmacology.doses[0].rate=\"1 ug/h\"");
        // An array is rendered by toml++ (strings as literal strings): still TOML.
        EXPECT_TRUE(overrides[1].starts_with("readouts.windup.window=[")) << overrides[1];
        EXPECT_TRUE(contains(overrides[1], "'0 ms', '450 ms'"));
        EXPECT_EQ(overrides[2], "simulation.duration=\"18 s\"");
    }
    // The three spellings give the same entries in the same order.
    const auto entries = [](const SweepSpec& s) {
        std::vector<std::string> out;
        for (const auto& e : s.settings) out.push_back(e.key + "=" + e.override_text);
        return out;
    };
    EXPECT_EQ(entries(quoted), entries(dotted));
    // Each entry remembers the line of its value.
    const auto lines = [](const SweepSpec& s) {
        std::map<std::string, int> out;
        for (const auto& e : s.settings) out[e.key] = e.where.line;
        return out;
    };
    using Lines = std::map<std::string, int>;
    EXPECT_EQ(lines(quoted), (Lines{{"simulation.duration", 3},
                                    {"readouts.windup.window", 4},
                                    {"pharmacology.doses[0].rate", 5}}));
    EXPECT_EQ(lines(nested), (Lines{{"simulation.duration", 3},
                                    {"readouts.windup.window", 5},
                                    {"pharmacology.doses[0].rate", 7}}));
    EXPECT_EQ(lines(dotted), lines(quoted));
}

TEST_F(SweepSpecReader, InlineTableInSetIsOneValue) {
    const SweepSpec s = read(R"(scenario = "base.toml"
[set]
"projections.c_to_wdr.connectivity" = { rule = "fixed_probability", p = 0.1 }
)");
    ASSERT_EQ(s.settings.size(), 1u);
    EXPECT_EQ(s.settings[0].key, "projections.c_to_wdr.connectivity");
    // Rendered by toml++: a literal string, and the float with all its digits.
    EXPECT_EQ(s.settings[0].override_text,
              "{ p = 0.10000000000000001, rule = 'fixed_probability' }");
    EXPECT_EQ(s.settings[0].where.line, 3);
}

TEST_F(SweepSpecReader, SetMustBeATable) {
    const Diagnostic d = only_error("scenario = \"base.toml\"\nset = 3\n");
    EXPECT_EQ(d.line, 2);
    EXPECT_EQ(d.key, "set");
}

// ---- Metrics ------------------------------------------------------------------------------

TEST_F(SweepSpecReader, MeanRateAndDatasetMetricsAreRead) {
    const SweepSpec s = read(R"(scenario = "base.toml"

[[metrics]]
name = "rate"
mean_rate = "projection"

[[metrics]]
name = "windup_index"
dataset = "/readout/windup/windup_index"
reduce = "max"
from = "2 s"
to = "day 21"
)");
    ASSERT_EQ(s.metrics.size(), 2u);
    const auto& rate = s.metrics[0];
    EXPECT_EQ(rate.name, "rate");
    EXPECT_EQ(rate.mean_rate_population, "projection");
    EXPECT_TRUE(rate.dataset.empty());
    EXPECT_EQ(rate.where.line, 5); // the mean_rate line
    const auto& index = s.metrics[1];
    EXPECT_EQ(index.name, "windup_index");
    EXPECT_TRUE(index.mean_rate_population.empty());
    EXPECT_EQ(index.dataset, "readout/windup/windup_index"); // the leading '/' is dropped
    EXPECT_EQ(index.reduce, MetricReduce::max);
    EXPECT_EQ(index.from_ms, 2000.0);
    EXPECT_EQ(index.to_ms, 21.0 * 86400000.0);
    EXPECT_FALSE(index.at_ms.has_value());
    EXPECT_FALSE(index.threshold.has_value());
    EXPECT_EQ(index.time_unit, "ms");
    EXPECT_EQ(index.time_unit_ms, 1.0);
    EXPECT_EQ(index.where.line, 7);
}

TEST_F(SweepSpecReader, EveryReductionNameIsRead) {
    const std::vector<std::pair<std::string, MetricReduce>> names = {
        {"last", MetricReduce::last},
        {"first", MetricReduce::first},
        {"mean", MetricReduce::mean},
        {"min", MetricReduce::min},
        {"max", MetricReduce::max},
        {"at", MetricReduce::at},
        {"time_below", MetricReduce::time_below},
        {"time_above", MetricReduce::time_above},
        {"count_below", MetricReduce::count_below},
        {"count_above", MetricReduce::count_above}};
    std::string text = "scenario = \"base.toml\"\n";
    for (const auto& [name, reduce] : names)
        text += "[[metrics]]\nname = \"m_" + name + "\"\ndataset = \"g/x\"\nreduce = \"" + name +
                "\"\nat = \"1 s\"\nthreshold = 0.5\n";
    const SweepSpec s = read(text);
    ASSERT_EQ(s.metrics.size(), names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
        EXPECT_EQ(s.metrics[i].reduce, names[i].second) << names[i].first;
        EXPECT_EQ(hornet::io::reduce_name(s.metrics[i].reduce), names[i].first);
        EXPECT_EQ(s.metrics[i].at_ms, 1000.0);
        EXPECT_EQ(s.metrics[i].threshold, 0.5);
    }
}

TEST_F(SweepSpecReader, ReduceDefaultsToLast) {
    const SweepSpec s = read(R"(scenario = "base.toml"
[[metrics]]
name = "x"
dataset = "g/x"
)");
    EXPECT_EQ(s.metrics.at(0).reduce, MetricReduce::last);
}

TEST_F(SweepSpecReader, UnknownReductionIsReportedWithTheChoices) {
    const Diagnostic d = only_error(R"(scenario = "base.toml"
[[metrics]]
name = "x"
dataset = "g/x"
reduce = "median"
)");
    EXPECT_EQ(d.line, 5);
    EXPECT_EQ(d.column, 10);
    EXPECT_EQ(d.key, "metrics[0].reduce");
    EXPECT_TRUE(contains(d.message, "median"));
}

TEST_F(SweepSpecReader, MeanRateAndDatasetAreExclusive) {
    const auto both = only_error(R"(scenario = "base.toml"
[[metrics]]
name = "x"
mean_rate = "exc"
dataset = "g/x"
)");
    EXPECT_EQ(both.line, 2);
    EXPECT_EQ(both.key, "metrics[0]");
    EXPECT_TRUE(contains(both.message, "exactly one of mean_rate and dataset"));
    const auto neither = only_error(R"(scenario = "base.toml"

[[metrics]]
name = "x"
)");
    EXPECT_EQ(neither.line, 3);
    EXPECT_TRUE(contains(neither.message, "exactly one of mean_rate and dataset"));
}

TEST_F(SweepSpecReader, MeanRateTakesNoReduce) {
    const Diagnostic d = only_error(R"(scenario = "base.toml"
[[metrics]]
name = "x"
mean_rate = "exc"
reduce = "mean"
)");
    EXPECT_EQ(d.line, 5);
    EXPECT_EQ(d.key, "metrics[0].reduce");
    EXPECT_TRUE(contains(d.message, "mean_rate takes no reduce"));
}

TEST_F(SweepSpecReader, DatasetOutsideAGroupIsAnError) {
    const Diagnostic d = only_error(R"(scenario = "base.toml"
[[metrics]]
name = "x"
dataset = "windup_index"
)");
    EXPECT_EQ(d.line, 4);
    EXPECT_EQ(d.key, "metrics[0].dataset");
    EXPECT_TRUE(contains(d.message, "not a dataset path inside a group"));
}

TEST_F(SweepSpecReader, ReduceAtNeedsAt) {
    const Diagnostic d = only_error(R"(scenario = "base.toml"
[[metrics]]
name = "x"
dataset = "g/x"
reduce = "at"
)");
    EXPECT_EQ(d.line, 2);
    EXPECT_EQ(d.key, "metrics[0]");
    EXPECT_TRUE(contains(d.message, "reduce = \"at\" needs at"));
}

TEST_F(SweepSpecReader, ThresholdReductionsNeedAThreshold) {
    for (const std::string reduce : {"time_below", "time_above", "count_below", "count_above"}) {
        const Diagnostic d = only_error("scenario = \"base.toml\"\n[[metrics]]\nname = \"x\"\n"
                                        "dataset = \"g/x\"\nreduce = \"" +
                                        reduce + "\"\n");
        EXPECT_EQ(d.line, 2) << reduce;
        EXPECT_TRUE(contains(d.message, "reduce = \"" + reduce + "\" needs a threshold"));
    }
}

TEST_F(SweepSpecReader, ThresholdMustBeANumber) {
    const Diagnostic d = only_error(R"(scenario = "base.toml"
[[metrics]]
name = "x"
dataset = "g/x"
reduce = "time_below"
threshold = "high"
)");
    EXPECT_EQ(d.line, 6);
    EXPECT_EQ(d.key, "metrics[0].threshold");
}

TEST_F(SweepSpecReader, CalendarTimesBecomeMilliseconds) {
    const SweepSpec s = read(R"(scenario = "base.toml"
[[metrics]]
name = "x"
dataset = "g/x"
reduce = "at"
at = "day 21"
from = "day 2 06:30"
to = "day 0 00:00:15"
)");
    const auto& m = s.metrics.at(0);
    EXPECT_EQ(m.at_ms, 1814400000.0);
    EXPECT_EQ(m.from_ms, 2 * 86400000.0 + 6 * 3600000.0 + 30 * 60000.0);
    EXPECT_EQ(m.to_ms, 15000.0);
}

TEST_F(SweepSpecReader, TimesMustBeTimes) {
    const auto d = errors(R"(scenario = "base.toml"
[[metrics]]
name = "x"
dataset = "g/x"
reduce = "at"
at = "3 mV"
from = "day 2 25:00"
)");
    ASSERT_EQ(d.size(), 2u);
    EXPECT_EQ(d[0].line, 6);
    EXPECT_EQ(d[0].key, "metrics[0].at");
    EXPECT_EQ(d[1].line, 7);
    EXPECT_EQ(d[1].key, "metrics[0].from");
    EXPECT_TRUE(contains(d[1].message, "not a calendar time"));
}

TEST_F(SweepSpecReader, UnitSetsTheTimeUnitOfTimeReductions) {
    const SweepSpec s = read(R"(scenario = "base.toml"
[[metrics]]
name = "days_below"
dataset = "g/x"
reduce = "time_below"
threshold = 1.5
unit = "day"

[[metrics]]
name = "hours_above"
dataset = "g/x"
reduce = "time_above"
threshold = 1
unit = "h"
)");
    ASSERT_EQ(s.metrics.size(), 2u);
    EXPECT_EQ(s.metrics[0].time_unit, "day");
    EXPECT_EQ(s.metrics[0].time_unit_ms, 86400000.0);
    EXPECT_EQ(s.metrics[0].threshold, 1.5);
    EXPECT_EQ(s.metrics[1].time_unit, "h");
    EXPECT_EQ(s.metrics[1].time_unit_ms, 3600000.0);
    EXPECT_EQ(s.metrics[1].threshold, 1.0);
}

TEST_F(SweepSpecReader, UnitOnlyForTimeReductions) {
    const Diagnostic d = only_error(R"(scenario = "base.toml"
[[metrics]]
name = "x"
dataset = "g/x"
reduce = "count_below"
threshold = 1
unit = "day"
)");
    EXPECT_EQ(d.line, 7);
    EXPECT_EQ(d.column, 8);
    EXPECT_EQ(d.key, "metrics[0].unit");
    EXPECT_TRUE(contains(d.message, "time_below and time_above only"));
}

TEST_F(SweepSpecReader, UnitMustBeATime) {
    const Diagnostic d = only_error(R"(scenario = "base.toml"
[[metrics]]
name = "x"
dataset = "g/x"
reduce = "time_below"
threshold = 1
unit = "mV"
)");
    EXPECT_EQ(d.line, 7);
    EXPECT_EQ(d.key, "metrics[0].unit");
    EXPECT_TRUE(contains(d.message, "\"mV\" is not a unit of time"));
    const Diagnostic unreadable = only_error(R"(scenario = "base.toml"
[[metrics]]
name = "x"
dataset = "g/x"
reduce = "time_above"
threshold = 1
unit = "fortnights"
)");
    EXPECT_EQ(unreadable.line, 7);
    EXPECT_TRUE(contains(unreadable.message, "is not a unit of time"));
}

TEST_F(SweepSpecReader, UnknownMetricKeySuggestsTheNearest) {
    const Diagnostic d = only_error(R"(scenario = "base.toml"
[[metrics]]
name = "x"
dataset = "g/x"
reduce = "time_below"
threshold = 1
treshold = 2
)");
    EXPECT_EQ(d.line, 7);
    EXPECT_EQ(d.key, "metrics[0].treshold");
    EXPECT_EQ(d.hint, "did you mean \"threshold\"?");
}

TEST_F(SweepSpecReader, MetricNamesAreNamesAndUnique) {
    const auto d = errors(R"(scenario = "base.toml"
[[metrics]]
name = "rate"
mean_rate = "exc"
[[metrics]]
name = "rate"
mean_rate = "inh"
[[metrics]]
name = "bad name"
mean_rate = "inh"
)");
    ASSERT_EQ(d.size(), 2u);
    bool duplicate = false, bad = false;
    for (const auto& x : d) {
        if (contains(x.message, "two metrics are named \"rate\"")) {
            duplicate = true;
            EXPECT_EQ(x.line, 6);
            EXPECT_EQ(x.key, "metrics[1].name");
        }
        if (x.key == "metrics[2].name") {
            bad = true;
            EXPECT_EQ(x.line, 9);
        }
    }
    EXPECT_TRUE(duplicate);
    EXPECT_TRUE(bad);
}

// ---- Several problems ---------------------------------------------------------------------

TEST_F(SweepSpecReader, EveryProblemIsReportedInLineOrder) {
    const auto d = errors(R"(scenario = "base.toml"
replicates = "three"
[[axes]]
key = "pharmacology.concentration"
values = ["1 uM", "1 mV"]
[[metrics]]
name = "x"
dataset = "g/x"
reduce = "at"
)");
    ASSERT_EQ(d.size(), 3u);
    EXPECT_EQ(d[0].line, 2);
    EXPECT_EQ(d[1].line, 5);
    EXPECT_EQ(d[2].line, 6);
    for (const auto& x : d) EXPECT_EQ(x.file, sweep_file());
}

} // namespace
