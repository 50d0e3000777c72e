// SPDX-License-Identifier: MIT
// [[readouts]]: measures derived from spikes after the run (per-stimulus responses with the
// wind-up index, rates in windows), written to /readout/<name>.
#include "scenario_quantity.hpp"
#include "scenario_sections.hpp"
#include "scenario_values.hpp"

#include <array>
#include <map>

namespace hornet::io::detail {
namespace {

constexpr std::array<std::string_view, 2> readout_kinds = {"stimulus_response", "rate"};
constexpr std::array<std::string_view, 4> response_keys = {"name", "kind", "population",
                                                           "stimulus"};

std::string element_path(const toml::table& t, std::size_t index) {
    if (const auto* name = t.get_as<std::string>("name")) return "readouts." + name->get();
    return "readouts[" + std::to_string(index) + "]";
}

/// `window = ["90 ms", "300 ms"]`: the response window after each event.
void read_response_window(ReadContext& ctx, const TableAt& t, ReadoutSpec& spec) {
    const auto at = require(ctx, t, "window", "window = [\"0 ms\", \"500 ms\"]");
    if (!at) return;
    const toml::array* list = at->node.as_array();
    if (!list || list->size() != 2) {
        ctx.error(at->node, at->path, "expected [from, to], the window after each event",
                  "write window = [\"90 ms\", \"300 ms\"]");
        return;
    }
    const auto from = as_quantity(ctx, {*list->get(0), at->path + "[0]"}, "ms");
    const auto to = as_quantity(ctx, {*list->get(1), at->path + "[1]"}, "ms");
    if (!from || !to) return;
    if (!(*to > *from)) {
        ctx.error(at->node, at->path, "the window ends before it starts",
                  "write [from, to] with from < to");
        return;
    }
    spec.from_ms = *from;
    spec.to_ms = *to;
}

void read_readout(ReadContext& ctx, const TableAt& t, const Known& known,
                  const std::vector<StimulusSpec>& stimuli, ReadoutSpec& spec) {
    if (const auto at = require(ctx, t, "name", "name = \"windup\""))
        if (const auto name = as_name(ctx, *at)) spec.name = *name;
    std::optional<std::size_t> kind;
    if (const auto at = require(ctx, t, "kind", "kind = \"stimulus_response\""))
        kind = as_choice(ctx, *at, readout_kinds, "readout kind");
    std::vector<std::string_view> allowed(response_keys.begin(), response_keys.end());
    allowed.push_back("window");
    if (kind) {
        if (*kind == 1) std::erase(allowed, "stimulus"); // a rate has no stimulus
        check_keys(ctx, t, allowed, "key",
                   std::string("readout kind ") + std::string(readout_kinds[*kind]));
    }
    if (const auto at = require(ctx, t, "population", "population = \"wdr\""))
        if (const KnownPopulation* pop = known.population(ctx, *at)) spec.population = pop->name;
    if (!kind) return;
    spec.kind = static_cast<ReadoutSpec::Kind>(*kind);
    if (spec.kind == ReadoutSpec::Kind::rate) {
        if (const auto at = require(ctx, t, "window", "window = \"1 s\""))
            if (const auto w = as_bounded_quantity(ctx, *at, "ms", Bounds::positive()))
                spec.window_ms = *w;
        return;
    }
    if (const auto at = require(ctx, t, "stimulus", "stimulus = \"windup\"")) {
        std::vector<std::string_view> names;
        names.reserve(stimuli.size());
        for (const auto& s : stimuli) names.push_back(s.name);
        if (const auto index = as_choice(ctx, *at, names, "stimulus"))
            spec.stimulus = std::string(names[*index]);
    }
    read_response_window(ctx, t, spec);
}

} // namespace

void read_readouts(ReadContext& ctx, const TableAt& root, const Known& known,
                   const std::vector<StimulusSpec>& stimuli, std::vector<ReadoutSpec>& out) {
    std::map<std::string, const toml::node*, std::less<>> first_with_name;
    for_each_table(ctx, root, "readouts", element_path, [&](const TableAt& t, std::size_t) {
        ReadoutSpec spec;
        read_readout(ctx, t, known, stimuli, spec);
        if (!spec.name.empty()) {
            const toml::node& name_node = *t.table.get("name");
            const auto [it, is_new] = first_with_name.emplace(spec.name, &name_node);
            if (!is_new) {
                ctx.error(name_node, t.child("name"),
                          "duplicate readout name \"" + spec.name + "\"; first used " +
                              ctx.describe_location(*it->second),
                          "give every readout its own name");
                return;
            }
        }
        out.push_back(std::move(spec));
    });
}

} // namespace hornet::io::detail
