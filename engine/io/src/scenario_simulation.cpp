// SPDX-License-Identifier: MIT
// The [simulation] table: step, duration and seed.
#include "scenario_quantity.hpp"
#include "scenario_sections.hpp"
#include "scenario_values.hpp"

#include <array>
#include <limits>

namespace hornet::io::detail {

void read_simulation(ReadContext& ctx, const TableAt& root, SimulationSpec& out, Known& known) {
    const auto at = find(root, "simulation");
    if (!at) {
        ctx.error_in_file("simulation", "missing required table [simulation]",
                          "add [simulation] with duration = \"1 s\"");
        return;
    }
    const auto sim = as_table(ctx, *at);
    if (!sim) return;
    constexpr std::array<std::string_view, 3> keys = {"dt", "duration", "seed"};
    check_keys(ctx, *sim, keys);

    if (const auto v = find(*sim, "dt")) {
        known.dt_ms = as_bounded_quantity(ctx, *v, "ms", Bounds::positive());
        if (known.dt_ms) out.dt_ms = *known.dt_ms;
    }
    if (const auto v = require(ctx, *sim, "duration", "duration = \"1 s\"")) {
        // NOTE: without a valid dt, only the sign of the duration can be checked.
        const double lowest = known.dt_ms.value_or(0.0);
        const Bounds at_least_one_step{lowest, std::numeric_limits<double>::infinity(),
                                       !known.dt_ms};
        if (const auto d = as_bounded_quantity(ctx, *v, "ms", at_least_one_step))
            out.duration_ms = *d;
    }
    if (const auto v = find(*sim, "seed")) {
        if (const auto seed = as_count(ctx, *v, 0)) out.seed = static_cast<std::uint64_t>(*seed);
    }
}

} // namespace hornet::io::detail
