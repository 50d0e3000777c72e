// SPDX-License-Identifier: MIT
// BM_LifCond_Update: the neuron update kernel alone (no delivery), N = 10^3 .. 10^6.
// Motivation: the update streams the whole SoA state every step; this measures the kernel's
// throughput (neuron-updates/s) and shows where it turns memory-bound (N beyond L2/L3).
#include "models/neurons/lif_cond.hpp"

#include <benchmark/benchmark.h>

#include <vector>

namespace {

void BM_LifCond_Update(benchmark::State& state) {
    using hornet::models::LifCond;
    const auto n = static_cast<std::size_t>(state.range(0));
    LifCond::Params p;
    LifCond::State s;
    LifCond::resize(s, n, p);
    for (std::size_t i = 0; i < n; ++i) { // a spread of states, some near threshold
        s.V_m[static_cast<Eigen::Index>(i)] = -60.0 + 10.0 * static_cast<double>(i % 97) / 97.0;
        s.g_ex[static_cast<Eigen::Index>(i)] = 20.0;
        s.g_in[static_cast<Eigen::Index>(i)] = 100.0;
    }
    const auto k = LifCond::prepare(p, 0.1);
    std::vector<double> zero(n, 0.0);
    const double* rows[2] = {zero.data(), zero.data()};
    std::vector<std::uint32_t> spikes(n);
    for (auto _ : state) {
        hornet::SpikeWriter w(spikes.data());
        LifCond::step(s, p, k, hornet::StepInput{{rows, 2}, 0, nullptr}, {0, n}, w);
        benchmark::DoNotOptimize(s.V_m.data());
        benchmark::ClobberMemory();
    }
    state.counters["neuron_updates_per_s"] =
        benchmark::Counter(static_cast<double>(n), benchmark::Counter::kIsIterationInvariantRate);
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(n) * (4 * 2 + 2) *
                            8); // 4 arrays r/w, 2 inputs read
}
BENCHMARK(BM_LifCond_Update)->RangeMultiplier(10)->Range(1000, 1000000);

} // namespace
