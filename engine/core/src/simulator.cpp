// SPDX-License-Identifier: MIT
#include "hornet/core/simulator.hpp"

#include "hornet/core/error.hpp"
#include "hornet/core/index_range.hpp"
#include "hornet/core/parallel.hpp"
#include "hornet/core/slice_gate.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <sstream>

namespace hornet {
namespace {

/// Without projections nothing limits the slice; 16 steps keep per-slice spike buffers small.
constexpr std::int64_t kSliceWithoutProjections = 16;
/// Slices longer than this gain nothing measurable and cost spike-buffer memory.
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

} // namespace

/// Everything the step loop touches, sized once before the run (no allocation while stepping).
/// Buffers indexed by `parity` alternate between slices: slice k writes parity k%2 while its
/// tasks read the previous slice's parity, so slices need to be ordered only once, by SliceGate.
/// Buffers indexed by domain d belong to worker share d = partition(n, d, threads).
struct detail::SimulationBuffers {
    std::int64_t slice = 1;
    std::int64_t ring = 1; ///< delay ring slots per receptor (>= max delay)
    std::size_t n_threads = 1;
    std::vector<std::vector<double>> input;   ///< per population: [receptor][slot][neuron]
    std::vector<SliceSpikes> spikes;          ///< [(parity * threads + t) * pops + p]
    std::vector<std::vector<double>> samples; ///< [parity * reports + r]: rows x columns
    std::vector<WorkerStatus> status;         ///< [parity * threads + t]
    std::vector<WorkerCounts> spike_counts;   ///< [t]: spikes per population
    std::vector<CounterRng> rngs;             ///< per population
    std::exception_ptr recorder_error;
    /// The last slice of the previous run(): its spikes are delivered at the start of the next.
    std::int64_t pending_begin = 0, pending_steps = 0;
    int pending_parity = 1;

    SliceSpikes& spike_list(int parity, std::size_t domain, std::size_t p, std::size_t n_pops) {
        return spikes[(static_cast<std::size_t>(parity) * n_threads + domain) * n_pops + p];
    }
};

namespace {

/// The phases of one domain's slice task, over the shared buffers. Dependencies: deliver(k-1)
/// must precede advance(k) (inputs due in slice k); hand_off(k-1) only reads buffers of parity
/// (k-1)%2, which nobody writes during slice k.
class StepLoop {
public:
    StepLoop(Network& net, detail::SimulationBuffers& b, const std::vector<ReportLayout>& reports,
             Recorder* rec)
        : net_(net), b_(b), reports_(reports), recorder_(rec) {}

    void deliver(std::size_t d, int parity, std::int64_t slice_begin, std::int64_t n_steps);
    void advance(std::size_t d, int parity, std::int64_t slice_begin, std::int64_t n_steps);
    void check(std::size_t d, int parity);
    void hand_off(int parity, std::int64_t slice_begin, std::int64_t n_steps);

private:
    void advance_block(std::size_t p, IndexRange block, int parity, SliceSpikes& list,
                       std::int64_t slice_begin, std::int64_t n_steps);
    void sample(std::size_t p, IndexRange block, int parity, std::int64_t step,
                std::int64_t slice_begin);
    std::int64_t first_sample(std::int64_t slice_begin, const ReportLayout& r) const {
        return (slice_begin + r.interval_steps - 1) / r.interval_steps * r.interval_steps;
    }

    Network& net_;
    detail::SimulationBuffers& b_;
    const std::vector<ReportLayout>& reports_;
    Recorder* recorder_;
};

// Adds the weights of every spike of the slice [slice_begin, slice_begin + n_steps) to the
// input rings of domain d's targets. Order per target: projection, step, source id (the
// source workers' lists are concatenated in worker order = id order), synapse index. That
// order does not depend on the number of workers, so neither do the floating-point sums.
void StepLoop::deliver(std::size_t d, int parity, std::int64_t slice_begin, std::int64_t n_steps) {
    const std::size_t n_pops = net_.n_populations();
    for (const Projection& proj : net_.projections()) {
        const SynapseRows& rows = proj.owned[d];
        const std::size_t n_tgt = net_.population(proj.target).size();
        double* const ring = b_.input[proj.target].data() +
                             proj.receptor * static_cast<std::size_t>(b_.ring) * n_tgt;
        const auto w_const = proj.constant_weight;
        for (std::int64_t s = 0; s < n_steps; ++s) {
            const std::int64_t step = slice_begin + s;
            for (std::size_t u = 0; u < b_.n_threads; ++u) {
                for (const std::uint32_t src :
                     b_.spike_list(parity, u, proj.source, n_pops).step(s)) {
                    const std::uint64_t end = rows.row_start[src + 1];
                    if (proj.has_constant_delay && proj.has_constant_weight) {
                        double* row = ring + static_cast<std::size_t>((step + proj.constant_delay) %
                                                                      b_.ring) *
                                                 n_tgt;
                        for (std::uint64_t i = rows.row_start[src]; i < end; ++i)
                            row[rows.target[i]] += w_const;
                        continue;
                    }
                    for (std::uint64_t i = rows.row_start[src]; i < end; ++i) {
                        const std::int64_t delay =
                            proj.has_constant_delay ? proj.constant_delay : rows.delay_steps[i];
                        const double w =
                            proj.has_constant_weight ? w_const : double{rows.weight[i]};
                        ring[static_cast<std::size_t>((step + delay) % b_.ring) * n_tgt +
                             rows.target[i]] += w;
                    }
                }
            }
        }
    }
}

// Advances domain d's neurons of every population through the slice's steps, block by block:
// each block goes through all steps while it is in cache (populations and blocks do not
// interact within a slice, since every delay is at least a slice long).
void StepLoop::advance(std::size_t d, int parity, std::int64_t slice_begin, std::int64_t n_steps) {
    const std::size_t n_pops = net_.n_populations();
    for (std::size_t p = 0; p < n_pops; ++p) {
        SliceSpikes& list = b_.spike_list(parity, d, p, n_pops);
        std::fill(list.counts.begin(), list.counts.end(), 0u);
        const IndexRange range = partition(net_.population(p).size(), d, b_.n_threads);
        for (std::size_t begin = range.begin; begin < range.end; begin += kBlockNeurons)
            advance_block(p, {begin, std::min(begin + kBlockNeurons, range.end)}, parity, list,
                          slice_begin, n_steps);
        for (const auto c : list.counts) b_.spike_counts[d].per_population[p] += c;
    }
}

void StepLoop::advance_block(std::size_t p, IndexRange block, int parity, SliceSpikes& list,
                             std::int64_t slice_begin, std::int64_t n_steps) {
    Population& pop = net_.population(p);
    const std::size_t n_rec = pop.receptors().size();
    double* const base = b_.input[p].data();
    const double* rows[8];
    for (std::int64_t s = 0; s < n_steps; ++s) {
        const std::int64_t step = slice_begin + s;
        if (!reports_.empty()) sample(p, block, parity, step, slice_begin);
        const auto slot = static_cast<std::size_t>(step % b_.ring);
        for (std::size_t r = 0; r < n_rec; ++r)
            rows[r] = base + (r * static_cast<std::size_t>(b_.ring) + slot) * pop.size();
        const auto row = static_cast<std::size_t>(s);
        SpikeWriter writer(list.ids.data() + row * list.stride + list.counts[row]);
        pop.advance(StepInput{{rows, n_rec}, step, &b_.rngs[p]}, block, writer);
        list.counts[row] += static_cast<std::uint32_t>(writer.size());
        for (std::size_t r = 0; r < n_rec; ++r) {
            double* consumed = base + (r * static_cast<std::size_t>(b_.ring) + slot) * pop.size();
            std::fill(consumed + block.begin, consumed + block.end, 0.0);
        }
    }
}

// Copies the report values of population p's neurons in `block` if `step` is a sampling step.
void StepLoop::sample(std::size_t p, IndexRange block, int parity, std::int64_t step,
                      std::int64_t slice_begin) {
    for (std::size_t r = 0; r < reports_.size(); ++r) {
        const ReportLayout& rep = reports_[r];
        if (rep.population != p || step % rep.interval_steps != 0) continue;
        const auto first = std::lower_bound(rep.node_ids.begin(), rep.node_ids.end(), block.begin);
        const auto last = std::lower_bound(first, rep.node_ids.end(), block.end);
        if (first == last) continue;
        const auto row =
            static_cast<std::size_t>((step - first_sample(slice_begin, rep)) / rep.interval_steps);
        const std::size_t n_nodes = rep.node_ids.size();
        double* out = b_.samples[static_cast<std::size_t>(parity) * reports_.size() + r].data() +
                      row * rep.variables.size() * n_nodes;
        const Population& pop = net_.population(p);
        for (std::size_t v = 0; v < rep.variables.size(); ++v)
            for (auto c = first; c != last; ++c)
                out[v * n_nodes + static_cast<std::size_t>(c - rep.node_ids.begin())] =
                    pop.state_value(rep.variables[v], *c);
    }
}

void StepLoop::check(std::size_t d, int parity) {
    WorkerStatus& st = b_.status[static_cast<std::size_t>(parity) * b_.n_threads + d];
    st.invalid = false;
    for (std::size_t p = 0; p < net_.n_populations() && !st.invalid; ++p) {
        const Population& pop = net_.population(p);
        if (pop.find_invalid(partition(pop.size(), d, b_.n_threads), st.neuron, st.value)) {
            st.invalid = true;
            st.population = p;
        }
    }
}

// Gives the recorder the spikes and samples of a finished slice. Runs as one task per slice,
// so calls never overlap and come in step order.
void StepLoop::hand_off(int parity, std::int64_t slice_begin, std::int64_t n_steps) {
    if (!recorder_) return;
    const std::size_t n_pops = net_.n_populations();
    for (std::int64_t s = 0; s < n_steps; ++s)
        for (std::size_t p = 0; p < n_pops; ++p) {
            if (!recorder_->wants_spikes(p)) continue;
            for (std::size_t u = 0; u < b_.n_threads; ++u) {
                const auto ids = b_.spike_list(parity, u, p, n_pops).step(s);
                if (!ids.empty()) recorder_->spikes(p, slice_begin + s, ids);
            }
        }
    for (std::size_t r = 0; r < reports_.size(); ++r) {
        const ReportLayout& rep = reports_[r];
        const std::size_t n_cols = rep.variables.size() * rep.node_ids.size();
        const double* data =
            b_.samples[static_cast<std::size_t>(parity) * reports_.size() + r].data();
        std::size_t row = 0;
        for (std::int64_t step = first_sample(slice_begin, rep); step < slice_begin + n_steps;
             step += rep.interval_steps, ++row)
            recorder_->sample(r, step, {data + row * n_cols, n_cols});
    }
}

} // namespace

Simulator::Simulator(Network& network) : network_(network) {}
Simulator::~Simulator() = default;

std::int64_t Simulator::slice_steps() const noexcept {
    const std::int64_t d = network_.min_delay_steps();
    return d == 0 ? kSliceWithoutProjections : std::min<std::int64_t>(d, kMaxSliceSteps);
}

namespace {

std::string invalid_state_message(const Network& net, const WorkerStatus& st,
                                  std::int64_t by_step) {
    const Population& pop = net.population(st.population);
    std::ostringstream out;
    out << "population '" << pop.name() << "' (" << pop.model_name() << "), neuron " << st.neuron
        << ": state became " << (std::isnan(st.value) ? "NaN" : "unbounded") << " (" << st.value
        << ") by t = " << static_cast<double>(by_step) * net.dt_ms()
        << " ms; the parameters or the time step make the dynamics unstable (try a smaller dt, "
           "or check weights and conductances)";
    return out.str();
}

} // namespace

RunStatistics Simulator::run(std::int64_t n_steps) {
    const std::size_t n_threads = static_cast<std::size_t>(network_.threads());
    const std::size_t n_pops = network_.n_populations();
    if (!buffers_) {
        buffers_ = std::make_unique<detail::SimulationBuffers>();
        detail::SimulationBuffers& b = *buffers_;
        b.n_threads = n_threads;
        b.slice = slice_steps();
        b.ring = std::max<std::int64_t>(network_.max_delay_steps(), 1);
        for (std::size_t p = 0; p < n_pops; ++p) {
            const Population& pop = network_.population(p);
            if (pop.receptors().size() > 8) throw InternalError("more than 8 receptor ports");
            b.input.emplace_back(
                pop.receptors().size() * static_cast<std::size_t>(b.ring) * pop.size(), 0.0);
            b.rngs.emplace_back(network_.seed(), RngPurpose::spikes, pop.id());
        }
        b.spikes.resize(2 * n_threads * n_pops);
        for (int parity = 0; parity < 2; ++parity)
            for (std::size_t t = 0; t < n_threads; ++t)
                for (std::size_t p = 0; p < n_pops; ++p) {
                    SliceSpikes& list = b.spike_list(parity, t, p, n_pops);
                    list.stride = partition(network_.population(p).size(), t, n_threads).size();
                    list.ids.resize(list.stride * static_cast<std::size_t>(b.slice));
                    list.counts.assign(static_cast<std::size_t>(b.slice), 0);
                }
        b.status.resize(2 * n_threads);
        b.spike_counts.resize(n_threads);
        for (auto& c : b.spike_counts)
            c.per_population.assign(n_pops + 8, 0); // padded past the line
    }
    detail::SimulationBuffers& b = *buffers_;
    // Report buffers depend on the reports, which may change between runs.
    b.samples.assign(2 * reports_.size(), {});
    for (std::size_t r = 0; r < reports_.size(); ++r) {
        const ReportLayout& rep = reports_[r];
        const std::size_t rows =
            static_cast<std::size_t>((b.slice + rep.interval_steps - 1) / rep.interval_steps);
        for (int parity = 0; parity < 2; ++parity)
            b.samples[static_cast<std::size_t>(parity) * reports_.size() + r].assign(
                rows * rep.variables.size() * rep.node_ids.size(), 0.0);
    }
    for (auto& counts : b.spike_counts)
        std::fill(counts.per_population.begin(), counts.per_population.end(), 0);

    const std::int64_t first = step_, last = step_ + n_steps;
    if (recorder_) recorder_->begin(network_, reports_, first, n_steps);
    StepLoop loop(network_, b, reports_, recorder_);
    const auto wall_start = std::chrono::steady_clock::now();
    b.recorder_error = nullptr;

    // Slice k of this run covers [first + k S, ...); slice -1 is the previous run's last slice,
    // whose spikes are still to be delivered (it was reported already).
    const std::int64_t n_slices = (n_steps + b.slice - 1) / b.slice;
    const int first_parity = 1 - b.pending_parity;
    const auto slice_begin = [&](std::int64_t k) {
        return k < 0 ? b.pending_begin : first + k * b.slice;
    };
    const auto slice_steps = [&](std::int64_t k) {
        return k < 0 ? b.pending_steps : std::min(b.slice, last - slice_begin(k));
    };
    const auto parity_of = [&](std::int64_t k) {
        return static_cast<int>((first_parity + k + 2) % 2);
    };

    // Tasks 0..D-1 advance domain d (deliver the previous slice, step, check); task D hands the
    // previous slice to the recorder. Written by the worker that completes slice k:
    std::int64_t completed = 0; // slices completed
    const WorkerStatus* failure = nullptr;
    const int n_domains = static_cast<int>(n_threads);
    SliceGate gate(n_domains + 1);

    const auto run_task = [&](int task, std::int64_t k) {
        const int parity = parity_of(k);
        if (task < n_domains) {
            const auto d = static_cast<std::size_t>(task);
            if (slice_steps(k - 1) > 0)
                loop.deliver(d, 1 - parity, slice_begin(k - 1), slice_steps(k - 1));
            loop.advance(d, parity, slice_begin(k), slice_steps(k));
            loop.check(d, parity);
            return;
        }
        try { // the reporting task: never overlaps itself, and runs in slice order
            if (k > 0) loop.hand_off(1 - parity, slice_begin(k - 1), slice_steps(k - 1));
            if (progress_) progress_->progress(slice_begin(k) - first, n_steps);
        } catch (...) {
            b.recorder_error = std::current_exception();
        }
    };
    // Runs in the worker that finished slice k's last task: decides whether to go on.
    const auto complete_slice = [&](std::int64_t k) {
        const int parity = parity_of(k);
        for (std::size_t d = 0; d < n_threads && !failure; ++d)
            if (b.status[static_cast<std::size_t>(parity) * n_threads + d].invalid)
                failure = &b.status[static_cast<std::size_t>(parity) * n_threads + d];
        completed = k + 1;
        const bool stop =
            failure || b.recorder_error || (stop_ && stop_->load(std::memory_order_relaxed));
        gate.open_next(k, stop || k + 1 == n_slices);
    };

    if (n_slices > 0) {
        run_workers(network_.threads(), [&](int worker) {
            for (std::int64_t k = 0; gate.wait_open(k); ++k) {
                // Own domain first (its data is in this core's cache), then the reporting task,
                // then whatever domains other workers have not started.
                for (int i = 0; i <= n_domains; ++i) {
                    const int task = i == 0   ? worker
                                     : i == 1 ? n_domains
                                              : (worker + i - 1) % n_domains;
                    if (!gate.try_claim(task, k)) continue;
                    run_task(task, k);
                    if (gate.finish_task(k)) complete_slice(k);
                }
            }
        });
    }
    const std::int64_t stopped_at = std::min(last, first + completed * b.slice);
    // The last completed slice still goes to the recorder.
    if (completed > 0 && !b.recorder_error) {
        try {
            loop.hand_off(parity_of(completed - 1), slice_begin(completed - 1),
                          slice_steps(completed - 1));
        } catch (...) {
            b.recorder_error = std::current_exception();
        }
    }
    if (completed > 0) {
        b.pending_begin = slice_begin(completed - 1);
        b.pending_steps = slice_steps(completed - 1);
        b.pending_parity = parity_of(completed - 1);
    }

    RunStatistics stats;
    stats.wall_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
    stats.steps = stopped_at - first;
    stats.interrupted = stopped_at < last;
    stats.spikes.assign(n_pops, 0);
    for (const auto& counts : b.spike_counts)
        for (std::size_t p = 0; p < n_pops; ++p) stats.spikes[p] += counts.per_population[p];
    step_ = stopped_at;
    if (recorder_ && !b.recorder_error) recorder_->end(stats);
    if (b.recorder_error) std::rethrow_exception(b.recorder_error);
    if (failure) throw RunError(invalid_state_message(network_, *failure, stopped_at));
    return stats;
}

std::vector<ReportLayout> resolve_reports(const Network& network, const RecordingSpec& spec,
                                          double dt_ms) {
    std::vector<ReportLayout> out;
    for (const ReportSpec& r : spec.reports) {
        ReportLayout layout;
        layout.population = network.find_population(r.population);
        if (layout.population == Network::npos)
            throw ConfigError("report: unknown population '" + r.population + "'");
        const Population& pop = network.population(layout.population);
        const auto vars = pop.state_variables();
        for (const std::string& v : r.variables) {
            const auto it = std::find_if(vars.begin(), vars.end(),
                                         [&](const StateInfo& s) { return s.name == v; });
            if (it == vars.end())
                throw ConfigError("report of '" + r.population + "': model " +
                                  std::string(pop.model_name()) + " has no state variable '" + v +
                                  "'");
            layout.variables.push_back(static_cast<std::size_t>(it - vars.begin()));
        }
        layout.node_ids = r.node_ids;
        if (layout.node_ids.empty())
            for (std::uint64_t i = 0; i < pop.size(); ++i) layout.node_ids.push_back(i);
        std::sort(layout.node_ids.begin(), layout.node_ids.end());
        layout.node_ids.erase(std::unique(layout.node_ids.begin(), layout.node_ids.end()),
                              layout.node_ids.end());
        if (!layout.node_ids.empty() && layout.node_ids.back() >= pop.size())
            throw ConfigError("report of '" + r.population + "': neuron " +
                              std::to_string(layout.node_ids.back()) + " does not exist (size " +
                              std::to_string(pop.size()) + ")");
        layout.interval_steps = std::max<std::int64_t>(1, std::llround(r.interval_ms / dt_ms));
        out.push_back(std::move(layout));
    }
    return out;
}

} // namespace hornet
