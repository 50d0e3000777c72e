// SPDX-License-Identifier: MIT
#pragma once
/// The farm hands points to slots as they become free (dynamic load balancing: a slow point
/// never holds up the others). A slot runs one point at a time: a local child process, or under
/// MPI a whole rank (mpi_farm.hpp). The loop is the same for both, so the MPI coordinator also
/// runs points of its own.
#include "hornet/sweep/point_process.hpp"

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

namespace hornet::sweep {

/// A point that ended, as a slot reports it.
struct Finished {
    std::uint64_t index = 0;
    Outcome outcome = Outcome::failed;
};

class Slot {
public:
    virtual ~Slot() = default;
    virtual bool busy() const = 0;
    virtual void start(const SweepPoint& point) = 0;
    /// The point that ended since the last call, if any. Never blocks.
    virtual std::optional<Finished> poll() = 0;
    /// Asks the running point to stop (SIGINT/SIGTERM reached the sweep).
    virtual void interrupt() = 0;
    /// Whether events of this slot arrive without SIGCHLD (then the loop polls often).
    virtual bool needs_polling() const { return false; }
};

/// Runs points as child processes of this process.
class LocalSlot final : public Slot {
public:
    LocalSlot(const PointCommand& command, const SweepDirectory& dir, const bool* stopping)
        : command_(command), dir_(dir), stopping_(stopping) {}
    bool busy() const override { return process_.has_value(); }
    void start(const SweepPoint& point) override;
    std::optional<Finished> poll() override;
    void interrupt() override;

private:
    const PointCommand& command_;
    const SweepDirectory& dir_;
    const bool* stopping_;
    std::optional<PointProcess> process_;
    std::uint64_t index_ = 0;
};

struct FarmHooks {
    /// Called on the farm's thread for each point that ended.
    std::function<void(const Finished&)> finished;
    /// Called about once a second and after each point (progress, periodic sweep.h5).
    std::function<void()> tick;
};

/// Runs `todo` (in order) on `slots` until all have ended or `stop` is raised; then interrupts
/// the running points and waits for them. Returns true if it was stopped.
bool run_farm(const std::vector<const SweepPoint*>& todo,
              const std::vector<std::unique_ptr<Slot>>& slots, const FarmHooks& hooks,
              const std::atomic<bool>* stop, bool* stopping);

} // namespace hornet::sweep
