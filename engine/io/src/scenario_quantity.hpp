// SPDX-License-Identifier: MIT
#pragma once
/// Private to the scenario reader: quantity strings ("20 ms") lowered to canonical doubles, and
/// their bounds, each problem reported with the value's location and a hint in the right unit.
#include "hornet/core/parameters.hpp"
#include "scenario_context.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace hornet::io::detail {

/// "20 ms"; just "0.5" for the dimensionless unit "1".
std::string with_unit(double value, std::string_view unit);

/// The value of a quantity string in the canonical `unit` ("ms", "nS", "1"). A bare TOML number
/// is accepted only for unit "1". Reports a wrong type, unreadable text, a missing unit and a
/// wrong dimension.
std::optional<double> as_quantity(ReadContext& ctx, const ValueAt& v, std::string_view unit);

/// Whether `value` (in `unit`) lies within `bounds`; reports it otherwise.
bool check_bounds(ReadContext& ctx, const ValueAt& v, double value, const Bounds& bounds,
                  std::string_view unit);

/// as_quantity, then check_bounds.
std::optional<double> as_bounded_quantity(ReadContext& ctx, const ValueAt& v, std::string_view unit,
                                          const Bounds& bounds);

/// A model parameter: a quantity within its bounds or, for a choice parameter, one of the
/// choice names (returned as its index).
std::optional<double> as_parameter(ReadContext& ctx, const ValueAt& v, const ParameterInfo& info);

} // namespace hornet::io::detail
