// SPDX-License-Identifier: MIT
#pragma once
/// Scenario files -> validated hornet::Scenario in canonical units (ms, mV, pA, pF, nS, Hz).
///
/// Reading a scenario
///   1. parses the TOML (a syntax error is reported alone, at toml++'s line and column);
///   2. applies the `--set key.path=value` overrides in order;
///   3. checks every key, type, unit, bound and cross-reference, collecting all problems;
///   4. asks each population's model to check its parameters together (ModelEntry::check);
/// and throws one ScenarioError listing every problem (file order, then --set), or returns the
/// scenario.
///
/// Schema (quantities are strings with units, checked against the expected dimension; any other
/// key is an error with a did-you-mean hint):
///   [simulation]      dt (time > 0, default "0.1 ms"), duration (time >= dt, required),
///                     seed (integer >= 0, default 1)
///   [[populations]]   name ([A-Za-z_][A-Za-z0-9_]*, unique), model (registered), size (>= 1);
///                     gids follow file order.
///     params          model parameter -> quantity in the parameter's unit, within its bounds;
///                     a bare number only for dimensionless parameters
///     initial         state variable -> constant quantity or distribution table
///   [[projections]]   name (default "<source>_to_<target>", unique), source, target, receptor
///                     (one of the target model's ports), weight (receptor unit), delay (time),
///                     connectivity = { rule, p | indegree | outdegree, allow_autapses,
///                     allow_multapses }; rules all_to_all, one_to_one (equal sizes),
///                     fixed_probability (p in [0, 1]), fixed_indegree, fixed_outdegree (>= 0;
///                     without multapses at most the number of distinct partners)
///   [recording]       spikes = [population names] (default: all), and [[recording.reports]]
///                     with population, variables (state variables), neurons ("all", a list of
///                     local ids, or { first = N }), interval (time >= dt, default dt)
/// A distribution table is { distribution = "uniform", low, high } or { distribution = "normal",
/// mean, std }, either with optional clip bounds min and max. Weights are magnitudes (the
/// receptor sets the sign): a constant must be >= 0, and a distribution is clipped at min, which
/// defaults to 0 and may not be negative. Delays are whole steps between dt and 65535 dt: a
/// constant must lie in that range, and a distribution is clipped to it (min defaults to dt, max
/// to 65535 dt; a min below dt or a max above 65535 dt is an error).
///
/// Overrides: each segment of key.path walks a table; at an array of tables the next segment
/// selects the element whose name it is (a projection without a name answers to its default
/// name), or else the element with that index (`recording.reports.0.interval=2 ms`). Missing
/// tables on the way are created. The value is TOML (`7`, `"30 ms"`, `[0, 1]`, `{ rule = ... }`)
/// or, when it is not valid TOML, a string, so `populations.exc.params.t_ref=30 ms` works.
/// Problems with an overridden value are reported under the file name "--set".
#include "hornet/core/model_registry.hpp"
#include "hornet/core/scenario.hpp"
#include "hornet/io/diagnostics.hpp"

#include <filesystem>
#include <span>
#include <string>
#include <string_view>

namespace hornet::io {

/// Reads `file`, applies `overrides` ("key.path=value", in order) and validates the result
/// against the models in `registry`. Throws ScenarioError (a ConfigError) listing every problem,
/// including a missing or unreadable file.
hornet::Scenario read_scenario(const std::filesystem::path& file,
                               std::span<const std::string> overrides,
                               const hornet::ModelRegistry& registry);

/// As read_scenario, from text; `source_name` names the text in diagnostics and becomes
/// Scenario::source_path.
hornet::Scenario parse_scenario(std::string_view toml_text, std::string_view source_name,
                                std::span<const std::string> overrides,
                                const hornet::ModelRegistry& registry);

} // namespace hornet::io
