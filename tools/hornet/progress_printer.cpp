// SPDX-License-Identifier: MIT
#include "progress_printer.hpp"

#include <cstdio>

namespace hornet::cli {

ProgressPrinter::ProgressPrinter(ProgressMode mode, double dt_ms, double interval_seconds)
    : mode_(mode), dt_ms_(dt_ms),
      interval_(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
          std::chrono::duration<double>(interval_seconds))),
      start_(std::chrono::steady_clock::now()), next_(start_ + interval_) {}

void ProgressPrinter::progress(std::int64_t steps_done, std::int64_t n_steps) {
    if (mode_ == ProgressMode::quiet) return;
    // NOTE: called once per slice (every 0.2 ms of model time in COBA); one clock read is the
    // whole cost when nothing is printed.
    const auto now = std::chrono::steady_clock::now();
    if (now < next_) return;
    next_ = now + interval_;
    print(steps_done, n_steps, std::chrono::duration<double>(now - start_).count());
}

void ProgressPrinter::finish(std::int64_t steps_done, std::int64_t n_steps) {
    if (mode_ == ProgressMode::quiet || !printed_) return;
    print(steps_done, n_steps,
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
}

void ProgressPrinter::print(std::int64_t steps_done, std::int64_t n_steps, double elapsed_s) {
    printed_ = true;
    const double fraction =
        n_steps > 0 ? static_cast<double>(steps_done) / static_cast<double>(n_steps) : 1.0;
    const double model_ms = static_cast<double>(steps_done) * dt_ms_;
    const double total_ms = static_cast<double>(n_steps) * dt_ms_;
    const double eta_s = fraction > 0 ? elapsed_s * (1.0 - fraction) / fraction : 0.0;
    const double rtf = model_ms > 0 ? elapsed_s / (model_ms * 1e-3) : 0.0;
    if (mode_ == ProgressMode::jsonl) {
        std::fprintf(
            stderr,
            "{\"event\":\"progress\",\"percent\":%.2f,\"model_time_ms\":%.3f,"
            "\"duration_ms\":%.3f,\"elapsed_s\":%.3f,\"eta_s\":%.3f,\"real_time_factor\":%.4g}\n",
            100.0 * fraction, model_ms, total_ms, elapsed_s, eta_s, rtf);
    } else if (total_ms >= 864e5) {
        // A timeline of days: the calendar, and how many days a second of wall time covers.
        std::fprintf(stderr, "[hornet] %5.1f %%  day %.2f of %.1f  elapsed %.1f s  ETA %.1f s\n",
                     100.0 * fraction, model_ms / 864e5, total_ms / 864e5, elapsed_s, eta_s);
    } else {
        std::fprintf(stderr,
                     "[hornet] %5.1f %%  t = %.1f / %.1f ms  elapsed %.1f s  ETA %.1f s  "
                     "real-time factor %.3g\n",
                     100.0 * fraction, model_ms, total_ms, elapsed_s, eta_s, rtf);
    }
    std::fflush(stderr);
}

} // namespace hornet::cli
