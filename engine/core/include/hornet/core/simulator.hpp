// SPDX-License-Identifier: MIT
#pragma once
/// The step loop. One OpenMP parallel region spans the whole run. The neurons are split into
/// one domain per thread: a fixed, contiguous share of every population and the synapses that
/// target it. Time advances in slices of `min_delay` steps: a spike emitted inside a slice cannot
/// reach anyone before the slice ends, so a domain is advanced through the whole slice as one
/// task, and slices are ordered once (SliceGate), not once per step. Any worker may run any
/// domain's task, so a worker that loses its core holds nobody up. See docs/architecture.md.
#include "hornet/core/drug.hpp"
#include "hornet/core/network.hpp"
#include "hornet/core/recorder.hpp"

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace hornet {

namespace detail {
struct SimulationBuffers; // defined in src/step_loop.hpp
}

class Simulator {
public:
    /// `network` must outlive the simulator; its thread count is the simulator's.
    explicit Simulator(Network& network);
    ~Simulator();
    Simulator(const Simulator&) = delete;
    Simulator& operator=(const Simulator&) = delete;

    void set_recorder(Recorder* recorder) noexcept { recorder_ = recorder; }
    void set_progress(ProgressObserver* progress) noexcept { progress_ = progress; }
    /// When the flag becomes true the run stops at the next slice boundary (SIGINT handling).
    void set_stop_flag(const std::atomic<bool>* stop) noexcept { stop_ = stop; }
    void set_reports(std::vector<ReportLayout> reports) { reports_ = std::move(reports); }
    /// Drug concentrations over time, read once per slice; none: no drug anywhere.
    void set_drug(DrugTimeCourse* drug) noexcept { drug_ = drug; }
    /// The stimuli of each population (indexed like the network's populations; null or a
    /// shorter list: none). The drives must outlive the runs.
    void set_drives(std::vector<const AfferentDrive*> drives) { drives_ = std::move(drives); }
    /// Summarises every plastic projection every `interval_steps` (0: never); see
    /// plasticity_series(). `full` (indexed like the network's projections; shorter: false)
    /// also records every synapse of the projections marked. Call before the first run.
    void set_plasticity_sampling(std::int64_t interval_steps, std::vector<bool> full = {}) {
        plasticity_interval_ = interval_steps;
        plasticity_full_ = std::move(full);
    }
    /// One series per plastic projection that owns its rows, over all runs so far: the state at
    /// the start of the first run, then at the end of each slice containing a sampling time.
    const std::vector<PlasticitySeries>& plasticity_series() const noexcept {
        return plasticity_series_;
    }

    /// Simulates `n_steps` steps from the current step. Throws RunError naming population,
    /// neuron and time if the state becomes NaN or runs away; the recorder's end() is called
    /// before that.
    RunStatistics run(std::int64_t n_steps);

    std::int64_t current_step() const noexcept { return step_; }
    /// Steps per exchange slice (the network's minimum delay, or a fixed block without
    /// projections).
    std::int64_t slice_steps() const noexcept;

private:
    /// Creates one series per plastic projection and, for those recorded in full, the synapse
    /// lists and sample buffers (first run only).
    void start_plasticity_series();

    Network& network_;
    Recorder* recorder_ = nullptr;
    ProgressObserver* progress_ = nullptr;
    const std::atomic<bool>* stop_ = nullptr;
    std::vector<ReportLayout> reports_;
    DrugTimeCourse* drug_ = nullptr;
    std::vector<const AfferentDrive*> drives_;
    std::int64_t plasticity_interval_ = 0;
    std::vector<bool> plasticity_full_;
    std::vector<PlasticitySeries> plasticity_series_;
    std::unique_ptr<detail::SimulationBuffers> buffers_;
    std::int64_t step_ = 0;
};

/// Resolves a RecordingSpec's reports against a network; throws ConfigError naming the report.
std::vector<ReportLayout> resolve_reports(const Network& network, const RecordingSpec& spec,
                                          double dt_ms);

} // namespace hornet
