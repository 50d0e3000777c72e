// SPDX-License-Identifier: MIT
// The multiscale scheduler (hornet/core/multiscale.hpp) on a tiny circuit: C fibres with
// background activity onto ten lif_cond neurons through plastic (graupner_brunel) AMPA + NMDA
// synapses. A full phase of 1.2 s, then a multiscale phase to day 2. The expected values come from
// the scheduler's contract in multiscale.hpp and timeline.hpp (named at each check) and from
// the arithmetic of the timeline below, derived in the comments.
#include "hornet/core/error.hpp"
#include "hornet/core/multiscale.hpp"
#include "models/builtin.hpp"

#include <gtest/gtest.h>
#include <optional>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

using namespace hornet;

namespace {

constexpr double minute = 60e3; // [ms]
constexpr double hour = 3.6e6;  // [ms]
constexpr double day = 86.4e6;  // [ms]

// The timeline: "acute" full phase [0, 1.2 s), "course" multiscale phase [1.2 s, day 2).
constexpr double acute_end = 1200.0;   // [ms]
constexpr double course_end = 2 * day; // [ms]
constexpr double macro_step = 6 * hour;
constexpr double min_macro_step = 30 * minute;
// Pain tests at 0.9 s, then every 12 h: 0.9 s (full phase), 12 h + 0.9 s, 24 h + 0.9 s,
// 36 h + 0.9 s; the next, 48 h + 0.9 s, is after the end. Responses are counted in [0, 200 ms)
// after each onset.
constexpr double pain_first = 900.0, pain_every = 12 * hour;
constexpr double pain_to = 200.0;

const ModelRegistry& registry() {
    static const ModelRegistry r = [] {
        ModelRegistry m;
        models::register_builtin_models(m);
        return m;
    }();
    return r;
}

NetworkSpec circuit() {
    NetworkSpec s;
    PopulationSpec dorsal{"dorsal", "lif_cond", 10, {}, {}};
    dorsal.initial["V_m"] = ValueDistribution::uniform(-60.0, -50.0);
    s.populations = {{"c_fibres", "afferent", 40, {{"background_rate", 2.0}}, {}}, dorsal};
    ProjectionSpec p;
    p.name = "c_to_dorsal_ampa";
    p.group = "c_to_dorsal";
    p.source = "c_fibres";
    p.target = "dorsal";
    p.receptor = "ampa";
    p.connectivity.rule = ConnectionRule::fixed_probability;
    p.connectivity.probability = 0.5;
    p.weight = ValueDistribution::constant(2.0);
    p.delay_ms = ValueDistribution::uniform(2.0, 4.0);
    p.connectivity_key = 0;
    p.plasticity = {"graupner_brunel", {{"beta", 0.5}}};
    ProjectionSpec nmda = p;
    nmda.name = "c_to_dorsal_nmda";
    nmda.receptor = "nmda";
    nmda.weight = ValueDistribution::constant(0.5);
    s.projections = {p, nmda};
    return s;
}

/// The test stimulus: one pulse to every C fibre (its start is set by the scheduler).
StimulusSpec pain_test() { return {"pain_test", "pulses", {"c_fibres"}, {1.0}, {{"count", 1.0}}}; }

TimelineSpec timeline() {
    TimelineSpec t;
    PhaseSpec acute;
    acute.name = "acute";
    acute.end_ms = acute_end;
    acute.resolution = PhaseSpec::Resolution::full;
    acute.slow_interval_ms = 500.0;
    PhaseSpec course;
    course.name = "course";
    course.end_ms = course_end;
    course.resolution = PhaseSpec::Resolution::multiscale;
    course.macro_step_ms = macro_step;
    course.min_macro_step_ms = min_macro_step;
    course.micro_window_ms = 100.0;
    course.settle_ms = 50.0;
    // The step-structure tests below check the limits from the calendar and the drug; the
    // control on the rules' measured drift is switched off here (this small circuit's synapses
    // cross their calcium thresholds often) and tested on its own (StepsShrinkWhere...).
    course.slow_tolerance = 1e12;
    t.phases = {acute, course};
    t.pain_signal = {true, "pain_test", "dorsal", pain_first, pain_every, 0.0, pain_to};
    return t;
}

/// Ketamine steps from 0 to `high_uM` just after `at_ms` (0 at at_ms itself).
class StepDrug final : public DrugTimeCourse {
public:
    StepDrug(double at_ms, double high_uM) : at_ms_(at_ms), high_(high_uM) {}
    DrugLevels at(double t_ms) noexcept override { return {t_ms > at_ms_ ? high_ : 0.0, 0.0}; }

private:
    double at_ms_, high_;
};

/// Ketamine rising as high (1 - exp(-(t - at)/tau_rise)) after `at_ms`, as at an infusion start.
class RisingDrug final : public DrugTimeCourse {
public:
    RisingDrug(double at_ms, double high_uM, double tau_ms)
        : at_ms_(at_ms), high_(high_uM), tau_(tau_ms) {}
    DrugLevels at(double t_ms) noexcept override {
        return {t_ms > at_ms_ ? high_ * -std::expm1(-(t_ms - at_ms_) / tau_) : 0.0, 0.0};
    }

private:
    double at_ms_, high_, tau_;
};

/// Keeps the spikes of every run: a later run continues the recording (recorder.hpp).
class SpikeSteps final : public Recorder {
public:
    void begin(const Network& net, const std::vector<ReportLayout>&, std::int64_t,
               std::int64_t) override {
        steps.resize(net.n_populations());
    }
    bool wants_spikes(std::size_t) const override { return true; }
    void spikes(std::size_t pop, std::int64_t step, std::span<const std::uint32_t> ids) override {
        steps[pop].insert(steps[pop].end(), ids.size(), step);
    }
    void sample(std::size_t, std::int64_t, std::span<const double>) override {}
    void end(const RunStatistics&) override {}

    std::vector<std::vector<std::int64_t>> steps; ///< per population: one entry per spike
};

struct Outcome {
    std::vector<TimelineWindow> windows;
    std::vector<PainTestResult> pain;
    SlowSeries slow;
    std::vector<std::int64_t> dorsal_spikes; ///< engine steps of the dorsal neurons' spikes
};

struct RunOptions {
    int threads = 1;
    DrugTimeCourse* drug = nullptr;
    std::vector<double> breakpoints_ms;
    std::string hypothesis; ///< "": no slow processes
    std::vector<StimulusSpec> extra_stimuli;
    std::optional<double> slow_tolerance; ///< unset: the tests' timeline() (control off)
};

Outcome run(const RunOptions& o) {
    const NetworkSpec spec = circuit();
    Network net = Network::build(spec, registry(), {0.1, 7, o.threads});
    Simulator sim(net);
    SpikeSteps recorder;
    sim.set_recorder(&recorder);
    MultiscaleScheduler::Setup setup;
    setup.registry = &registry();
    setup.stimuli = {pain_test()};
    for (const auto& s : o.extra_stimuli) setup.stimuli.push_back(s);
    setup.drug = o.drug;
    setup.drug_breakpoints_ms = o.breakpoints_ms;
    if (!o.hypothesis.empty()) {
        SlowSpec slow{true, "c_to_dorsal", o.hypothesis, {}};
        setup.processes = registry().slow_processes()->make(slow, spec, net, 7);
    }
    TimelineSpec t = timeline();
    if (o.slow_tolerance) t.phases[1].slow_tolerance = *o.slow_tolerance;
    MultiscaleScheduler scheduler(net, sim, t, std::move(setup));
    const RunStatistics stats = scheduler.run();
    EXPECT_FALSE(stats.interrupted);
    EXPECT_EQ(scheduler.calendar_ms(), course_end);
    return {scheduler.windows(), scheduler.pain_tests(), scheduler.slow_series(),
            recorder.steps[1]};
}

/// Options with a drug whose dosing changes at `b`.
RunOptions with_drug(DrugTimeCourse* drug, double b, int threads = 1, std::string hypothesis = "") {
    RunOptions o;
    o.threads = threads;
    o.drug = drug;
    o.breakpoints_ms = {b};
    o.hypothesis = std::move(hypothesis);
    return o;
}

RunOptions with_stimulus(const StimulusSpec& s) {
    RunOptions o;
    o.extra_stimuli = {s};
    return o;
}

/// One macro step of the multiscale phase: [start, start + span) on the calendar, and its
/// micro window. Steps follow each other from the start of the phase, so `start` is the phase
/// start plus the spans before (the window itself may sit anywhere inside its step).
struct Step {
    double start = 0.0, span = 0.0;
    TimelineWindow window;
    double end() const { return start + span; }
};

std::vector<Step> steps_of(const Outcome& r) {
    std::vector<Step> out;
    double t = acute_end;
    for (const auto& w : r.windows)
        if (w.kind == TimelineWindow::micro_window) {
            out.push_back({t, w.span_ms, w});
            t += w.span_ms;
        }
    return out;
}

/// Whether a multiscale step ending at `end` was cut by a hard limit (multiscale.hpp: a step
/// ends at every dose breakpoint, at the next pain test and at the end of the phase).
bool cut_by_limit(double end, const std::vector<double>& breakpoints) {
    const auto near = [&](double t) { return std::abs(end - t) < 1e-6; };
    if (near(course_end)) return true;
    for (int k = 0; k < 5; ++k)
        if (near(pain_first + k * pain_every)) return true;
    return std::any_of(breakpoints.begin(), breakpoints.end(), near);
}

} // namespace

// Without drug: the window sequence, the pain tests, the calendar and engine clocks.
// Full phase (multiscale.hpp "full phase"): chunk boundaries every slow_interval (0.5, 1 s) and
// at the test's counting window [0.9 s, 1.1 s): chunks [0,0.5), [0.5,0.9), [0.9,1), [1,1.1),
// [1.1,1.2) s; the slow_interval boundary at 1 s splits the counting window. Multiscale phase:
// steps of macro_step (6 h), cut at each pain test; from 1.2 s: 6 h, then 6 h - 0.3 s up to the
// test at 12 h + 0.9 s, then 6 h, 6 h (test at 24 h + 0.9 s), 6 h, 6 h (test at 36 h + 0.9 s),
// 6 h, 6 h - 0.9 s (the end of the phase at 48 h).
TEST(MultiscaleScheduler, RunsFullThenMultiscalePhaseWithPainTestsOnTheCalendar) {
    const Outcome r = run({});
    using K = TimelineWindow;
    const std::vector<int> expected_kinds{
        K::full_chunk,   K::full_chunk,   K::full_chunk,   K::full_chunk,
        K::full_chunk,   K::micro_window, K::micro_window, K::pain_test,
        K::micro_window, K::micro_window, K::pain_test,    K::micro_window,
        K::micro_window, K::pain_test,    K::micro_window, K::micro_window};
    std::vector<int> kinds;
    for (const auto& w : r.windows) kinds.push_back(w.kind);
    EXPECT_EQ(kinds, expected_kinds);

    // Calendar times of the windows increase; the engine clock runs on without gaps (each
    // window starts where the one before ended).
    for (std::size_t i = 1; i < r.windows.size(); ++i) {
        EXPECT_GT(r.windows[i].calendar_ms, r.windows[i - 1].calendar_ms) << i;
        EXPECT_NEAR(r.windows[i].engine_start_ms,
                    r.windows[i - 1].engine_start_ms + r.windows[i - 1].length_ms, 1e-6)
            << i;
    }
    // Full chunks stand for what they simulated and follow each other from 0; micro windows
    // simulate settle + micro_window (150 ms); pain tests settle + the counted window (250 ms).
    double full = 0;
    for (const auto& w : r.windows) {
        if (w.kind == K::full_chunk) {
            EXPECT_EQ(w.span_ms, w.length_ms);
            EXPECT_NEAR(w.calendar_ms, full, 1e-9);
            full += w.span_ms;
        } else if (w.kind == K::micro_window) {
            EXPECT_NEAR(w.length_ms, 150.0, 1e-9);
        } else {
            EXPECT_EQ(w.span_ms, 0.0);             // a pain test stands for no calendar time
            EXPECT_NEAR(w.length_ms, 250.0, 1e-9); // settle 50 ms + counted to 200 ms
        }
    }
    EXPECT_NEAR(full, acute_end, 1e-9);
    // The macro steps tile the multiscale phase: their spans sum to its length, never exceed
    // macro_step, and each micro window is simulated inside its step, centred on its middle
    // (multiscale.hpp: the drug at t + H/2).
    const auto steps = steps_of(r);
    ASSERT_EQ(steps.size(), 8u);
    EXPECT_NEAR(steps.back().end(), course_end, 1e-6);
    for (const Step& s : steps) {
        EXPECT_LE(s.span, macro_step);
        EXPECT_GE(s.window.calendar_ms, s.start);
        EXPECT_LE(s.window.calendar_ms + s.window.length_ms, s.end() + 1e-6);
        EXPECT_NEAR(s.window.calendar_ms + 0.5 * s.window.length_ms, s.start + 0.5 * s.span, 1e-6);
        // Without drug every step is macro_step unless a pain test or the phase end cuts it.
        if (!cut_by_limit(s.end(), {})) {
            EXPECT_EQ(s.span, macro_step) << s.start;
        }
    }
    EXPECT_NEAR(steps[1].span, macro_step - 300.0, 1e-6);
    EXPECT_NEAR(steps.back().span, macro_step - 900.0, 1e-6);

    // Pain tests at first + k every, once each, in both phases; the response is spikes per
    // neuron and the circuit does respond to a volley of every C fibre.
    ASSERT_EQ(r.pain.size(), 4u);
    for (std::size_t k = 0; k < r.pain.size(); ++k) {
        EXPECT_EQ(r.pain[k].calendar_ms, pain_first + static_cast<double>(k) * pain_every) << k;
        EXPECT_GE(r.pain[k].response, 0.0);
    }
    EXPECT_GT(r.pain[0].response, 0.0);
    // Each response is the dorsal spikes in [onset, onset + 200 ms) per neuron (timeline.hpp),
    // counted from the recorded spikes: the full phase runs on the engine clock from 0, a
    // multiscale test window starts settle (50 ms) before its onset.
    std::vector<double> onsets_engine{pain_first};
    for (const auto& w : r.windows)
        if (w.kind == K::pain_test) onsets_engine.push_back(w.engine_start_ms + 50.0);
    ASSERT_EQ(onsets_engine.size(), r.pain.size());
    for (std::size_t k = 0; k < r.pain.size(); ++k) {
        const auto from = std::llround(onsets_engine[k] / 0.1);
        const auto to = std::llround((onsets_engine[k] + pain_to) / 0.1);
        const auto n = std::count_if(r.dorsal_spikes.begin(), r.dorsal_spikes.end(),
                                     [&](std::int64_t step) { return step >= from && step < to; });
        EXPECT_EQ(r.pain[k].response, static_cast<double>(n) / 10.0) << "test " << k;
    }
    // The pain-test windows of the multiscale phase start before their onsets by its settle.
    std::vector<double> test_windows;
    for (const auto& w : r.windows)
        if (w.kind == K::pain_test) test_windows.push_back(w.calendar_ms + 50.0);
    EXPECT_EQ(test_windows,
              (std::vector<double>{pain_first + pain_every, pain_first + 2 * pain_every,
                                   pain_first + 3 * pain_every}));

    // The slow series: the start, then at the end of every window but the pain tests, at
    // increasing calendar times; two variables (rho mean and fraction potentiated of the one
    // plastic projection, named after it).
    ASSERT_EQ(r.slow.variables.size(), 2u);
    EXPECT_EQ(r.slow.variables[0].variable, "rho");
    EXPECT_EQ(r.slow.variables[0].group, "c_to_dorsal_ampa");
    ASSERT_EQ(r.slow.time_ms.size(), 1 + 5 + steps.size());
    EXPECT_EQ(r.slow.values.size(), r.slow.time_ms.size() * 2);
    EXPECT_EQ(r.slow.time_ms.front(), 0.0);
    for (std::size_t i = 0; i < steps.size(); ++i)
        EXPECT_NEAR(r.slow.time_ms[6 + i], steps[i].end(), 1e-6) << i;
}

// A step change of the drug at a dose breakpoint b = day 1 03:00: the step before ends exactly
// at b (a hard limit, multiscale.hpp), the step from b, across which the receptor ketamine
// jumps 0 -> 2 uM (beyond the tolerance 0.05 uM + 0.25 x 2 uM), halves down to min_macro_step,
// and the steps after it, at a constant 2 uM, are macro_step again unless a limit cuts them.
TEST(MultiscaleScheduler, StepsEndAtDoseBreakpointsAndShrinkAcrossAStepChange) {
    const double b = day + 3 * hour;
    StepDrug drug(b, 2.0);
    const Outcome r = run(with_drug(&drug, b));
    const auto steps = steps_of(r);
    const auto at_b = std::find_if(steps.begin(), steps.end(),
                                   [&](const Step& s) { return std::abs(s.start - b) < 1e-6; });
    ASSERT_NE(at_b, steps.end()) << "no step starts at the breakpoint";
    EXPECT_EQ(at_b->span, min_macro_step);
    for (const Step& s : steps) {
        EXPECT_LE(s.span, macro_step);
        if (s.start > b + 1.0 && !cut_by_limit(s.end(), {b})) {
            EXPECT_EQ(s.span, macro_step) << s.start;
        }
    }
    EXPECT_NEAR(steps.back().end(), course_end, 1e-6);
    // Pain tests take the drug at their onsets.
    ASSERT_EQ(r.pain.size(), 4u);
    EXPECT_EQ(r.pain[2].drug.ketamine_uM, 0.0); // 24 h + 0.9 s < b
    EXPECT_EQ(r.pain[3].drug.ketamine_uM, 2.0); // 36 h + 0.9 s > b
}

// A smooth fast change (an infusion start at b: 2 uM x (1 - exp(-(t - b)/2 h))). multiscale.hpp:
// a step is halved from macro_step until the receptor ketamine changes by at most the tolerance
// (0.05 uM + 0.25 x the larger end) over it, down to min_macro_step. So every step not cut by a
// limit is macro_step / 2^k or min_macro_step, the tolerance holds over it (checked at its ends
// and midpoint, as the scheduler does) unless it is min_macro_step; the step from b is
// min_macro_step (0 -> 1.9 uM over 6 h), some later ones are halved steps in between, and the
// last step (42 h + 0.9 s to 48 h, 2 uM, flat) is not shortened again.
TEST(MultiscaleScheduler, StepsShrinkToTheMinimumWhereTheDrugChangesFast) {
    const double b = day + 3 * hour;
    RisingDrug drug(b, 2.0, 2 * hour);
    const Outcome r = run(with_drug(&drug, b));
    const PhaseSpec course = timeline().phases[1];
    const auto within = [&](double x, double y) {
        return std::abs(x - y) <= course.drug_tolerance_uM + course.drug_tolerance_relative *
                                                                 std::max(std::abs(x), std::abs(y));
    };
    const auto c = [&](double t) { return drug.at(t).ketamine_uM; };
    const auto steps = steps_of(r);
    bool saw_min_at_b = false;
    int n_halved = 0;
    for (const Step& s : steps) {
        const double t = s.start, h = s.span;
        EXPECT_LE(h, macro_step);
        if (std::abs(t - b) < 1e-6) {
            EXPECT_EQ(h, min_macro_step);
            saw_min_at_b = true;
        }
        if (cut_by_limit(t + h, {b})) continue;
        // (A step is macro_step, or the distance to the next limit, halved until the drug is
        // slow enough over it, or min_macro_step.)
        n_halved += h > min_macro_step && h < macro_step ? 1 : 0;
        const bool slow_enough =
            within(c(t), c(t + h)) && within(c(t), c(t + h / 2)) && within(c(t + h / 2), c(t + h));
        EXPECT_TRUE(slow_enough || h == min_macro_step) << t << " " << h;
    }
    EXPECT_TRUE(saw_min_at_b);
    EXPECT_GT(n_halved, 0);
    EXPECT_EQ(steps.back().span, macro_step - 900.0);
}

// Step control on the measured drift (multiscale.hpp): with the default slow_tolerance, a
// window whose rule dynamics relaxes fast (Gamma_p + Gamma_d >= 1/16, graupner_brunel.hpp)
// shortens its step to slow_tolerance relaxation times, never below min_macro_step.
TEST(MultiscaleScheduler, StepsShrinkWhereTheWindowMeasuresAFastDrift) {
    RunOptions controlled;
    controlled.slow_tolerance = PhaseSpec{}.slow_tolerance;
    const Outcome with_control = run(controlled);
    const Outcome without = run(RunOptions{});
    const auto shortened = steps_of(with_control);
    std::size_t below = 0;
    for (const Step& s : shortened) {
        EXPECT_GE(s.span, min_macro_step - 1e-6);
        EXPECT_LE(s.span, macro_step);
        below += s.span < macro_step - 1e-6 ? 1u : 0u;
    }
    EXPECT_GT(shortened.size(), steps_of(without).size());
    EXPECT_GT(below, 0u);
}

// dose_breakpoints_ms: every start and stop of a repeated infusion (start + k every and start +
// k every + duration, k < count), and a bolus given at once contributes its start only; sorted,
// each time once (the bolus at day 21 09:00 coincides with the first infusion's start).
TEST(MultiscaleScheduler, DoseBreakpointsAreTheStartsAndStopsOfEveryDose) {
    PharmacologySpec spec;
    DoseEntry infusion;
    infusion.kind = DoseEntry::Kind::infusion;
    infusion.start_ms = 21 * day + 9 * hour;
    infusion.rate_mg_per_min = 0.35 / 60.0;
    infusion.per_kg = true;
    infusion.duration_ms = 4 * hour;
    infusion.repeat_every_ms = 24 * hour;
    infusion.repeat_count = 5;
    DoseEntry bolus;
    bolus.kind = DoseEntry::Kind::bolus;
    bolus.start_ms = 21 * day + 9 * hour;
    bolus.amount_mg = 10.0;
    DoseEntry late = bolus;
    late.start_ms = 30 * day;
    spec.doses = {late, infusion, bolus};
    std::vector<double> expected;
    for (int k = 0; k < 5; ++k) {
        expected.push_back(21 * day + 9 * hour + k * 24 * hour);
        expected.push_back(21 * day + 13 * hour + k * 24 * hour);
    }
    expected.push_back(30 * day);
    EXPECT_EQ(dose_breakpoints_ms(spec), expected);
    EXPECT_TRUE(dose_breakpoints_ms(PharmacologySpec{}).empty());
}

// Bitwise determinism (STYLE.md §4.6): the same timeline with the graupner_brunel rule, the
// ltd_window hypothesis and a drug step at 1 and 2 threads gives the same slow series and pain
// test responses, bit for bit.
TEST(MultiscaleScheduler, ResultsAreBitwiseTheSameForOneAndTwoThreads) {
    const double b = day + 3 * hour;
    StepDrug drug1(b, 2.0), drug2(b, 2.0);
    const Outcome one = run(with_drug(&drug1, b, 1, "ltd_window"));
    const Outcome two = run(with_drug(&drug2, b, 2, "ltd_window"));
    ASSERT_GT(one.slow.variables.size(), 2u); // rho, and the process's own variables
    EXPECT_EQ(one.slow.time_ms, two.slow.time_ms);
    EXPECT_EQ(one.slow.values, two.slow.values);
    ASSERT_EQ(one.pain.size(), two.pain.size());
    for (std::size_t k = 0; k < one.pain.size(); ++k)
        EXPECT_EQ(one.pain[k].response, two.pain[k].response) << k;
    // The run is not trivial: the synapses had presynaptic events and rho moved.
    const std::size_t n_var = one.slow.variables.size();
    EXPECT_NE(one.slow.values[0], one.slow.values[one.slow.values.size() - n_var]);
}

// multiscale.hpp: a stimulus (other than the pain test) starting inside a multiscale phase is
// a ConfigError naming the stimulus and the phase; inside the full phase it is accepted.
TEST(MultiscaleScheduler, StimulusInsideAMultiscalePhaseIsAConfigError) {
    StimulusSpec injury{"injury", "hfs", {"c_fibres"}, {1.0}, {{"start", 5 * hour}}};
    try {
        (void)run(with_stimulus(injury));
        ADD_FAILURE() << "a stimulus inside a multiscale phase was accepted";
    } catch (const ConfigError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("'injury'"), std::string::npos) << what;
        EXPECT_NE(what.find("'course'"), std::string::npos) << what;
    }
    injury.params["start"] = 500.0;
    injury.params["trains"] = 1.0;
    injury.params["count"] = 10.0;
    EXPECT_NO_THROW((void)run(with_stimulus(injury)));
}
