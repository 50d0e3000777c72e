// SPDX-License-Identifier: MIT
#include "hornet/core/parameters.hpp"

#include "hornet/core/error.hpp"

#include <cmath>
#include <sstream>

namespace hornet {
namespace {

std::string number(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

std::string with_unit(double v, std::string_view unit) {
    return unit == "1" ? number(v) : number(v) + " " + std::string(unit);
}

} // namespace

std::string Bounds::describe(std::string_view unit) const {
    const bool has_lower = std::isfinite(lower), has_upper = std::isfinite(upper);
    if (has_lower && has_upper)
        return "must be in " + std::string(lower_open ? "(" : "[") + number(lower) + ", " +
               number(upper) + (upper_open ? ")" : "]") +
               (unit == "1" ? "" : " " + std::string(unit));
    if (has_lower)
        return std::string("must be ") + (lower_open ? "> " : ">= ") + with_unit(lower, unit);
    if (has_upper)
        return std::string("must be ") + (upper_open ? "< " : "<= ") + with_unit(upper, unit);
    return "must be finite";
}

std::string_view ParameterInfo::choice_name(double value) const noexcept {
    if (!is_choice() || !(value >= 0.0) || value >= static_cast<double>(choices.size())) return {};
    return choices[static_cast<std::size_t>(value)];
}

void throw_out_of_bounds(std::string_view where, const ParameterInfo& info, double value) {
    if (info.is_choice())
        throw ParamError(std::string(where) + ": " + std::string(info.name) + " = " +
                         number(value) + " is not one of the " +
                         std::to_string(info.choices.size()) + " choices");
    throw ParamError(std::string(where) + ": " + std::string(info.name) + " = " +
                     with_unit(value, info.unit) + " " + info.bounds.describe(info.unit));
}

} // namespace hornet
