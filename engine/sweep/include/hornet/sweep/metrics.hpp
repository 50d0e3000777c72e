// SPDX-License-Identifier: MIT
#pragma once
/// Metrics: one number per point, computed from the point's output file, so a resumed or
/// reassembled sweep computes exactly what the first pass did, and a metric added to the sweep
/// file later is computed from the existing point files by `--resume` without rerunning them.
#include "hornet/io/output_reader.hpp"
#include "hornet/io/sweep_spec.hpp"

#include <string>

namespace hornet::sweep {

struct MetricValue {
    double value = 0.0;
    std::string units;
};

/// Reduces `series` as `spec` says (docs/sweeps.md, "Metrics"). `end_ms` closes the last
/// sample's interval for time_below / time_above when `to` is not given (the run's duration).
/// Throws hornet::Error when the window holds no samples or `at` precedes every sample.
MetricValue reduce_series(const io::MetricSpec& spec, const io::TimeSeries& series, double end_ms);

/// The metric of one point file. Throws hornet::Error (IoError for a missing dataset).
MetricValue evaluate_metric(const io::MetricSpec& spec, const io::OutputReader& file);

/// "last of readout/windup/windup_index", "time below 1.5 of ... from 1814400000 ms": how the
/// number was made, for the sweep table.
std::string describe_metric(const io::MetricSpec& spec);

} // namespace hornet::sweep
