// SPDX-License-Identifier: MIT
#pragma once
/// run_workers(n, fn): calls fn(worker) for worker = 0..n-1 concurrently and returns when all
/// have returned. One OpenMP parallel region; in ThreadSanitizer builds, plain std::threads,
/// because libgomp is not instrumented: TSAN cannot see its thread-pool hand-offs and reports
/// races that do not exist, which would hide real ones in hornet's own synchronisation.
/// fn must not throw (no exception may cross an OpenMP region).
#include <thread>
#include <vector>

#if defined(_OPENMP)
#include <omp.h>
#endif

namespace hornet {

template <class F>
void run_workers(int n, F&& fn) noexcept {
#if defined(__SANITIZE_THREAD__) || !defined(_OPENMP)
    std::vector<std::thread> threads;
    for (int w = 1; w < n; ++w) threads.emplace_back([&fn, w] { fn(w); });
    fn(0);
    for (auto& t : threads) t.join();
#else
    // NOTE: dynamic adjustment would silently give fewer threads than domains; hornet's tasks
    // tolerate that (any worker runs any domain), but it would not use the cores asked for.
    omp_set_dynamic(0);
#pragma omp parallel num_threads(n)
    fn(omp_get_thread_num());
#endif
}

} // namespace hornet
