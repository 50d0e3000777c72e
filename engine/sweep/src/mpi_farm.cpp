// SPDX-License-Identifier: MIT
// The MPI task farm (mpi_farm.hpp). Built with or without MPI: without it a session is never
// active, and a launch under mpirun with several ranks is refused.
#include "hornet/sweep/mpi_farm.hpp"

#include "hornet/core/error.hpp"

#include <chrono>
#include <cstdlib>
#include <string>
#include <thread>

#if HORNET_HAVE_MPI
#include <mpi.h>
#endif

namespace hornet::sweep {
namespace {

/// The size of the job as an MPI launcher announces it in the environment, or 1.
int launcher_size() {
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMIX_SIZE", "PMI_SIZE"})
        if (const char* value = std::getenv(name)) return std::max(1, std::atoi(value));
    return 1;
}

} // namespace

#if HORNET_HAVE_MPI

namespace {

constexpr int kWorkTag = 1; ///< rank 0 -> worker: int64 point index, or -1: no more points
constexpr int kDoneTag = 2; ///< worker -> rank 0: int64 {index, Outcome}
constexpr std::int64_t kNoMorePoints = -1;

/// How long a waiting rank sleeps between tests of its request. A blocking MPI call would spin
/// a core (Open MPI polls) that the point processes need.
constexpr std::chrono::milliseconds kIdlePoll{2};

void wait_quietly(MPI_Request& request) {
    int complete = 0;
    for (;;) {
        MPI_Test(&request, &complete, MPI_STATUS_IGNORE);
        if (complete) return;
        std::this_thread::sleep_for(kIdlePoll);
    }
}

/// A worker rank as rank 0 sees it: busy from the index sent until its report arrives.
class WorkerSlot final : public Slot {
public:
    explicit WorkerSlot(int rank) : rank_(rank) {}
    bool busy() const override { return busy_; }
    void start(const SweepPoint& point) override {
        const auto index = static_cast<std::int64_t>(point.index);
        MPI_Send(&index, 1, MPI_INT64_T, rank_, kWorkTag, MPI_COMM_WORLD);
        MPI_Irecv(report_, 2, MPI_INT64_T, rank_, kDoneTag, MPI_COMM_WORLD, &request_);
        busy_ = true;
    }
    std::optional<Finished> poll() override {
        if (!busy_) return std::nullopt;
        int complete = 0;
        MPI_Test(&request_, &complete, MPI_STATUS_IGNORE);
        if (!complete) return std::nullopt;
        busy_ = false;
        return Finished{static_cast<std::uint64_t>(report_[0]), static_cast<Outcome>(report_[1])};
    }
    // NOTE: a remote point cannot be signalled from here; an MPI launcher delivers SIGINT and
    // SIGTERM to every rank, and a rank's point process dies with it (PR_SET_PDEATHSIG).
    void interrupt() override {}
    bool needs_polling() const override { return true; }

private:
    int rank_;
    bool busy_ = false;
    std::int64_t report_[2] = {0, 0};
    MPI_Request request_ = MPI_REQUEST_NULL;
};

} // namespace

MpiSession::MpiSession() {
    if (launcher_size() <= 1) return;
    int already = 0;
    MPI_Initialized(&already);
    if (!already) {
        MPI_Init(nullptr, nullptr);
        initialised_ = true;
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSession::~MpiSession() {
    if (initialised_) MPI_Finalize();
}

bool MpiSession::compiled_in() { return true; }

int MpiSession::broadcast(int value) const {
    if (!active()) return value;
    MPI_Bcast(&value, 1, MPI_INT, 0, MPI_COMM_WORLD);
    return value;
}

std::vector<std::unique_ptr<Slot>> worker_slots(const MpiSession& session) {
    std::vector<std::unique_ptr<Slot>> slots;
    slots.reserve(static_cast<std::size_t>(session.size()));
    for (int rank = 1; rank < session.size(); ++rank)
        slots.push_back(std::make_unique<WorkerSlot>(rank));
    return slots;
}

void release_workers(const MpiSession& session) {
    const std::int64_t none = kNoMorePoints;
    for (int rank = 1; rank < session.size(); ++rank)
        MPI_Send(&none, 1, MPI_INT64_T, rank, kWorkTag, MPI_COMM_WORLD);
}

void serve_points(const MpiSession& /*session*/, const SweepPlan& plan, const PointCommand& command,
                  const SweepDirectory& dir) {
    for (;;) {
        std::int64_t index = kNoMorePoints;
        MPI_Request request = MPI_REQUEST_NULL;
        MPI_Irecv(&index, 1, MPI_INT64_T, 0, kWorkTag, MPI_COMM_WORLD, &request);
        wait_quietly(request);
        if (index < 0 || static_cast<std::size_t>(index) >= plan.points.size()) return;
        const SweepPoint& point = plan.points[static_cast<std::size_t>(index)];
        dir.clear_attempt(point.index);
        Outcome outcome = Outcome::failed;
        try {
            PointProcess process = PointProcess::start(point_arguments(command, dir, point),
                                                       dir.log_file(point.index));
            outcome = settle_point(dir, point.index, process.wait(), false);
        } catch (const Error& e) {
            dir.record_failure(point.index, e.what());
        }
        const std::int64_t report[2] = {index, static_cast<std::int64_t>(outcome)};
        MPI_Send(report, 2, MPI_INT64_T, 0, kDoneTag, MPI_COMM_WORLD);
    }
}

#else // without MPI

MpiSession::MpiSession() {
    if (launcher_size() > 1)
        throw ConfigError("hornet was built without MPI, but started by an MPI launcher with " +
                          std::to_string(launcher_size()) +
                          " ranks: every rank would run the whole sweep. Rebuild with Open MPI "
                          "(apt-get install libopenmpi-dev; cmake finds it), or run shards with "
                          "--shard i/n");
}

MpiSession::~MpiSession() = default;

bool MpiSession::compiled_in() { return false; }

int MpiSession::broadcast(int value) const { return value; }

std::vector<std::unique_ptr<Slot>> worker_slots(const MpiSession&) { return {}; }

void release_workers(const MpiSession&) {}

void serve_points(const MpiSession&, const SweepPlan&, const PointCommand&, const SweepDirectory&) {
}

#endif

} // namespace hornet::sweep
