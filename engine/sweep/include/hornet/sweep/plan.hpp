// SPDX-License-Identifier: MIT
#pragma once
/// The expansion of a sweep file into its indexed list of points. Point i is the same run
/// however the sweep is started, resumed, sharded or farmed out: the order is fixed by the file
/// (axes in file order, the last fastest, replicates innermost) and each seed is a function of
/// the master seed and the index alone.
#include "hornet/io/sweep_spec.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace hornet::sweep {

struct SweepPoint {
    std::uint64_t index = 0;
    std::uint64_t replicate = 0;
    std::uint64_t seed = 0;
    /// Which value of each axis (index into SweepAxis::values), in axis order.
    std::vector<std::size_t> value_index;
    /// "key=value" for `hornet run --set`: the [set] entries, then one per axis.
    std::vector<std::string> overrides;
    /// False when an axis sets simulation.seed itself; then `seed` is that value and the point
    /// runs without --seed.
    bool pass_seed = true;
};

struct SweepPlan {
    std::uint64_t master_seed = 0;
    std::vector<SweepPoint> points;
};

/// The seed of point (or replicate) `index`: SplitMix64 of the master seed advanced `index + 1`
/// times, cut to 63 bits so that it is a valid TOML integer.
std::uint64_t derive_seed(std::uint64_t master_seed, std::uint64_t index);

/// Expands `spec` into points. `master_seed` is spec.master_seed or, without one, the base
/// scenario's simulation.seed.
SweepPlan expand(const io::SweepSpec& spec, std::uint64_t master_seed);

/// One line per point: index, replicate, seed and overrides, tab-separated, after a header that
/// names the scenario. Written to DIR/plan.txt; a resume compares it with the sweep file's.
std::string plan_text(const io::SweepSpec& spec, const SweepPlan& plan);

/// "point-000042.h5": the file name of point `index` in the sweep directory.
std::string point_file_name(std::uint64_t index);

} // namespace hornet::sweep
