// SPDX-License-Identifier: MIT
#pragma once
/// Before anything runs: every point's scenario is read with its overrides, so a bad axis key,
/// a wrong unit or a value out of a parameter's bounds stops the sweep at once, named by the
/// sweep file's line and key rather than by a point that fails an hour later.
#include "hornet/core/model_registry.hpp"
#include "hornet/core/scenario.hpp"
#include "hornet/io/sweep_spec.hpp"
#include "hornet/sweep/plan.hpp"

namespace hornet::sweep {

/// The base scenario with the [set] entries applied (no axes): its seed is the default master
/// seed and its populations what the metrics refer to. Throws ScenarioError, located in the
/// sweep file for a bad [set] entry.
Scenario read_base_scenario(const io::SweepSpec& spec, const ModelRegistry& registry);

/// Reads the scenario of every distinct parameter combination and checks the metrics against
/// the base scenario (mean_rate of a recorded population). Throws one ScenarioError with every
/// problem: those caused by an override are reported at the sweep file's line for that axis or
/// [set] entry, with the value and the point.
void check_points(const io::SweepSpec& spec, const SweepPlan& plan, const Scenario& base,
                  const ModelRegistry& registry);

} // namespace hornet::sweep
