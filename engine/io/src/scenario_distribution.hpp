// SPDX-License-Identifier: MIT
#pragma once
/// Private to the scenario reader: values that are constant or drawn per element (initial
/// states, weights, delays).
#include "hornet/core/distribution.hpp"
#include "scenario_context.hpp"

#include <optional>
#include <string_view>

namespace hornet::io::detail {

/// Reads a constant quantity ("6 nS") or a distribution table in canonical `unit`:
///   { distribution = "uniform", low = "-60 mV", high = "-50 mV" }      low <= high
///   { distribution = "normal", mean = "40 nS", std = "15 nS" }         std >= 0
/// Either table may add clip bounds `min` and/or `max` (min <= max); absent bounds are
/// infinite, so callers can tell them apart and apply their own defaults.
std::optional<ValueDistribution> as_distribution(ReadContext& ctx, const ValueAt& v,
                                                 std::string_view unit);

} // namespace hornet::io::detail
