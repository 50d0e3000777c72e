// SPDX-License-Identifier: MIT
#pragma once
/// Readouts from a population's spike counts (hornet/core/spike_count_tap.hpp): the response to
/// each event of a stimulus, the wind-up index and rates in windows. Pure functions; the CLI
/// writes them to /readout/<name>.
///
///   response_counts  spikes of the population in [t_k + from, t_k + to) after each event t_k
///                    (e.g. the C-fibre response window 90-300 ms of Dickenson & Sullivan 1987
///                    [S43]; the window is the scenario's choice)
///   windup_index     response k / response 1 (SCIENCE.md §4.4: flat at <= 0.1-0.2 Hz, rising
///                    over 5-10 stimuli at 0.5-2 Hz); NaN when the first response is 0
///   windowed_rates   spikes per neuron per second in consecutive windows
#include "hornet/core/spike_count_tap.hpp"

#include <span>
#include <vector>

namespace hornet::models {

/// Windows are whole steps: [round(t_k/dt) + round(from/dt), round(t_k/dt) + round(to/dt)).
std::vector<double> response_counts(std::span<const StepCount> counts,
                                    std::span<const double> event_times_ms, double from_ms,
                                    double to_ms, double dt_ms);

std::vector<double> windup_index(std::span<const double> responses);

/// Rates [Hz per neuron] in windows of `window_ms` from 0 to `duration_ms` (the last window may
/// be shorter and is normalised by its own length).
std::vector<double> windowed_rates(std::span<const StepCount> counts, double n_neurons,
                                   double window_ms, double duration_ms, double dt_ms);

} // namespace hornet::models
