// SPDX-License-Identifier: MIT
#pragma once
/// Private to the scenario reader: `--set key.path=value` overrides applied to a parsed document.
#include "scenario_context.hpp"

#include <span>
#include <string>

namespace hornet::io::detail {

/// Applies each override to `doc`, in order. A path walks tables; at an array of tables
/// (`populations`, `projections`, `recording.reports`) the next segment selects an element by
/// its `name` (a projection without one answers to "<source>_to_<target>") or else by its index.
/// Missing tables on the way are created, so `populations.exc.params.I_e=...` works without a
/// `params` table; unknown keys that this creates are caught later by the normal key checks.
/// The value is read as a TOML value, or taken as a string if it is not one (`30 ms`).
/// Problems (no '=', a path that cannot be followed) are reported to `ctx` under "--set".
void apply_overrides(toml::table& doc, std::span<const std::string> overrides, ReadContext& ctx);

} // namespace hornet::io::detail
