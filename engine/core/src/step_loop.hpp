// SPDX-License-Identifier: MIT
#pragma once
// Private to engine/core: the buffers of the step loop, the phases of one domain's slice task
// (deliver, advance, check) and of the reporting task (hand_off). simulator.cpp schedules them
// (SliceSchedule); see docs/architecture.md.
#include "hornet/core/index_range.hpp"
#include "hornet/core/network.hpp"
#include "hornet/core/recorder.hpp"

#include <array>
#include <cstdint>
#include <exception>
#include <span>
#include <vector>

namespace hornet::detail {

/// Longest slice, also used without projections (then nothing limits it): longer slices gain
/// nothing measurable and cost spike-buffer memory (one row of ids per step).
constexpr std::int64_t kMaxSliceSteps = 16;

/// Neurons per cache block: a block's state and inputs (~64 B per neuron) stay in L2 while it
/// is advanced through every step of the slice.
constexpr std::size_t kBlockNeurons = 4096;

/// Spikes one domain's neurons of one population emitted during one slice, one row per step so
/// that blocks can be advanced in any order and each row still lists ids in increasing order.
/// Cache-line aligned: domains are written concurrently, and neighbours must not share a line.
struct alignas(64) SliceSpikes {
    std::vector<std::uint32_t> ids;    ///< [slice step][stride]; sized once, never grows
    std::vector<std::uint32_t> counts; ///< spikes in each slice step
    std::size_t stride = 0;            ///< neurons owned: at most one spike each per step

    std::span<const std::uint32_t> step(std::int64_t s) const noexcept {
        const auto i = static_cast<std::size_t>(s);
        return {ids.data() + i * stride, counts[i]};
    }
};

/// Spikes per population counted by one domain (its own cache line).
struct alignas(64) WorkerCounts {
    std::vector<std::uint64_t> per_population;
};

/// What a domain task found wrong during a slice; read by the worker that completes it.
struct alignas(64) WorkerStatus {
    bool invalid = false;
    std::size_t population = 0;
    std::size_t neuron = 0;
    double value = 0.0;
};

/// Everything the step loop touches, sized once before the run (no allocation while stepping).
/// Buffers indexed by `parity` alternate between slices: slice k writes parity k%2 while its
/// tasks read the previous slice's parity, so slices need to be ordered only once, by SliceGate.
/// Buffers indexed by domain d belong to worker share d = partition(n, d, threads).
struct SimulationBuffers {
    std::int64_t slice = 1;
    std::int64_t ring = 1; ///< delay ring slots per receptor (>= max delay)
    std::size_t n_threads = 1;
    /// Per population: [port in use][ring slot][neuron]. Only ports that some projection
    /// targets get rings (a dorsal-horn neuron has 6 ports and delays of 100s of steps).
    std::vector<std::vector<double>> input;
    /// Per population and receptor port: its index in `input`, or -1 when nothing targets it.
    std::vector<std::array<int, 8>> port_index;
    std::vector<double> zeros; ///< the input of unused ports: as long as the largest population
    std::vector<SliceSpikes> spikes;          ///< [(parity * threads + t) * pops + p]
    std::vector<std::vector<double>> samples; ///< [parity * reports + r]: rows x columns
    std::vector<WorkerStatus> status;         ///< [parity * threads + t]
    std::vector<WorkerCounts> spike_counts;   ///< [t]: spikes per population
    std::vector<CounterRng> rngs;             ///< per population
    /// Drug concentrations of the slice being advanced: written between slices (before the
    /// next slice's tasks are released), read by its domain tasks.
    DrugLevels drug{};
    /// Per population: its stimuli, or null (set before each run).
    std::vector<const AfferentDrive*> drives;
    /// Per population: the calcium gate of plastic synapses onto it (its nmda_drug_free
    /// array), or null when the model has none (gate 1).
    std::vector<const double*> gates;
    /// Plastic projections that own their rows (indices into the network's projections).
    std::vector<std::size_t> plastic;
    /// Slots of the rings of pending pre events (> any delay + calcium delay + one slice).
    std::int64_t event_ring = 1;
    /// Plasticity summaries: every `summary_interval` steps (0: never), taken at the end of the
    /// slice that contains the sampling time. [parity][domain][plastic projection].
    std::int64_t summary_interval = 0;
    std::vector<PlasticSummary> summaries;
    std::array<std::int64_t, 2> summary_step{-1, -1}; ///< per parity: the step sampled, or -1
    std::vector<PlasticitySeries>* series = nullptr;  ///< where hand_off appends the samples
    /// Full samples, per parity and plastic projection (empty when not asked for), and where
    /// each domain's synapses start in them.
    std::vector<std::vector<float>> full_rows;         ///< [parity * plastic + q]
    std::vector<std::vector<std::size_t>> full_offset; ///< [q][domain]
    std::exception_ptr recorder_error;
    /// The last slice of the previous run(): its spikes are delivered at the start of the next.
    std::int64_t pending_begin = 0, pending_steps = 0;
    int pending_parity = 1;

    SliceSpikes& spike_list(int parity, std::size_t domain, std::size_t p, std::size_t n_pops) {
        return spikes[(static_cast<std::size_t>(parity) * n_threads + domain) * n_pops + p];
    }

    /// Sizes every buffer the step loop touches, once per simulator.
    void allocate(const Network& net, std::int64_t slice_steps);
    /// Sizes the sample buffers for `reports` (which may change between runs).
    void allocate_samples(const std::vector<ReportLayout>& reports);
};

/// The phases of one domain's slice task, over the shared buffers. Dependencies: deliver(k-1)
/// must precede advance(k) (inputs due in slice k); hand_off(k-1) only reads buffers of parity
/// (k-1)%2, which nobody writes during slice k.
class StepLoop {
public:
    StepLoop(Network& net, SimulationBuffers& b, const std::vector<ReportLayout>& reports,
             Recorder* rec)
        : net_(net), b_(b), reports_(reports), recorder_(rec) {}

    void deliver(std::size_t d, int parity, std::int64_t slice_begin, std::int64_t n_steps);
    void advance(std::size_t d, int parity, std::int64_t slice_begin, std::int64_t n_steps);
    /// Runs the plasticity events of domain d's synapses that fall into the slice, in step order
    /// (pre before post), then takes the domain's summaries if a sample is due.
    void plasticity(std::size_t d, int parity, std::int64_t slice_begin, std::int64_t n_steps);
    /// Summaries of every plastic projection at `step`, over all domains (before a run).
    void summarize_all(std::int64_t step);
    void check(std::size_t d, int parity);
    void hand_off(int parity, std::int64_t slice_begin, std::int64_t n_steps);

private:
    void advance_block(std::size_t p, IndexRange block, int parity, SliceSpikes& list,
                       std::int64_t slice_begin, std::int64_t n_steps);
    void sample(std::size_t p, IndexRange block, int parity, std::int64_t step,
                std::int64_t slice_begin);
    PlasticSummary& summary(int parity, std::size_t d, std::size_t q) {
        return b_
            .summaries[(static_cast<std::size_t>(parity) * b_.n_threads + d) * b_.plastic.size() +
                       q];
    }
    std::int64_t first_sample(std::int64_t slice_begin, const ReportLayout& r) const {
        return (slice_begin + r.interval_steps - 1) / r.interval_steps * r.interval_steps;
    }

    Network& net_;
    SimulationBuffers& b_;
    const std::vector<ReportLayout>& reports_;
    Recorder* recorder_;
};

} // namespace hornet::detail
