// SPDX-License-Identifier: MIT
// BM_LifCond_Update: the neuron update kernel alone (no delivery), N = 10^3 .. 10^6, COBA ports.
// Motivation: the update streams the whole SoA state every step; this measures the kernel's
// throughput (neuron-updates/s) and shows where it turns memory-bound (N beyond L2/L3).
// BM_LifCond_Receptors: the cost of the receptor ports and the NMDA block per neuron-step, at
// the engine's cache-block size (4096 neurons, state in L2) and beyond: exc/inh only (the fused
// fast path), AMPA only, AMPA + NMDA with each ketamine block model.
#include "models/neurons/lif_cond.hpp"

#include <benchmark/benchmark.h>

#include <array>
#include <vector>

namespace {

using hornet::models::LifCond;
namespace m = hornet::models;

/// A population of n neurons in a spread of states, some near threshold, with every port's
/// conductance non-zero.
LifCond::State make_state(std::size_t n, const LifCond::Params& p) {
    LifCond::State s;
    LifCond::resize(s, n, p);
    for (std::size_t j = 0; j < n; ++j) {
        const auto i = static_cast<Eigen::Index>(j);
        s.V_m[i] = -60.0 + 10.0 * static_cast<double>(j % 97) / 97.0;
        s.g_ex[i] = 20.0;
        s.g_in[i] = 100.0;
        s.g_ampa[i] = s.b_ampa[i] = 20.0;
        s.g_nmda[i] = s.b_nmda[i] = 5.0;
    }
    return s;
}

void run_kernel(benchmark::State& state, LifCond::Params p, std::uint32_t ports) {
    const auto n = static_cast<std::size_t>(state.range(0));
    LifCond::State s = make_state(n, p);
    const auto k = LifCond::prepare(p, 0.1);
    std::vector<double> zero(n, 0.0);
    std::array<const double*, hornet::models::conductance_ports.size()> rows{};
    rows.fill(zero.data());
    std::vector<std::uint32_t> spikes(n);
    const hornet::DrugLevels drug{1.0, 0.5};
    for (auto _ : state) {
        hornet::SpikeWriter w(spikes.data());
        LifCond::step(s, p, k,
                      hornet::StepInput{{rows.data(), rows.size()}, 0, nullptr, ports, drug},
                      {0, n}, w);
        benchmark::DoNotOptimize(s.V_m.data());
        benchmark::ClobberMemory();
    }
    state.counters["neuron_updates_per_s"] =
        benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
    state.counters["ns_per_neuron_step"] =
        benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate |
                                                       benchmark::Counter::kInvert);
}

void BM_LifCond_Update(benchmark::State& state) {
    run_kernel(state, LifCond::Params{}, (1u << m::port_exc) | (1u << m::port_inh));
}
BENCHMARK(BM_LifCond_Update)->RangeMultiplier(10)->Range(1000, 1000000);

/// range(1): 0 exc/inh (fast path), 1 AMPA only, 2-4 AMPA + NMDA with the steady_state,
/// competitive and trapping block.
void BM_LifCond_Receptors(benchmark::State& state) {
    LifCond::Params p;
    std::uint32_t ports = (1u << m::port_exc) | (1u << m::port_inh);
    const auto config = state.range(1);
    if (config >= 1) ports |= 1u << m::port_ampa;
    if (config >= 2) {
        ports |= 1u << m::port_nmda;
        p.ketamine_block = static_cast<double>(config - 2);
    }
    static constexpr std::array<const char*, 5> labels{
        "exc/inh (fast path)", "+AMPA", "+AMPA+NMDA steady_state", "+AMPA+NMDA competitive",
        "+AMPA+NMDA trapping"};
    state.SetLabel(labels[static_cast<std::size_t>(config)]);
    run_kernel(state, p, ports);
}
BENCHMARK(BM_LifCond_Receptors)->ArgsProduct({{4096, 100000}, {0, 1, 2, 3, 4}});

} // namespace
