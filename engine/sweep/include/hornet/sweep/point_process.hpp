// SPDX-License-Identifier: MIT
#pragma once
/// One point runs as its own `hornet run` process: a crash, a leak or a runaway allocation in
/// one point cannot touch another or the sweep, and nothing is shared but the files. The child
/// dies with the sweep (PR_SET_PDEATHSIG), so a killed sweep leaves no orphan that could later
/// finish a point a resumed sweep is running again.
#include "hornet/sweep/plan.hpp"
#include "hornet/sweep/sweep_directory.hpp"

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

namespace hornet::sweep {

/// How points are run: the hornet executable, the base scenario and threads per point.
struct PointCommand {
    std::string executable;
    std::filesystem::path scenario;
    int threads = 1;
};

/// `hornet run SCENARIO -o DIR/point-000042.h5 --quiet --threads T [--seed S] --set ...`.
std::vector<std::string> point_arguments(const PointCommand& command, const SweepDirectory& dir,
                                         const SweepPoint& point);

/// A started point process; its stdout and stderr go to the point's log.
class PointProcess {
public:
    /// Forks and executes `arguments` (argv[0] is the executable). Throws hornet::Error if the
    /// log cannot be opened or fork fails; an exec failure shows as exit status 127.
    static PointProcess start(const std::vector<std::string>& arguments,
                              const std::filesystem::path& log);

    pid_t pid() const noexcept { return pid_; }
    /// The exit status once the process has ended (128 + signal when killed); nullopt while it
    /// runs. Never blocks.
    std::optional<int> poll();
    /// Waits for the end; returns the exit status as poll() does.
    int wait();
    void send(int signal) const;

private:
    explicit PointProcess(pid_t pid) : pid_(pid) {}
    pid_t pid_ = -1;
};

/// What the end of a point process means for the sweep.
enum class Outcome { completed, failed, interrupted };

/// Settles a point process that ended with `exit_status`: completed if its file exists;
/// interrupted if it stopped on a signal the sweep asked for (`stopping`), leaving the point
/// pending; failed otherwise, recorded in DIR/point-*.failed with the end of its log.
Outcome settle_point(const SweepDirectory& dir, std::uint64_t index, int exit_status,
                     bool stopping);

/// Blocks until a child process may have ended (SIGCHLD) or `timeout_ms` passes. The first call
/// installs the SIGCHLD handler.
void wait_for_child_event(int timeout_ms);

} // namespace hornet::sweep
