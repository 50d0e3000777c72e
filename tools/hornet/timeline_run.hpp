// SPDX-License-Identifier: MIT
#pragma once
// `hornet run` for a scenario with a timeline ([[phases]]): the multiscale scheduler, progress
// on the calendar clock, and the /timeline, /slow, /readout/pain_signal and /pharmacology tables.
#include "commands.hpp"

#include "hornet/core/model_registry.hpp"
#include "hornet/core/scenario.hpp"
#include "hornet/io/provenance.hpp"

#include <chrono>

namespace hornet::cli {

int run_timeline(const RunOptions& options, const Scenario& scenario, const ModelRegistry& registry,
                 int threads, io::Provenance provenance, const std::atomic<bool>* stop,
                 std::chrono::steady_clock::time_point t_start);

} // namespace hornet::cli
