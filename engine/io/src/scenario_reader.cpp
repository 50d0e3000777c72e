// SPDX-License-Identifier: MIT
// The public entry points: parse, apply overrides, read every section, throw all problems.
#include "hornet/io/scenario_reader.hpp"

#include "scenario_context.hpp"
#include "scenario_sections.hpp"
#include "scenario_values.hpp"
#include "toml_overrides.hpp"

#include <array>
#include <fstream>
#include <sstream>

namespace hornet::io {
namespace {

using detail::ReadContext;
using detail::TableAt;

constexpr std::array<std::string_view, 7> top_level_keys = {
    "simulation", "populations", "projections", "stimuli", "readouts", "recording", "pharmacology"};

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
    return scenario;
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
    toml::table doc = parse_document(toml_text, name);
    ReadContext ctx(name);
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
