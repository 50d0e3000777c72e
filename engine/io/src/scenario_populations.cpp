// SPDX-License-Identifier: MIT
// [[populations]]: name, model, size, model parameters and initial state.
#include "scenario_distribution.hpp"
#include "scenario_quantity.hpp"
#include "scenario_sections.hpp"
#include "scenario_values.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <map>

namespace hornet::io::detail {
namespace {

constexpr std::array<std::string_view, 6> population_keys = {"name",   "model",   "size",
                                                             "params", "initial", "parameter_set"};

std::string element_path(const toml::table& t, std::size_t index) {
    const auto* name = t.get_as<std::string>("name");
    if (name) return "populations." + name->get();
    return "populations[" + std::to_string(index) + "]";
}

const ModelEntry* read_model(ReadContext& ctx, const TableAt& t, const ModelRegistry& registry,
                             PopulationSpec& spec) {
    const auto at = require(ctx, t, "model", "model = \"lif_cond\"");
    const auto model = at ? as_string(ctx, *at) : std::nullopt;
    if (!model) return nullptr;
    const ModelEntry* entry = registry.find(*model);
    if (!entry) {
        const auto names = registry.names();
        std::string hint = "known models: " + join_names(names);
        if (const auto near = did_you_mean(*model, names))
            hint = "did you mean \"" + *near + "\"? " + hint;
        ctx.error(at->node, at->path, "unknown model \"" + *model + "\"", std::move(hint));
        return nullptr;
    }
    spec.model = *model;
    return entry;
}

void read_params(ReadContext& ctx, const ValueAt& at, const ModelEntry& model,
                 PopulationSpec& spec) {
    const auto t = as_table(ctx, at);
    if (!t) return;
    std::vector<std::string_view> names;
    for (const auto& p : model.parameters) names.push_back(p.name);
    check_keys(ctx, *t, names, "parameter", model.name);
    for (const auto& [key, node] : t->table) {
        const ParameterInfo* info = model.find_parameter(key.str());
        if (!info) continue;
        const ValueAt v{node, t->child(key.str())};
        if (const auto x = as_parameter(ctx, v, *info))
            spec.params[std::string(key.str())] = *x; // over a parameter set's value
    }
}

/// `parameter_set = "adapting"`: every parameter from the model's named set; `params` may then
/// override some of them.
void read_parameter_set(ReadContext& ctx, const ValueAt& at, const ModelEntry& model,
                        PopulationSpec& spec) {
    if (model.parameter_sets.empty()) {
        ctx.error(at.node, at.path, "model " + std::string(model.name) + " has no parameter sets",
                  "set parameters in params = { ... }");
        return;
    }
    std::vector<std::string_view> names;
    for (const auto& s : model.parameter_sets) names.push_back(s.name);
    const auto index = as_choice(ctx, at, names, "parameter set of " + std::string(model.name));
    if (!index) return;
    for (std::size_t i = 0; i < model.parameters.size(); ++i)
        spec.params[std::string(model.parameters[i].name)] = model.parameter_sets[*index].values[i];
}

void read_initial(ReadContext& ctx, const ValueAt& at, const ModelEntry& model,
                  PopulationSpec& spec) {
    const auto t = as_table(ctx, at);
    if (!t) return;
    std::vector<std::string_view> names;
    for (const auto& s : model.state_variables) names.push_back(s.name);
    check_keys(ctx, *t, names, "state variable", model.name);
    for (const auto& [key, node] : t->table) {
        const auto index = model.find_state(key.str());
        if (!index) continue;
        const ValueAt v{node, t->child(key.str())};
        if (auto d = as_distribution(ctx, v, model.state_variables[*index].unit))
            spec.initial.emplace(std::string(key.str()), *d);
    }
}

/// Lets the model check its parameters together (e.g. V_reset < V_th); only called when every
/// field was valid, so its message is about the combination, not a field already reported.
void check_with_model(ReadContext& ctx, const TableAt& t, const ModelEntry& model,
                      const PopulationSpec& spec, std::optional<double> dt_ms) {
    try {
        model.check(spec, dt_ms.value_or(0.0)); // an invalid dt was reported already
    } catch (const hornet::Error& e) {
        const auto params = find(t, "params");
        const toml::node& where = params ? params->node : static_cast<const toml::node&>(t.table);
        ctx.error(where, t.child("params"), e.what(), "see `hornet inspect --models`");
    }
}

/// Reads one population; returns what later sections need to know about it.
KnownPopulation read_population(ReadContext& ctx, const TableAt& t, const ModelRegistry& registry,
                                PopulationSpec& spec, std::optional<double> dt_ms) {
    const std::size_t errors_before = ctx.n_errors();
    check_keys(ctx, t, population_keys);
    KnownPopulation known;
    if (const auto at = require(ctx, t, "name", "name = \"exc\""))
        if (const auto name = as_name(ctx, *at)) spec.name = known.name = *name;
    known.model = read_model(ctx, t, registry, spec);
    if (const auto at = require(ctx, t, "size", "size = 100")) {
        // NOTE: neuron ids are 32-bit inside the connection generators.
        constexpr auto largest = std::int64_t{std::numeric_limits<std::uint32_t>::max()};
        if (const auto size = as_count(ctx, *at, 1, largest))
            spec.size = known.size = static_cast<std::size_t>(*size);
    }
    if (known.model) {
        if (const auto at = find(t, "parameter_set"))
            read_parameter_set(ctx, *at, *known.model, spec);
        if (const auto at = find(t, "params")) read_params(ctx, *at, *known.model, spec);
        if (const auto at = find(t, "initial")) read_initial(ctx, *at, *known.model, spec);
        if (ctx.n_errors() == errors_before) check_with_model(ctx, t, *known.model, spec, dt_ms);
    }
    return known;
}

} // namespace

const KnownPopulation* Known::population(ReadContext& ctx, const ValueAt& v) const {
    const auto name = as_string(ctx, v);
    if (!name) return nullptr;
    std::vector<std::string_view> names;
    for (const auto& p : populations) {
        if (p.name == *name) return &p;
        names.push_back(p.name);
    }
    std::string hint =
        names.empty() ? "no population is defined" : "known populations: " + join_names(names);
    if (const auto near = did_you_mean(*name, names)) hint = "did you mean \"" + *near + "\"?";
    ctx.error(v.node, v.path, "unknown population \"" + *name + "\"", std::move(hint));
    return nullptr;
}

void read_populations(ReadContext& ctx, const TableAt& root, const ModelRegistry& registry,
                      std::vector<PopulationSpec>& out, Known& known) {
    const toml::node* list = root.table.get("populations");
    const char* hint = "add a [[populations]] table with name, model and size";
    if (!list) {
        // NOTE: a pharmacokinetics-only scenario (a clinician's schedule) has no network.
        if (!root.table.get("pharmacology"))
            ctx.error_in_file("populations", "the scenario has no populations",
                              std::string(hint) + ", or a [pharmacology] table");
        return;
    }
    if (const auto* array = list->as_array(); array && array->empty()) {
        ctx.error(*list, "populations", "the scenario has no populations", hint);
        return;
    }
    std::map<std::string, const toml::node*, std::less<>> first_with_name;
    for_each_table(ctx, root, "populations", element_path, [&](const TableAt& t, std::size_t) {
        PopulationSpec spec;
        KnownPopulation pop = read_population(ctx, t, registry, spec, known.dt_ms);
        if (!pop.name.empty()) {
            const toml::node& name_node = *t.table.get("name");
            const auto [it, is_new] = first_with_name.emplace(pop.name, &name_node);
            if (!is_new) {
                ctx.error(name_node, t.child("name"),
                          "duplicate population name \"" + pop.name + "\"; first used " +
                              ctx.describe_location(*it->second),
                          "give every population its own name");
                return;
            }
            known.populations.push_back(std::move(pop));
        }
        out.push_back(std::move(spec));
    });
}

} // namespace hornet::io::detail
