// SPDX-License-Identifier: MIT
#pragma once
/// The hornet subcommands. Each returns the process exit code: 0 ok, 1 run failure, 2 bad input
/// (see README). main.cpp only parses the command line and maps exceptions to exit codes.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hornet::cli {

enum ExitCode : int { kOk = 0, kRunFailure = 1, kBadInput = 2, kInterrupted = 130 };

enum class ProgressMode { human, jsonl, quiet };

struct RunOptions {
    std::string scenario;
    std::string output;
    std::vector<std::string> overrides; ///< --set key=value, in order
    int threads = 0;                    ///< 0: all cores
    std::optional<std::uint64_t> seed;
    ProgressMode progress = ProgressMode::human;
    std::string command_line; ///< for provenance
};

/// `hornet plot`: the figure is drawn by `python3 -m hornet.plot` (tools/python/hornet).
struct PlotOptions {
    std::vector<std::string> files;   ///< hornet output files; several are overlaid
    std::string output;               ///< PNG; empty: the first file with extension .png
    std::string kind = "auto";        ///< auto, pain_course, windup, pharmacokinetics, ...
    std::vector<double> snapshots;    ///< [day] calendar days of the pain course's raster snapshots
    std::vector<std::string> labels;  ///< legend label per file, in order
    std::vector<std::string> metrics; ///< sweep: metrics to draw, one panel each (empty: all)
    std::string x_axis;               ///< sweep: the axis across (empty: the first)
    std::string y_axis;               ///< sweep: the axis up, for a heatmap (empty: default)
};

/// `hornet sweep` (docs/sweeps.md).
struct SweepCommandOptions {
    std::string sweep_file;
    std::string directory;
    int jobs = 0;    ///< 0: cores / threads
    int threads = 1; ///< per point
    int shard_index = 0;
    int shard_count = 1;
    std::vector<std::string> overrides; ///< --set key=value for every point
    bool resume = false;
    bool dry_run = false;
    bool collect = false;
    ProgressMode progress = ProgressMode::human;
};

int run_command(const RunOptions& options);
int sweep_command(const SweepCommandOptions& options);
int validate_command(const std::string& scenario, const std::vector<std::string>& overrides);
int inspect_file_command(const std::string& file);
int inspect_models_command(const std::string& model);
/// Runs the interpreter (HORNET_PYTHON, default /usr/bin/python3) with PYTHONPATH starting with
/// HORNET_PYTHON_PATH (default: the source tree's tools/python); returns its exit status.
int plot_command(const PlotOptions& options);

} // namespace hornet::cli
