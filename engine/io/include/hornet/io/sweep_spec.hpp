// SPDX-License-Identifier: MIT
#pragma once
/// A sweep file (docs/sweeps.md) as read and checked by read_sweep: the base scenario, the axes
/// with their values already generated (lists, linspace, logspace), how they combine, the
/// replicates, the seeds and the metrics. Every entry remembers where it was written, so that a
/// problem found later (a point's scenario rejects an axis value) names the sweep file's line.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hornet::io {

/// Where an entry of the sweep file was written.
struct SweepLocation {
    int line = 0;
    int column = 0;
};

/// One value of an axis: the TOML text handed to the scenario as an override ("\"0.3 uM\"",
/// "5", "\"ltd_window\"") and, for a number or a quantity, its value in the axis unit.
struct AxisValue {
    std::string override_text;
    std::optional<double> number; ///< in SweepAxis::unit; nullopt for a string or boolean axis
    std::string label;            ///< for tables and figures: "0.3", "ltd_window", "true"
};

struct SweepAxis {
    std::string key;  ///< scenario key, as `hornet run --set` takes it
    std::string name; ///< column name in sweep.h5 (default: the key)
    std::string unit; ///< unit of the numbers ("uM", "Hz", "1"); "" for a string axis
    std::vector<AxisValue> values;
    SweepLocation where; ///< the axis's `key`
};

/// A fixed override from the [set] table.
struct SweepSetting {
    std::string key;
    std::string override_text;
    SweepLocation where;
};

enum class SweepCombine { grid, zip };
enum class SeedMode { per_point, common };

enum class MetricReduce {
    last,
    first,
    mean,
    min,
    max,
    at,
    time_below,
    time_above,
    count_below,
    count_above
};

/// How a point file becomes one number.
struct MetricSpec {
    std::string name;
    /// `mean_rate = "<population>"`: spikes / neurons / simulated time [Hz]. Empty otherwise.
    std::string mean_rate_population;
    /// `dataset = "readout/windup/windup_index"` (leading '/' optional), reduced over the `time`
    /// dataset of its group.
    std::string dataset;
    MetricReduce reduce = MetricReduce::last;
    std::optional<double> at_ms;
    std::optional<double> from_ms;
    std::optional<double> to_ms;
    std::optional<double> threshold;
    std::string time_unit = "ms"; ///< unit of time_below / time_above results
    double time_unit_ms = 1.0;    ///< one time_unit in ms
    SweepLocation where;
};

struct SweepSpec {
    std::filesystem::path path;     ///< the sweep file, as given
    std::string text;               ///< its contents (provenance)
    std::filesystem::path scenario; ///< the base scenario, resolved against the sweep file
    SweepCombine combine = SweepCombine::grid;
    std::int64_t replicates = 1;
    std::optional<std::uint64_t> master_seed; ///< nullopt: the scenario's simulation.seed
    SeedMode seed_mode = SeedMode::per_point;
    std::vector<SweepSetting> settings;
    std::vector<SweepAxis> axes;
    std::vector<MetricSpec> metrics;
};

const char* combine_name(SweepCombine c);
const char* seed_mode_name(SeedMode m);
const char* reduce_name(MetricReduce r);

/// Reads and checks a sweep file: keys, types, units (linspace/logspace start and stop of one
/// dimension), axis lengths for zip, unique axis and metric names. Throws ScenarioError listing
/// every problem with file, line, column and key. Does not read the base scenario; the sweep
/// library checks every point's scenario before anything runs.
SweepSpec read_sweep(const std::filesystem::path& file);

} // namespace hornet::io
