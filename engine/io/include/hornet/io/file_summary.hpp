// SPDX-License-Identifier: MIT
#pragma once
/// What `hornet inspect OUT.h5` shows: provenance, duration, spike counts and rates per
/// population and the reports of a finished hornet output file (layout: hdf5_recorder.hpp).
#include "hornet/io/provenance.hpp"

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace hornet::io {

struct SpikePopulationSummary {
    std::string name;
    std::uint64_t n_nodes = 0;
    std::uint64_t n_spikes = 0;
    double mean_rate_hz = 0.0; ///< n_spikes / n_nodes / duration [Hz]; 0 if either is 0
};

struct ReportSummary {
    std::string group; ///< name under /report ("exc", "exc_1")
    std::string population;
    std::vector<std::string> variables;
    std::vector<std::string> units; ///< one per variable
    std::uint64_t n_nodes = 0;
    std::uint64_t n_samples = 0;
    double start_ms = 0.0;
    double stop_ms = 0.0;
    double interval_ms = 0.0;
};

/// One series of a time-series table such as /pharmacology (one entry per column).
struct SeriesSummary {
    std::string name; ///< "plasma", or "nmda_block[exc]" for a column
    std::string unit;
    double min = 0.0, max = 0.0, last = 0.0; ///< NaNs skipped
};

struct TableSummary {
    std::string group; ///< "pharmacology", "readout/windup", "slow/rho/c_to_wdr"
    std::uint64_t n_times = 0;
    double start_ms = 0.0, stop_ms = 0.0;
    std::vector<SeriesSummary> series; ///< in name order
};

struct FileSummary {
    std::filesystem::path path;
    std::array<std::uint32_t, 2> version{};
    Provenance provenance; ///< dt_ms is the step the file's times use
    std::int64_t steps = 0;
    double duration_ms = 0.0;
    bool interrupted = false;
    double wall_time_build_s = 0.0;
    double wall_time_simulation_s = 0.0;
    double wall_time_total_s = 0.0;
    std::vector<SpikePopulationSummary> spike_populations; ///< in name order
    std::vector<ReportSummary> reports;                    ///< in group name order
    std::vector<TableSummary> tables;                      ///< /pharmacology, /readout/*, /slow/*/*
};

/// Reads the summary of a finished hornet file. Throws IoError naming the path if the file
/// cannot be opened, is not a hornet file (wrong or missing `magic`), or is unfinished (a
/// ".partial" file, or one without the attributes finalize() writes).
FileSummary summarize_file(const std::filesystem::path& path);

/// A readable multi-line text block: provenance, run, an aligned table of spike populations
/// (name, nodes, spikes, mean rate) and one of reports. The config text itself is left out;
/// only its size in lines is shown. Ends with a newline.
std::string format_summary(const FileSummary& summary);

} // namespace hornet::io
