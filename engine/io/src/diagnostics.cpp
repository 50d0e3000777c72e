// SPDX-License-Identifier: MIT
#include "hornet/io/diagnostics.hpp"

#include <algorithm>

namespace hornet::io {
namespace {

std::string format_all(const std::vector<Diagnostic>& diagnostics) {
    std::string out;
    for (const auto& d : diagnostics) {
        if (!out.empty()) out += '\n';
        out += d.format();
    }
    return out;
}

/// Optimal string alignment distance: Levenshtein plus adjacent transpositions, so the common
/// typo "t_rfe" for "t_ref" costs 1, not 2.
std::size_t edit_distance(std::string_view a, std::string_view b) {
    const std::size_t n = a.size(), m = b.size();
    std::vector<std::size_t> d((n + 1) * (m + 1));
    const auto at = [m, &d](std::size_t i, std::size_t j) -> std::size_t& {
        return d[i * (m + 1) + j];
    };
    for (std::size_t i = 0; i <= n; ++i) at(i, 0) = i;
    for (std::size_t j = 0; j <= m; ++j) at(0, j) = j;
    for (std::size_t i = 1; i <= n; ++i)
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            at(i, j) = std::min({at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                at(i, j) = std::min(at(i, j), at(i - 2, j - 2) + 1);
        }
    return at(n, m);
}

std::size_t common_prefix(std::string_view a, std::string_view b) {
    const auto [ia, ib] = std::mismatch(a.begin(), a.end(), b.begin(), b.end());
    return static_cast<std::size_t>(ia - a.begin());
}

} // namespace

std::string Diagnostic::format() const {
    std::string out = file;
    if (line > 0) {
        out += ':' + std::to_string(line);
        if (column > 0) out += ':' + std::to_string(column);
    }
    out += ": ";
    if (!key.empty()) out += key + ": ";
    out += message;
    if (!hint.empty()) out += " (hint: " + hint + ")";
    return out;
}

ScenarioError::ScenarioError(std::vector<Diagnostic> diagnostics)
    : hornet::ConfigError(format_all(diagnostics)), diagnostics_(std::move(diagnostics)) {}

std::optional<std::string> did_you_mean(std::string_view given,
                                        std::span<const std::string_view> candidates) {
    constexpr std::size_t max_distance = 2;
    constexpr std::size_t min_prefix = 3;
    const std::string_view* best = nullptr;
    std::size_t best_distance = max_distance + 1;
    for (const auto& c : candidates) {
        const std::size_t dist = edit_distance(given, c);
        if (dist < best_distance && dist < given.size()) {
            best = &c;
            best_distance = dist;
        }
    }
    if (best) return std::string(*best);
    // NOTE: an abbreviation ("conn" for "connectivity") is far in edit distance but obvious.
    for (const auto& c : candidates)
        if (common_prefix(given, c) >= min_prefix) return std::string(c);
    return std::nullopt;
}

std::string join_names(std::span<const std::string_view> names) {
    std::string out;
    for (const auto& n : names) {
        if (!out.empty()) out += ", ";
        out += n;
    }
    return out;
}

} // namespace hornet::io
