// SPDX-License-Identifier: MIT
#include "hornet/core/simulator.hpp"

#include "hornet/core/error.hpp"
#include "hornet/core/index_range.hpp"
#include "hornet/core/parallel.hpp"
#include "hornet/core/slice_gate.hpp"
#include "step_loop.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <exception>
#include <sstream>

namespace hornet {
namespace {

using detail::kMaxSliceSteps;
using detail::SimulationBuffers;
using detail::StepLoop;
using detail::WorkerStatus;

/// The slices of one Simulator::run and their tasks. Slice k covers [first + k S, ...); slice -1
/// is the previous run's last slice, whose spikes are still to be delivered (it was reported
/// already). Tasks 0..D-1 advance domain d (deliver the previous slice, step, check); task D
/// hands the previous slice to the recorder. Any worker runs any task (SliceGate).
class SliceSchedule {
public:
    SliceSchedule(StepLoop& loop, SimulationBuffers& b, std::int64_t first, std::int64_t n_steps,
                  ProgressObserver* progress, const std::atomic<bool>* stop, DrugTimeCourse* drug,
                  double dt_ms)
        : loop_(loop), b_(b), drug_(drug), dt_ms_(dt_ms), first_(first), last_(first + n_steps),
          n_slices_((n_steps + b.slice - 1) / b.slice), first_parity_(1 - b.pending_parity),
          n_domains_(static_cast<int>(b.n_threads)), gate_(n_domains_ + 1), progress_(progress),
          stop_(stop) {
        b_.recorder_error = nullptr;
        if (n_slices_ > 0) read_drug(0);
    }

    std::int64_t n_slices() const noexcept { return n_slices_; }
    std::int64_t begin(std::int64_t k) const noexcept {
        return k < 0 ? b_.pending_begin : first_ + k * b_.slice;
    }
    std::int64_t steps(std::int64_t k) const noexcept {
        return k < 0 ? b_.pending_steps : std::min(b_.slice, last_ - begin(k));
    }
    int parity(std::int64_t k) const noexcept {
        return static_cast<int>((first_parity_ + k + 2) % 2);
    }
    /// Slices completed, and the state that stopped the run early (null if none); read after
    /// every worker has returned.
    std::int64_t completed() const noexcept { return completed_; }
    const WorkerStatus* failure() const noexcept { return failure_; }

    /// One worker's loop: claims tasks slice after slice until the run ends.
    void work(int worker) {
        for (std::int64_t k = 0; gate_.wait_open(k); ++k) {
            // Own domain first (its data is in this core's cache), then the reporting task,
            // then whatever domains other workers have not started.
            for (int i = 0; i <= n_domains_; ++i) {
                const int task = i == 0   ? worker
                                 : i == 1 ? n_domains_
                                          : (worker + i - 1) % n_domains_;
                if (!gate_.try_claim(task, k)) continue;
                run_task(task, k);
                if (gate_.finish_task(k)) complete(k);
            }
        }
    }

private:
    void run_task(int task, std::int64_t k) {
        const int p = parity(k);
        if (task < n_domains_) {
            const auto d = static_cast<std::size_t>(task);
            if (steps(k - 1) > 0) loop_.deliver(d, 1 - p, begin(k - 1), steps(k - 1));
            loop_.advance(d, p, begin(k), steps(k));
            loop_.plasticity(d, p, begin(k), steps(k));
            loop_.check(d, p);
            return;
        }
        try { // the reporting task: never overlaps itself, and runs in slice order
            if (k > 0) loop_.hand_off(1 - p, begin(k - 1), steps(k - 1));
            if (progress_) progress_->progress(begin(k) - first_, last_ - first_);
        } catch (...) {
            b_.recorder_error = std::current_exception();
        }
    }

    // Runs in the worker that finished slice k's last task: decides whether to go on.
    void complete(std::int64_t k) {
        const auto p = static_cast<std::size_t>(parity(k));
        for (std::size_t d = 0; d < b_.n_threads && !failure_; ++d)
            if (b_.status[p * b_.n_threads + d].invalid)
                failure_ = &b_.status[p * b_.n_threads + d];
        completed_ = k + 1;
        const bool stop =
            failure_ || b_.recorder_error || (stop_ && stop_->load(std::memory_order_relaxed));
        if (!stop && k + 1 < n_slices_) read_drug(k + 1);
        gate_.open_next(k, stop || k + 1 == n_slices_);
    }

    // Every task of the previous slice has finished and none of slice k has started, so the
    // shared value can be written without a race; SliceGate publishes it.
    void read_drug(std::int64_t k) {
        if (drug_) b_.drug = drug_->at(static_cast<double>(begin(k)) * dt_ms_);
    }

    StepLoop& loop_;
    SimulationBuffers& b_;
    DrugTimeCourse* drug_;
    double dt_ms_;
    std::int64_t first_, last_, n_slices_;
    int first_parity_, n_domains_;
    SliceGate gate_;
    ProgressObserver* progress_;
    const std::atomic<bool>* stop_;
    std::int64_t completed_ = 0;            // written only by the worker completing a slice
    const WorkerStatus* failure_ = nullptr; // likewise
};

} // namespace

Simulator::Simulator(Network& network) : network_(network) {}
Simulator::~Simulator() = default;

std::int64_t Simulator::slice_steps() const noexcept {
    const std::int64_t d = network_.min_delay_steps();
    return d == 0 ? kMaxSliceSteps : std::min<std::int64_t>(d, kMaxSliceSteps);
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

void Simulator::start_plasticity_series() {
    detail::SimulationBuffers& b = *buffers_;
    const std::size_t n_plastic = b.plastic.size();
    plasticity_series_.assign(n_plastic, {});
    b.full_rows.assign(2 * n_plastic, {});
    b.full_offset.assign(n_plastic, {});
    for (std::size_t q = 0; q < n_plastic; ++q) {
        PlasticitySeries& series = plasticity_series_[q];
        const Projection& proj = network_.projections()[b.plastic[q]];
        series.projection = b.plastic[q];
        series.full = b.plastic[q] < plasticity_full_.size() && plasticity_full_[b.plastic[q]];
        if (!series.full) continue;
        // Target-major order: the domains in order, each by its by-target index.
        for (std::size_t d = 0; d < b.n_threads; ++d) {
            b.full_offset[q].push_back(series.source.size());
            const SynapseRows& rows = proj.owned[d];
            std::vector<std::uint32_t> source_of(rows.target.size());
            for (std::size_t src = 0; src + 1 < rows.row_start.size(); ++src)
                for (auto i = rows.row_start[src]; i < rows.row_start[src + 1]; ++i)
                    source_of[i] = static_cast<std::uint32_t>(src);
            for (const std::uint64_t i : proj.plasticity->domain(d).in_synapse) {
                series.source.push_back(source_of[i]);
                series.target.push_back(rows.target[i]);
            }
        }
        for (int parity = 0; parity < 2; ++parity)
            b.full_rows[static_cast<std::size_t>(parity) * n_plastic + q].assign(
                series.source.size(), 0.0f);
    }
}

RunStatistics Simulator::run(std::int64_t n_steps) {
    const std::size_t n_pops = network_.n_populations();
    if (!buffers_) {
        buffers_ = std::make_unique<detail::SimulationBuffers>();
        buffers_->allocate(network_, slice_steps());
    }
    detail::SimulationBuffers& b = *buffers_;
    b.allocate_samples(reports_);
    b.summary_interval = plasticity_interval_;
    if (plasticity_series_.size() != b.plastic.size()) start_plasticity_series();
    b.series = &plasticity_series_;
    b.drives.assign(n_pops, nullptr);
    std::copy_n(drives_.begin(), std::min(drives_.size(), n_pops), b.drives.begin());
    for (auto& counts : b.spike_counts)
        std::fill(counts.per_population.begin(), counts.per_population.end(), 0);

    const std::int64_t first = step_, last = step_ + n_steps;
    if (recorder_) recorder_->begin(network_, reports_, first, n_steps);
    StepLoop loop(network_, b, reports_, recorder_);
    if (plasticity_interval_ > 0 && first % plasticity_interval_ == 0 &&
        (plasticity_series_.empty() || plasticity_series_[0].steps.empty() ||
         plasticity_series_[0].steps.back() != first))
        loop.summarize_all(first); // the state the run starts from
    SliceSchedule schedule(loop, b, first, n_steps, progress_, stop_, drug_, network_.dt_ms());
    const auto wall_start = std::chrono::steady_clock::now();
    if (schedule.n_slices() > 0)
        run_workers(network_.threads(), [&](int worker) { schedule.work(worker); });
    const std::int64_t completed = schedule.completed();
    const std::int64_t stopped_at = std::min(last, first + completed * b.slice);
    if (completed > 0) {
        // The last completed slice still goes to the recorder; its spikes are delivered at the
        // start of the next run.
        const std::int64_t k = completed - 1;
        if (!b.recorder_error) {
            try {
                loop.hand_off(schedule.parity(k), schedule.begin(k), schedule.steps(k));
            } catch (...) {
                b.recorder_error = std::current_exception();
            }
        }
        b.pending_begin = schedule.begin(k);
        b.pending_steps = schedule.steps(k);
        b.pending_parity = schedule.parity(k);
    }
    const WorkerStatus* failure = schedule.failure();

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