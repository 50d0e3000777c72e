// SPDX-License-Identifier: MIT
#pragma once
/// Connection rules. Every rule is a pure function of (seed, projection id, pivot neuron): the
/// sources of a target (or the targets of a source, for fixed_outdegree) are drawn from a counter-
/// based stream keyed by that neuron. Any thread can therefore generate exactly the synapses it
/// owns, in parallel, and the network is identical for every thread count.
#include "hornet/core/random.hpp"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace hornet {

enum class ConnectionRule {
    all_to_all,
    one_to_one,
    fixed_probability,
    fixed_indegree,
    fixed_outdegree
};

std::string_view to_string(ConnectionRule r) noexcept;

struct ConnectivitySpec {
    ConnectionRule rule = ConnectionRule::all_to_all;
    double probability = 0.0;    ///< fixed_probability
    std::size_t degree = 0;      ///< fixed_indegree / fixed_outdegree
    bool allow_autapses = true;  ///< i -> i when source and target are the same population
    bool allow_multapses = true; ///< several synapses between one pair (degree rules)
};

/// Draws connections of one projection.
class ConnectionGenerator {
public:
    ConnectionGenerator(const ConnectivitySpec& spec, std::size_t n_source, std::size_t n_target,
                        bool same_population, std::uint64_t seed, std::uint32_t projection_id);

    /// True if the rule is drawn per target (all rules but fixed_outdegree).
    bool is_target_centric() const noexcept;
    /// Sources of target `j` in increasing order (repeats adjacent), for target-centric rules.
    void sources_of(std::uint32_t j, std::vector<std::uint32_t>& out) const;
    /// Targets of source `i` in increasing order, for fixed_outdegree.
    void targets_of(std::uint32_t i, std::vector<std::uint32_t>& out) const;

private:
    void draw_distinct(std::uint32_t pivot, std::size_t k, std::size_t n, bool exclude_pivot,
                       std::vector<std::uint32_t>& out) const;
    void draw_with_repeats(std::uint32_t pivot, std::size_t k, std::size_t n, bool exclude_pivot,
                           std::vector<std::uint32_t>& out) const;

    ConnectivitySpec spec_;
    std::size_t n_source_, n_target_;
    bool exclude_self_;
    CounterRng rng_;
    double log_q_ = 0.0; ///< log(1 - p), for geometric skipping
};

} // namespace hornet
