// SPDX-License-Identifier: MIT
#pragma once
/// The sweep directory is the sweep's only state, so that any process can pick it up (a resume,
/// another shard, the MPI coordinator):
///   plan.txt             every point (plan_text), written once; a resume must match it
///   point-000042.h5      a completed point (its `hornet run` renamed it from .h5.partial)
///   point-000042.failed  a failed point: exit status and the end of its log
///   logs/point-000042.log  everything the point's process printed
///   sweep.h5             the table, rebuilt from the above at any time
#include "hornet/io/sweep_file.hpp"
#include "hornet/io/sweep_spec.hpp"
#include "hornet/sweep/plan.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hornet::sweep {

enum class PointStatus { pending, done, failed };

/// What the directory says about one point.
struct PointResult {
    PointStatus status = PointStatus::pending;
    double wall_time_s = 0.0;
    std::string error;
    std::vector<double> metrics;           ///< one per metric of the spec (done only)
    std::vector<std::string> metric_units; ///< one per metric (done only)
};

class SweepDirectory {
public:
    explicit SweepDirectory(std::filesystem::path dir) : dir_(std::move(dir)) {}

    const std::filesystem::path& path() const noexcept { return dir_; }
    std::filesystem::path point_file(std::uint64_t index) const;
    std::filesystem::path failed_file(std::uint64_t index) const;
    std::filesystem::path log_file(std::uint64_t index) const;
    std::filesystem::path table_file() const { return dir_ / "sweep.h5"; }

    /// Creates the directory and writes plan.txt, or, when it exists, checks that it holds
    /// `plan`: with `resume` (or `shared`: another shard may have written it) an identical plan
    /// is accepted; otherwise an existing plan is an error (ConfigError) telling to use
    /// --resume or another directory.
    void open(const std::string& plan, bool resume, bool shared) const;

    /// Removes what an unfinished attempt at `index` left (.partial, .failed) before a rerun.
    void clear_attempt(std::uint64_t index) const;
    /// Records a failure (atomically: a temporary file, then a rename).
    void record_failure(std::uint64_t index, const std::string& message) const;

    /// Reads the state of point `index`: done (the file opens and every metric evaluates),
    /// failed (a .failed record, or a metric that cannot be computed) or pending. Checks that a
    /// done file's seed is the plan's.
    PointResult inspect(const io::SweepSpec& spec, const SweepPoint& point) const;

private:
    std::filesystem::path dir_;
};

/// The sweep.h5 table from the plan and one result per point.
io::SweepTable build_table(const io::SweepSpec& spec, const SweepPlan& plan,
                           const std::vector<PointResult>& results);

const char* status_name(PointStatus s);

} // namespace hornet::sweep
