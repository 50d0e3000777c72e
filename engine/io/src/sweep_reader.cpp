// SPDX-License-Identifier: MIT
// Sweep files (docs/sweeps.md) -> SweepSpec, with every problem located by line, column and key.
#include "hornet/io/sweep_spec.hpp"

#include "hornet/core/units.hpp"
#include "scenario_context.hpp"
#include "scenario_quantity.hpp"
#include "scenario_values.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>
#include <vector>

namespace hornet::io {
namespace {

using detail::ReadContext;
using detail::TableAt;
using detail::ValueAt;

constexpr std::array<std::string_view, 8> kTopLevelKeys = {
    "scenario", "combine", "replicates", "seed", "seeds", "set", "axes", "metrics"};
constexpr std::array<std::string_view, 5> kAxisKeys = {"key", "name", "values", "linspace",
                                                       "logspace"};
constexpr std::array<std::string_view, 3> kRangeKeys = {"start", "stop", "num"};
constexpr std::array<std::string_view, 10> kMetricKeys = {
    "name", "mean_rate", "dataset",   "reduce", "at",
    "from", "to",        "threshold", "unit",   "description"};
constexpr std::array<std::string_view, 2> kCombineNames = {"grid", "zip"};
constexpr std::array<std::string_view, 2> kSeedModeNames = {"per_point", "common"};
constexpr std::array<std::string_view, 10> kReduceNames = {
    "last", "first",      "mean",       "min",         "max",
    "at",   "time_below", "time_above", "count_below", "count_above"};

/// The largest number of points a sweep may expand to: far beyond any real sweep, small enough
/// that a typo (num = 1e9) is caught before a plan of that size is built.
constexpr double kMaxPoints = 1e7;

SweepLocation location_of(const toml::node& node) {
    return {static_cast<int>(node.source().begin.line),
            static_cast<int>(node.source().begin.column)};
}

/// The shortest text that reads back as exactly `value`.
std::string shortest(double value) {
    std::array<char, 32> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    return {buffer.data(), result.ptr};
}

/// "0.3 uM" -> "uM"; "5" -> "1": the unit as written after the number.
std::string unit_text(const std::string& quantity) {
    const char* begin = quantity.c_str();
    char* end = nullptr;
    (void)std::strtod(begin, &end);
    std::string unit(end);
    const auto first = unit.find_first_not_of(" \t");
    if (first == std::string::npos) return "1";
    return unit.substr(first, unit.find_last_not_of(" \t") - first + 1);
}

/// A quantity in the unit of the axis: value and unit text, or nullopt (reported).
struct AxisQuantity {
    double value = 0.0;
    Unit unit;
    std::string unit_text;
};

std::optional<AxisQuantity> axis_quantity(ReadContext& ctx, const ValueAt& v) {
    if (const auto* i = v.node.as_integer())
        return AxisQuantity{static_cast<double>(i->get()), Unit{}, "1"};
    if (const auto* f = v.node.as_floating_point()) return AxisQuantity{f->get(), Unit{}, "1"};
    const auto* s = v.node.as_string();
    if (!s) {
        detail::wrong_type(ctx, v, "a number or a quantity such as \"0.5 uM\"");
        return std::nullopt;
    }
    try {
        const Quantity q = parse_quantity(s->get());
        return AxisQuantity{q.value, q.has_unit ? q.unit : Unit{},
                            q.has_unit ? unit_text(s->get()) : "1"};
    } catch (const UnitError& e) {
        ctx.error(v.node, v.path, e.what(), "write a number with a unit, e.g. \"0.5 uM\"");
        return std::nullopt;
    }
}

/// `q` in the unit of `axis`, or nullopt (reported) when the dimensions differ.
std::optional<double> in_axis_unit(ReadContext& ctx, const ValueAt& v, const AxisQuantity& q,
                                   const AxisQuantity& axis) {
    if (!(q.unit.dimension == axis.unit.dimension)) {
        ctx.error(v.node, v.path,
                  detail::render(v.node) + " is " + dimension_name(q.unit.dimension) +
                      ", but the axis is " + dimension_name(axis.unit.dimension) + " (" +
                      axis.unit_text + ")",
                  "give every value of an axis in units of one dimension");
        return std::nullopt;
    }
    if (q.unit.si_factor == axis.unit.si_factor) return q.value;
    // Unit factors are inexact in binary: 500 nM in uM computes as 0.5000000000000001. Rounded
    // to 15 significant digits, the value is what the user meant (0.5), also in the override
    // text handed to the scenario.
    const double converted = q.value * q.unit.si_factor / axis.unit.si_factor;
    std::array<char, 32> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), converted,
                                      std::chars_format::general, 15);
    double rounded = converted;
    std::from_chars(buffer.data(), result.ptr, rounded);
    return rounded;
}

std::string label_of(double value) {
    std::ostringstream out;
    out.precision(6);
    out << value;
    return out.str();
}

/// `values = [...]`: quantities (one dimension), numbers, or strings and booleans.
void read_value_list(ReadContext& ctx, const ValueAt& v, SweepAxis& axis) {
    const toml::array* list = detail::as_array(ctx, v);
    if (!list) return;
    if (list->empty()) {
        ctx.error(v.node, v.path, "an axis needs at least one value", "values = [1, 2, 3]");
        return;
    }
    // Strings that do not read as quantities ("ltd_window") make a string axis.
    const auto is_quantity_text = [](const toml::node& n) {
        const auto* s = n.as_string();
        if (!s) return false;
        try {
            (void)parse_quantity(s->get());
            return true;
        } catch (const UnitError&) {
            return false;
        }
    };
    const toml::node& first = *list->get(0);
    const bool numeric = first.is_number() || is_quantity_text(first);
    std::optional<AxisQuantity> axis_unit;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const toml::node& n = *list->get(i);
        const ValueAt element{n, v.path + "[" + std::to_string(i) + "]"};
        AxisValue value;
        value.override_text = detail::render(n);
        if (!numeric) {
            if (n.is_number() || is_quantity_text(n) || !(n.is_string() || n.is_boolean())) {
                detail::wrong_type(ctx, element, "a string or boolean like the axis's first value",
                                   "an axis holds quantities or names, not both");
                continue;
            }
            value.label = n.is_string() ? n.as_string()->get() : value.override_text;
            axis.values.push_back(std::move(value));
            continue;
        }
        const auto q = axis_quantity(ctx, element);
        if (!q) continue;
        if (!axis_unit) axis_unit = q;
        const auto number = in_axis_unit(ctx, element, *q, *axis_unit);
        if (!number) continue;
        value.number = *number;
        value.label = label_of(*number);
        axis.values.push_back(std::move(value));
    }
    axis.unit = numeric ? (axis_unit ? axis_unit->unit_text : "1") : "";
}

/// `linspace = { start, stop, num }` or `logspace = {...}`: `num` values written in start's unit.
void read_range(ReadContext& ctx, const ValueAt& v, bool logarithmic, SweepAxis& axis) {
    const auto table = detail::as_table(ctx, v);
    if (!table) return;
    detail::check_keys(ctx, *table, kRangeKeys);
    const auto start_at = detail::require(ctx, *table, "start", "start = \"0 uM\"");
    const auto stop_at = detail::require(ctx, *table, "stop", "stop = \"2 uM\"");
    const auto num_at = detail::require(ctx, *table, "num", "num = 5");
    if (!start_at || !stop_at || !num_at) return;
    const auto start = axis_quantity(ctx, *start_at);
    const auto stop_q = axis_quantity(ctx, *stop_at);
    const auto num = detail::as_count(ctx, *num_at, 1, static_cast<std::int64_t>(kMaxPoints));
    if (!start || !stop_q || !num) return;
    const auto stop = in_axis_unit(ctx, *stop_at, *stop_q, *start);
    if (!stop) return;
    if (logarithmic && (start->value <= 0.0 || *stop <= 0.0)) {
        ctx.error(v.node, v.path, "logspace needs start and stop > 0",
                  "use linspace for a range that includes 0");
        return;
    }
    axis.unit = start->unit_text;
    const bool with_unit = start->unit_text != "1";
    for (std::int64_t i = 0; i < *num; ++i) {
        const double f = *num == 1 ? 0.0 : static_cast<double>(i) / static_cast<double>(*num - 1);
        double x =
            logarithmic
                ? std::exp(std::log(start->value) + f * (std::log(*stop) - std::log(start->value)))
                : start->value + f * (*stop - start->value);
        // The ends are exactly what the user wrote, not what the arithmetic rounds them to.
        if (i == 0) x = start->value;
        if (i == *num - 1 && *num > 1) x = *stop;
        AxisValue value;
        value.number = x;
        value.label = label_of(x);
        value.override_text =
            with_unit ? "\"" + shortest(x) + " " + start->unit_text + "\"" : shortest(x);
        axis.values.push_back(std::move(value));
    }
}

void read_axis(ReadContext& ctx, const TableAt& t, SweepSpec& spec) {
    detail::check_keys(ctx, t, kAxisKeys);
    SweepAxis axis;
    axis.where = location_of(t.table);
    if (const auto key = detail::require(ctx, t, "key", "key = \"pharmacology.concentration\"")) {
        axis.where = location_of(key->node);
        if (const auto text = detail::as_string(ctx, *key)) axis.key = *text;
    }
    axis.name = axis.key;
    if (const auto name = detail::find(t, "name"))
        if (const auto text = detail::as_string(ctx, *name)) {
            if (text->empty() || text->find('/') != std::string::npos)
                ctx.error(name->node, name->path, "an axis name must be non-empty, without '/'");
            else
                axis.name = *text;
        }
    const auto values = detail::find(t, "values");
    const auto linspace = detail::find(t, "linspace");
    const auto logspace = detail::find(t, "logspace");
    const int given =
        int{values.has_value()} + int{linspace.has_value()} + int{logspace.has_value()};
    if (given != 1) {
        ctx.error(t.table, t.path,
                  given == 0 ? "an axis needs values, linspace or logspace"
                             : "give only one of values, linspace and logspace",
                  "values = [\"0 uM\", \"1 uM\"] or linspace = { start = \"0 uM\", stop = "
                  "\"2 uM\", num = 5 }");
        return;
    }
    if (values) read_value_list(ctx, *values, axis);
    if (linspace) read_range(ctx, *linspace, false, axis);
    if (logspace) read_range(ctx, *logspace, true, axis);
    spec.axes.push_back(std::move(axis));
}

/// Flattens [set] into dotted keys, so `simulation.duration = "1 s"` (nested tables) and
/// `"simulation.duration" = "1 s"` (one quoted key) mean the same.
void read_settings(const toml::table& table, const std::string& prefix, SweepSpec& spec) {
    for (const auto& [key, value] : table) {
        const std::string path =
            prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
        if (const auto* nested = value.as_table(); nested && !nested->is_inline()) {
            read_settings(*nested, path, spec);
            continue;
        }
        spec.settings.push_back({path, detail::render(value), location_of(value)});
    }
}

std::optional<double> time_ms(ReadContext& ctx, const TableAt& t, std::string_view key) {
    const auto v = detail::find(t, key);
    return v ? detail::as_quantity(ctx, *v, "ms") : std::nullopt;
}

void read_metric(ReadContext& ctx, const TableAt& t, SweepSpec& spec) {
    detail::check_keys(ctx, t, kMetricKeys);
    MetricSpec m;
    m.where = location_of(t.table);
    if (const auto name = detail::require(ctx, t, "name", "name = \"windup_index\""))
        if (const auto text = detail::as_name(ctx, *name)) m.name = *text;
    const auto rate = detail::find(t, "mean_rate");
    const auto dataset = detail::find(t, "dataset");
    if (rate.has_value() == dataset.has_value()) {
        ctx.error(t.table, t.path, "a metric needs exactly one of mean_rate and dataset",
                  "mean_rate = \"projection\" or dataset = \"readout/windup/windup_index\"");
        return;
    }
    if (rate) {
        m.where = location_of(rate->node); // what a check of the population points at
        if (const auto pop = detail::as_string(ctx, *rate)) m.mean_rate_population = *pop;
    }
    if (dataset)
        if (const auto path = detail::as_string(ctx, *dataset)) {
            m.dataset = path->starts_with('/') ? path->substr(1) : *path;
            if (m.dataset.empty() || m.dataset.find('/') == std::string::npos)
                ctx.error(dataset->node, dataset->path,
                          "\"" + *path + "\" is not a dataset path inside a group",
                          "e.g. \"readout/windup/windup_index\"");
        }
    if (const auto reduce = detail::find(t, "reduce")) {
        if (rate) ctx.error(reduce->node, reduce->path, "mean_rate takes no reduce");
        if (const auto index = detail::as_choice(ctx, *reduce, kReduceNames, "reduction"))
            m.reduce = static_cast<MetricReduce>(*index);
    }
    m.at_ms = time_ms(ctx, t, "at");
    m.from_ms = time_ms(ctx, t, "from");
    m.to_ms = time_ms(ctx, t, "to");
    if (const auto threshold = detail::find(t, "threshold"))
        m.threshold = detail::as_number(ctx, *threshold);
    const bool timed = m.reduce == MetricReduce::time_below || m.reduce == MetricReduce::time_above;
    const bool thresholded =
        timed || m.reduce == MetricReduce::count_below || m.reduce == MetricReduce::count_above;
    if (dataset && m.reduce == MetricReduce::at && !detail::find(t, "at"))
        ctx.error(t.table, t.path, "reduce = \"at\" needs at", "at = \"day 30\"");
    if (dataset && thresholded && !detail::find(t, "threshold"))
        ctx.error(t.table, t.path,
                  "reduce = \"" + std::string(reduce_name(m.reduce)) + "\" needs a threshold",
                  "threshold = 1.5");
    if (const auto unit = detail::find(t, "unit")) {
        if (!timed) {
            ctx.error(unit->node, unit->path, "unit applies to time_below and time_above only");
        } else if (const auto text = detail::as_string(ctx, *unit)) {
            try {
                const Unit u = parse_unit(*text);
                if (!(u.dimension == parse_unit("ms").dimension)) throw UnitError("not a time");
                m.time_unit = *text;
                m.time_unit_ms = u.si_factor * 1e3;
            } catch (const UnitError&) {
                ctx.error(unit->node, unit->path, "\"" + *text + "\" is not a unit of time",
                          "unit = \"day\", \"h\", \"s\" or \"ms\"");
            }
        }
    }
    spec.metrics.push_back(std::move(m));
}

/// The [[axes]] and [[metrics]] tables that made spec.axes and spec.metrics, index for index
/// (a table too broken to make an entry has none), so that a problem between entries is
/// located at the entry, not at the top of the file.
struct EntryTables {
    std::vector<TableAt> axes;
    std::vector<TableAt> metrics;
};

/// The first of `keys` that `t` has (its value and path), else the table itself.
ValueAt first_of(const TableAt& t, std::initializer_list<std::string_view> keys) {
    for (const auto key : keys)
        if (const auto v = detail::find(t, key)) return *v;
    return {t.table, t.path};
}

void check_names(ReadContext& ctx, const SweepSpec& spec, const EntryTables& tables) {
    std::set<std::string> axes;
    for (std::size_t i = 0; i < spec.axes.size(); ++i) {
        const auto& a = spec.axes[i];
        if (!a.name.empty() && !axes.insert(a.name).second) {
            const ValueAt at = first_of(tables.axes.at(i), {"name", "key"});
            ctx.error(at.node, at.path, "two axes are named \"" + a.name + "\"",
                      "give one of them a name = \"...\"");
        }
    }
    std::set<std::string> metrics;
    for (std::size_t i = 0; i < spec.metrics.size(); ++i) {
        const auto& m = spec.metrics[i];
        if (!m.name.empty() && !metrics.insert(m.name).second) {
            const ValueAt at = first_of(tables.metrics.at(i), {"name"});
            ctx.error(at.node, at.path, "two metrics are named \"" + m.name + "\"");
        }
    }
}

void check_size(ReadContext& ctx, const SweepSpec& spec, const toml::table& doc,
                const EntryTables& tables) {
    if (spec.combine == SweepCombine::zip) {
        for (std::size_t i = 0; i < spec.axes.size(); ++i) {
            const auto& a = spec.axes[i];
            const ValueAt at = first_of(tables.axes.at(i), {"values", "linspace", "logspace"});
            if (a.values.size() != spec.axes.front().values.size())
                ctx.error(at.node, at.path,
                          "combine = \"zip\" needs axes of one length; \"" +
                              spec.axes.front().name + "\" has " +
                              std::to_string(spec.axes.front().values.size()) + " values, \"" +
                              a.name + "\" has " + std::to_string(a.values.size()),
                          "use combine = \"grid\" for every combination");
        }
    }
    double points = static_cast<double>(spec.replicates);
    if (spec.combine == SweepCombine::grid)
        for (const auto& a : spec.axes) points *= static_cast<double>(a.values.size());
    else if (!spec.axes.empty())
        points *= static_cast<double>(spec.axes.front().values.size());
    if (points > kMaxPoints)
        ctx.error(doc, "axes", "the sweep has " + label_of(points) + " points, more than 1e7",
                  "split it, or check num and replicates");
}

toml::table parse_file(const std::filesystem::path& file, std::string& text) {
    std::ifstream in(file);
    if (!in) {
        throw ScenarioError({{file.string(), 0, 0, "", "cannot open the sweep file",
                              "check the path; sweep files are TOML (docs/sweeps.md)"}});
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
    try {
        return toml::parse(text, file.string());
    } catch (const toml::parse_error& e) {
        throw ScenarioError({{file.string(), static_cast<int>(e.source().begin.line),
                              static_cast<int>(e.source().begin.column), "",
                              "TOML syntax error: " + std::string(e.description()), ""}});
    }
}

} // namespace

const char* combine_name(SweepCombine c) { return c == SweepCombine::grid ? "grid" : "zip"; }
const char* seed_mode_name(SeedMode m) { return m == SeedMode::common ? "common" : "per_point"; }
const char* reduce_name(MetricReduce r) { return kReduceNames[static_cast<std::size_t>(r)].data(); }

SweepSpec read_sweep(const std::filesystem::path& file) {
    SweepSpec spec;
    spec.path = file;
    const toml::table doc = parse_file(file, spec.text);
    ReadContext ctx(file.string());
    const TableAt root{doc, ""};
    detail::check_keys(ctx, root, kTopLevelKeys);
    if (const auto scenario = detail::require(ctx, root, "scenario", "scenario = \"../coba.toml\""))
        if (const auto path = detail::as_string(ctx, *scenario)) {
            spec.scenario = std::filesystem::path(*path).is_absolute()
                                ? std::filesystem::path(*path)
                                : file.parent_path() / *path;
            if (!std::filesystem::is_regular_file(spec.scenario))
                ctx.error(scenario->node, scenario->path,
                          "no scenario file " + spec.scenario.string(),
                          "the path is relative to the sweep file");
        }
    if (const auto combine = detail::find(root, "combine"))
        if (const auto index = detail::as_choice(ctx, *combine, kCombineNames, "combination"))
            spec.combine = static_cast<SweepCombine>(*index);
    if (const auto replicates = detail::find(root, "replicates"))
        if (const auto n = detail::as_count(ctx, *replicates, 1)) spec.replicates = *n;
    if (const auto seed = detail::find(root, "seed"))
        if (const auto s = detail::as_count(ctx, *seed, 0))
            spec.master_seed = static_cast<std::uint64_t>(*s);
    if (const auto seeds = detail::find(root, "seeds"))
        if (const auto index = detail::as_choice(ctx, *seeds, kSeedModeNames, "seed mode"))
            spec.seed_mode = static_cast<SeedMode>(*index);
    if (const auto set = detail::find(root, "set"))
        if (const auto table = detail::as_table(ctx, *set)) read_settings(table->table, "", spec);
    EntryTables tables;
    detail::for_each_table(
        ctx, root, "axes",
        [](const toml::table&, std::size_t i) { return "axes[" + std::to_string(i) + "]"; },
        [&](const TableAt& t, std::size_t) {
            read_axis(ctx, t, spec);
            if (spec.axes.size() > tables.axes.size()) tables.axes.push_back(t);
        });
    detail::for_each_table(
        ctx, root, "metrics",
        [](const toml::table&, std::size_t i) { return "metrics[" + std::to_string(i) + "]"; },
        [&](const TableAt& t, std::size_t) {
            read_metric(ctx, t, spec);
            if (spec.metrics.size() > tables.metrics.size()) tables.metrics.push_back(t);
        });
    check_names(ctx, spec, tables);
    check_size(ctx, spec, doc, tables);
    if (ctx.n_errors() > 0) throw ScenarioError(ctx.take_sorted());
    return spec;
}

} // namespace hornet::io
