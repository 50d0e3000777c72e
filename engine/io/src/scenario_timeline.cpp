// SPDX-License-Identifier: MIT
// [[phases]], [pain_signal] and [slow]: the timeline of a multiscale scenario
// (hornet/core/timeline.hpp). Times may be calendar times: "day 14 09:00".
#include "scenario_quantity.hpp"
#include "scenario_sections.hpp"
#include "scenario_values.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <vector>

namespace hornet::io::detail {
namespace {

constexpr std::array<std::string_view, 2> resolutions = {"full", "multiscale"};
constexpr std::array<std::string_view, 11> phase_keys = {
    "name",         "until",          "resolution",
    "macro_step",   "min_macro_step", "micro_window",
    "settle",       "drug_tolerance", "drug_tolerance_relative",
    "slow_interval"};
constexpr std::array<std::string_view, 5> pain_keys = {"stimulus", "population", "first", "every",
                                                       "window"};

std::string phase_path(const toml::table& t, std::size_t index) {
    if (const auto* name = t.get_as<std::string>("name")) return "phases." + name->get();
    return "phases[" + std::to_string(index) + "]";
}

void read_time(ReadContext& ctx, const TableAt& t, std::string_view key, const Bounds& bounds,
               double& out) {
    if (const auto v = find(t, key))
        if (const auto ms = as_bounded_quantity(ctx, *v, "ms", bounds)) out = *ms;
}

void read_phase(ReadContext& ctx, const TableAt& t, PhaseSpec& phase, bool last,
                double duration_ms) {
    check_keys(ctx, t, phase_keys, "key", "a phase");
    if (const auto at = require(ctx, t, "name", "name = \"course\""))
        if (const auto name = as_name(ctx, *at)) phase.name = *name;
    if (const auto at = require(ctx, t, "resolution", "resolution = \"multiscale\""))
        if (const auto r = as_choice(ctx, *at, resolutions, "resolution"))
            phase.resolution = static_cast<PhaseSpec::Resolution>(*r);
    // NOTE: a phase before the last without a readable 'until' has no end (NaN), so that the
    // next phase is not reported as out of order as well.
    phase.end_ms = last ? duration_ms : std::numeric_limits<double>::quiet_NaN();
    if (const auto v = find(t, "until")) {
        if (const auto ms = as_bounded_quantity(ctx, *v, "ms", Bounds::positive())) {
            if (last && std::abs(*ms - duration_ms) > 1e-6)
                ctx.error(v->node, v->path,
                          "the last phase ends at simulation.duration (" +
                              with_unit(duration_ms, "ms") + ")",
                          "leave 'until' out of the last phase, or change simulation.duration");
            phase.end_ms = *ms;
        }
    } else if (!last) {
        ctx.error(t.table, t.child("until"), "every phase but the last needs 'until'",
                  "until = \"day 0 11:00\" (calendar time where the phase ends)");
    }
    read_time(ctx, t, "macro_step", Bounds::positive(), phase.macro_step_ms);
    read_time(ctx, t, "min_macro_step", Bounds::positive(), phase.min_macro_step_ms);
    read_time(ctx, t, "micro_window", Bounds::positive(), phase.micro_window_ms);
    read_time(ctx, t, "settle", Bounds::non_negative(), phase.settle_ms);
    read_time(ctx, t, "slow_interval", Bounds::positive(), phase.slow_interval_ms);
    if (const auto v = find(t, "drug_tolerance"))
        if (const auto c = as_bounded_quantity(ctx, *v, "uM", Bounds::non_negative()))
            phase.drug_tolerance_uM = *c;
    if (const auto v = find(t, "slow_tolerance"))
        if (const auto r = as_bounded_quantity(ctx, *v, "1", Bounds::positive()))
            phase.slow_tolerance = *r;
    if (const auto v = find(t, "drug_tolerance_relative"))
        if (const auto r = as_bounded_quantity(ctx, *v, "1", Bounds::non_negative()))
            phase.drug_tolerance_relative = *r;
    if (phase.min_macro_step_ms > phase.macro_step_ms)
        ctx.error(t.table, t.child("min_macro_step"), "min_macro_step is above macro_step",
                  "min_macro_step <= macro_step");
}

void read_pain_signal(ReadContext& ctx, const TableAt& t, const Known& known,
                      const std::vector<StimulusSpec>& stimuli, PainSignalSpec& out) {
    check_keys(ctx, t, pain_keys, "key", "[pain_signal]");
    out.enabled = true;
    if (const auto at = require(ctx, t, "stimulus", "stimulus = \"pain_test\"")) {
        std::vector<std::string_view> names;
        names.reserve(stimuli.size());
        for (const auto& s : stimuli) names.push_back(s.name);
        if (const auto index = as_choice(ctx, *at, names, "stimulus"))
            out.stimulus = std::string(names[*index]);
    }
    if (const auto at = require(ctx, t, "population", "population = \"projection\""))
        if (const KnownPopulation* pop = known.population(ctx, *at)) out.population = pop->name;
    read_time(ctx, t, "first", Bounds::non_negative(), out.first_ms);
    read_time(ctx, t, "every", Bounds::positive(), out.every_ms);
    if (const auto at = find(t, "window")) {
        const toml::array* list = at->node.as_array();
        if (!list || list->size() != 2) {
            ctx.error(at->node, at->path, "expected [from, to], the window after the test onset",
                      "write window = [\"0 ms\", \"1 s\"]");
            return;
        }
        const auto from = as_quantity(ctx, {*list->get(0), at->path + "[0]"}, "ms");
        const auto to = as_quantity(ctx, {*list->get(1), at->path + "[1]"}, "ms");
        if (!from || !to) return;
        if (!(*to > *from) || *from < 0.0) {
            ctx.error(at->node, at->path, "the window must satisfy 0 <= from < to",
                      "write window = [\"0 ms\", \"1 s\"]");
            return;
        }
        out.from_ms = *from;
        out.to_ms = *to;
    }
}

void read_slow(ReadContext& ctx, const TableAt& t, const Known& known, SlowSpec& out) {
    const SlowProcessEntry* entry = known.registry ? known.registry->slow_processes() : nullptr;
    if (!entry) {
        ctx.error(t.table, t.path, "no slow processes are registered");
        return;
    }
    std::vector<std::string_view> allowed{"projection", "hypothesis"};
    for (const auto& p : entry->parameters) allowed.push_back(p.name);
    check_keys(ctx, t, allowed, "key", "[slow]");
    out.enabled = true;
    if (const auto at = require(ctx, t, "projection", "projection = \"c_fibres_to_projection\"")) {
        std::vector<std::string_view> plastic;
        for (const auto& [name, is_plastic] : known.projections)
            if (is_plastic) plastic.push_back(name);
        if (const auto index = as_choice(ctx, *at, plastic, "plastic projection"))
            out.projection = std::string(plastic[*index]);
    }
    out.hypothesis = "ltd_window";
    if (const auto at = find(t, "hypothesis")) {
        std::vector<std::string_view> names;
        for (const auto& h : entry->hypotheses) names.push_back(h.name);
        if (const auto index = as_choice(ctx, *at, names, "reset hypothesis"))
            out.hypothesis = std::string(names[*index]);
    }
    for (const auto& p : entry->parameters)
        if (const auto v = find(t, p.name))
            if (const auto value = as_parameter(ctx, *v, p))
                out.params[std::string(p.name)] = *value;
}

} // namespace

void read_timeline(ReadContext& ctx, const TableAt& root, const Known& known,
                   const SimulationSpec& simulation, const std::vector<StimulusSpec>& stimuli,
                   const std::vector<ReadoutSpec>& readouts, TimelineSpec& out) {
    std::vector<TableAt> phase_tables;
    std::size_t n_phases = 0;
    if (const auto at = find(root, "phases"))
        if (const toml::array* a = at->node.as_array()) n_phases = a->size();
    std::size_t index = 0;
    for_each_table(ctx, root, "phases", phase_path, [&](const TableAt& t, std::size_t) {
        PhaseSpec phase;
        read_phase(ctx, t, phase, ++index == n_phases, simulation.duration_ms);
        if (!out.phases.empty() && !std::isnan(phase.end_ms) &&
            !std::isnan(out.phases.back().end_ms) && !(phase.end_ms > out.phases.back().end_ms))
            ctx.error(t.table, t.child("until"),
                      "phase '" + phase.name + "' ends before the phase before it",
                      "phases are in calendar order; each 'until' is later than the last");
        out.phases.push_back(std::move(phase));
    });
    if (const auto at = find(root, "pain_signal"))
        if (const auto t = as_table(ctx, *at)) {
            if (n_phases == 0)
                ctx.error(at->node, at->path, "[pain_signal] needs a timeline",
                          "add [[phases]] (a full phase covering the run is enough)");
            read_pain_signal(ctx, *t, known, stimuli, out.pain_signal);
        }
    if (const auto at = find(root, "slow"))
        if (const auto t = as_table(ctx, *at)) {
            if (n_phases == 0)
                ctx.error(at->node, at->path, "[slow] needs a timeline",
                          "add [[phases]] (a full phase covering the run is enough)");
            read_slow(ctx, *t, known, out.slow);
        }
    if (n_phases > 0 && !readouts.empty())
        if (const auto at = find(root, "readouts"))
            ctx.error(at->node, at->path,
                      "[[readouts]] count spikes in one uninterrupted run; a timeline has "
                      "[pain_signal] instead",
                      "remove [[readouts]] or [[phases]]");
}

} // namespace hornet::io::detail
