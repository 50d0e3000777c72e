// SPDX-License-Identifier: MIT
// [pharmacology]: a fixed drug concentration, or pharmacokinetics with a dosing schedule; and
// [pharmacology.block], NMDA block parameters for every population that has them.
#include "hornet/core/units.hpp"
#include "scenario_quantity.hpp"
#include "scenario_sections.hpp"
#include "scenario_values.hpp"

#include <array>
#include <cmath>
#include <limits>

namespace hornet::io::detail {
namespace {

constexpr std::array<std::string_view, 11> pharmacology_keys = {"concentration",
                                                                "norketamine_concentration",
                                                                "parameter_set",
                                                                "scaling",
                                                                "body_weight",
                                                                "parameters",
                                                                "doses",
                                                                "free_fraction",
                                                                "brain_plasma_ratio",
                                                                "sample_interval",
                                                                "block"};
constexpr std::array<std::string_view, 6> dose_keys = {"start", "rate", "duration",
                                                       "dose",  "over", "repeat"};
constexpr std::array<std::string_view, 2> repeat_keys = {"every", "count"};

/// What a dose string must be: a drug mass, a mass per time, or a concentration.
enum class DoseKind { amount, rate };

/// "0.5 mg/kg/h" -> ("0.5 mg/h", true): "/kg" means per kg of body weight. Without this, the
/// unit algebra would cancel mg against kg and "0.5 mg/kg/h" would read as a frequency.
std::pair<std::string, bool> split_per_kg(const std::string& text) {
    std::string out = text;
    for (std::size_t at = out.find("/kg"); at != std::string::npos; at = out.find("/kg", at)) {
        const std::size_t after = at + 3;
        if (after == out.size() || out[after] == '/' || out[after] == ' ') {
            out.erase(at, 3);
            return {out, true};
        }
        at = after;
    }
    return {out, false};
}

std::string dose_example(DoseKind kind) {
    return kind == DoseKind::amount ? "write e.g. \"0.5 mg/kg\" or \"35 mg\""
                                    : "write e.g. \"0.35 mg/kg/h\" or \"22 mg/h\"";
}

/// A dose (mg) or a rate (mg/min), with whether it is per kg of body weight; checked >= 0.
std::optional<std::pair<double, bool>> as_dose(ReadContext& ctx, const ValueAt& v, DoseKind kind) {
    const auto* s = v.node.as_string();
    if (!s) {
        wrong_type(ctx, v, kind == DoseKind::amount ? "a dose string" : "a rate string",
                   dose_example(kind));
        return std::nullopt;
    }
    const auto [text, per_kg] = split_per_kg(s->get());
    Quantity q;
    try {
        q = parse_quantity(text);
    } catch (const UnitError& e) {
        ctx.error(v.node, v.path, "\"" + s->get() + "\": " + e.what(), dose_example(kind));
        return std::nullopt;
    }
    const Unit mg = parse_unit("mg"), mg_per_min = parse_unit("mg/min");
    const bool is_amount = q.has_unit && q.unit.dimension == mg.dimension;
    const bool is_rate = q.has_unit && q.unit.dimension == mg_per_min.dimension;
    if (kind == DoseKind::rate && is_amount) {
        ctx.error(v.node, v.path, "\"" + s->get() + "\" is a dose, not a rate (mass per time)",
                  dose_example(kind));
        return std::nullopt;
    }
    if (kind == DoseKind::amount && is_rate) {
        ctx.error(v.node, v.path, "\"" + s->get() + "\" is a rate, not a dose (mass)",
                  "a constant-rate infusion is written with rate and duration; " +
                      dose_example(kind));
        return std::nullopt;
    }
    if (!(kind == DoseKind::amount ? is_amount : is_rate)) {
        ctx.error(v.node, v.path,
                  "\"" + s->get() + "\" is " +
                      (q.has_unit ? "a " + dimension_name(q.unit.dimension) : "a bare number") +
                      "; expected " +
                      (kind == DoseKind::amount ? "a drug mass" : "a mass per time"),
                  dose_example(kind));
        return std::nullopt;
    }
    const double value = convert(q, kind == DoseKind::amount ? mg : mg_per_min,
                                 kind == DoseKind::amount ? "mg" : "mg/min");
    if (!(value >= 0.0) || !std::isfinite(value)) {
        ctx.error(v.node, v.path, "\"" + s->get() + "\" is negative; doses are >= 0",
                  dose_example(kind));
        return std::nullopt;
    }
    return std::pair{value, per_kg};
}

/// A drug concentration in uM: molar ("0.5 uM") or by mass ("120 ng/mL", converted with the
/// molar mass of the drug base).
std::optional<double> as_concentration(ReadContext& ctx, const ValueAt& v, double molar_mass) {
    const auto* s = v.node.as_string();
    const char* example = "write e.g. \"0.5 uM\" or \"120 ng/mL\"";
    if (!s) {
        wrong_type(ctx, v, "a concentration string", example);
        return std::nullopt;
    }
    Quantity q;
    try {
        q = parse_quantity(s->get());
    } catch (const UnitError& e) {
        ctx.error(v.node, v.path, "\"" + s->get() + "\": " + e.what(), example);
        return std::nullopt;
    }
    const Unit uM = parse_unit("uM"), ng_per_mL = parse_unit("ng/mL");
    std::optional<double> value;
    if (q.has_unit && q.unit.dimension == uM.dimension) value = convert(q, uM, "uM");
    if (q.has_unit && q.unit.dimension == ng_per_mL.dimension)
        value = convert(q, ng_per_mL, "ng/mL") / molar_mass; // ng/mL / (g/mol) = umol/L
    if (!value) {
        ctx.error(v.node, v.path, "\"" + s->get() + "\" is not a concentration", example);
        return std::nullopt;
    }
    if (!(*value >= 0.0) || !std::isfinite(*value)) {
        ctx.error(v.node, v.path, "\"" + s->get() + "\" must be >= 0", example);
        return std::nullopt;
    }
    return value;
}

void read_repeat(ReadContext& ctx, const ValueAt& at, DoseEntry& dose) {
    const auto t = as_table(ctx, at);
    if (!t) return;
    check_keys(ctx, *t, repeat_keys);
    if (const auto v = require(ctx, *t, "every", "every = \"24 h\""))
        if (const auto x = as_bounded_quantity(ctx, *v, "ms", Bounds::positive()))
            dose.repeat_every_ms = *x;
    if (const auto v = require(ctx, *t, "count", "count = 5"))
        if (const auto n = as_count(ctx, *v, 1, 100000)) dose.repeat_count = static_cast<int>(*n);
}

DoseEntry read_dose(ReadContext& ctx, const TableAt& t) {
    check_keys(ctx, t, dose_keys);
    DoseEntry dose;
    if (const auto v = require(ctx, t, "start", "start = \"0 h\""))
        if (const auto x = as_bounded_quantity(ctx, *v, "ms", Bounds::non_negative()))
            dose.start_ms = *x;
    const auto rate = find(t, "rate");
    const auto amount = find(t, "dose");
    if (rate && amount) {
        ctx.error(amount->node, amount->path,
                  "a dose has either rate (an infusion) or dose (a bolus)",
                  "write two [[pharmacology.doses]] entries for a bolus and an infusion");
        return dose;
    }
    if (!rate && !amount) {
        ctx.error(t.table, t.path, "a dose needs rate (an infusion) or dose (a bolus)",
                  "write rate = \"0.35 mg/kg/h\" with duration = \"4 h\", or dose = \"0.5 mg/kg\"");
        return dose;
    }
    if (rate) {
        dose.kind = DoseEntry::Kind::infusion;
        if (const auto r = as_dose(ctx, *rate, DoseKind::rate)) {
            dose.rate_mg_per_min = r->first;
            dose.per_kg = r->second;
        }
        if (const auto v = require(ctx, t, "duration", "duration = \"4 h\""))
            if (const auto x = as_bounded_quantity(ctx, *v, "ms", Bounds::positive()))
                dose.duration_ms = *x;
        if (const auto over = find(t, "over"))
            ctx.error(over->node, over->path, "\"over\" belongs to a bolus",
                      "an infusion lasts its duration");
    } else {
        dose.kind = DoseEntry::Kind::bolus;
        if (const auto a = as_dose(ctx, *amount, DoseKind::amount)) {
            dose.amount_mg = a->first;
            dose.per_kg = a->second;
        }
        if (const auto v = find(t, "over"))
            if (const auto x = as_bounded_quantity(ctx, *v, "ms", Bounds::non_negative()))
                dose.duration_ms = *x;
        if (const auto d = find(t, "duration"))
            ctx.error(d->node, d->path, "a bolus has no duration",
                      "write over = \"40 min\" for a dose given over a time");
    }
    if (const auto v = find(t, "repeat")) read_repeat(ctx, *v, dose);
    return dose;
}

/// The name at `v` if it is one of `choices` (as_choice reports it otherwise).
std::optional<std::string> read_choice(ReadContext& ctx, const ValueAt& v,
                                       std::span<const std::string_view> choices,
                                       std::string_view what) {
    const auto index = as_choice(ctx, v, choices, what);
    return index ? std::optional<std::string>(choices[*index]) : std::nullopt;
}

void read_user_parameters(ReadContext& ctx, const ValueAt& at, const PharmacokineticsEntry& pk,
                          PharmacologySpec& out) {
    const auto t = as_table(ctx, at);
    if (!t) return;
    std::vector<std::string_view> names;
    for (const auto& p : pk.user_parameters) names.push_back(p.name);
    check_keys(ctx, *t, names, "parameter", "the user parameter set");
    for (const auto& info : pk.user_parameters) {
        const auto v = find(*t, info.name);
        if (!v) continue;
        if (const auto x = as_parameter(ctx, *v, info))
            out.user_parameters.emplace(std::string(info.name), *x);
    }
}

/// [pharmacology.block]: each key is a parameter of some population model; it applies to every
/// population whose model has it, unless the population sets it itself.
void read_block(ReadContext& ctx, const ValueAt& at, const ModelRegistry& registry,
                PharmacologySpec& out, std::vector<PopulationSpec>& populations) {
    const auto t = as_table(ctx, at);
    if (!t) return;
    for (const auto& [key, node] : t->table) {
        const ParameterInfo* info = nullptr;
        for (const auto name : registry.names())
            if ((info = registry.at(name).find_parameter(key.str()))) break;
        const ValueAt v{node, t->child(key.str())};
        if (!info) {
            ctx.error(node, v.path, "no model has a parameter \"" + std::string(key.str()) + "\"",
                      "see `hornet inspect --models` for the NMDA block parameters");
            continue;
        }
        if (const auto x = as_parameter(ctx, v, *info))
            out.block_defaults.emplace(std::string(key.str()), *x);
    }
    for (PopulationSpec& pop : populations) {
        const ModelEntry* model = registry.find(pop.model);
        if (!model) continue;
        for (const auto& [key, value] : out.block_defaults)
            if (model->find_parameter(key)) pop.params.emplace(key, value); // keeps its own
    }
}

/// Lets the pharmacokinetics check the whole schedule (overlaps, repeats) and points at the
/// dose it names.
void check_schedule(ReadContext& ctx, const TableAt& t, const PharmacokineticsEntry& pk,
                    const PharmacologySpec& spec) {
    try {
        pk.check(spec);
    } catch (const ScheduleError& e) {
        const toml::array* doses = t.table.get_as<toml::array>("doses");
        const std::string path = t.child("doses") + "[" + std::to_string(e.dose()) + "]";
        if (doses && e.dose() < doses->size())
            ctx.error(*doses->get(e.dose()), path, e.what(), "change the start times or durations");
        else
            ctx.error(t.table, t.path, e.what());
    } catch (const Error& e) {
        ctx.error(t.table, t.path, e.what(), "see `hornet inspect --models`");
    }
}

void read_pharmacokinetics(ReadContext& ctx, const TableAt& t, const ModelRegistry& registry,
                           PharmacologySpec& out) {
    const PharmacokineticsEntry* pk = registry.pharmacokinetics();
    if (!pk) {
        ctx.error(t.table, t.path, "this build has no pharmacokinetic models");
        return;
    }
    const std::size_t errors_before = ctx.n_errors();
    if (const auto v = find(t, "parameter_set"))
        if (auto name = read_choice(ctx, *v, pk->parameter_sets, "parameter set"))
            out.parameter_set = std::move(*name);
    if (const auto v = find(t, "scaling"))
        if (auto name = read_choice(ctx, *v, pk->scalings, "scaling"))
            out.scaling = std::move(*name);
    if (const auto v = find(t, "body_weight"))
        if (const auto x = as_bounded_quantity(ctx, *v, "kg", Bounds::closed(0.5, 500.0)))
            out.body_weight_kg = *x;
    const auto user = find(t, "parameters");
    if (user && out.parameter_set != "user")
        ctx.error(user->node, user->path, "parameters are only read for parameter_set = \"user\"");
    else if (user)
        read_user_parameters(ctx, *user, *pk, out);
    else if (out.parameter_set == "user")
        ctx.error(t.table, t.path, "parameter_set = \"user\" needs a parameters table",
                  "see `hornet inspect --models` for its keys");
    if (const auto v = find(t, "free_fraction"))
        if (const auto x = as_bounded_quantity(ctx, *v, "1", {0.0, 1.0, true}))
            out.free_fraction = *x;
    if (const auto v = find(t, "brain_plasma_ratio"))
        if (const auto x = as_bounded_quantity(ctx, *v, "1", Bounds::positive()))
            out.brain_plasma_ratio = *x;
    const auto path_of = [](const toml::table&, std::size_t i) {
        return "pharmacology.doses[" + std::to_string(i) + "]";
    };
    for_each_table(ctx, t, "doses", path_of,
                   [&](const TableAt& d, std::size_t) { out.doses.push_back(read_dose(ctx, d)); });
    if (ctx.n_errors() == errors_before) check_schedule(ctx, t, *pk, out);
}

} // namespace

void read_pharmacology(ReadContext& ctx, const TableAt& root, const ModelRegistry& registry,
                       PharmacologySpec& out, std::vector<PopulationSpec>& populations) {
    const auto at = find(root, "pharmacology");
    if (!at) return;
    const auto t = as_table(ctx, *at);
    if (!t) return;
    check_keys(ctx, *t, pharmacology_keys);
    out.enabled = true;
    if (const auto v = find(*t, "block")) read_block(ctx, *v, registry, out, populations);
    if (const auto v = find(*t, "sample_interval"))
        if (const auto x = as_bounded_quantity(ctx, *v, "ms", Bounds::positive()))
            out.sample_interval_ms = *x;
    const auto fixed = find(*t, "concentration");
    if (fixed) {
        DrugLevels levels;
        if (const auto x = as_concentration(ctx, *fixed, kKetamineMolarMass))
            levels.ketamine_uM = *x;
        if (const auto v = find(*t, "norketamine_concentration"))
            if (const auto x = as_concentration(ctx, *v, kNorketamineMolarMass))
                levels.norketamine_uM = *x;
        out.fixed = levels;
        for (const char* key : {"parameter_set", "doses", "body_weight", "parameters", "scaling",
                                "free_fraction", "brain_plasma_ratio"})
            if (const auto v = find(*t, key))
                ctx.error(v->node, v->path,
                          std::string(key) + " is not used with a fixed concentration",
                          "remove concentration to simulate pharmacokinetics");
        return;
    }
    if (const auto v = find(*t, "norketamine_concentration"))
        ctx.error(v->node, v->path, "norketamine_concentration needs concentration",
                  "with doses, norketamine follows from the pharmacokinetics");
    read_pharmacokinetics(ctx, *t, registry, out);
}

} // namespace hornet::io::detail
