// SPDX-License-Identifier: MIT
#pragma once
/// Hands out the tasks of one exchange slice at a time to whichever workers are running.
///
/// A slice's tasks are the domains (each worker's share of neurons and the synapses onto them)
/// plus one reporting task. Any worker may run any task: it tries its own domain first and then
/// takes whatever is left. The slice completes when every task has finished, not when every
/// worker has arrived, and the worker that finishes the last task opens the next slice.
///
/// NOTE: why not a barrier. When another process takes a core, a barrier makes every worker wait
/// for the descheduled one, even when it has nothing left to do; NEST and Brian2 slow down
/// 10-100x that way. Here a descheduled worker holds up a slice only while it is in the middle
/// of a task; otherwise the running workers take its domain. Waiting spins briefly, then sleeps
/// in the kernel (futex via std::atomic::wait), giving the core to whoever needs it.
/// Results do not depend on which worker ran which task: a task's work is fixed by its domain.
#include <atomic>
#include <cstdint>
#include <memory>
#include <thread>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace hornet {

class SliceGate {
public:
    /// `n_tasks` per slice; slice 0 is open from the start.
    explicit SliceGate(int n_tasks, int spin_iterations = 4000)
        : n_tasks_(n_tasks), spin_(spin_iterations),
          claimed_(new Claim[static_cast<std::size_t>(n_tasks)]) {
        remaining_[0].store(n_tasks, std::memory_order_relaxed);
    }

    /// Waits until slice `k` is open. Returns false if the run stopped before it.
    bool wait_open(std::int64_t k) noexcept {
        for (int i = 0; i < spin_ && open_.load(std::memory_order_acquire) < k; ++i) pause();
        for (std::int64_t seen = open_.load(std::memory_order_acquire); seen < k;
             seen = open_.load(std::memory_order_acquire))
            open_.wait(seen, std::memory_order_acquire);
        return !(stopped_.load(std::memory_order_acquire) &&
                 open_.load(std::memory_order_acquire) == k);
    }

    /// Claims task `task` of the open slice `k`: true for exactly one caller.
    bool try_claim(int task, std::int64_t k) noexcept {
        std::int64_t expected = k - 1;
        return claimed_[static_cast<std::size_t>(task)].slice.compare_exchange_strong(
            expected, k, std::memory_order_acq_rel);
    }

    /// Marks a task of slice `k` finished. True for the caller that finished the last one,
    /// which must then call open_next(k, ...).
    bool finish_task(std::int64_t k) noexcept {
        return remaining_[k & 1].fetch_sub(1, std::memory_order_acq_rel) == 1;
    }

    /// Opens slice k + 1, or ends the run after slice k if `stop`. Everything the caller (and,
    /// through finish_task, every task of slice k) wrote is visible to whoever waits for k + 1.
    void open_next(std::int64_t k, bool stop) noexcept {
        remaining_[(k + 1) & 1].store(n_tasks_, std::memory_order_relaxed);
        if (stop) stopped_.store(true, std::memory_order_relaxed);
        open_.store(k + 1, std::memory_order_release);
        open_.notify_all();
    }

private:
    struct alignas(64) Claim {
        std::atomic<std::int64_t> slice{-1}; ///< last slice this task was claimed for
    };
    static void pause() noexcept {
#if defined(__x86_64__) || defined(__i386__)
        _mm_pause();
#else
        std::this_thread::yield();
#endif
    }

    int n_tasks_;
    int spin_;
    std::unique_ptr<Claim[]> claimed_;
    alignas(64) std::atomic<std::int64_t> open_{0};
    alignas(64) std::atomic<int> remaining_[2]{};
    std::atomic<bool> stopped_{false};
};

} // namespace hornet
