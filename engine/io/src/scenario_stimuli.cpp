// SPDX-License-Identifier: MIT
// [[stimuli]]: protocols that drive the afferent fibre populations (hornet/core/stimulus.hpp).
#include "scenario_quantity.hpp"
#include "scenario_sections.hpp"
#include "scenario_values.hpp"

#include <array>
#include <map>

namespace hornet::io::detail {
namespace {

constexpr std::array<std::string_view, 5> stimulus_keys = {"name", "protocol", "target", "targets",
                                                           "recruit"};

std::string element_path(const toml::table& t, std::size_t index) {
    if (const auto* name = t.get_as<std::string>("name")) return "stimuli." + name->get();
    return "stimuli[" + std::to_string(index) + "]";
}

const StimulusProtocolInfo* read_protocol(ReadContext& ctx, const TableAt& t,
                                          const StimulusEntry& entry, StimulusSpec& spec) {
    const auto at = require(ctx, t, "protocol", "protocol = \"pulses\"");
    if (!at) return nullptr;
    std::vector<std::string_view> names;
    for (const auto& p : entry.protocols) names.push_back(p.name);
    const auto index = as_choice(ctx, *at, names, "stimulus protocol");
    if (!index) return nullptr;
    spec.protocol = std::string(names[*index]);
    return &entry.protocols[*index];
}

/// `target = "c"` or `targets = ["abeta", "c"]`: afferent populations only.
void read_targets(ReadContext& ctx, const TableAt& t, const Known& known,
                  const StimulusEntry& entry, StimulusSpec& spec) {
    const auto one = find(t, "target"), many = find(t, "targets");
    if (one && many) {
        ctx.error(many->node, many->path, "both target and targets are given", "write one of them");
        return;
    }
    if (!one && !many) {
        ctx.error(t.table, t.path, "missing key \"targets\"",
                  "add targets = [\"c_fibres\"] (afferent populations)");
        return;
    }
    std::vector<ValueAt> values;
    if (one) values.push_back(*one);
    if (many) {
        const toml::array* list = as_array(ctx, *many);
        if (!list) return;
        if (list->empty())
            ctx.error(many->node, many->path, "targets is empty", "name at least one");
        for (std::size_t i = 0; i < list->size(); ++i)
            values.push_back({*list->get(i), many->path + "[" + std::to_string(i) + "]"});
    }
    for (const ValueAt& v : values) {
        const KnownPopulation* pop = known.population(ctx, v);
        if (!pop) continue;
        if (pop->model && pop->model->name != entry.afferent_model) {
            ctx.error(v.node, v.path,
                      "population \"" + pop->name + "\" is of model " +
                          std::string(pop->model->name) + ", which a stimulus cannot drive",
                      "stimuli drive populations of model " + std::string(entry.afferent_model));
            continue;
        }
        spec.targets.push_back(pop->name);
    }
}

/// `recruit = 0.8` for every target, or one fraction per target; default 1.
void read_recruitment(ReadContext& ctx, const TableAt& t, StimulusSpec& spec) {
    const auto at = find(t, "recruit");
    const ParameterInfo fraction{"recruit", "1", 1.0, Bounds::closed(0.0, 1.0),
                                 "fraction of a target's fibres"};
    spec.recruited.assign(spec.targets.size(), 1.0);
    if (!at) return;
    if (const toml::array* list = at->node.as_array()) {
        if (list->size() != spec.targets.size()) {
            ctx.error(at->node, at->path,
                      "recruit has " + std::to_string(list->size()) + " fractions for " +
                          std::to_string(spec.targets.size()) + " targets",
                      "give one fraction per target, or a single number for all");
            return;
        }
        for (std::size_t i = 0; i < list->size(); ++i)
            if (const auto x = as_parameter(
                    ctx, {*list->get(i), at->path + "[" + std::to_string(i) + "]"}, fraction))
                spec.recruited[i] = *x;
        return;
    }
    if (const auto x = as_parameter(ctx, *at, fraction))
        spec.recruited.assign(spec.targets.size(), *x);
}

void read_stimulus(ReadContext& ctx, const TableAt& t, const Known& known,
                   const StimulusEntry& entry, StimulusSpec& spec) {
    const std::size_t errors_before = ctx.n_errors();
    if (const auto at = require(ctx, t, "name", "name = \"windup\""))
        if (const auto name = as_name(ctx, *at)) spec.name = *name;
    const StimulusProtocolInfo* protocol = read_protocol(ctx, t, entry, spec);
    std::vector<std::string_view> allowed(stimulus_keys.begin(), stimulus_keys.end());
    if (protocol)
        for (const auto& p : protocol->parameters) allowed.push_back(p.name);
    check_keys(ctx, t, allowed, "key", protocol ? "stimulus protocol " + spec.protocol : "");
    read_targets(ctx, t, known, entry, spec);
    read_recruitment(ctx, t, spec);
    if (!protocol) return;
    for (const auto& p : protocol->parameters)
        if (const auto at = find(t, p.name))
            if (const auto x = as_parameter(ctx, *at, p))
                spec.params.emplace(std::string(p.name), *x);
    if (ctx.n_errors() != errors_before) return;
    try { // the protocol's own rules (whole counts, trains that fit their interval)
        (void)entry.event_times_ms(spec);
    } catch (const hornet::Error& e) {
        ctx.error(t.table, t.path, e.what(), "see `hornet inspect --models`");
    }
}

} // namespace

void read_stimuli(ReadContext& ctx, const TableAt& root, const ModelRegistry& registry,
                  const Known& known, std::vector<StimulusSpec>& out) {
    const toml::node* list = root.table.get("stimuli");
    if (!list) return;
    const StimulusEntry* entry = registry.stimuli();
    if (!entry) {
        ctx.error(*list, "stimuli", "this build has no stimulus protocols", "");
        return;
    }
    std::map<std::string, const toml::node*, std::less<>> first_with_name;
    for_each_table(ctx, root, "stimuli", element_path, [&](const TableAt& t, std::size_t) {
        StimulusSpec spec;
        read_stimulus(ctx, t, known, *entry, spec);
        if (!spec.name.empty()) {
            const toml::node& name_node = *t.table.get("name");
            const auto [it, is_new] = first_with_name.emplace(spec.name, &name_node);
            if (!is_new) {
                ctx.error(name_node, t.child("name"),
                          "duplicate stimulus name \"" + spec.name + "\"; first used " +
                              ctx.describe_location(*it->second),
                          "give every stimulus its own name");
                return;
            }
        }
        out.push_back(std::move(spec));
    });
}

} // namespace hornet::io::detail
