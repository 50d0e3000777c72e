// SPDX-License-Identifier: MIT
// `hornet sweep`: the command-line side of engine/sweep (signals, the executable that runs the
// points, the MPI session); the sweep itself is hornet::sweep::run_sweep.
#include "commands.hpp"

#include "hornet/core/error.hpp"
#include "hornet/sweep/mpi_farm.hpp"
#include "hornet/sweep/sweep_run.hpp"
#include "models/builtin.hpp"

#include <atomic>
#include <csignal>
#include <filesystem>

namespace hornet::cli {
namespace {

// NOTE: a signal handler can only reach the sweep through a global; the farm stops starting
// points, passes the signal on to running ones and writes sweep.h5 with them pending.
std::atomic<bool> g_sweep_stop{false};

extern "C" void request_sweep_stop(int) { g_sweep_stop.store(true); }

/// This very binary, so every point runs the same build as the sweep.
std::string own_executable() {
    std::error_code error;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
    if (error)
        throw Error("sweep: cannot find the hornet executable (/proc/self/exe: " + error.message() +
                    ")");
    return self.string();
}

} // namespace

int sweep_command(const SweepCommandOptions& o) {
    sweep::MpiSession mpi;
    ModelRegistry registry;
    models::register_builtin_models(registry);
    sweep::SweepOptions options;
    options.sweep_file = o.sweep_file;
    options.directory = o.directory;
    options.jobs = o.jobs;
    options.threads = o.threads;
    options.shard_index = o.shard_index;
    options.shard_count = o.shard_count;
    options.overrides = o.overrides;
    options.resume = o.resume;
    options.dry_run = o.dry_run;
    options.collect = o.collect;
    options.executable = own_executable();
    options.progress = o.progress == ProgressMode::quiet   ? sweep::ProgressStyle::quiet
                       : o.progress == ProgressMode::jsonl ? sweep::ProgressStyle::jsonl
                                                           : sweep::ProgressStyle::human;
    options.stop = &g_sweep_stop;
    options.mpi = &mpi;
    std::signal(SIGINT, request_sweep_stop);
    std::signal(SIGTERM, request_sweep_stop);
    return sweep::run_sweep(options, registry);
}

} // namespace hornet::cli
