// SPDX-License-Identifier: MIT
#include "models/readouts/spike_readouts.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hornet::models {
namespace {

std::int64_t to_steps(double t_ms, double dt_ms) {
    return static_cast<std::int64_t>(std::llround(t_ms / dt_ms));
}

/// Spikes in steps [begin, end) of the sorted counts.
double spikes_between(std::span<const StepCount> counts, std::int64_t begin, std::int64_t end) {
    const auto by_step = [](const StepCount& c, std::int64_t s) { return c.step < s; };
    auto it = std::lower_bound(counts.begin(), counts.end(), begin, by_step);
    double n = 0.0;
    for (; it != counts.end() && it->step < end; ++it) n += it->count;
    return n;
}

} // namespace

std::vector<double> response_counts(std::span<const StepCount> counts,
                                    std::span<const double> event_times_ms, double from_ms,
                                    double to_ms, double dt_ms) {
    std::vector<double> out;
    out.reserve(event_times_ms.size());
    for (const double t : event_times_ms) {
        const std::int64_t event = to_steps(t, dt_ms);
        out.push_back(spikes_between(counts, event + to_steps(from_ms, dt_ms),
                                     event + to_steps(to_ms, dt_ms)));
    }
    return out;
}

std::vector<double> windup_index(std::span<const double> responses) {
    std::vector<double> out;
    for (const double r : responses)
        out.push_back(responses.front() > 0.0 ? r / responses.front()
                                              : std::numeric_limits<double>::quiet_NaN());
    return out;
}

std::vector<double> windowed_rates(std::span<const StepCount> counts, double n_neurons,
                                   double window_ms, double duration_ms, double dt_ms) {
    std::vector<double> out;
    const std::int64_t window = std::max<std::int64_t>(1, to_steps(window_ms, dt_ms));
    const std::int64_t end = to_steps(duration_ms, dt_ms);
    for (std::int64_t begin = 0; begin < end; begin += window) {
        const std::int64_t stop = std::min(end, begin + window);
        const double seconds = static_cast<double>(stop - begin) * dt_ms * 1e-3;
        out.push_back(spikes_between(counts, begin, stop) / n_neurons / seconds);
    }
    return out;
}

} // namespace hornet::models
