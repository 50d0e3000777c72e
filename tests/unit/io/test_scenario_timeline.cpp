// SPDX-License-Identifier: MIT
// [[phases]], [pain_signal] and [slow] in scenario files (engine/io/src/scenario_timeline.cpp)
// and calendar times ("day 14 09:00", engine/io/src/scenario_quantity.cpp): what is read, and
// the errors, each naming file, line, column and key (STYLE.md §6).
#include "test_scenario_support.hpp"

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>

using namespace hornet;
using namespace hornet::io::testing;

namespace {

constexpr double hour = 3.6e6; // [ms]
constexpr double day = 86.4e6; // [ms]

/// C fibres onto dorsal neurons through a plastic projection, a static inhibitory projection,
/// and the pain test stimulus.
constexpr std::string_view circuit = R"([simulation]
duration = "15 days"

[[populations]]
name = "c_fibres"
model = "afferent"
size = 20

[[populations]]
name = "dorsal"
model = "lif_cond"
size = 10

[[projections]]
name = "c_to_dorsal"
source = "c_fibres"
target = "dorsal"
receptor = ["ampa", "nmda"]
weight = ["1 nS", "0.5 nS"]
delay = "10 ms"
connectivity = { rule = "fixed_probability", p = 0.2 }
plasticity = "graupner_brunel"

[[projections]]
name = "dorsal_to_dorsal"
source = "dorsal"
target = "dorsal"
receptor = "gaba_a"
weight = "1 nS"
delay = "1 ms"
connectivity = { rule = "fixed_probability", p = 0.2 }

[[stimuli]]
name = "pain_test"
protocol = "pulses"
target = "c_fibres"
count = 1
)";

/// A valid timeline: four phases, the daily pain test, and the homeostatic hypothesis.
constexpr std::string_view timeline = R"(
[pain_signal]
stimulus = "pain_test"
population = "dorsal"
first = "day 14 09:00"
every = "24 h"
window = ["10 ms", "1 s"]

[slow]
projection = "c_to_dorsal"
hypothesis = "homeostatic"
ltd_time = "30 min"
reference_rate = "2 Hz"
scaling_time = "36 h"

[[phases]]
name = "healthy"
until = "day 0 11:00"
resolution = "multiscale"
macro_step = "6 h"

[[phases]]
name = "injury"
until = "day 0 11:00:30"
resolution = "full"
slow_interval = "2 s"

[[phases]]
name = "course"
until = "day 3"
resolution = "multiscale"
min_macro_step = "5 min"
micro_window = "2 s"
settle = "200 ms"
drug_tolerance = "0.1 uM"
drug_tolerance_relative = 0.5

[[phases]]
name = "follow_up"
resolution = "multiscale"
)";

std::string valid() { return std::string(circuit) + std::string(timeline); }

/// `text` with its first `from` replaced by `to` (which must occur).
std::string replace(std::string_view text, std::string_view from, std::string_view to) {
    std::string s(text);
    const auto pos = s.find(from);
    EXPECT_NE(pos, std::string::npos) << from;
    if (pos != std::string::npos) s.replace(pos, from.size(), to);
    return s;
}

/// "test.toml:<line>:<column>" of the first occurrence of `at` in `text` (1-based, as the
/// diagnostics count), computed from the text so that the checks do not hang on line counts.
std::string where(const std::string& text, std::string_view at) {
    const auto pos = text.find(at);
    EXPECT_NE(pos, std::string::npos) << at;
    if (pos == std::string::npos) return "?";
    const auto line_start = text.rfind('\n', pos);
    const std::size_t column = pos - (line_start == std::string::npos ? 0 : line_start + 1) + 1;
    const auto line =
        std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n') + 1;
    return "test.toml:" + std::to_string(line) + ":" + std::to_string(column);
}

} // namespace

// The valid timeline, value by value: calendar times in ms from day 0 00:00 (day 14 09:00 =
// 14 x 86400000 + 9 x 3600000 ms), the last phase ending at simulation.duration, the phases'
// defaults from timeline.hpp where not given, and [slow] parameters in canonical units.
TEST(ScenarioTimeline, ValidTimelineReadsIntoTheSpec) {
    const Scenario s = parse(valid());
    const TimelineSpec& t = s.timeline;
    ASSERT_TRUE(t.enabled());
    ASSERT_EQ(t.phases.size(), 4u);
    const PhaseSpec defaults;
    EXPECT_EQ(t.phases[0].name, "healthy");
    EXPECT_EQ(t.phases[0].end_ms, 11 * hour);
    EXPECT_EQ(t.phases[0].resolution, PhaseSpec::Resolution::multiscale);
    EXPECT_EQ(t.phases[0].macro_step_ms, 6 * hour);
    EXPECT_EQ(t.phases[0].min_macro_step_ms, defaults.min_macro_step_ms);
    EXPECT_EQ(t.phases[1].name, "injury");
    EXPECT_EQ(t.phases[1].end_ms, 11 * hour + 30e3); // day 0 11:00:30
    EXPECT_EQ(t.phases[1].resolution, PhaseSpec::Resolution::full);
    EXPECT_EQ(t.phases[1].slow_interval_ms, 2000.0);
    EXPECT_EQ(t.phases[2].end_ms, 3 * day); // "day 3"
    EXPECT_EQ(t.phases[2].min_macro_step_ms, 5 * 60e3);
    EXPECT_EQ(t.phases[2].macro_step_ms, defaults.macro_step_ms);
    EXPECT_EQ(t.phases[2].micro_window_ms, 2000.0);
    EXPECT_EQ(t.phases[2].settle_ms, 200.0);
    EXPECT_EQ(t.phases[2].drug_tolerance_uM, 0.1);
    EXPECT_EQ(t.phases[2].drug_tolerance_relative, 0.5);
    EXPECT_EQ(t.phases[3].name, "follow_up");
    EXPECT_EQ(t.phases[3].end_ms, 15 * day); // simulation.duration
    EXPECT_EQ(t.phases[3].settle_ms, defaults.settle_ms);

    EXPECT_TRUE(t.pain_signal.enabled);
    EXPECT_EQ(t.pain_signal.stimulus, "pain_test");
    EXPECT_EQ(t.pain_signal.population, "dorsal");
    EXPECT_EQ(t.pain_signal.first_ms, 14 * 86400000.0 + 9 * 3600000.0);
    EXPECT_EQ(t.pain_signal.every_ms, 24 * hour);
    EXPECT_EQ(t.pain_signal.from_ms, 10.0);
    EXPECT_EQ(t.pain_signal.to_ms, 1000.0);

    EXPECT_TRUE(t.slow.enabled);
    EXPECT_EQ(t.slow.projection, "c_to_dorsal");
    EXPECT_EQ(t.slow.hypothesis, "homeostatic");
    EXPECT_EQ(t.slow.params.size(), 3u); // only the parameters given
    EXPECT_EQ(t.slow.params.at("ltd_time"), 30 * 60e3);
    EXPECT_EQ(t.slow.params.at("reference_rate"), 2.0); // [Hz]
    EXPECT_EQ(t.slow.params.at("scaling_time"), 36 * hour);
}

// Without [[phases]] there is no timeline (one full run of simulation.duration); [slow] without
// a hypothesis takes ltd_window (scenario_timeline.cpp).
TEST(ScenarioTimeline, NoPhasesIsNoTimelineAndTheHypothesisDefaults) {
    EXPECT_FALSE(parse(circuit).timeline.enabled());
    const std::string no_hypothesis = replace(valid(), "hypothesis = \"homeostatic\"\n", "");
    EXPECT_EQ(parse(no_hypothesis).timeline.slow.hypothesis, "ltd_window");
}

// Calendar times: "day D" and "day D HH:MM[:SS]" wherever a time is read (scenario_quantity.cpp).
// Fractional days are days; hours above 23, minutes or seconds above 59, and malformed forms are
// errors at the value.
TEST(ScenarioTimeline, CalendarTimesAndTheirErrors) {
    const std::string half_day = replace(valid(), "\"day 3\"", "\"day 2.5\"");
    EXPECT_EQ(parse(half_day).timeline.phases[2].end_ms, 2.5 * day);
    const std::string seconds = replace(valid(), "\"day 14 09:00\"", "\"day 0 11:00:30\"");
    EXPECT_EQ(parse(seconds).timeline.pain_signal.first_ms, 11 * hour + 30e3);
    const std::string stimulus_start =
        replace(valid(), "count = 1\n", "count = 1\nstart = \"day 1 06:30\"\n");
    EXPECT_EQ(parse(stimulus_start).stimuli[0].params.at("start"), day + 6.5 * hour);

    const std::string bad_hour = replace(valid(), "\"day 14 09:00\"", "\"day 1 25:00\"");
    const std::string e = only_error(bad_hour);
    EXPECT_TRUE(contains(e, where(bad_hour, "\"day 1 25:00\"") +
                                ": pain_signal.first: \"day 1 25:00\" is not a calendar time: "
                                "hours 0-23, minutes and seconds 0-59"));
    EXPECT_TRUE(contains(e, "hint: write \"day 14 09:00\""));
    const std::string bad_minute = replace(valid(), "\"day 3\"", "\"day 3 10:60\"");
    EXPECT_TRUE(contains(only_error(bad_minute), where(bad_minute, "\"day 3 10:60\"") +
                                                     ": phases.course.until: \"day 3 10:60\" is "
                                                     "not a calendar time"));
    const std::string malformed = replace(valid(), "\"day 3\"", "\"day three\"");
    EXPECT_TRUE(contains(only_error(malformed),
                         where(malformed, "\"day three\"") +
                             ": phases.course.until: \"day three\" is not a calendar time: "
                             "expected \"day D\" or \"day D HH:MM[:SS]\""));
}

// [[phases]]: every phase but the last needs until; untils increase; the last phase ends at
// simulation.duration; unknown keys and resolutions get a did-you-mean hint.
TEST(ScenarioTimeline, PhaseErrorsNameLineAndKey) {
    const std::string no_until = replace(valid(), "until = \"day 0 11:00\"\n", "");
    EXPECT_TRUE(contains(only_error(no_until), where(no_until, "[[phases]]") +
                                                   ": phases.healthy.until: every phase but the "
                                                   "last needs 'until'"));

    const std::string decreasing =
        replace(valid(), "until = \"day 0 11:00:30\"", "until = \"day 0 10:00\"");
    EXPECT_TRUE(contains(only_error(decreasing),
                         where(decreasing, "[[phases]]\nname = \"injury\"") +
                             ": phases.injury.until: phase 'injury' ends before the phase "
                             "before it"));

    const std::string last_until =
        replace(valid(), "name = \"follow_up\"\n", "name = \"follow_up\"\nuntil = \"day 14\"\n");
    EXPECT_TRUE(
        contains(only_error(last_until), where(last_until, "\"day 14\"\n") +
                                             ": phases.follow_up.until: the last phase ends at "
                                             "simulation.duration"));
    EXPECT_NO_THROW((void)parse(
        replace(valid(), "name = \"follow_up\"\n", "name = \"follow_up\"\nuntil = \"15 days\"\n")));

    const std::string unknown_key = replace(valid(), "macro_step = \"6 h\"", "macro_stp = \"6 h\"");
    EXPECT_TRUE(contains(only_error(unknown_key),
                         where(unknown_key, "macro_stp") +
                             ": phases.healthy.macro_stp: unknown key \"macro_stp\" of a phase "
                             "(hint: did you mean \"macro_step\"?"));

    const std::string resolution =
        replace(valid(), "resolution = \"full\"", "resolution = \"ful\"");
    EXPECT_TRUE(contains(only_error(resolution),
                         where(resolution, "\"ful\"") +
                             ": phases.injury.resolution: unknown resolution \"ful\" (hint: did "
                             "you mean \"full\"?"));

    const std::string min_above =
        replace(valid(), "macro_step = \"6 h\"", "macro_step = \"6 h\"\nmin_macro_step = \"7 h\"");
    EXPECT_TRUE(contains(only_error(min_above), "phases.healthy.min_macro_step: min_macro_step "
                                                "is above macro_step"));
}

// [pain_signal] names a [[stimuli]] entry and a population; it needs a timeline.
TEST(ScenarioTimeline, PainSignalErrorsNameLineAndKey) {
    const std::string stimulus =
        replace(valid(), "stimulus = \"pain_test\"", "stimulus = \"pain_tst\"");
    EXPECT_TRUE(contains(only_error(stimulus),
                         where(stimulus, "\"pain_tst\"") +
                             ": pain_signal.stimulus: unknown stimulus \"pain_tst\" (hint: did "
                             "you mean \"pain_test\"?"));
    const std::string population =
        replace(valid(), "population = \"dorsal\"", "population = \"dorsl\"");
    EXPECT_TRUE(contains(only_error(population),
                         where(population, "\"dorsl\"") + ": pain_signal.population:"));
    const std::string window =
        replace(valid(), "window = [\"10 ms\", \"1 s\"]", "window = [\"1 s\", \"10 ms\"]");
    EXPECT_TRUE(contains(only_error(window), "pain_signal.window: the window must satisfy"));

    const std::string without_phases = std::string(circuit) + R"(
[pain_signal]
stimulus = "pain_test"
population = "dorsal"
)";
    EXPECT_TRUE(
        contains(only_error(without_phases), where(without_phases, "[pain_signal]") +
                                                 ": pain_signal: [pain_signal] needs a timeline"));
}

// [slow]: a registered hypothesis, a plastic projection, the registry's parameters with their
// units (reset_hypotheses.cpp: ltd_time is a time).
TEST(ScenarioTimeline, SlowErrorsNameLineAndKey) {
    const std::string hypothesis =
        replace(valid(), "hypothesis = \"homeostatic\"", "hypothesis = \"ltd_windw\"");
    EXPECT_TRUE(contains(only_error(hypothesis),
                         where(hypothesis, "\"ltd_windw\"") +
                             ": slow.hypothesis: unknown reset hypothesis \"ltd_windw\" (hint: "
                             "did you mean \"ltd_window\"?"));

    const std::string projection =
        replace(valid(), "projection = \"c_to_dorsal\"", "projection = \"c_to_dorsl\"");
    EXPECT_TRUE(contains(only_error(projection),
                         where(projection, "\"c_to_dorsl\"") +
                             ": slow.projection: unknown plastic projection \"c_to_dorsl\" "
                             "(hint: did you mean \"c_to_dorsal\"?"));

    // An existing projection without a plasticity rule is refused the same way; the hint lists
    // the plastic ones.
    const std::string static_projection =
        replace(valid(), "projection = \"c_to_dorsal\"", "projection = \"dorsal_to_dorsal\"");
    const std::string e = only_error(static_projection);
    EXPECT_TRUE(contains(e, where(static_projection, "\"dorsal_to_dorsal\"\nhypothesis") +
                                ": slow.projection: unknown plastic projection "
                                "\"dorsal_to_dorsal\""));
    EXPECT_TRUE(contains(e, "c_to_dorsal"));

    const std::string parameter = replace(valid(), "ltd_time = \"30 min\"", "ltd_tim = \"30 min\"");
    EXPECT_TRUE(contains(only_error(parameter),
                         where(parameter, "ltd_tim") +
                             ": slow.ltd_tim: unknown key \"ltd_tim\" of [slow] (hint: did you "
                             "mean \"ltd_time\"?"));

    const std::string unit = replace(valid(), "ltd_time = \"30 min\"", "ltd_time = \"3 mV\"");
    EXPECT_EQ(only_error(unit), where(unit, "\"3 mV\"") +
                                    ": slow.ltd_time: \"3 mV\" is a voltage; expected a time "
                                    "(hint: write e.g. \"3 ms\")");

    const std::string bound = replace(valid(), "ltd_time = \"30 min\"", "ltd_time = \"0 s\"");
    EXPECT_TRUE(contains(only_error(bound), "slow.ltd_time: 0 ms is out of bounds; must be > 0"));

    const std::string without_phases = std::string(circuit) + R"(
[slow]
projection = "c_to_dorsal"
)";
    EXPECT_TRUE(contains(only_error(without_phases),
                         where(without_phases, "[slow]") + ": slow: [slow] needs a timeline"));
}

// [[readouts]] count spikes in one uninterrupted run; a timeline has [pain_signal] instead.
TEST(ScenarioTimeline, ReadoutsTogetherWithPhasesIsAnError) {
    const std::string both = valid() + R"(
[[readouts]]
name = "response"
kind = "stimulus_response"
population = "dorsal"
stimulus = "pain_test"
window = ["0 ms", "1 s"]
)";
    const std::string e = only_error(both);
    EXPECT_TRUE(contains(e, where(both, "[[readouts]]") +
                                ": readouts: [[readouts]] count spikes in one uninterrupted run"));
    EXPECT_TRUE(contains(e, "hint: remove [[readouts]] or [[phases]]"));
    const std::string without_timeline = std::string(circuit) + R"(
[[readouts]]
name = "response"
kind = "stimulus_response"
population = "dorsal"
stimulus = "pain_test"
window = ["0 ms", "1 s"]
)";
    EXPECT_NO_THROW((void)parse(without_timeline));
}
