// SPDX-License-Identifier: MIT
#include "hornet/core/simulator.hpp"

#include "hornet/core/barrier.hpp"
#include "hornet/core/error.hpp"
#include "hornet/core/index_range.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <sstream>

#if defined(_OPENMP)
#include <omp.h>
#endif

namespace hornet {
namespace {

/// Without projections nothing limits the slice; 16 steps keep per-slice spike buffers small.
constexpr std::int64_t kSliceWithoutProjections = 16;
/// Slices longer than this gain nothing measurable and cost spike-buffer memory.
constexpr std::int64_t kMaxSliceSteps = 16;

/// Spikes one worker's neurons of one population emitted during one slice. Cache-line aligned:
/// each worker writes its own lists every step, and neighbours must not share a line.
struct alignas(64) SliceSpikes {
    std::vector<std::uint32_t> ids;     ///< capacity: neurons owned x slice steps (never grows)
    std::vector<std::uint32_t> offsets; ///< offsets[s] = first id of slice step s; size slice+1
    std::size_t size = 0;
};

/// Spikes per population counted by one worker (its own cache line).
struct alignas(64) WorkerCounts {
    std::vector<std::uint64_t> per_population;
};

/// What a worker found wrong during a slice; read by every worker after the barrier.
struct alignas(64) WorkerStatus {
    bool invalid = false;
    std::size_t population = 0;
    std::size_t neuron = 0;
    double value = 0.0;
};

} // namespace

/// Everything the step loop touches, sized once before the run (no allocation while stepping).
/// Buffers indexed by `parity` alternate between slices: slice k writes parity k%2 while the
/// workers read the previous slice's parity, so one barrier per slice is enough.
struct detail::SimulationBuffers {
    std::int64_t slice = 1;
    std::int64_t ring = 1; ///< delay ring slots per receptor (>= max delay)
    std::size_t n_threads = 1;
    std::vector<std::vector<double>> input;     ///< per population: [receptor][slot][neuron]
    std::vector<SliceSpikes> spikes;            ///< [(parity * threads + t) * pops + p]
    std::vector<std::vector<double>> samples;   ///< [parity * reports + r]: rows x columns
    std::vector<std::pair<std::size_t, std::size_t>> sample_columns; ///< [t * reports + r]: node_ids range
    std::vector<WorkerStatus> status;           ///< [parity * threads + t]
    std::vector<WorkerCounts> spike_counts; ///< [t]: spikes per population
    std::vector<CounterRng> rngs;               ///< per population
    bool stop[2] = {false, false};              ///< decided by worker 0 per parity
    std::exception_ptr recorder_error;
    /// The last slice of the previous run(): its spikes are delivered at the start of the next.
    std::int64_t pending_begin = 0, pending_steps = 0;
    int pending_parity = 1;

    SliceSpikes& spike_list(int parity, std::size_t t, std::size_t p, std::size_t n_pops) {
        return spikes[(static_cast<std::size_t>(parity) * n_threads + t) * n_pops + p];
    }
};

namespace {

/// The phases of one worker's slice, as free functions over the shared buffers. Dependencies:
/// deliver(k-1) must precede advance(k) (inputs due in slice k); hand_off(k-1) only reads
/// buffers of parity (k-1)%2, which nobody writes during slice k.
class StepLoop {
public:
    StepLoop(Network& net, detail::SimulationBuffers& b, const std::vector<ReportLayout>& reports,
             Recorder* rec)
        : net_(net), b_(b), reports_(reports), recorder_(rec) {}

    void deliver(std::size_t t, int parity, std::int64_t slice_begin, std::int64_t n_steps);
    void advance(std::size_t t, int parity, std::int64_t slice_begin, std::int64_t n_steps);
    void check(std::size_t t, int parity);
    void hand_off(int parity, std::int64_t slice_begin, std::int64_t n_steps);

private:
    void sample(std::size_t t, int parity, std::int64_t step, std::int64_t slice_begin);
    std::int64_t first_sample(std::int64_t slice_begin, const ReportLayout& r) const {
        return (slice_begin + r.interval_steps - 1) / r.interval_steps * r.interval_steps;
    }

    Network& net_;
    detail::SimulationBuffers& b_;
    const std::vector<ReportLayout>& reports_;
    Recorder* recorder_;
};

// Adds the weights of every spike of the slice [slice_begin, slice_begin + n_steps) to the
// input rings of worker t's own targets. Order per target: projection, step, source id (the
// source workers' lists are concatenated in worker order = id order), synapse index. That
// order does not depend on the number of workers, so neither do the floating-point sums.
void StepLoop::deliver(std::size_t t, int parity, std::int64_t slice_begin, std::int64_t n_steps) {
    const std::size_t n_pops = net_.n_populations();
    for (const Projection& proj : net_.projections()) {
        const SynapseRows& rows = proj.owned[t];
        const std::size_t n_tgt = net_.population(proj.target).size();
        double* const ring = b_.input[proj.target].data() +
                             proj.receptor * static_cast<std::size_t>(b_.ring) * n_tgt;
        const auto w_const = proj.constant_weight;
        for (std::int64_t s = 0; s < n_steps; ++s) {
            const std::int64_t step = slice_begin + s;
            for (std::size_t u = 0; u < b_.n_threads; ++u) {
                const SliceSpikes& list = b_.spike_list(parity, u, proj.source, n_pops);
                for (std::uint32_t k = list.offsets[s]; k < list.offsets[s + 1]; ++k) {
                    const std::uint32_t src = list.ids[k];
                    const std::uint64_t end = rows.row_start[src + 1];
                    if (proj.has_constant_delay && proj.has_constant_weight) {
                        double* row = ring + static_cast<std::size_t>((step + proj.constant_delay) % b_.ring) * n_tgt;
                        for (std::uint64_t i = rows.row_start[src]; i < end; ++i) row[rows.target[i]] += w_const;
                        continue;
                    }
                    for (std::uint64_t i = rows.row_start[src]; i < end; ++i) {
                        const std::int64_t d = proj.has_constant_delay ? proj.constant_delay : rows.delay_steps[i];
                        const double w = proj.has_constant_weight ? w_const : double{rows.weight[i]};
                        ring[static_cast<std::size_t>((step + d) % b_.ring) * n_tgt + rows.target[i]] += w;
                    }
                }
            }
        }
    }
}

// Advances worker t's neurons of every population through the slice's steps.
void StepLoop::advance(std::size_t t, int parity, std::int64_t slice_begin, std::int64_t n_steps) {
    const std::size_t n_pops = net_.n_populations();
    const double* rows[8];
    for (std::size_t p = 0; p < n_pops; ++p) b_.spike_list(parity, t, p, n_pops).size = 0;
    for (std::int64_t s = 0; s < n_steps; ++s) {
        const std::int64_t step = slice_begin + s;
        if (!reports_.empty()) sample(t, parity, step, slice_begin);
        const auto slot = static_cast<std::size_t>(step % b_.ring);
        for (std::size_t p = 0; p < n_pops; ++p) {
            Population& pop = net_.population(p);
            const IndexRange range = partition(pop.size(), t, b_.n_threads);
            const std::size_t n_rec = pop.receptors().size();
            double* base = b_.input[p].data();
            for (std::size_t r = 0; r < n_rec; ++r)
                rows[r] = base + (r * static_cast<std::size_t>(b_.ring) + slot) * pop.size();
            SliceSpikes& list = b_.spike_list(parity, t, p, n_pops);
            list.offsets[s] = static_cast<std::uint32_t>(list.size);
            SpikeWriter writer(list.ids.data() + list.size);
            pop.advance(StepInput{{rows, n_rec}, step, &b_.rngs[p]}, range, writer);
            list.size += writer.size();
            for (std::size_t r = 0; r < n_rec; ++r)
                std::fill(base + (r * static_cast<std::size_t>(b_.ring) + slot) * pop.size() + range.begin,
                          base + (r * static_cast<std::size_t>(b_.ring) + slot) * pop.size() + range.end, 0.0);
            b_.spike_counts[t].per_population[p] += writer.size();
        }
    }
    for (std::size_t p = 0; p < n_pops; ++p) {
        SliceSpikes& list = b_.spike_list(parity, t, p, n_pops);
        for (std::int64_t s = n_steps; s <= b_.slice; ++s) list.offsets[s] = static_cast<std::uint32_t>(list.size);
    }
}

// Copies the report values of worker t's neurons if `step` is a sampling step.
void StepLoop::sample(std::size_t t, int parity, std::int64_t step, std::int64_t slice_begin) {
    for (std::size_t r = 0; r < reports_.size(); ++r) {
        const ReportLayout& rep = reports_[r];
        if (step % rep.interval_steps != 0) continue;
        const auto row = static_cast<std::size_t>((step - first_sample(slice_begin, rep)) / rep.interval_steps);
        const std::size_t n_cols = rep.variables.size() * rep.node_ids.size();
        double* out = b_.samples[static_cast<std::size_t>(parity) * reports_.size() + r].data() + row * n_cols;
        const auto [first, last] = b_.sample_columns[t * reports_.size() + r];
        const Population& pop = net_.population(rep.population);
        for (std::size_t v = 0; v < rep.variables.size(); ++v)
            for (std::size_t c = first; c < last; ++c)
                out[v * rep.node_ids.size() + c] = pop.state_value(rep.variables[v], rep.node_ids[c]);
    }
}

void StepLoop::check(std::size_t t, int parity) {
    WorkerStatus& st = b_.status[static_cast<std::size_t>(parity) * b_.n_threads + t];
    st.invalid = false;
    for (std::size_t p = 0; p < net_.n_populations() && !st.invalid; ++p) {
        const Population& pop = net_.population(p);
        if (pop.find_invalid(partition(pop.size(), t, b_.n_threads), st.neuron, st.value)) {
            st.invalid = true;
            st.population = p;
        }
    }
}

// Gives the recorder the spikes and samples of a finished slice. Runs on worker 0 only.
void StepLoop::hand_off(int parity, std::int64_t slice_begin, std::int64_t n_steps) {
    if (!recorder_) return;
    const std::size_t n_pops = net_.n_populations();
    for (std::int64_t s = 0; s < n_steps; ++s)
        for (std::size_t p = 0; p < n_pops; ++p) {
            if (!recorder_->wants_spikes(p)) continue;
            for (std::size_t u = 0; u < b_.n_threads; ++u) {
                const SliceSpikes& list = b_.spike_list(parity, u, p, n_pops);
                const std::uint32_t begin = list.offsets[s], end = list.offsets[s + 1];
                if (begin != end)
                    recorder_->spikes(p, slice_begin + s, {list.ids.data() + begin, end - begin});
            }
        }
    for (std::size_t r = 0; r < reports_.size(); ++r) {
        const ReportLayout& rep = reports_[r];
        const std::size_t n_cols = rep.variables.size() * rep.node_ids.size();
        const double* data = b_.samples[static_cast<std::size_t>(parity) * reports_.size() + r].data();
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

std::string invalid_state_message(const Network& net, const WorkerStatus& st, std::int64_t by_step) {
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
            b.input.emplace_back(pop.receptors().size() * static_cast<std::size_t>(b.ring) * pop.size(), 0.0);
            b.rngs.emplace_back(network_.seed(), RngPurpose::spikes, pop.id());
        }
        b.spikes.resize(2 * n_threads * n_pops);
        for (int parity = 0; parity < 2; ++parity)
            for (std::size_t t = 0; t < n_threads; ++t)
                for (std::size_t p = 0; p < n_pops; ++p) {
                    SliceSpikes& list = b.spike_list(parity, t, p, n_pops);
                    list.ids.resize(partition(network_.population(p).size(), t, n_threads).size() *
                                    static_cast<std::size_t>(b.slice));
                    list.offsets.assign(static_cast<std::size_t>(b.slice) + 1, 0);
                }
        b.status.resize(2 * n_threads);
        b.spike_counts.resize(n_threads);
        for (auto& c : b.spike_counts) c.per_population.assign(n_pops + 8, 0); // padded past the line
    }
    detail::SimulationBuffers& b = *buffers_;
    // Report buffers and column ownership depend on the reports, which may change between runs.
    b.samples.assign(2 * reports_.size(), {});
    b.sample_columns.assign(n_threads * reports_.size(), {0, 0});
    for (std::size_t r = 0; r < reports_.size(); ++r) {
        const ReportLayout& rep = reports_[r];
        const std::size_t rows = static_cast<std::size_t>((b.slice + rep.interval_steps - 1) / rep.interval_steps);
        for (int parity = 0; parity < 2; ++parity)
            b.samples[static_cast<std::size_t>(parity) * reports_.size() + r].assign(
                rows * rep.variables.size() * rep.node_ids.size(), 0.0);
        const std::size_t n = network_.population(rep.population).size();
        for (std::size_t t = 0; t < n_threads; ++t) {
            const IndexRange own = partition(n, t, n_threads);
            const auto lo = std::lower_bound(rep.node_ids.begin(), rep.node_ids.end(), own.begin);
            const auto hi = std::lower_bound(rep.node_ids.begin(), rep.node_ids.end(), own.end);
            b.sample_columns[t * reports_.size() + r] = {static_cast<std::size_t>(lo - rep.node_ids.begin()),
                                                         static_cast<std::size_t>(hi - rep.node_ids.begin())};
        }
    }
    for (auto& counts : b.spike_counts) std::fill(counts.per_population.begin(), counts.per_population.end(), 0);

    const std::int64_t first = step_, last = step_ + n_steps;
    if (recorder_) recorder_->begin(network_, reports_, first, n_steps);
    StepLoop loop(network_, b, reports_, recorder_);
    SliceBarrier barrier(network_.threads());
    std::int64_t stopped_at = last;
    const WorkerStatus* failure = nullptr;
    const auto wall_start = std::chrono::steady_clock::now();

    b.recorder_error = nullptr;
    const int first_parity = 1 - b.pending_parity;
    int final_parity = first_parity;
    std::int64_t final_begin = first, final_steps = 0;

#pragma omp parallel num_threads(network_.threads())
    {
#if defined(_OPENMP)
        const auto t = static_cast<std::size_t>(omp_get_thread_num());
#else
        const std::size_t t = 0;
#endif
        int parity = first_parity;
        std::int64_t prev_begin = b.pending_begin, prev_steps = b.pending_steps;
        bool prev_is_new = false; // a pending slice from the previous run was reported already
        for (std::int64_t begin = first; begin < last; begin += b.slice) {
            const std::int64_t steps = std::min(b.slice, last - begin);
            if (prev_steps > 0) loop.deliver(t, 1 - parity, prev_begin, prev_steps);
            loop.advance(t, parity, begin, steps);
            loop.check(t, parity);
            if (t == 0) {
                // Worker 0 also reports the previous slice; it is stable until the next barrier.
                try {
                    if (prev_is_new) loop.hand_off(1 - parity, prev_begin, prev_steps);
                    if (progress_) progress_->progress(begin + steps - first, n_steps);
                } catch (...) {
                    b.recorder_error = std::current_exception();
                }
                b.stop[parity] = b.recorder_error || (stop_ && stop_->load(std::memory_order_relaxed));
            }
            barrier.arrive_and_wait();
            const WorkerStatus* bad = nullptr;
            for (std::size_t u = 0; u < n_threads && !bad; ++u)
                if (b.status[static_cast<std::size_t>(parity) * n_threads + u].invalid)
                    bad = &b.status[static_cast<std::size_t>(parity) * n_threads + u];
            prev_begin = begin;
            prev_steps = steps;
            prev_is_new = true;
            if (t == 0) {
                final_parity = parity;
                final_begin = begin;
                final_steps = steps;
            }
            if (bad || b.stop[parity]) {
                if (t == 0) {
                    failure = bad;
                    stopped_at = begin + steps;
                }
                break;
            }
            parity = 1 - parity;
        }
    }
    // The last slice (or the one that failed) still goes to the recorder.
    if (final_steps > 0 && !b.recorder_error) {
        try {
            loop.hand_off(final_parity, final_begin, final_steps);
        } catch (...) {
            b.recorder_error = std::current_exception();
        }
    }
    if (final_steps > 0) {
        b.pending_begin = final_begin;
        b.pending_steps = final_steps;
        b.pending_parity = final_parity;
    }

    RunStatistics stats;
    stats.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall_start).count();
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
            const auto it = std::find_if(vars.begin(), vars.end(), [&](const StateInfo& s) { return s.name == v; });
            if (it == vars.end())
                throw ConfigError("report of '" + r.population + "': model " + std::string(pop.model_name()) +
                                  " has no state variable '" + v + "'");
            layout.variables.push_back(static_cast<std::size_t>(it - vars.begin()));
        }
        layout.node_ids = r.node_ids;
        if (layout.node_ids.empty())
            for (std::uint64_t i = 0; i < pop.size(); ++i) layout.node_ids.push_back(i);
        std::sort(layout.node_ids.begin(), layout.node_ids.end());
        layout.node_ids.erase(std::unique(layout.node_ids.begin(), layout.node_ids.end()), layout.node_ids.end());
        if (!layout.node_ids.empty() && layout.node_ids.back() >= pop.size())
            throw ConfigError("report of '" + r.population + "': neuron " + std::to_string(layout.node_ids.back()) +
                              " does not exist (size " + std::to_string(pop.size()) + ")");
        layout.interval_steps = std::max<std::int64_t>(1, std::llround(r.interval_ms / dt_ms));
        out.push_back(std::move(layout));
    }
    return out;
}

} // namespace hornet
