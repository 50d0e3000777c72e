// SPDX-License-Identifier: MIT
#include "hornet/sweep/sweep_run.hpp"

#include "hornet/core/error.hpp"
#include "hornet/io/sweep_file.hpp"
#include "hornet/sweep/check.hpp"
#include "hornet/sweep/farm.hpp"
#include "hornet/sweep/mpi_farm.hpp"
#include "hornet/sweep/sweep_directory.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

namespace hornet::sweep {
namespace {

/// How often sweep.h5 is rewritten while a sweep runs, so a look at it mid-sweep is current.
constexpr std::chrono::seconds kTableInterval{30};

/// Exit codes shared with `hornet run` (tools/hornet/commands.hpp).
constexpr int kOk = 0;
constexpr int kSomeFailed = 1;
constexpr int kBadInput = 2;
constexpr int kInterrupted = 130;

/// The sweep file read, checked and expanded: what every rank and every mode starts from.
struct Prepared {
    io::SweepSpec spec;
    SweepPlan plan;
};

Prepared prepare(const SweepOptions& o, const ModelRegistry& registry, bool check) {
    Prepared p;
    p.spec = io::read_sweep(o.sweep_file);
    // --set entries come after [set] and before the axes: an axis still wins over both.
    for (const auto& text : o.overrides) {
        const auto eq = text.find('=');
        if (eq == std::string::npos || eq == 0)
            throw ConfigError("--set " + text + ": expected key.path=value");
        p.spec.settings.push_back({text.substr(0, eq), text.substr(eq + 1), {}});
    }
    const Scenario base = read_base_scenario(p.spec, registry);
    p.plan = expand(p.spec, p.spec.master_seed.value_or(base.simulation.seed));
    if (check) check_points(p.spec, p.plan, base, registry);
    return p;
}

void print_plan(const Prepared& p) {
    std::printf("%-7s %-9s %-20s", "index", "replicate", "seed");
    for (const auto& a : p.spec.axes)
        std::printf(" %s%s", a.name.c_str(),
                    a.unit.empty() || a.unit == "1" ? "" : (" [" + a.unit + "]").c_str());
    std::printf("\n");
    for (const auto& point : p.plan.points) {
        std::printf("%-7llu %-9llu %-20llu", static_cast<unsigned long long>(point.index),
                    static_cast<unsigned long long>(point.replicate),
                    static_cast<unsigned long long>(point.seed));
        for (std::size_t a = 0; a < p.spec.axes.size(); ++a)
            std::printf(" %s", p.spec.axes[a].values[point.value_index[a]].label.c_str());
        std::printf("\n");
    }
    std::printf("%zu points (%s of %zu axes, %lld replicates), master seed %llu; every point's "
                "scenario checked\n",
                p.plan.points.size(), io::combine_name(p.spec.combine), p.spec.axes.size(),
                static_cast<long long>(p.spec.replicates),
                static_cast<unsigned long long>(p.plan.master_seed));
}

/// Points at once: --jobs, or as many as the cores hold at --threads each.
int default_jobs(const SweepOptions& o) {
    if (o.jobs > 0) return o.jobs;
    const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    return std::max(1, cores / std::max(1, o.threads));
}

/// The run itself: results of every point, the farm, progress and the table.
class Session {
public:
    Session(const SweepOptions& o, Prepared p)
        : o_(o), p_(std::move(p)), dir_(o.directory), results_(p_.plan.points.size()) {}

    /// Runs the points of this shard that have no file yet; `stopping` is what the slots see.
    int run(std::vector<std::unique_ptr<Slot>> slots, bool* stopping);

private:
    bool mine(const SweepPoint& point) const {
        return point.index % static_cast<std::uint64_t>(o_.shard_count) ==
               static_cast<std::uint64_t>(o_.shard_index);
    }
    void on_finished(const Finished& f);
    void write_table();
    void count(std::uint64_t& done, std::uint64_t& failed) const;

    const SweepOptions& o_;
    Prepared p_;
    SweepDirectory dir_;
    std::vector<PointResult> results_;
    std::uint64_t ended_ = 0; ///< points that ran to an end (done or failed) in this run
    bool warned_metric_ = false;
    std::chrono::steady_clock::time_point last_table_ = std::chrono::steady_clock::now();
};

void Session::count(std::uint64_t& done, std::uint64_t& failed) const {
    done = failed = 0;
    for (std::size_t i = 0; i < results_.size(); ++i) {
        if (!mine(p_.plan.points[i])) continue;
        done += results_[i].status == PointStatus::done ? 1 : 0;
        failed += results_[i].status == PointStatus::failed ? 1 : 0;
    }
}

void Session::on_finished(const Finished& f) {
    const SweepPoint& point = p_.plan.points[f.index];
    if (f.outcome == Outcome::interrupted) return;
    ++ended_;
    results_[f.index] = dir_.inspect(p_.spec, point);
    const PointResult& r = results_[f.index];
    // A metric that fails on a point that ran is the sweep file's fault, and would fail on
    // every point: say so at once instead of after the whole sweep.
    if (!warned_metric_ && r.status == PointStatus::failed && r.error.starts_with("metric ")) {
        warned_metric_ = true;
        std::fprintf(stderr,
                     "hornet sweep: point %llu ran, but its %s\n  (the sweep goes on; fix the "
                     "metric and run again with --resume to recompute it from the point files)\n",
                     static_cast<unsigned long long>(f.index), r.error.c_str());
    }
}

void Session::write_table() {
    io::write_sweep_file(dir_.table_file(), build_table(p_.spec, p_.plan, results_));
    last_table_ = std::chrono::steady_clock::now();
}

int Session::run(std::vector<std::unique_ptr<Slot>> slots, bool* stopping) {
    const bool fresh = !o_.resume && !o_.collect && o_.shard_count == 1;
    std::vector<const SweepPoint*> todo;
    std::uint64_t total = 0;
    for (const auto& point : p_.plan.points) {
        // A resume or a shard sees what others left; a fresh sweep has an empty directory.
        if (!fresh) results_[point.index] = dir_.inspect(p_.spec, point);
        if (!mine(point)) continue;
        ++total;
        if (o_.collect || std::filesystem::exists(dir_.point_file(point.index))) continue;
        todo.push_back(&point);
        results_[point.index] = PointResult{}; // failed before: pending until it reruns
    }
    std::uint64_t done = 0, failed = 0;
    count(done, failed);
    SweepProgress progress(o_.progress, total, done + failed);
    if (o_.progress != ProgressStyle::quiet && (done > 0 || failed > 0))
        std::fprintf(stderr, "sweep: %llu of %llu points already done; running %zu\n",
                     static_cast<unsigned long long>(done), static_cast<unsigned long long>(total),
                     todo.size());
    FarmHooks hooks;
    hooks.finished = [&](const Finished& f) { on_finished(f); };
    hooks.tick = [&] {
        std::uint64_t d = 0, fl = 0;
        count(d, fl);
        std::uint64_t busy = 0;
        for (const auto& s : slots) busy += s->busy() ? 1 : 0;
        progress.update(d, fl, busy, false);
        if (std::chrono::steady_clock::now() - last_table_ > kTableInterval) {
            // A look at the table mid-sweep is a convenience: a failure to write it (a full
            // disk) must not stop the points; the final write reports it.
            try {
                write_table();
            } catch (const Error& e) {
                std::fprintf(stderr, "hornet sweep: warning: %s\n", e.what());
                last_table_ = std::chrono::steady_clock::now();
            }
        }
    };
    const auto start = std::chrono::steady_clock::now();
    const bool stopped = run_farm(todo, slots, hooks, o_.stop, stopping);
    // Other shards may have finished points meanwhile: the table shows what is on disk now.
    for (const auto& point : p_.plan.points)
        if (!mine(point) && results_[point.index].status != PointStatus::done)
            results_[point.index] = dir_.inspect(p_.spec, point);
    write_table();
    count(done, failed);
    progress.finish(done, failed);
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("hornet sweep %s -> %s\n", o_.sweep_file.c_str(), o_.directory.c_str());
    std::printf("  points       %llu%s: %llu done, %llu failed, %llu pending\n",
                static_cast<unsigned long long>(total),
                o_.shard_count > 1 ? (" in shard " + std::to_string(o_.shard_index) + "/" +
                                      std::to_string(o_.shard_count))
                                         .c_str()
                                   : "",
                static_cast<unsigned long long>(done), static_cast<unsigned long long>(failed),
                static_cast<unsigned long long>(total - done - failed));
    std::printf("  ran          %llu points in %.2f s on %zu slots\n",
                static_cast<unsigned long long>(ended_), wall, slots.size());
    std::printf("  table        %s\n", dir_.table_file().c_str());
    if (failed > 0)
        std::printf("  failures     see %s/point-*.failed and logs/\n", o_.directory.c_str());
    if (stopped) return kInterrupted;
    return failed > 0 ? kSomeFailed : kOk;
}

std::vector<std::unique_ptr<Slot>> local_slots(int n, const PointCommand& command,
                                               const SweepDirectory& dir, const bool* stopping) {
    std::vector<std::unique_ptr<Slot>> slots;
    slots.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        slots.push_back(std::make_unique<LocalSlot>(command, dir, stopping));
    return slots;
}

} // namespace

int run_sweep(const SweepOptions& o, const ModelRegistry& registry) {
    if (o.shard_count < 1 || o.shard_index < 0 || o.shard_index >= o.shard_count)
        throw ConfigError("--shard " + std::to_string(o.shard_index) + "/" +
                          std::to_string(o.shard_count) + ": expected i/n with 0 <= i < n");
    const bool farm = o.mpi != nullptr && o.mpi->active();
    const bool coordinator = !farm || o.mpi->rank() == 0;
    // Rank 0 checks everything and tells the workers whether to go on (they stay silent).
    enum Decision : int { kStopFailed = 0, kGo = 1, kStopDone = 2 };
    std::optional<Prepared> prepared;
    if (coordinator) {
        try {
            prepared = prepare(o, registry, true);
            if (o.collect && !std::filesystem::exists(o.directory / "plan.txt"))
                throw ConfigError(o.directory.string() +
                                  ": no sweep to collect (no plan.txt); run the sweep first");
            if (!o.dry_run)
                SweepDirectory(o.directory)
                    .open(plan_text(prepared->spec, prepared->plan), o.resume || o.collect,
                          o.shard_count > 1);
        } catch (...) {
            if (farm) (void)o.mpi->broadcast(kStopFailed);
            throw;
        }
        if (farm) (void)o.mpi->broadcast(o.dry_run ? kStopDone : kGo);
        if (o.dry_run) {
            print_plan(*prepared);
            return kOk;
        }
    } else {
        const int decision = o.mpi->broadcast(0);
        if (decision != kGo) return decision == kStopDone ? kOk : kBadInput;
        prepared = prepare(o, registry, false);
    }
    const PointCommand command{o.executable, prepared->spec.scenario, std::max(1, o.threads)};
    const SweepDirectory dir(o.directory);
    if (!coordinator) {
        serve_points(*o.mpi, prepared->plan, command, dir);
        return kOk;
    }
    bool stopping = false;
    // Under MPI every rank is one slot (mpirun -n R runs R points at once) unless --jobs says
    // otherwise; alone, the cores are shared out.
    const int jobs = farm && o.jobs <= 0 ? 1 : default_jobs(o);
    auto slots = local_slots(jobs, command, dir, &stopping);
    if (farm)
        for (auto& s : worker_slots(*o.mpi)) slots.push_back(std::move(s));
    Session session(o, std::move(*prepared));
    const int code = session.run(std::move(slots), &stopping);
    if (farm) release_workers(*o.mpi);
    return code;
}

} // namespace hornet::sweep
