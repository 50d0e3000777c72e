// SPDX-License-Identifier: MIT
// [[projections]]: source, target, receptor, weight, delay and connectivity.
#include "scenario_connectivity.hpp"
#include "scenario_distribution.hpp"
#include "scenario_quantity.hpp"
#include "scenario_sections.hpp"
#include "scenario_values.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>

namespace hornet::io::detail {
namespace {

constexpr std::array<std::string_view, 8> projection_keys = {
    "name", "source", "target", "receptor", "weight", "delay", "connectivity", "plasticity"};
constexpr std::array<std::string_view, 2> plasticity_keys = {"rule", "parameter_set"};

/// Delays are stored as 16-bit step counts.
constexpr double max_delay_steps = std::numeric_limits<std::uint16_t>::max();
/// NOTE: "0.1 ms" and "100 us" may differ in the last bit; a delay within this relative
/// tolerance of a bound is accepted (it is rounded to whole steps anyway).
constexpr double delay_tolerance = 1e-9;

std::string element_path(const toml::table& t, std::size_t index) {
    if (const auto* name = t.get_as<std::string>("name")) return "projections." + name->get();
    const auto* source = t.get_as<std::string>("source");
    const auto* target = t.get_as<std::string>("target");
    if (source && target)
        return "projections." + default_projection_name(source->get(), target->get());
    return "projections[" + std::to_string(index) + "]";
}

/// Reads a clip bound (`min` or `max`) of a distribution table again, to report it in place.
std::optional<ValueAt> clip_key(const ValueAt& v, std::string_view key) {
    if (const auto* t = v.node.as_table()) return find(TableAt{*t, v.path}, key);
    return std::nullopt;
}

/// One receptor name; reports an unknown one with the target model's ports.
std::optional<std::string> read_receptor_name(ReadContext& ctx, const ValueAt& at,
                                              const KnownPopulation* target) {
    auto receptor = as_string(ctx, at);
    if (!receptor) return std::nullopt;
    if (!target || !target->model) return receptor;
    const auto& receptors = target->model->receptors;
    if (std::find(receptors.begin(), receptors.end(), *receptor) != receptors.end())
        return receptor;
    const std::string model(target->model->name);
    if (receptors.empty()) {
        ctx.error(at.node, at.path, "model " + model + " has no receptors",
                  "\"" + target->name + "\" cannot be the target of a projection");
        return std::nullopt;
    }
    std::string hint = "receptors of " + model + ": " + join_names(receptors);
    if (const auto near = did_you_mean(*receptor, receptors))
        hint = "did you mean \"" + *near + "\"? " + hint;
    ctx.error(at.node, at.path, "unknown receptor \"" + *receptor + "\" of model " + model,
              std::move(hint));
    return std::nullopt;
}

/// `receptor = "nmda"`, or a list (`["ampa", "nmda"]`) for connections that release onto
/// several receptors at once; then `weight` is a list of the same length.
std::vector<std::string> read_receptors(ReadContext& ctx, const TableAt& t,
                                        const KnownPopulation* target) {
    const auto at = require(ctx, t, "receptor", "receptor = \"exc\"");
    if (!at) return {};
    std::vector<std::string> out;
    if (const auto* list = at->node.as_array()) {
        if (list->empty()) {
            ctx.error(at->node, at->path, "the receptor list is empty",
                      "write receptor = [\"ampa\", \"nmda\"]");
            return {};
        }
        for (std::size_t i = 0; i < list->size(); ++i) {
            const ValueAt element{*list->get(i), at->path + "[" + std::to_string(i) + "]"};
            if (auto name = read_receptor_name(ctx, element, target)) {
                if (std::find(out.begin(), out.end(), *name) != out.end()) {
                    ctx.error(element.node, element.path,
                              "receptor \"" + *name + "\" is listed twice");
                    return {};
                }
                out.push_back(std::move(*name));
            }
        }
        return out.size() == list->size() ? out : std::vector<std::string>{};
    }
    if (auto name = read_receptor_name(ctx, *at, target)) out.push_back(std::move(*name));
    return out;
}

/// Weights are magnitudes: the receptor decides whether a synapse excites or inhibits, so a
/// constant must be >= 0 and a distribution is clipped at `min`, which defaults to 0.
std::optional<ValueDistribution> read_one_weight(ReadContext& ctx, const ValueAt& at,
                                                 std::string_view unit) {
    auto w = as_distribution(ctx, at, unit);
    if (!w) return std::nullopt;
    if (w->is_constant()) {
        if (!check_bounds(ctx, at, w->a, Bounds::non_negative(), unit)) return std::nullopt;
    } else if (const auto min_at = clip_key(at, "min")) {
        if (!check_bounds(ctx, *min_at, w->min, Bounds::non_negative(), unit)) return std::nullopt;
    } else {
        w->min = 0.0;
    }
    return w;
}

/// One weight per receptor, in the order of `receptor`.
std::vector<ValueDistribution> read_weights(ReadContext& ctx, const TableAt& t,
                                            const KnownPopulation* target,
                                            std::size_t n_receptors) {
    const auto at = require(ctx, t, "weight", "weight = \"1 nS\"");
    if (!at || !target || !target->model || target->model->receptors.empty() || n_receptors == 0)
        return {};
    const std::string_view unit = target->model->receptor_unit;
    const auto* list = at->node.as_array();
    if (n_receptors == 1 && !list) {
        if (auto w = read_one_weight(ctx, *at, unit)) return {*w};
        return {};
    }
    if (!list || list->size() != n_receptors) {
        ctx.error(at->node, at->path,
                  "expected a list of " + std::to_string(n_receptors) +
                      " weights, one per receptor",
                  n_receptors == 1 ? "write weight = \"1 " + std::string(unit) + "\""
                                   : "write e.g. weight = [\"1 " + std::string(unit) +
                                         "\", \"0.5 " + std::string(unit) + "\"]");
        return {};
    }
    std::vector<ValueDistribution> out;
    for (std::size_t i = 0; i < list->size(); ++i)
        if (auto w = read_one_weight(
                ctx, ValueAt{*list->get(i), at->path + "[" + std::to_string(i) + "]"}, unit))
            out.push_back(*w);
    return out.size() == n_receptors ? out : std::vector<ValueDistribution>{};
}

/// A delay lasts at least one step and at most 65535 steps. Distributions are clipped to that
/// range unless `min` / `max` narrow it; a `min` or `max` outside it is an error.
void read_delay(ReadContext& ctx, const TableAt& t, std::optional<double> dt_ms,
                ProjectionSpec& spec) {
    const auto at = require(ctx, t, "delay", "delay = \"1 ms\"");
    if (!at) return;
    auto d = as_distribution(ctx, *at, "ms");
    if (!d || !dt_ms) return;
    const Bounds range{*dt_ms * (1.0 - delay_tolerance),
                       max_delay_steps * *dt_ms * (1.0 + delay_tolerance)};
    if (d->is_constant()) {
        if (!check_bounds(ctx, *at, d->a, range, "ms")) return;
    } else {
        const auto min_at = clip_key(*at, "min");
        const auto max_at = clip_key(*at, "max");
        if (min_at && !check_bounds(ctx, *min_at, d->min, range, "ms")) return;
        if (max_at && !check_bounds(ctx, *max_at, d->max, range, "ms")) return;
        if (!min_at) d->min = *dt_ms;
        if (!max_at) d->max = max_delay_steps * *dt_ms;
    }
    spec.delay_ms = *d;
}

/// `plasticity = "graupner_brunel"`, or a table with `rule`, an optional `parameter_set` and
/// the rule's parameters.
std::optional<PlasticitySpec> read_plasticity(ReadContext& ctx, const ValueAt& at,
                                              const Known& known) {
    if (!known.registry) return std::nullopt;
    const ModelRegistry& registry = *known.registry;
    const auto names = registry.plasticity_names();
    const auto rule_of = [&](const ValueAt& v) -> const PlasticityEntry* {
        const auto index = as_choice(ctx, v, names, "plasticity rule");
        return index ? registry.find_plasticity(names[*index]) : nullptr;
    };
    PlasticitySpec spec;
    if (at.node.is_string()) {
        const PlasticityEntry* rule = rule_of(at);
        if (!rule) return std::nullopt;
        spec.rule = std::string(rule->name);
        return spec;
    }
    const auto t = as_table(ctx, at);
    if (!t) return std::nullopt;
    const auto rule_at = require(ctx, *t, "rule", "rule = \"graupner_brunel\"");
    const PlasticityEntry* rule = rule_at ? rule_of(*rule_at) : nullptr;
    if (!rule) return std::nullopt;
    spec.rule = std::string(rule->name);
    std::vector<std::string_view> allowed(plasticity_keys.begin(), plasticity_keys.end());
    for (const auto& p : rule->parameters) allowed.push_back(p.name);
    check_keys(ctx, *t, allowed, "parameter", "rule " + spec.rule);
    const std::size_t errors_before = ctx.n_errors();
    if (const auto set_at = find(*t, "parameter_set")) {
        std::vector<std::string_view> sets;
        for (const auto& s : rule->parameter_sets) sets.push_back(s.name);
        if (const auto index = as_choice(ctx, *set_at, sets, "parameter set of " + spec.rule))
            for (std::size_t i = 0; i < rule->parameters.size(); ++i)
                spec.params[std::string(rule->parameters[i].name)] =
                    rule->parameter_sets[*index].values[i];
    }
    for (const auto& p : rule->parameters)
        if (const auto v = find(*t, p.name))
            if (const auto x = as_parameter(ctx, *v, p)) spec.params[std::string(p.name)] = *x;
    if (ctx.n_errors() != errors_before) return std::nullopt;
    try { // cross-parameter rules and the step
        rule->check(spec, known.dt_ms.value_or(0.0), "plasticity of " + at.path);
    } catch (const hornet::Error& e) {
        ctx.error(at.node, at.path, e.what(), "see `hornet inspect --models`");
        return std::nullopt;
    }
    return spec;
}

/// One [[projections]] table: one ProjectionSpec per receptor, sharing their connections.
std::vector<ProjectionSpec> read_projection(ReadContext& ctx, const TableAt& t, const Known& known,
                                            std::int64_t connectivity_key) {
    check_keys(ctx, t, projection_keys);
    ProjectionSpec spec;
    Endpoints ends;
    if (const auto at = require(ctx, t, "source", "source = \"exc\""))
        if ((ends.source = known.population(ctx, *at))) spec.source = ends.source->name;
    if (const auto at = require(ctx, t, "target", "target = \"exc\""))
        if ((ends.target = known.population(ctx, *at))) spec.target = ends.target->name;
    spec.name = default_projection_name(spec.source, spec.target);
    if (const auto at = find(t, "name"))
        if (const auto name = as_name(ctx, *at)) spec.name = *name;
    const auto receptors = read_receptors(ctx, t, ends.target);
    const auto weights = read_weights(ctx, t, ends.target, receptors.size());
    read_delay(ctx, t, known.dt_ms, spec);
    if (const auto at = require(ctx, t, "connectivity",
                                "connectivity = { rule = \"fixed_probability\", p = 0.1 }"))
        if (const auto c = read_connectivity(ctx, *at, ends)) spec.connectivity = *c;
    if (const auto at = find(t, "plasticity"))
        if (auto p = read_plasticity(ctx, *at, known)) spec.plasticity = std::move(*p);
    spec.group = spec.name;
    if (receptors.size() <= 1 || weights.size() != receptors.size()) {
        spec.receptor = receptors.empty() ? std::string{} : receptors.front();
        if (!weights.empty()) spec.weight = weights.front();
        return {spec};
    }
    std::vector<ProjectionSpec> out;
    for (std::size_t i = 0; i < receptors.size(); ++i) {
        ProjectionSpec one = spec;
        one.name = spec.name + "_" + receptors[i];
        one.receptor = receptors[i];
        one.weight = weights[i];
        one.connectivity_key = connectivity_key;
        out.push_back(std::move(one));
    }
    return out;
}

} // namespace

std::string default_projection_name(std::string_view source, std::string_view target) {
    return std::string(source) + "_to_" + std::string(target);
}

void read_projections(ReadContext& ctx, const TableAt& root, Known& known,
                      std::vector<ProjectionSpec>& out) {
    std::map<std::string, const toml::node*, std::less<>> first_with_name;
    for_each_table(ctx, root, "projections", element_path, [&](const TableAt& t, std::size_t i) {
        auto specs = read_projection(ctx, t, known, static_cast<std::int64_t>(i));
        const ProjectionSpec& spec = specs.front();
        const auto [it, is_new] = first_with_name.emplace(spec.name, &t.table);
        if (!is_new && !spec.source.empty() && !spec.target.empty()) {
            const auto name_at = find(t, "name");
            ctx.error(name_at ? name_at->node : static_cast<const toml::node&>(t.table),
                      t.child("name"),
                      "duplicate projection name \"" + spec.name + "\"; first used " +
                          ctx.describe_location(*it->second),
                      name_at ? "give every projection its own name"
                              : "two projections join the same populations; name them");
        }
        known.projections.emplace_back(spec.group, spec.plasticity.enabled());
        for (auto& one : specs) out.push_back(std::move(one));
    });
}

} // namespace hornet::io::detail
