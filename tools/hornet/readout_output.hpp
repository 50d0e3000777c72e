// SPDX-License-Identifier: MIT
#pragma once
// The [[readouts]] of a scenario, computed from the spike counts of a run and written as
// /readout/<name> tables.
#include "hornet/core/model_registry.hpp"
#include "hornet/core/network.hpp"
#include "hornet/core/scenario.hpp"
#include "hornet/core/spike_count_tap.hpp"
#include "hornet/io/hdf5_recorder.hpp"

#include <vector>

namespace hornet::cli {

/// Per population: whether a readout needs its spikes counted.
std::vector<bool> readout_populations(const Scenario& scenario, const Network& network);

/// One table per readout over the first `simulated_ms` of the run (events after it are left
/// out, so an interrupted run gives the responses it saw).
std::vector<io::SeriesTable> readout_tables(const Scenario& scenario, const Network& network,
                                            const ModelRegistry& registry,
                                            const SpikeCountTap& counts, double simulated_ms);

} // namespace hornet::cli
