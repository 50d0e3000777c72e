// SPDX-License-Identifier: MIT
#include "scenario_connectivity.hpp"

#include "scenario_quantity.hpp"
#include "scenario_values.hpp"

#include <array>
#include <vector>

namespace hornet::io::detail {
namespace {

struct RuleInfo {
    std::string_view name;
    ConnectionRule rule;
    std::string_view parameter; ///< the rule's own key, empty if it has none
};

constexpr std::array<RuleInfo, 5> rules = {{
    {"all_to_all", ConnectionRule::all_to_all, ""},
    {"one_to_one", ConnectionRule::one_to_one, ""},
    {"fixed_probability", ConnectionRule::fixed_probability, "p"},
    {"fixed_indegree", ConnectionRule::fixed_indegree, "indegree"},
    {"fixed_outdegree", ConnectionRule::fixed_outdegree, "outdegree"},
}};

constexpr std::array<std::string_view, 6> all_keys = {"rule", "allow_autapses", "allow_multapses",
                                                      "p",    "indegree",       "outdegree"};

const RuleInfo* read_rule(ReadContext& ctx, const TableAt& t) {
    const auto at = require(ctx, t, "rule", "rule = \"fixed_probability\"");
    const auto name = at ? as_string(ctx, *at) : std::nullopt;
    if (!name) return nullptr;
    for (const auto& r : rules)
        if (r.name == *name) return &r;
    std::vector<std::string_view> names;
    names.reserve(rules.size());
    for (const auto& r : rules) names.push_back(r.name);
    std::string hint = "rules: " + join_names(names);
    if (const auto near = did_you_mean(*name, names)) hint = "did you mean \"" + *near + "\"?";
    ctx.error(at->node, at->path, "unknown connection rule \"" + *name + "\"", std::move(hint));
    return nullptr;
}

/// Reports keys that belong to another rule ("p" with all_to_all) with a message saying so,
/// then any other unknown key.
void check_rule_keys(ReadContext& ctx, const TableAt& t, const RuleInfo& rule) {
    for (const auto& other : rules) {
        if (other.parameter.empty() || other.parameter == rule.parameter) continue;
        if (const auto v = find(t, other.parameter))
            ctx.error(v->node, v->path,
                      "\"" + std::string(other.parameter) + "\" is not used by rule " +
                          std::string(rule.name),
                      "it belongs to rule " + std::string(other.name) + "; remove it");
    }
    check_keys(ctx, t, all_keys);
}

/// Checks that the degree rules can be met without repeating a pair when multapses are off.
void check_degree(ReadContext& ctx, const ValueAt& v, const ConnectivitySpec& spec,
                  const Endpoints& ends) {
    const bool in = spec.rule == ConnectionRule::fixed_indegree;
    const KnownPopulation& pool = in ? *ends.source : *ends.target;
    const bool self_excluded = ends.source == ends.target && !spec.allow_autapses;
    const std::size_t available = pool.size - (self_excluded ? 1 : 0);
    if (spec.degree == 0 || (spec.allow_multapses && available > 0) || spec.degree <= available)
        return;
    ctx.error(v.node, v.path,
              std::to_string(spec.degree) + " exceeds the " + std::to_string(available) +
                  " distinct " + (in ? "sources" : "targets") + " available in \"" + pool.name +
                  "\" (" + std::to_string(pool.size) + " neurons" +
                  (self_excluded ? ", no autapses)" : ")"),
              "lower it, or set allow_multapses = true");
}

void check_sizes(ReadContext& ctx, const TableAt& t, const ConnectivitySpec& spec,
                 const Endpoints& ends) {
    if (!ends.source || !ends.target || ends.source->size == 0 || ends.target->size == 0) return;
    if (spec.rule == ConnectionRule::one_to_one && ends.source->size != ends.target->size) {
        const auto at = find(t, "rule");
        ctx.error(at->node, at->path,
                  "one_to_one needs populations of equal size; \"" + ends.source->name + "\" has " +
                      std::to_string(ends.source->size) + " neurons, \"" + ends.target->name +
                      "\" has " + std::to_string(ends.target->size));
    }
    if (spec.rule == ConnectionRule::fixed_indegree)
        if (const auto v = find(t, "indegree")) check_degree(ctx, *v, spec, ends);
    if (spec.rule == ConnectionRule::fixed_outdegree)
        if (const auto v = find(t, "outdegree")) check_degree(ctx, *v, spec, ends);
}

/// The rule's own parameter: p in [0, 1], or an indegree / outdegree >= 0.
bool read_rule_parameter(ReadContext& ctx, const TableAt& t, const RuleInfo& rule,
                         ConnectivitySpec& spec) {
    if (rule.parameter.empty()) return true;
    const std::string example =
        rule.parameter == "p" ? "p = 0.1" : std::string(rule.parameter) + " = 100";
    const auto at = require(ctx, t, rule.parameter, example);
    if (!at) return false;
    if (rule.parameter == "p") {
        const auto p = as_number(ctx, *at);
        if (!p || !check_bounds(ctx, *at, *p, Bounds::closed(0.0, 1.0), "1")) return false;
        spec.probability = *p;
        return true;
    }
    const auto degree = as_count(ctx, *at, 0);
    if (!degree) return false;
    spec.degree = static_cast<std::size_t>(*degree);
    return true;
}

} // namespace

std::optional<ConnectivitySpec> read_connectivity(ReadContext& ctx, const ValueAt& v,
                                                  const Endpoints& ends) {
    const auto t = as_table(ctx, v);
    if (!t) return std::nullopt;
    const std::size_t errors_before = ctx.n_errors();
    const RuleInfo* rule = read_rule(ctx, *t);
    if (!rule) {
        check_keys(ctx, *t, all_keys);
        return std::nullopt;
    }
    check_rule_keys(ctx, *t, *rule);
    ConnectivitySpec spec;
    spec.rule = rule->rule;
    if (const auto at = find(*t, "allow_autapses"))
        spec.allow_autapses = as_bool(ctx, *at).value_or(true);
    if (const auto at = find(*t, "allow_multapses"))
        spec.allow_multapses = as_bool(ctx, *at).value_or(true);
    if (!read_rule_parameter(ctx, *t, *rule, spec) || ctx.n_errors() != errors_before)
        return std::nullopt;
    check_sizes(ctx, *t, spec, ends);
    if (ctx.n_errors() != errors_before) return std::nullopt;
    return spec;
}

} // namespace hornet::io::detail
