// SPDX-License-Identifier: MIT
#pragma once
/// A scenario's timeline: phases on one calendar clock (ms from day 0 00:00), each simulated at
/// its own resolution, the daily pain test, and the slow processes that carry the state across
/// time that is not simulated. The multiscale scheduler (multiscale.hpp) runs it; engine/io
/// reads it from [[phases]], [pain_signal] and [slow]. A scenario without phases is one full
/// phase of simulation.duration.
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace hornet {

struct PhaseSpec {
    enum class Resolution { full, multiscale };
    std::string name;
    double end_ms = 0.0; ///< calendar time the phase ends (it starts where the previous ended)
    Resolution resolution = Resolution::full;
    /// multiscale: the largest macro step; steps shrink (down to min_macro_step_ms) where the
    /// drug concentration or a slow variable changes fast, and end at every dose start or stop.
    double macro_step_ms = 6.0 * 3.6e6;
    double min_macro_step_ms = 10.0 * 60e3;
    double micro_window_ms = 1000.0; ///< measured part of each micro window
    double settle_ms = 300.0;        ///< simulated before the measured part, not measured
    /// Largest change of the receptor ketamine concentration over one macro step:
    /// drug_tolerance_uM + drug_tolerance_relative x the larger of the two ends.
    double drug_tolerance_uM = 0.02;
    double drug_tolerance_relative = 0.1;
    /// multiscale: a plastic rule's averaged dynamics, measured in one window, is carried over
    /// at most slow_tolerance relaxation times (the step shrinks, down to min_macro_step): a
    /// rare burst in a 1-s window must not stand for a day of such bursts.
    double slow_tolerance = 0.2;
    /// full: the slow processes are advanced after each chunk of this length.
    double slow_interval_ms = 1000.0;
};

/// The pain signal: a standardized test stimulus applied at `first_ms`, then every `every_ms`,
/// and the response of `population` (spikes per neuron in [from_ms, to_ms) after the test's
/// onset), with the pain index = response / the first test's response.
struct PainSignalSpec {
    bool enabled = false;
    std::string stimulus; ///< a [[stimuli]] entry (its own start is ignored)
    std::string population;
    double first_ms = 0.0;
    double every_ms = 24.0 * 3.6e6;
    double from_ms = 0.0;
    double to_ms = 1000.0;
};

/// The slow processes acting on the plastic synapses of one projection (models/slow).
struct SlowSpec {
    bool enabled = false;
    std::string projection; ///< the plastic projection (the [[projections]] entry's name)
    std::string hypothesis; ///< a reset hypothesis: "none", "ltd_window", "homeostatic"
    std::map<std::string, double, std::less<>> params; ///< canonical units
};

struct TimelineSpec {
    std::vector<PhaseSpec> phases; ///< empty: one full phase of simulation.duration
    PainSignalSpec pain_signal;
    SlowSpec slow;

    bool enabled() const noexcept { return !phases.empty(); }
};

} // namespace hornet
