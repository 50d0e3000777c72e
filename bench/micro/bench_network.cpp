// SPDX-License-Identifier: MIT
// BM_Network_SpikeDelivery: synaptic events per second through the whole step loop, on a
// network whose cost is dominated by delivery (10% of neurons spike each step, in-degree K);
// BM_Network_Build: connectivity generation (synapses per second).
// Motivation: delivery is the other hot loop (scattered writes into delay rings).
#include "hornet/core/simulator.hpp"
#include "models/builtin.hpp"

#include <benchmark/benchmark.h>

namespace {

hornet::NetworkSpec driven_network(std::size_t n, std::size_t indegree) {
    hornet::NetworkSpec s;
    s.populations.push_back(
        {"src", "poisson_source", n, {{"rate", 1000.0}}, {}});                // p = 0.1 per step
    hornet::PopulationSpec tgt{"tgt", "lif_cond", n, {{"V_th", 1000.0}}, {}}; // never fires
    s.populations.push_back(tgt);
    hornet::ProjectionSpec p;
    p.name = "st";
    p.source = "src";
    p.target = "tgt";
    p.receptor = "exc";
    p.connectivity.rule = hornet::ConnectionRule::fixed_indegree;
    p.connectivity.degree = indegree;
    p.weight = hornet::ValueDistribution::constant(0.1);
    p.delay_ms = hornet::ValueDistribution::constant(1.0);
    s.projections.push_back(p);
    return s;
}

void BM_Network_SpikeDelivery(benchmark::State& state) {
    hornet::ModelRegistry reg;
    hornet::models::register_builtin_models(reg);
    const auto n = static_cast<std::size_t>(state.range(0));
    const int threads = static_cast<int>(state.range(1));
    hornet::Network net = hornet::Network::build(driven_network(n, 100), reg, {0.1, 1, threads});
    hornet::Simulator sim(net);
    sim.run(20); // warm-up: buffers and thread pool
    const std::int64_t steps = 100;
    for (auto _ : state) sim.run(steps);
    // expected events per step: n sources x 0.1 spike probability x 100 synapses each
    const double events_per_iteration =
        static_cast<double>(n) * 0.1 * 100.0 * static_cast<double>(steps);
    state.counters["syn_events_per_s"] =
        benchmark::Counter(events_per_iteration, benchmark::Counter::kIsIterationInvariantRate);
    state.counters["threads"] = threads;
}
BENCHMARK(BM_Network_SpikeDelivery)
    ->Args({10000, 1})
    ->Args({10000, 2})
    ->Args({100000, 1})
    ->Args({100000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_Network_Build(benchmark::State& state) {
    hornet::ModelRegistry reg;
    hornet::models::register_builtin_models(reg);
    const auto n = static_cast<std::size_t>(state.range(0));
    const int threads = static_cast<int>(state.range(1));
    for (auto _ : state) {
        auto net = hornet::Network::build(driven_network(n, 100), reg, {0.1, 1, threads});
        benchmark::DoNotOptimize(net.n_synapses());
    }
    state.counters["synapses_per_s"] = benchmark::Counter(
        static_cast<double>(n) * 100.0, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_Network_Build)
    ->Args({100000, 1})
    ->Args({100000, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

} // namespace
