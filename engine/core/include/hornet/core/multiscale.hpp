// SPDX-License-Identifier: MIT
#pragma once
/// The multiscale scheduler: runs a scenario's timeline (timeline.hpp) from milliseconds to
/// months on one calendar clock.
///
/// The simulator keeps its own clock (engine time, the steps it has simulated); each simulated
/// stretch maps to the calendar by an offset, so the drug is read at calendar time and stimuli
/// are placed at their calendar times. Spikes are recorded in engine time; windows() maps them.
///
///   full phase        every step is simulated, in chunks of slow_interval; after each chunk
///                     the slow processes advance across it with its statistics.
///   multiscale phase  heterogeneous multiscale method (E & Engquist 2003): at each macro step
///                     of length H at calendar time t, a micro window of the full network is
///                     simulated with the current slow state and the drug at t + H/2 (settle_ms,
///                     not measured, then micro_window_ms, measured); the plastic rules advance
///                     their dynamics averaged over the window across the rest of H
///                     (SynapticPlasticity::advance_averaged), and the slow processes advance
///                     across H from the window's statistics. H is the phase's macro step,
///                     shortened to end at every dose start or stop, at the next pain test, and
///                     until the receptor ketamine changes by at most the phase's tolerance
///                     over it and the slow processes allow it (halving, down to
///                     min_macro_step); after the window, to at most slow_tolerance
///                     relaxation times of the rules' averaged dynamics it measured.
///   pain tests        at each test time the test stimulus is applied in its own window
///                     (settle, then the stimulus; the response is counted in [from, to) after
///                     its onset); in a multiscale phase the test window stands for no calendar
///                     time and does not feed the slow processes.
#include "hornet/core/drug.hpp"
#include "hornet/core/model_registry.hpp"
#include "hornet/core/network.hpp"
#include "hornet/core/pharmacology.hpp"
#include "hornet/core/recorder.hpp"
#include "hornet/core/simulator.hpp"
#include "hornet/core/slow_process.hpp"
#include "hornet/core/stimulus.hpp"
#include "hornet/core/stimulus_drives.hpp"
#include "hornet/core/timeline.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace hornet {

/// One simulated stretch and the calendar time it stands for.
struct TimelineWindow {
    enum Kind : int { full_chunk = 0, micro_window = 1, pain_test = 2 };
    double calendar_ms = 0.0;     ///< calendar time where the simulated stretch starts
    double engine_start_ms = 0.0; ///< engine time there (spike timestamps)
    double length_ms = 0.0;       ///< simulated length, settle included
    Kind kind = full_chunk;
    double span_ms = 0.0; ///< calendar time it stands for (0 for a pain test)
};

/// One pain test.
struct PainTestResult {
    double calendar_ms = 0.0; ///< onset of the test stimulus
    double response = 0.0;    ///< spikes per neuron of the population in [from, to)
    DrugLevels drug;          ///< at the receptors, at the onset
};

/// Slow variables on the calendar axis: every plastic projection's mean value and fraction
/// potentiated, then the slow processes' samples, at the start and after every window.
struct SlowSeries {
    std::vector<SlowSample> variables; ///< names and units (values of the first sample)
    std::vector<double> time_ms;
    std::vector<double> values; ///< time-major: [time][variable]
};

class MultiscaleScheduler {
public:
    struct Setup {
        const ModelRegistry* registry = nullptr;
        std::vector<StimulusSpec> stimuli; ///< start = calendar time
        DrugTimeCourse* drug = nullptr;    ///< calendar time; null: no drug
        /// Calendar times where the dosing changes (infusion starts and stops, boluses).
        std::vector<double> drug_breakpoints_ms;
        std::vector<std::unique_ptr<SlowProcess>> processes;
        /// Indexed like the network's projections: the scenario entry each came from, which
        /// names its slow series (/slow/rho/<group>); empty: the projections' names.
        std::vector<std::string> projection_groups;
    };

    /// `network` and `simulator` must outlive the scheduler. Throws ConfigError for a timeline
    /// it cannot run (a stimulus inside a multiscale phase, a plastic rule without averaged
    /// dynamics in a multiscale phase, an unknown pain-test stimulus or population).
    MultiscaleScheduler(Network& network, Simulator& simulator, const TimelineSpec& timeline,
                        Setup setup);
    ~MultiscaleScheduler();
    MultiscaleScheduler(const MultiscaleScheduler&) = delete;
    MultiscaleScheduler& operator=(const MultiscaleScheduler&) = delete;

    /// Called after every window with the calendar time reached and the end.
    void set_progress(std::function<void(double calendar_ms, double end_ms)> progress) {
        progress_ = std::move(progress);
    }

    /// Runs the whole timeline. Returns the totals over every window (steps, wall time, spikes);
    /// `interrupted` if the simulator's stop flag was raised. RunError from the simulator
    /// propagates; what was run is kept.
    RunStatistics run();

    double calendar_ms() const noexcept { return calendar_ms_; }
    const std::vector<TimelineWindow>& windows() const noexcept { return windows_; }
    const std::vector<PainTestResult>& pain_tests() const noexcept { return pain_tests_; }
    const SlowSeries& slow_series() const noexcept { return slow_; }

private:
    class CalendarDrug;

    bool run_full_phase(const PhaseSpec& phase, RunStatistics& total);
    bool run_multiscale_phase(const PhaseSpec& phase, RunStatistics& total);
    /// Simulates `duration_ms` from calendar time `calendar_ms` with the stimuli starting in
    /// [calendar_ms, calendar_ms + duration_ms) (plus `extra`); false if interrupted.
    void place(double calendar_ms, double duration_ms, std::span<const StimulusSpec> extra);
    /// Simulates `n_steps` steps of the stretch placed last; false if interrupted.
    bool simulate(std::int64_t n_steps, RunStatistics& total, RunStatistics* window);
    bool run_pain_test(double onset_ms, double settle_ms, RunStatistics& total);
    double choose_macro_step(const PhaseSpec& phase, double t, double phase_end);
    void begin_windows();
    WindowObservation observe(double calendar_ms, double measured_ms, double span_ms, bool averaged,
                              const RunStatistics& window);
    /// The slow processes' drives, the plastic rules across the span (`simulated`: only the
    /// drives), then the processes' own state.
    void advance_slow(const WindowObservation& obs, double rule_window_ms, double rule_span_ms,
                      bool simulated);
    void record_slow(double calendar_ms);
    /// The first pain test at or after calendar time t (infinity: none).
    double next_pain_test(double t) const;
    void report_progress() const;

    Network& network_;
    Simulator& sim_;
    TimelineSpec timeline_;
    Setup setup_;
    std::unique_ptr<CalendarDrug> drug_;
    StimulusDrives drives_;
    std::size_t pain_population_ = 0;
    const StimulusSpec* pain_stimulus_ = nullptr;
    std::function<void(double, double)> progress_;
    double calendar_ms_ = 0.0;
    std::vector<TimelineWindow> windows_;
    std::vector<PainTestResult> pain_tests_;
    SlowSeries slow_;
    std::vector<std::size_t> plastic_; ///< projections with rule state
    PlasticDrives drives_of_synapses_;
};

/// The calendar times where a dosing schedule changes (from PharmacologySpec::doses).
std::vector<double> dose_breakpoints_ms(const PharmacologySpec& spec);

} // namespace hornet
