// SPDX-License-Identifier: MIT
#pragma once
/// Diagnostics: one problem found in a scenario (or sweep) file, located by file, line, column
/// and key path, with a hint the user can act on. Readers collect every problem they find and
/// throw them together as one ScenarioError, so a user fixes a file in one pass, not one error
/// per run.
#include "hornet/core/error.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hornet::io {

struct Diagnostic {
    std::string file;    ///< scenario path as given, or "--set" for a command-line override
    int line = 0;        ///< 1-based; 0 when the problem has no line (missing file, --set)
    int column = 0;      ///< 1-based; 0 when unknown
    std::string key;     ///< dotted key path ("populations.exc.params.C_m"); may be empty
    std::string message; ///< what is wrong, with the offending value
    std::string hint;    ///< how to fix it; may be empty

    /// "file:line:column: key: message (hint: hint)"; the line and column are left out when 0,
    /// the key and the hint when empty.
    std::string format() const;
};

/// Every problem found in one scenario. what() is all diagnostics formatted, one per line.
class ScenarioError : public hornet::ConfigError {
public:
    explicit ScenarioError(std::vector<Diagnostic> diagnostics);
    const std::vector<Diagnostic>& diagnostics() const noexcept { return diagnostics_; }

private:
    std::vector<Diagnostic> diagnostics_;
};

/// The candidate most likely meant by a misspelt `given`: the nearest by edit distance
/// (insertions, deletions, substitutions and adjacent transpositions each count 1) if that
/// distance is at most 2 and smaller than `given`'s length, else the first candidate sharing a
/// prefix of at least 3 characters with `given`. nullopt when nothing is close.
std::optional<std::string> did_you_mean(std::string_view given,
                                        std::span<const std::string_view> candidates);

/// "a, b, c": candidates joined for "known models: ..." messages.
std::string join_names(std::span<const std::string_view> names);

} // namespace hornet::io
