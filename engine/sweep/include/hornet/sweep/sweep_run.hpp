// SPDX-License-Identifier: MIT
#pragma once
/// `hornet sweep`: read and check the sweep file, expand it, run the points that are not done
/// (of this shard) on local slots, or on MPI ranks, and write DIR/sweep.h5.
#include "hornet/core/model_registry.hpp"
#include "hornet/sweep/sweep_progress.hpp"

#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

namespace hornet::sweep {

class MpiSession;

struct SweepOptions {
    std::filesystem::path sweep_file;
    std::filesystem::path directory;
    int jobs = 0;    ///< points at once; 0: cores / threads (at least 1)
    int threads = 1; ///< threads per point
    int shard_index = 0;
    int shard_count = 1;
    /// `--set key=value` for every point, after the file's [set] (e.g. a shorter duration for
    /// a trial run). Part of the plan, so a resume needs the same ones.
    std::vector<std::string> overrides;
    bool resume = false;
    bool dry_run = false;
    /// Run nothing: rebuild sweep.h5 from the point files in the directory (after the shards of
    /// a job array, or to look at a running sweep).
    bool collect = false;
    std::string executable; ///< the hornet binary that runs a point (`hornet run`)
    ProgressStyle progress = ProgressStyle::human;
    const std::atomic<bool>* stop = nullptr; ///< raised by SIGINT/SIGTERM
    const MpiSession* mpi = nullptr;         ///< an active session: farm over its ranks
};

/// Exit codes as `hornet run`: 0 every point of this run is done, 1 some failed (the sweep
/// still ran the others), 130 interrupted. Bad input throws ConfigError / ScenarioError before
/// anything runs. With an active MPI session rank 0 coordinates and every rank runs
/// points.
int run_sweep(const SweepOptions& options, const ModelRegistry& registry);

} // namespace hornet::sweep
