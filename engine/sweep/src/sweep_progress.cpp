// SPDX-License-Identifier: MIT
#include "hornet/sweep/sweep_progress.hpp"

#include <cmath>
#include <cstdio>
#include <string>

namespace hornet::sweep {
namespace {

/// A human progress line at most this often; the first point's end is always shown.
constexpr std::chrono::seconds kHumanInterval{5};

std::string clock_text(double seconds) {
    const long long s = std::llround(seconds);
    char text[32];
    if (s >= 3600)
        std::snprintf(text, sizeof text, "%lldh%02lldm", s / 3600, s / 60 % 60);
    else if (s >= 60)
        std::snprintf(text, sizeof text, "%lldm%02llds", s / 60, s % 60);
    else
        std::snprintf(text, sizeof text, "%llds", s);
    return text;
}

} // namespace

SweepProgress::SweepProgress(ProgressStyle style, std::uint64_t total, std::uint64_t already_done)
    : style_(style), total_(total), already_done_(already_done),
      start_(std::chrono::steady_clock::now()), last_print_(start_) {}

void SweepProgress::update(std::uint64_t done, std::uint64_t failed, std::uint64_t running,
                           bool force) {
    if (style_ == ProgressStyle::quiet) return;
    const auto now = std::chrono::steady_clock::now();
    if (!force && now - last_print_ < kHumanInterval) return;
    last_print_ = now;
    print(done, failed, running, false);
}

void SweepProgress::finish(std::uint64_t done, std::uint64_t failed) {
    if (style_ == ProgressStyle::quiet) return;
    print(done, failed, 0, true);
}

void SweepProgress::print(std::uint64_t done, std::uint64_t failed, std::uint64_t running,
                          bool final) {
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const std::uint64_t ended_now = done + failed - already_done_;
    const std::uint64_t left = total_ - done - failed;
    // Points end at a steady rate once every slot is busy, so the rate so far predicts the rest.
    const double eta =
        ended_now > 0 ? elapsed / static_cast<double>(ended_now) * static_cast<double>(left) : -1.0;
    if (style_ == ProgressStyle::jsonl) {
        std::fprintf(stderr,
                     "{\"event\":\"%s\",\"total\":%llu,\"done\":%llu,\"failed\":%llu,"
                     "\"running\":%llu,\"elapsed_s\":%.3f,\"eta_s\":%.3f}\n",
                     final ? "finished" : "progress", static_cast<unsigned long long>(total_),
                     static_cast<unsigned long long>(done), static_cast<unsigned long long>(failed),
                     static_cast<unsigned long long>(running), elapsed, eta < 0 ? -1.0 : eta);
        return;
    }
    const std::string eta_text =
        final || eta < 0 || left == 0 ? std::string() : ", ETA " + clock_text(eta);
    std::fprintf(stderr, "sweep: %llu/%llu done, %llu failed, %llu running | %s elapsed%s\n",
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_),
                 static_cast<unsigned long long>(failed), static_cast<unsigned long long>(running),
                 clock_text(elapsed).c_str(), eta_text.c_str());
}

} // namespace hornet::sweep
