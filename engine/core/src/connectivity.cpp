// SPDX-License-Identifier: MIT
#include "hornet/core/connectivity.hpp"

#include "hornet/core/error.hpp"

#include <algorithm>
#include <cmath>

namespace hornet {

std::string_view to_string(ConnectionRule r) noexcept {
    switch (r) {
    case ConnectionRule::all_to_all:
        return "all_to_all";
    case ConnectionRule::one_to_one:
        return "one_to_one";
    case ConnectionRule::fixed_probability:
        return "fixed_probability";
    case ConnectionRule::fixed_indegree:
        return "fixed_indegree";
    case ConnectionRule::fixed_outdegree:
        return "fixed_outdegree";
    }
    return "unknown";
}

ConnectionGenerator::ConnectionGenerator(const ConnectivitySpec& spec, std::size_t n_source,
                                         std::size_t n_target, bool same_population,
                                         std::uint64_t seed, std::uint32_t projection_id)
    : spec_(spec), n_source_(n_source), n_target_(n_target),
      exclude_self_(same_population && !spec.allow_autapses),
      rng_(seed, RngPurpose::connectivity, projection_id) {
    if (spec.rule == ConnectionRule::fixed_probability && spec.probability > 0.0 &&
        spec.probability < 1.0)
        log_q_ = std::log1p(-spec.probability);
}

bool ConnectionGenerator::is_target_centric() const noexcept {
    return spec_.rule != ConnectionRule::fixed_outdegree;
}

void ConnectionGenerator::sources_of(std::uint32_t j, std::vector<std::uint32_t>& out) const {
    out.clear();
    const auto n = static_cast<std::uint32_t>(n_source_);
    switch (spec_.rule) {
    case ConnectionRule::all_to_all:
        for (std::uint32_t i = 0; i < n; ++i)
            if (!(exclude_self_ && i == j)) out.push_back(i);
        return;
    case ConnectionRule::one_to_one:
        if (!exclude_self_) out.push_back(j);
        return;
    case ConnectionRule::fixed_probability: {
        if (spec_.probability <= 0.0) return;
        if (spec_.probability >= 1.0) {
            for (std::uint32_t i = 0; i < n; ++i)
                if (!(exclude_self_ && i == j)) out.push_back(i);
            return;
        }
        // NOTE: geometric skipping draws one number per synapse instead of one per pair, so a
        // 10^6 x 10^6 projection costs O(synapses), not O(pairs). The gap to the next source
        // is floor(log(1-u) / log(1-p)).
        double pos = -1.0;
        for (std::uint64_t draw = 0;; ++draw) {
            const double u = rng_.uniform(j, draw);
            pos += 1.0 + std::floor(std::log1p(-u) / log_q_);
            if (pos >= static_cast<double>(n)) return;
            const auto i = static_cast<std::uint32_t>(pos);
            if (!(exclude_self_ && i == j)) out.push_back(i);
        }
    }
    case ConnectionRule::fixed_indegree:
        if (spec_.allow_multapses)
            draw_with_repeats(j, spec_.degree, n_source_, exclude_self_, out);
        else
            draw_distinct(j, spec_.degree, n_source_, exclude_self_, out);
        return;
    case ConnectionRule::fixed_outdegree:
        throw InternalError("sources_of called for a source-centric rule");
    }
}

void ConnectionGenerator::targets_of(std::uint32_t i, std::vector<std::uint32_t>& out) const {
    HORNET_ASSERT(spec_.rule == ConnectionRule::fixed_outdegree,
                  "targets_of needs fixed_outdegree");
    out.clear();
    if (spec_.allow_multapses)
        draw_with_repeats(i, spec_.degree, n_target_, exclude_self_, out);
    else
        draw_distinct(i, spec_.degree, n_target_, exclude_self_, out);
}

// Draws k partners uniformly from [0, n), skipping `pivot` itself when excluded: a draw x from
// [0, n-1) maps to x + (x >= pivot), which is uniform over the other n-1 ids.
void ConnectionGenerator::draw_with_repeats(std::uint32_t pivot, std::size_t k, std::size_t n,
                                            bool exclude_pivot,
                                            std::vector<std::uint32_t>& out) const {
    const std::size_t choices = exclude_pivot ? n - 1 : n;
    if (k > 0 && choices == 0)
        throw ConfigError("connection rule: no candidate partners to draw from");
    for (std::size_t d = 0; d < k; ++d) {
        auto x = static_cast<std::uint32_t>(rng_.below(choices, pivot, d));
        if (exclude_pivot && x >= pivot) ++x;
        out.push_back(x);
    }
    std::sort(out.begin(), out.end());
}

void ConnectionGenerator::draw_distinct(std::uint32_t pivot, std::size_t k, std::size_t n,
                                        bool exclude_pivot, std::vector<std::uint32_t>& out) const {
    const std::size_t choices = exclude_pivot ? n - 1 : n;
    if (k > choices)
        throw ConfigError("connection rule: cannot draw " + std::to_string(k) +
                          " distinct partners from " + std::to_string(choices));
    std::uint64_t draw = 0;
    if (2 * k > choices) {
        // Dense case: selection sampling (Knuth's algorithm S) visits every candidate once.
        std::size_t needed = k;
        for (std::size_t c = 0; c < choices && needed > 0; ++c) {
            if (rng_.uniform(pivot, draw++) * static_cast<double>(choices - c) <
                static_cast<double>(needed)) {
                auto x = static_cast<std::uint32_t>(c);
                if (exclude_pivot && x >= pivot) ++x;
                out.push_back(x);
                --needed;
            }
        }
        return;
    }
    // Sparse case: draw, sort, drop repeats, draw again for what is missing.
    while (out.size() < k) {
        const std::size_t missing = k - out.size();
        for (std::size_t d = 0; d < missing; ++d) {
            auto x = static_cast<std::uint32_t>(rng_.below(choices, pivot, draw++));
            if (exclude_pivot && x >= pivot) ++x;
            out.push_back(x);
        }
        std::sort(out.begin(), out.end());
        out.erase(std::unique(out.begin(), out.end()), out.end());
    }
}

} // namespace hornet
