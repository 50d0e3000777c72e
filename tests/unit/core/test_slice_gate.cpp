// SPDX-License-Identifier: MIT
#include "hornet/core/parallel.hpp"
#include "hornet/core/slice_gate.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

using hornet::SliceGate;

namespace {

/// The worker loop of the simulator, reduced to its synchronisation: claim every task you can
/// of the open slice, run it, and whoever finishes the last task opens the next slice.
template <class Task>
void work(SliceGate& gate, int worker, int n_tasks, std::int64_t n_slices, Task&& task) {
    for (std::int64_t k = 0; gate.wait_open(k); ++k)
        for (int i = 0; i < n_tasks; ++i) {
            const int t = (worker + i) % n_tasks;
            if (!gate.try_claim(t, k)) continue;
            task(t, k);
            if (gate.finish_task(k)) gate.open_next(k, k + 1 == n_slices);
        }
}

} // namespace

TEST(SliceGate, EveryTaskRunsOncePerSliceAndSlicesNeverOverlap) {
    constexpr int n_workers = 4, n_tasks = 5;
    constexpr std::int64_t n_slices = 2000;
    SliceGate gate(n_tasks);
    std::vector<std::atomic<int>> runs(static_cast<std::size_t>(n_tasks * n_slices));
    std::atomic<std::int64_t> finished{0};
    std::atomic<int> overlaps{0};
    hornet::run_workers(n_workers, [&](int w) {
        work(gate, w, n_tasks, n_slices, [&](int t, std::int64_t k) {
            // Every task of the slices before k has finished before a task of slice k starts.
            if (finished.load() < k * n_tasks) overlaps.fetch_add(1);
            runs[static_cast<std::size_t>(k * n_tasks + t)].fetch_add(1);
            finished.fetch_add(1);
        });
    });
    for (std::size_t i = 0; i < runs.size(); ++i)
        ASSERT_EQ(runs[i].load(), 1) << "task-slice " << i;
    EXPECT_EQ(overlaps.load(), 0);
}

// A worker that never gets to run (here: it waits for the end of the run before it starts)
// must not hold anyone up: the others take its tasks. With a barrier this would deadlock, so
// the stalled worker gives up after a generous timeout and the test fails instead of hanging.
TEST(SliceGate, AStalledWorkerHoldsNobodyUp) {
    constexpr int n_tasks = 3;
    constexpr std::int64_t n_slices = 500;
    SliceGate gate(n_tasks);
    std::atomic<std::int64_t> tasks_run{0};
    std::atomic<bool> run_finished{false}, stalled_worker_timed_out{false};
    hornet::run_workers(2, [&](int w) {
        if (w == 1) {
            const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
            while (!run_finished.load() && std::chrono::steady_clock::now() < deadline)
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
            stalled_worker_timed_out = !run_finished.load();
        }
        work(gate, w, n_tasks, n_slices, [&](int, std::int64_t k) {
            if (tasks_run.fetch_add(1) + 1 == n_tasks * n_slices) run_finished = true;
            (void)k;
        });
    });
    EXPECT_FALSE(stalled_worker_timed_out.load());
    EXPECT_EQ(tasks_run.load(), n_tasks * n_slices);
}

TEST(SliceGate, StopEndsTheRunAfterTheCurrentSlice) {
    constexpr int n_tasks = 2;
    SliceGate gate(n_tasks);
    std::atomic<std::int64_t> last_slice{-1};
    hornet::run_workers(3, [&](int w) {
        for (std::int64_t k = 0; gate.wait_open(k); ++k)
            for (int i = 0; i < n_tasks; ++i) {
                if (!gate.try_claim((w + i) % n_tasks, k)) continue;
                last_slice = std::max(last_slice.load(), k);
                if (gate.finish_task(k)) gate.open_next(k, /*stop=*/k == 41);
            }
    });
    EXPECT_EQ(last_slice.load(), 41);
}
