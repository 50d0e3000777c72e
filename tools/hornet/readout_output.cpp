// SPDX-License-Identifier: MIT
#include "readout_output.hpp"

#include "hornet/core/error.hpp"
#include "models/readouts/spike_readouts.hpp"

#include <algorithm>
#include <cstdio>

namespace hornet::cli {
namespace {

std::string short_number(double x) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", x);
    return text;
}

std::size_t population_of(const Network& network, const ReadoutSpec& r) {
    const std::size_t p = network.find_population(r.population);
    if (p == Network::npos)
        throw ConfigError("readout '" + r.name + "': unknown population '" + r.population + "'");
    return p;
}

io::SeriesTable stimulus_response(const ReadoutSpec& r, const Scenario& scenario,
                                  const Network& network, const ModelRegistry& registry,
                                  const std::vector<StepCount>& counts, double simulated_ms) {
    const auto spec = std::find_if(scenario.stimuli.begin(), scenario.stimuli.end(),
                                   [&](const StimulusSpec& s) { return s.name == r.stimulus; });
    if (spec == scenario.stimuli.end() || !registry.stimuli())
        throw ConfigError("readout '" + r.name + "': unknown stimulus '" + r.stimulus + "'");
    std::vector<double> events = registry.stimuli()->event_times_ms(*spec);
    // Only events whose whole window was simulated.
    std::erase_if(events, [&](double t) { return t + r.to_ms > simulated_ms; });
    const auto responses =
        models::response_counts(counts, events, r.from_ms, r.to_ms, network.dt_ms());
    const double n = static_cast<double>(network.population(population_of(network, r)).size());
    std::vector<double> per_neuron;
    per_neuron.reserve(responses.size());
    for (const double x : responses) per_neuron.push_back(x / n);
    io::SeriesTable t;
    t.group = "readout/" + r.name;
    t.time_ms = events;
    const std::string window = "the window [" + short_number(r.from_ms) + ", " +
                               short_number(r.to_ms) + ") ms after each event of stimulus " +
                               r.stimulus;
    t.series.push_back(
        {"response", "1", "spikes of " + r.population + " in " + window, {}, responses});
    t.series.push_back({"response_per_neuron",
                        "1",
                        "spikes per neuron of " + r.population + " in " + window,
                        {},
                        per_neuron});
    t.series.push_back({"windup_index",
                        "1",
                        "response to each event over the response to the first (NaN if that "
                        "is 0)",
                        {},
                        models::windup_index(responses)});
    return t;
}

io::SeriesTable rate(const ReadoutSpec& r, const Network& network,
                     const std::vector<StepCount>& counts, double simulated_ms) {
    const double n = static_cast<double>(network.population(population_of(network, r)).size());
    io::SeriesTable t;
    t.group = "readout/" + r.name;
    auto rates = models::windowed_rates(counts, n, r.window_ms, simulated_ms, network.dt_ms());
    for (std::size_t i = 0; i < rates.size(); ++i)
        t.time_ms.push_back(static_cast<double>(i) * r.window_ms);
    t.series.push_back(
        {"rate",
         "Hz",
         "spikes per neuron and second of " + r.population + " in windows starting at each time",
         {},
         std::move(rates)});
    return t;
}

} // namespace

std::vector<bool> readout_populations(const Scenario& scenario, const Network& network) {
    std::vector<bool> out(network.n_populations(), false);
    for (const ReadoutSpec& r : scenario.readouts) out[population_of(network, r)] = true;
    return out;
}

std::vector<io::SeriesTable> readout_tables(const Scenario& scenario, const Network& network,
                                            const ModelRegistry& registry,
                                            const SpikeCountTap& counts, double simulated_ms) {
    std::vector<io::SeriesTable> out;
    for (const ReadoutSpec& r : scenario.readouts) {
        const auto& c = counts.counts(population_of(network, r));
        out.push_back(r.kind == ReadoutSpec::Kind::rate
                          ? rate(r, network, c, simulated_ms)
                          : stimulus_response(r, scenario, network, registry, c, simulated_ms));
    }
    return out;
}

} // namespace hornet::cli
