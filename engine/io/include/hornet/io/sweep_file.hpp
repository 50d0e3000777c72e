// SPDX-License-Identifier: MIT
#pragma once
/// DIR/sweep.h5: the table of a sweep (docs/sweeps.md, "sweep.h5"). The sweep library fills a
/// SweepTable from its plan and the point files; this writes it atomically (a temporary name,
/// then a rename), so a reader never sees half a table, even while a sweep rewrites it.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace hornet::io {

/// One column of the table: numbers with units, or strings.
struct SweepColumn {
    std::string name;
    std::string units;       ///< numbers only ("uM", "1")
    std::string key;         ///< parameters: the scenario key
    std::string description; ///< metrics: how the value was computed
    bool is_string = false;
    std::vector<double> numbers;
    std::vector<std::string> strings;
};

struct SweepTable {
    std::string sweep_path;
    std::string sweep_toml;
    std::string scenario_path;
    std::string combine;
    std::string seed_mode;
    std::uint64_t replicates = 1;
    std::uint64_t master_seed = 0;
    bool complete = false;
    std::vector<std::string> command_overrides; ///< `hornet sweep --set` entries, "key=value"

    std::vector<std::uint64_t> index;
    std::vector<std::uint64_t> replicate;
    std::vector<std::uint64_t> seed;
    std::vector<std::string> status; ///< "done", "failed", "pending"
    std::vector<double> wall_time_s; ///< NaN unless done
    std::vector<std::string> error;
    std::vector<std::string> file; ///< relative to the sweep directory

    std::vector<SweepColumn> parameters; ///< one per axis, in axis order
    std::vector<SweepColumn> metrics;    ///< one per metric, NaN unless done
};

/// Writes `table` to `path` through a temporary file in the same directory and a rename.
/// Links /files/<stem> to each done point's file. Throws IoError naming the path.
void write_sweep_file(const std::filesystem::path& path, const SweepTable& table);

} // namespace hornet::io
