// SPDX-License-Identifier: MIT
#pragma once
/// The MPI task farm: under `mpirun -n R hornet sweep ...` rank 0 hands points one at a time to
/// ranks 1..R-1 as they report the previous one done (dynamic load balancing), runs points of
/// its own on local slots meanwhile, and writes sweep.h5. Every rank reads the sweep file and
/// expands the same plan, so a message is just a point index; results travel through the
/// shared sweep directory, never through MPI. MPI is optional at build time (HORNET_HAVE_MPI);
/// <mpi.h> is included only by mpi_farm.cpp.
#include "hornet/sweep/farm.hpp"

#include <memory>
#include <vector>

namespace hornet::sweep {

class MpiSession {
public:
    /// Initialises MPI if this process was started by an MPI launcher (OMPI_COMM_WORLD_SIZE,
    /// PMIX_RANK or PMI_RANK set) and hornet was built with MPI. Throws ConfigError when
    /// started by a launcher with several ranks but built without MPI: every rank would run
    /// the whole sweep.
    MpiSession();
    ~MpiSession();
    MpiSession(const MpiSession&) = delete;
    MpiSession& operator=(const MpiSession&) = delete;

    static bool compiled_in();
    bool active() const noexcept { return size_ > 1; }
    int rank() const noexcept { return rank_; }
    int size() const noexcept { return size_; }

    /// Rank 0's `value` on every rank (what the others pass is ignored): how rank 0 tells the
    /// workers whether the sweep goes ahead after its checks.
    int broadcast(int value) const;

private:
    bool initialised_ = false;
    int rank_ = 0;
    int size_ = 1;
};

/// One slot per worker rank (1..size-1), for rank 0's farm.
std::vector<std::unique_ptr<Slot>> worker_slots(const MpiSession& session);

/// Tells every worker rank that no points are left.
void release_workers(const MpiSession& session);

/// A worker rank's loop: receive an index, run that point, report its outcome, until released.
void serve_points(const MpiSession& session, const SweepPlan& plan, const PointCommand& command,
                  const SweepDirectory& dir);

} // namespace hornet::sweep
