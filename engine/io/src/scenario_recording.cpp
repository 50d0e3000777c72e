// SPDX-License-Identifier: MIT
// [recording]: which populations' spikes are kept, and state reports.
#include "scenario_quantity.hpp"
#include "scenario_sections.hpp"
#include "scenario_values.hpp"

#include <algorithm>
#include <array>
#include <limits>

namespace hornet::io::detail {
namespace {

constexpr std::array<std::string_view, 4> recording_keys = {
    "spikes", "reports", "plasticity_interval", "plasticity_full"};
constexpr std::array<std::string_view, 4> report_keys = {"population", "variables", "neurons",
                                                         "interval"};

void read_spikes(ReadContext& ctx, const ValueAt& at, const Known& known,
                 std::vector<std::string>& out) {
    const toml::array* list = as_array(ctx, at);
    if (!list) return;
    out.clear();
    for (std::size_t i = 0; i < list->size(); ++i) {
        const ValueAt element{*list->get(i), at.path + "[" + std::to_string(i) + "]"};
        const KnownPopulation* pop = known.population(ctx, element);
        if (pop && std::find(out.begin(), out.end(), pop->name) == out.end())
            out.push_back(pop->name);
    }
}

/// `plasticity_full = ["c_fibres_to_projection"]`: plastic projections recorded synapse by
/// synapse.
void read_plasticity_full(ReadContext& ctx, const ValueAt& at, const Known& known,
                          std::vector<std::string>& out) {
    const toml::array* list = as_array(ctx, at);
    if (!list) return;
    std::vector<std::string_view> plastic;
    for (const auto& [name, is_plastic] : known.projections)
        if (is_plastic) plastic.push_back(name);
    for (std::size_t i = 0; i < list->size(); ++i) {
        const ValueAt element{*list->get(i), at.path + "[" + std::to_string(i) + "]"};
        if (plastic.empty()) {
            ctx.error(element.node, element.path, "no projection is plastic",
                      "give a projection plasticity = { rule = ... } first");
            return;
        }
        if (const auto index = as_choice(ctx, element, plastic, "plastic projection"))
            out.emplace_back(plastic[*index]);
    }
}

void read_variables(ReadContext& ctx, const ValueAt& at, const KnownPopulation* pop,
                    ReportSpec& report) {
    const toml::array* list = as_array(ctx, at);
    if (!list) return;
    if (list->empty())
        ctx.error(at.node, at.path, "no variables to record",
                  "list state variables, e.g. [\"V_m\"]");
    std::vector<std::string_view> names;
    if (pop && pop->model)
        for (const auto& s : pop->model->state_variables) names.push_back(s.name);
    for (std::size_t i = 0; i < list->size(); ++i) {
        const ValueAt element{*list->get(i), at.path + "[" + std::to_string(i) + "]"};
        const auto name = as_string(ctx, element);
        if (!name) continue;
        if (pop && pop->model && !pop->model->find_state(*name)) {
            std::string hint =
                "state variables of " + std::string(pop->model->name) + ": " + join_names(names);
            if (const auto near = did_you_mean(*name, names))
                hint = "did you mean \"" + *near + "\"? " + hint;
            ctx.error(element.node, element.path, "unknown state variable \"" + *name + "\"",
                      std::move(hint));
        } else if (std::find(report.variables.begin(), report.variables.end(), *name) !=
                   report.variables.end()) {
            ctx.error(element.node, element.path, "\"" + *name + "\" is listed twice");
        } else {
            report.variables.push_back(*name);
        }
    }
}

/// A list of population-local ids, stored sorted and without repeats.
void read_neuron_list(ReadContext& ctx, const ValueAt& at, const toml::array& list,
                      std::size_t size, ReportSpec& report) {
    if (list.empty())
        ctx.error(at.node, at.path, "the list selects no neurons",
                  "write \"all\", { first = 10 } or a list of ids");
    const auto largest =
        size > 0 ? static_cast<std::int64_t>(size) - 1 : std::numeric_limits<std::int64_t>::max();
    for (std::size_t i = 0; i < list.size(); ++i) {
        const ValueAt element{*list.get(i), at.path + "[" + std::to_string(i) + "]"};
        if (const auto id = as_count(ctx, element, 0, largest))
            report.node_ids.push_back(static_cast<std::uint64_t>(*id));
    }
    std::sort(report.node_ids.begin(), report.node_ids.end());
    report.node_ids.erase(std::unique(report.node_ids.begin(), report.node_ids.end()),
                          report.node_ids.end());
}

/// "all" (stored as an empty list), [ids...], or { first = N } for ids 0..N-1.
void read_neurons(ReadContext& ctx, const ValueAt& at, std::size_t size, ReportSpec& report) {
    const auto* text = at.node.as_string();
    if (text && text->get() == "all") return;
    if (const auto* list = at.node.as_array())
        return read_neuron_list(ctx, at, *list, size, report);
    if (const auto* table = at.node.as_table()) {
        const TableAt t{*table, at.path};
        constexpr std::array<std::string_view, 1> keys = {"first"};
        check_keys(ctx, t, keys);
        const auto first_at = require(ctx, t, "first", "first = 10");
        const auto largest =
            size > 0 ? static_cast<std::int64_t>(size) : std::numeric_limits<std::int64_t>::max();
        const auto first = first_at ? as_count(ctx, *first_at, 1, largest) : std::nullopt;
        for (std::int64_t i = 0; first && i < *first; ++i)
            report.node_ids.push_back(static_cast<std::uint64_t>(i));
        return;
    }
    wrong_type(ctx, at, "\"all\", a list of neuron ids or { first = N }");
}

ReportSpec read_report(ReadContext& ctx, const TableAt& t, const Known& known) {
    check_keys(ctx, t, report_keys);
    ReportSpec report;
    report.interval_ms = known.dt_ms.value_or(SimulationSpec{}.dt_ms);
    const KnownPopulation* pop = nullptr;
    if (const auto at = require(ctx, t, "population", "population = \"exc\""))
        if ((pop = known.population(ctx, *at))) report.population = pop->name;
    if (const auto at = require(ctx, t, "variables", "variables = [\"V_m\"]"))
        read_variables(ctx, *at, pop, report);
    if (const auto at = require(ctx, t, "neurons", "neurons = \"all\""))
        read_neurons(ctx, *at, pop ? pop->size : 0, report);
    if (const auto at = find(t, "interval")) {
        const Bounds at_least_dt{known.dt_ms.value_or(0.0), std::numeric_limits<double>::infinity(),
                                 !known.dt_ms};
        if (const auto interval = as_bounded_quantity(ctx, *at, "ms", at_least_dt))
            report.interval_ms = *interval;
    }
    return report;
}

} // namespace

void read_recording(ReadContext& ctx, const TableAt& root, const Known& known, RecordingSpec& out) {
    out.spike_populations.clear();
    for (const auto& p : known.populations) out.spike_populations.push_back(p.name);
    const auto at = find(root, "recording");
    if (!at) return;
    const auto recording = as_table(ctx, *at);
    if (!recording) return;
    check_keys(ctx, *recording, recording_keys);
    if (const auto spikes = find(*recording, "spikes"))
        read_spikes(ctx, *spikes, known, out.spike_populations);
    const auto path_of = [&](const toml::table&, std::size_t i) {
        return recording->child("reports") + "." + std::to_string(i);
    };
    for_each_table(ctx, *recording, "reports", path_of, [&](const TableAt& t, std::size_t) {
        out.reports.push_back(read_report(ctx, t, known));
    });
    if (const auto full = find(*recording, "plasticity_full"))
        read_plasticity_full(ctx, *full, known, out.plasticity_full);
    if (const auto interval = find(*recording, "plasticity_interval"))
        if (const auto x = as_bounded_quantity(ctx, *interval, "ms", Bounds::positive()))
            out.plasticity_interval_ms = *x;
}

} // namespace hornet::io::detail
