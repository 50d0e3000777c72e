// SPDX-License-Identifier: MIT
#pragma once
/// The recording interface. The simulator hands spikes and state samples to a Recorder; where
/// they go (HDF5, memory, a test) is the implementation's business. Calls never overlap and come
/// in non-decreasing step order (possibly from different simulation threads, each call
/// happening-after the previous one), so an implementation needs no locking of its own for
/// them, but it must return quickly: file I/O belongs on a thread of its own.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace hornet {

class Network;

/// What to sample: variables of chosen neurons of one population every `interval_ms`.
struct ReportSpec {
    std::string population;
    std::vector<std::string> variables;
    std::vector<std::uint64_t> node_ids; ///< population-local, increasing; empty = all
    double interval_ms = 1.0;
};

struct RecordingSpec {
    std::vector<std::string> spike_populations; ///< populations whose spikes are recorded
    std::vector<ReportSpec> reports;
    /// How often plastic projections are summarised (/slow/<value>/<projection>).
    double plasticity_interval_ms = 1000.0;
    /// Plastic projections ([[projections]] names) whose every synapse is recorded too.
    std::vector<std::string> plasticity_full;
};

/// A report as the simulator resolved it.
struct ReportLayout {
    std::size_t population = 0;
    std::vector<std::size_t> variables;  ///< state variable indices
    std::vector<std::uint64_t> node_ids; ///< population-local, increasing
    std::int64_t interval_steps = 1;
};

/// Summaries of one plastic projection over time (Simulator::plasticity_series).
struct PlasticitySeries {
    std::size_t projection = 0;
    std::vector<std::int64_t> steps;
    std::vector<double> mean;        ///< mean of the rule's recorded variable (rho, W)
    std::vector<double> potentiated; ///< fraction of synapses potentiated
    /// Every synapse, when asked for (Simulator::set_plasticity_sampling): per sample the value
    /// of each synapse in target-major order (by target, then source), and each synapse's
    /// population-local source and target.
    bool full = false;
    std::vector<std::uint32_t> source, target;
    std::vector<float> values; ///< [sample][synapse]
};

struct RunStatistics {
    std::int64_t steps = 0;            ///< steps simulated
    double wall_seconds = 0.0;         ///< simulation phase only
    std::vector<std::uint64_t> spikes; ///< per population
    bool interrupted = false;          ///< stopped early by a stop request
};

class Recorder {
public:
    virtual ~Recorder() = default;
    /// Called at the start of every Simulator::run(); a later call continues the same
    /// recording (the multiscale scheduler runs in windows). `reports` are resolved layouts.
    virtual void begin(const Network& network, const std::vector<ReportLayout>& reports,
                       std::int64_t first_step, std::int64_t n_steps) = 0;
    /// Whether spikes of population `pop` are wanted (checked once, before the run).
    virtual bool wants_spikes(std::size_t pop) const = 0;
    /// Population-local ids that spiked at `step`, increasing. Several calls may come for one
    /// (pop, step); together they are in increasing id order.
    virtual void spikes(std::size_t pop, std::int64_t step, std::span<const std::uint32_t> ids) = 0;
    /// One sample of report `report` at `step`: for each variable of the report in order, the
    /// values of its neurons in node_ids order.
    virtual void sample(std::size_t report, std::int64_t step, std::span<const double> values) = 0;
    /// Called at the end of every Simulator::run(), also when it stopped early.
    virtual void end(const RunStatistics& statistics) = 0;
};

/// Told about progress once per exchange slice (calls never overlap); it decides itself
/// how often to say something, and must be cheap when it says nothing.
class ProgressObserver {
public:
    virtual ~ProgressObserver() = default;
    virtual void progress(std::int64_t steps_done, std::int64_t n_steps) = 0;
};

} // namespace hornet
