// SPDX-License-Identifier: MIT
#pragma once
/// Progress of a run on stderr: a line every few seconds of wall time with percent, model time,
/// ETA and real-time factor; or one JSON object per line for machines (--progress=jsonl).
#include "commands.hpp"
#include "hornet/core/recorder.hpp"

#include <chrono>

namespace hornet::cli {

class ProgressPrinter final : public ProgressObserver {
public:
    ProgressPrinter(ProgressMode mode, double dt_ms, double interval_seconds = 3.0);
    void progress(std::int64_t steps_done, std::int64_t n_steps) override;
    /// Prints the final line (100 %), if any progress line was printed before.
    void finish(std::int64_t steps_done, std::int64_t n_steps);

private:
    void print(std::int64_t steps_done, std::int64_t n_steps, double elapsed_s);

    ProgressMode mode_;
    double dt_ms_;
    std::chrono::steady_clock::duration interval_;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point next_;
    bool printed_ = false;
};

} // namespace hornet::cli
