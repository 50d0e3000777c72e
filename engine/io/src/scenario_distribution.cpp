// SPDX-License-Identifier: MIT
#include "scenario_distribution.hpp"

#include "scenario_quantity.hpp"
#include "scenario_values.hpp"

#include <array>

namespace hornet::io::detail {
namespace {

constexpr std::array<std::string_view, 2> kinds = {"uniform", "normal"};

std::optional<ValueDistribution> read_uniform(ReadContext& ctx, const TableAt& t,
                                              std::string_view unit) {
    const auto low_at = require(ctx, t, "low", "low = \"...\"");
    const auto high_at = require(ctx, t, "high", "high = \"...\"");
    const auto low = low_at ? as_quantity(ctx, *low_at, unit) : std::nullopt;
    const auto high = high_at ? as_quantity(ctx, *high_at, unit) : std::nullopt;
    if (!low || !high) return std::nullopt;
    if (*low > *high) {
        ctx.error(high_at->node, high_at->path,
                  "high (" + with_unit(*high, unit) + ") is below low (" + with_unit(*low, unit) +
                      ")",
                  "swap low and high");
        return std::nullopt;
    }
    return ValueDistribution::uniform(*low, *high);
}

std::optional<ValueDistribution> read_normal(ReadContext& ctx, const TableAt& t,
                                             std::string_view unit) {
    const auto mean_at = require(ctx, t, "mean", "mean = \"...\"");
    const auto std_at = require(ctx, t, "std", "std = \"...\"");
    const auto mean = mean_at ? as_quantity(ctx, *mean_at, unit) : std::nullopt;
    const auto sd =
        std_at ? as_bounded_quantity(ctx, *std_at, unit, Bounds::non_negative()) : std::nullopt;
    if (!mean || !sd) return std::nullopt;
    return ValueDistribution::normal(*mean, *sd);
}

/// Applies the optional clip bounds `min` and `max`; false if one of them is bad.
bool read_clip(ReadContext& ctx, const TableAt& t, std::string_view unit, ValueDistribution& d) {
    const auto min_at = find(t, "min");
    const auto max_at = find(t, "max");
    const auto lo = min_at ? as_quantity(ctx, *min_at, unit) : std::nullopt;
    const auto hi = max_at ? as_quantity(ctx, *max_at, unit) : std::nullopt;
    if ((min_at && !lo) || (max_at && !hi)) return false;
    if (lo) d.min = *lo;
    if (hi) d.max = *hi;
    if (d.min > d.max) {
        ctx.error(max_at->node, max_at->path,
                  "max (" + with_unit(d.max, unit) + ") is below min (" + with_unit(d.min, unit) +
                      ")");
        return false;
    }
    return true;
}

std::optional<ValueDistribution> read_table(ReadContext& ctx, const TableAt& t,
                                            std::string_view unit) {
    const auto kind_at = require(ctx, t, "distribution", "distribution = \"uniform\"");
    const auto kind = kind_at ? as_string(ctx, *kind_at) : std::nullopt;
    if (!kind) return std::nullopt;
    const bool uniform = *kind == "uniform";
    if (!uniform && *kind != "normal") {
        std::string hint = "use \"uniform\" (low, high) or \"normal\" (mean, std)";
        if (const auto near = did_you_mean(*kind, kinds)) hint = "did you mean \"" + *near + "\"?";
        ctx.error(kind_at->node, kind_at->path, "unknown distribution \"" + *kind + "\"",
                  std::move(hint));
        return std::nullopt;
    }
    constexpr std::array<std::string_view, 5> uniform_keys = {"distribution", "low", "high", "min",
                                                              "max"};
    constexpr std::array<std::string_view, 5> normal_keys = {"distribution", "mean", "std", "min",
                                                             "max"};
    const std::size_t before = ctx.n_errors();
    check_keys(ctx, t, uniform ? std::span(uniform_keys) : std::span(normal_keys));
    auto d = uniform ? read_uniform(ctx, t, unit) : read_normal(ctx, t, unit);
    if (d && !read_clip(ctx, t, unit, *d)) return std::nullopt;
    if (ctx.n_errors() != before) return std::nullopt;
    return d;
}

} // namespace

std::optional<ValueDistribution> as_distribution(ReadContext& ctx, const ValueAt& v,
                                                 std::string_view unit) {
    if (const auto* t = v.node.as_table()) return read_table(ctx, TableAt{*t, v.path}, unit);
    const auto value = as_quantity(ctx, v, unit);
    if (!value) return std::nullopt;
    return ValueDistribution::constant(*value);
}

} // namespace hornet::io::detail
