// SPDX-License-Identifier: MIT
#pragma once
/// Progress of a sweep on stderr: points done, failed and running, elapsed time and ETA; a
/// line every few seconds (or a JSON object per line with --progress=jsonl).
#include <chrono>
#include <cstdint>

namespace hornet::sweep {

enum class ProgressStyle { human, jsonl, quiet };

class SweepProgress {
public:
    /// `total`: points this run is responsible for; `already_done`: of those, done before it
    /// started (a resume), which the ETA leaves out.
    SweepProgress(ProgressStyle style, std::uint64_t total, std::uint64_t already_done);

    void update(std::uint64_t done, std::uint64_t failed, std::uint64_t running, bool force);
    void finish(std::uint64_t done, std::uint64_t failed);

private:
    void print(std::uint64_t done, std::uint64_t failed, std::uint64_t running, bool final);

    ProgressStyle style_;
    std::uint64_t total_;
    std::uint64_t already_done_;
    std::chrono::steady_clock::time_point start_;
    std::chrono::steady_clock::time_point last_print_;
};

} // namespace hornet::sweep
