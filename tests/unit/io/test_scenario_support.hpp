// SPDX-License-Identifier: MIT
#pragma once
// Shared by the scenario reader tests: the built-in registry, a minimal valid scenario whose
// line numbers the tests rely on, and helpers that collect the diagnostics of a bad scenario.
#include "hornet/io/scenario_reader.hpp"
#include "models/builtin.hpp"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace hornet::io::testing {

inline const ModelRegistry& registry() {
    static const ModelRegistry r = [] {
        ModelRegistry m;
        models::register_builtin_models(m);
        return m;
    }();
    return r;
}

/// A valid scenario of 7 lines; text appended to it starts on line 8.
inline constexpr std::string_view minimal = R"([simulation]
duration = "100 ms"

[[populations]]
name = "exc"
model = "lif_cond"
size = 10
)";

inline Scenario parse(std::string_view text, const std::vector<std::string>& overrides = {}) {
    return parse_scenario(text, "test.toml", overrides, registry());
}

/// Whether `text` contains `part`; prints both when it does not.
inline ::testing::AssertionResult contains(const std::string& text, std::string_view part) {
    if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure()
           << "\n  \"" << text << "\"\ndoes not contain\n  \"" << part << "\"";
}

/// The diagnostics of a scenario that must be rejected (an empty list fails the test).
inline std::vector<Diagnostic> diagnostics_of(std::string_view text,
                                              const std::vector<std::string>& overrides = {}) {
    try {
        (void)parse(text, overrides);
    } catch (const ScenarioError& e) {
        return e.diagnostics();
    }
    ADD_FAILURE() << "scenario was accepted:\n" << text;
    return {};
}

/// The one diagnostic of a scenario with exactly one problem, formatted.
inline std::string only_error(std::string_view text,
                              const std::vector<std::string>& overrides = {}) {
    const auto d = diagnostics_of(text, overrides);
    EXPECT_EQ(d.size(), 1u);
    std::string all;
    for (const auto& x : d) all += x.format() + "\n";
    return d.size() == 1 ? d.front().format() : all;
}

} // namespace hornet::io::testing
