// SPDX-License-Identifier: MIT
#pragma once
/// What travels from the simulation thread to the HDF5 writer thread: the layout of the
/// recording once (RecordingLayout), then batches of spikes and samples (Batch), then the final
/// attributes (FinalInfo). None of this touches HDF5; the simulation thread builds it.
#include "hornet/io/hdf5_recorder.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace hornet::io::detail {

struct SpikeStreamLayout {
    std::string population;
    std::uint64_t n_nodes = 0;
};

struct ReportVariable {
    std::string name;
    std::string unit;
};

struct ReportStreamLayout {
    std::string group; ///< name under /report: the population, or "<population>_<k>"
    std::string population;
    std::vector<ReportVariable> variables;
    std::vector<std::uint64_t> node_ids;
    std::int64_t interval_steps = 1;
};

/// Sent once, by begin(): which datasets to create.
struct RecordingLayout {
    double dt_ms = 0.1;
    std::int64_t first_step = 0;
    std::vector<SpikeStreamLayout> spikes;
    std::vector<ReportStreamLayout> reports;
};

/// Spikes of one recorded population in a batch. Spikes are kept as 32-bit ids plus one
/// (step, count) run per step, 4 bytes a spike instead of the 16 the file needs; the writer
/// expands them into timestamps and 64-bit ids.
struct SpikeChunk {
    struct StepRun {
        std::int64_t step = 0;
        std::uint64_t count = 0;
    };
    std::vector<StepRun> runs;
    std::vector<std::uint32_t> ids;
};

/// Samples of one report in a batch: one row of `width` floats per step, variable-major.
struct SampleChunk {
    std::vector<std::int64_t> steps;
    std::vector<float> values;
};

struct Batch {
    std::vector<SpikeChunk> spikes;   ///< per spike stream
    std::vector<SampleChunk> samples; ///< per report
    std::size_t bytes = 0;            ///< payload bytes, for the batch size and the queue budget

    bool empty() const noexcept { return bytes == 0; }
    /// Empties every chunk but keeps the capacity, so a recycled batch does not allocate again.
    void clear() noexcept {
        for (auto& s : spikes) {
            s.runs.clear();
            s.ids.clear();
        }
        for (auto& s : samples) {
            s.steps.clear();
            s.values.clear();
        }
        bytes = 0;
    }
};

/// Sent by finalize(): the root attributes only known at the end.
struct FinalInfo {
    std::int64_t steps = 0;
    bool interrupted = false;
    double wall_time_build = 0.0;      ///< [s]
    double wall_time_simulation = 0.0; ///< [s]
    double wall_time_total = 0.0;      ///< [s]
};

using Command = std::variant<RecordingLayout, std::unique_ptr<Batch>, FinalInfo, SeriesTable>;

} // namespace hornet::io::detail
