// SPDX-License-Identifier: MIT
#pragma once
/// The barrier the workers meet at once per exchange slice.
///
/// NOTE: why not `#pragma omp barrier`: libgomp spins for a long time (GOMP_SPINCOUNT, ~300k
/// iterations) before sleeping. When another process takes one of the cores, a spinning worker
/// burns its time slice waiting for a descheduled one, and NEST and Brian2 slowed down 10-100x in
/// exactly that situation. This barrier spins briefly (enough to catch a partner that is a few
/// microseconds behind) and then sleeps in the kernel (futex via std::atomic::wait), giving the
/// core to whoever needs it.
#include <atomic>
#include <cstdint>
#include <thread>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace hornet {

class SliceBarrier {
public:
    explicit SliceBarrier(int n_threads, int spin_iterations = 4000) noexcept
        : n_(static_cast<std::uint32_t>(n_threads)), spin_(spin_iterations) {}

    /// Blocks until all n_threads have arrived. Release/acquire: everything a worker wrote
    /// before arriving is visible to every worker after it returns.
    void arrive_and_wait() noexcept {
        const std::uint32_t gen = generation_.load(std::memory_order_acquire);
        if (arrived_.fetch_add(1, std::memory_order_acq_rel) + 1 == n_) {
            arrived_.store(0, std::memory_order_relaxed);
            generation_.store(gen + 1, std::memory_order_release);
            generation_.notify_all();
            return;
        }
        for (int i = 0; i < spin_; ++i) {
            if (generation_.load(std::memory_order_acquire) != gen) return;
            pause();
        }
        while (generation_.load(std::memory_order_acquire) == gen)
            generation_.wait(gen, std::memory_order_acquire);
    }

private:
    static void pause() noexcept {
#if defined(__x86_64__) || defined(__i386__)
        _mm_pause();
#else
        std::this_thread::yield();
#endif
    }

    alignas(64) std::atomic<std::uint32_t> arrived_{0};
    alignas(64) std::atomic<std::uint32_t> generation_{0};
    std::uint32_t n_;
    int spin_;
};

} // namespace hornet
