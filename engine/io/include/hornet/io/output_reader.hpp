// SPDX-License-Identifier: MIT
#pragma once
/// Reads the few things a sweep needs from a finished hornet output file, without loading the
/// rest: root attributes (seed, duration, wall time), spike counts per population, and one
/// time series (a dataset and the `time` dataset of its group). The file stays open, read-only,
/// for the reader's lifetime.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace hornet::io {

/// A dataset against the time axis of its group.
struct TimeSeries {
    std::vector<double> time_ms;
    std::vector<double> values; ///< one per time; a table column is chosen by the caller
    std::string units;          ///< the dataset's `units` attribute ("" if none)
};

class OutputReader {
public:
    /// Opens `path`. Throws IoError naming it if it is missing, not a hornet file, or unfinished
    /// (no `steps` attribute: the run that wrote it did not complete).
    explicit OutputReader(const std::filesystem::path& path);
    ~OutputReader();
    OutputReader(OutputReader&&) noexcept;
    OutputReader& operator=(OutputReader&&) noexcept;

    std::uint64_t seed() const;
    double duration_ms() const;
    double wall_time_total_s() const;
    /// True for a file written by a timeline run (its duration is calendar time, not all
    /// simulated).
    bool has_timeline() const;
    /// Spikes recorded for `population`, and its size. Throws IoError if it was not recorded.
    std::uint64_t spike_count(const std::string& population) const;
    std::uint64_t n_nodes(const std::string& population) const;
    /// `dataset` ("readout/windup/windup_index") and the `time` dataset beside it. A 2-D
    /// dataset must have one column. Throws IoError naming the file and dataset if either is
    /// missing or their lengths differ.
    TimeSeries series(const std::string& dataset) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace hornet::io
