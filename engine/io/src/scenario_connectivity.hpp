// SPDX-License-Identifier: MIT
#pragma once
/// Private to the scenario reader: a projection's connectivity table.
#include "hornet/core/connectivity.hpp"
#include "scenario_sections.hpp"

#include <optional>

namespace hornet::io::detail {

/// The two populations a projection joins, each null when it is unknown.
struct Endpoints {
    const KnownPopulation* source = nullptr;
    const KnownPopulation* target = nullptr;
};

/// Reads { rule = "...", p | indegree | outdegree, allow_autapses, allow_multapses } and checks
/// that the rule can be satisfied by the sizes of the populations (when they are known).
std::optional<ConnectivitySpec> read_connectivity(ReadContext& ctx, const ValueAt& v,
                                                  const Endpoints& ends);

} // namespace hornet::io::detail
