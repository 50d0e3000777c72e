// SPDX-License-Identifier: MIT
// The public entry points: parse, apply overrides, read every section, throw all problems.
#include "hornet/io/scenario_reader.hpp"

#include "scenario_context.hpp"
#include "scenario_sections.hpp"
#include "scenario_values.hpp"
#include "toml_overrides.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace hornet::io {
namespace {

using detail::ReadContext;
using detail::TableAt;

constexpr std::array<std::string_view, 11> top_level_keys = {
    "base",      "simulation",   "populations", "projections", "stimuli", "readouts",
    "recording", "pharmacology", "phases",      "pain_signal", "slow"};

/// How deep `base` files may nest (a cycle is reported before that).
constexpr int kMaxBaseDepth = 8;

/// A syntax error stops reading: toml++ cannot say what the rest of the file means.
toml::table parse_document(std::string_view text, const std::string& source_name) {
    try {
        return toml::parse(text, source_name);
    } catch (const toml::parse_error& e) {
        Diagnostic d;
        d.file = source_name;
        d.line = static_cast<int>(e.source().begin.line);
        d.column = static_cast<int>(e.source().begin.column);
        d.message = "TOML syntax error: " + std::string(e.description());
        throw ScenarioError({std::move(d)});
    }
}

Scenario read_document(ReadContext& ctx, const toml::table& doc, const ModelRegistry& registry) {
    const TableAt root{doc, ""};
    detail::check_keys(ctx, root, top_level_keys);
    Scenario scenario;
    detail::Known known;
    known.registry = &registry;
    detail::read_simulation(ctx, root, scenario.simulation, known);
    detail::read_populations(ctx, root, registry, scenario.network.populations, known);
    detail::read_projections(ctx, root, known, scenario.network.projections);
    detail::read_stimuli(ctx, root, registry, known, scenario.stimuli);
    detail::read_readouts(ctx, root, known, scenario.stimuli, scenario.readouts);
    detail::read_recording(ctx, root, known, scenario.recording);
    detail::read_pharmacology(ctx, root, registry, scenario.pharmacology,
                              scenario.network.populations);
    detail::read_timeline(ctx, root, known, scenario.simulation, scenario.stimuli,
                          scenario.readouts, scenario.timeline);
    return scenario;
}

std::string why_unreadable(const std::filesystem::path& file);

/// Lays `over` onto `base`: tables merge key by key, arrays of tables whose elements have a
/// `name` merge element by element (same name: merged; new name: appended), anything else in
/// `over` replaces what `base` has. Nodes are moved, not copied: toml++ keeps a node's source
/// position only when it moves, and diagnostics need it.
void merge_into(toml::table& base, toml::table&& over) {
    const auto named = [](const toml::array& a) {
        return a.is_array_of_tables() && std::all_of(a.begin(), a.end(), [](const toml::node& n) {
                   return n.as_table()->get_as<std::string>("name") != nullptr;
               });
    };
    const auto name_of = [](const toml::node& n) {
        return n.as_table()->get_as<std::string>("name")->get();
    };
    for (auto&& [key, node] : over) {
        toml::node* mine = base.get(key.str());
        if (mine && mine->is_table() && node.is_table()) {
            merge_into(*mine->as_table(), std::move(*node.as_table()));
            continue;
        }
        auto* list = node.as_array();
        auto* base_list = mine ? mine->as_array() : nullptr;
        if (list && base_list && named(*list) && named(*base_list)) {
            for (toml::node& element : *list) {
                const std::string name = name_of(element);
                const auto it =
                    std::find_if(base_list->begin(), base_list->end(),
                                 [&](const toml::node& n) { return name_of(n) == name; });
                if (it == base_list->end())
                    base_list->push_back(std::move(*element.as_table()));
                else
                    merge_into(*it->as_table(), std::move(*element.as_table()));
            }
            continue;
        }
        if (auto* t = node.as_table())
            base.insert_or_assign(key, std::move(*t));
        else if (list)
            base.insert_or_assign(key, std::move(*list));
        else
            base.insert_or_assign(key, std::move(node)); // a value: its position comes along
    }
}

/// Reads `doc`'s `base` file (relative to `doc`'s own file), recursively, and returns the merged
/// document; the base files are registered with `ctx` so that their nodes are located in them.
toml::table with_bases(toml::table doc, const std::filesystem::path& file, ReadContext& ctx,
                       int depth) {
    const toml::node* base_node = doc.get("base");
    if (!base_node) return doc;
    const auto* name = base_node->as_string();
    if (!name) {
        ctx.error(*base_node, "base", "base must be a file name",
                  "write base = \"dorsal_horn.toml\"");
        return doc;
    }
    const std::filesystem::path base_file = file.parent_path() / name->get();
    if (depth >= kMaxBaseDepth) {
        ctx.error(*base_node, "base",
                  "base files nest more than " + std::to_string(kMaxBaseDepth) + " deep (a cycle?)",
                  "check the base keys of the files involved");
        return doc;
    }
    std::ifstream in(base_file, std::ios::binary);
    std::ostringstream text;
    if (in) text << in.rdbuf();
    if (!in || in.bad()) {
        ctx.error(*base_node, "base",
                  "cannot open base scenario " + base_file.string() + ": " +
                      why_unreadable(base_file),
                  "the path is relative to the file that names it");
        return doc;
    }
    ctx.add_base_file(base_file.string());
    toml::table merged =
        with_bases(parse_document(text.str(), base_file.string()), base_file, ctx, depth + 1);
    doc.erase("base");
    merge_into(merged, std::move(doc));
    return merged;
}

std::string to_toml(const toml::table& doc) {
    std::ostringstream out;
    out << toml::toml_formatter{doc};
    return out.str();
}

/// The reason a scenario file cannot be read, for the one diagnostic that reports it.
std::string why_unreadable(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return "no such file";
    if (std::filesystem::is_directory(file, ec)) return "is a directory, not a scenario file";
    return "cannot be read (check its permissions)";
}

} // namespace

Scenario parse_scenario(std::string_view toml_text, std::string_view source_name,
                        std::span<const std::string> overrides, const ModelRegistry& registry) {
    // NOTE: the name must not be empty: ReadContext tells the file's nodes from the overrides'
    // by the source name toml++ stores in each node.
    const std::string name = source_name.empty() ? "<scenario>" : std::string(source_name);
    ReadContext ctx(name);
    toml::table doc = with_bases(parse_document(toml_text, name), name, ctx, 0);
    detail::apply_overrides(doc, overrides, ctx);
    Scenario scenario = read_document(ctx, doc, registry);
    if (ctx.n_errors() > 0) throw ScenarioError(ctx.take_sorted());
    scenario.source_path = std::string(source_name);
    scenario.resolved_toml = to_toml(doc);
    return scenario;
}

Scenario read_scenario(const std::filesystem::path& file, std::span<const std::string> overrides,
                       const ModelRegistry& registry) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    if (in) text << in.rdbuf();
    if (!in || in.bad()) {
        throw ScenarioError(
            {Diagnostic{file.string(), 0, 0, "", "cannot open scenario: " + why_unreadable(file),
                        "check the path; it is relative to the working directory"}});
    }
    return parse_scenario(text.str(), file.string(), overrides, registry);
}

} // namespace hornet::io
