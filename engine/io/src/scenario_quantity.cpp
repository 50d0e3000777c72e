// SPDX-License-Identifier: MIT
#include "scenario_quantity.hpp"

#include "hornet/core/units.hpp"
#include "scenario_values.hpp"

#include <cmath>
#include <regex>
#include <sstream>

namespace hornet::io::detail {
namespace {

std::string number(double v) {
    std::ostringstream out;
    out << v;
    return out.str();
}

std::string with_article(const std::string& noun) {
    const bool vowel =
        !noun.empty() && std::string_view("aeiou").find(noun[0]) != std::string::npos;
    return (vowel ? "an " : "a ") + noun;
}

/// "write e.g. "20 ms"": an example in the unit the parameter expects.
std::string example_hint(double value, std::string_view unit) {
    if (unit == "1") return "write a plain number, e.g. " + number(value);
    return "write e.g. \"" + with_unit(value, unit) + "\"";
}

std::optional<double> bare_number(ReadContext& ctx, const ValueAt& v, double value,
                                  std::string_view unit, const Dimension& expected) {
    if (unit != "1") {
        ctx.error(v.node, v.path,
                  render(v.node) + " has no unit; expected " +
                      with_article(dimension_name(expected)),
                  "write \"" + with_unit(value, unit) + "\"");
        return std::nullopt;
    }
    if (!std::isfinite(value)) {
        ctx.error(v.node, v.path, render(v.node) + " is not a finite number");
        return std::nullopt;
    }
    return value;
}

std::optional<Quantity> parse(ReadContext& ctx, const ValueAt& v, const std::string& text,
                              std::string_view unit) {
    try {
        return parse_quantity(text);
    } catch (const UnitError& e) {
        const std::string what = e.what();
        // NOTE: parse_quantity names the text in some messages but not in others.
        const std::string quoted = "\"" + text + "\"";
        std::string message = what.find(quoted) != std::string::npos ? what : quoted + ": " + what;
        ctx.error(v.node, v.path, std::move(message), example_hint(1.0, unit));
        return std::nullopt;
    }
}

} // namespace

std::string with_unit(double value, std::string_view unit) {
    return unit == "1" ? number(value) : number(value) + " " + std::string(unit);
}

/// "day 14", "day 14 09:00", "day 0 11:00:30": a calendar time, ms from day 0 00:00. nullopt
/// (nothing reported) when `text` does not start with "day"; an error when it does but is
/// malformed.
std::optional<std::optional<double>> calendar_time(ReadContext& ctx, const ValueAt& v,
                                                   const std::string& text) {
    if (text.rfind("day", 0) != 0) return std::nullopt;
    static const std::regex form(
        R"(day\s+(\d+(?:\.\d+)?)(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*)");
    std::smatch m;
    const auto bad = [&](const std::string& why) -> std::optional<std::optional<double>> {
        ctx.error(v.node, v.path, render(v.node) + " is not a calendar time: " + why,
                  "write \"day 14 09:00\" (day 0 is the first day of the run) or \"day 3\"");
        return std::optional<double>{};
    };
    if (!std::regex_match(text, m, form)) return bad("expected \"day D\" or \"day D HH:MM[:SS]\"");
    const double day = std::stod(m[1].str());
    double ms = day * 864e5;
    if (m[2].matched) {
        const int h = std::stoi(m[2].str()), min = std::stoi(m[3].str());
        const int sec = m[4].matched ? std::stoi(m[4].str()) : 0;
        if (h > 23 || min > 59 || sec > 59) return bad("hours 0-23, minutes and seconds 0-59");
        ms += h * 3.6e6 + min * 6e4 + sec * 1e3;
    }
    return std::optional<double>{ms};
}

std::optional<double> as_quantity(ReadContext& ctx, const ValueAt& v, std::string_view unit) {
    const Unit target = parse_unit(unit);
    if (const auto* s = v.node.as_string(); s && unit == "ms")
        if (auto calendar = calendar_time(ctx, v, s->get())) return *calendar;
    if (const auto* i = v.node.as_integer())
        return bare_number(ctx, v, static_cast<double>(i->get()), unit, target.dimension);
    if (const auto* f = v.node.as_floating_point())
        return bare_number(ctx, v, f->get(), unit, target.dimension);
    const auto* s = v.node.as_string();
    if (!s) {
        wrong_type(ctx, v,
                   unit == "1" ? "a number"
                               : "a quantity string such as \"" + with_unit(1.0, unit) + "\"");
        return std::nullopt;
    }
    const auto q = parse(ctx, v, s->get(), unit);
    if (!q) return std::nullopt;
    if (!q->has_unit) return bare_number(ctx, v, q->value, unit, target.dimension);
    if (!(q->unit.dimension == target.dimension)) {
        ctx.error(v.node, v.path,
                  render(v.node) + " is " + with_article(dimension_name(q->unit.dimension)) +
                      "; expected " + with_article(dimension_name(target.dimension)),
                  example_hint(q->value, unit));
        return std::nullopt;
    }
    return convert(*q, target, unit);
}

bool check_bounds(ReadContext& ctx, const ValueAt& v, double value, const Bounds& bounds,
                  std::string_view unit) {
    if (bounds.contains(value)) return true;
    ctx.error(v.node, v.path,
              with_unit(value, unit) + " is out of bounds; " + bounds.describe(unit));
    return false;
}

std::optional<double> as_bounded_quantity(ReadContext& ctx, const ValueAt& v, std::string_view unit,
                                          const Bounds& bounds) {
    const auto value = as_quantity(ctx, v, unit);
    if (value && !check_bounds(ctx, v, *value, bounds, unit)) return std::nullopt;
    return value;
}

std::optional<double> as_parameter(ReadContext& ctx, const ValueAt& v, const ParameterInfo& info) {
    if (!info.is_choice()) return as_bounded_quantity(ctx, v, info.unit, info.bounds);
    const auto index = as_choice(ctx, v, info.choices, info.name);
    return index ? std::optional<double>(static_cast<double>(*index)) : std::nullopt;
}

} // namespace hornet::io::detail
