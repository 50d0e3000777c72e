// SPDX-License-Identifier: MIT
// BM_FastExp vs BM_StdExp: the exponential the integrators need once per neuron per step.
// Motivation (DESIGN.md): scalar libm exp ~2.5 ns blocks vectorisation; fast_exp vectorises.
#include "hornet/core/fast_exp.hpp"

#include <benchmark/benchmark.h>

#include <cmath>
#include <vector>

namespace {

std::vector<double> arguments(std::size_t n) {
    std::vector<double> x(n);
    for (std::size_t i = 0; i < n; ++i) x[i] = -0.5 * static_cast<double>(i % 1000) / 1000.0;
    return x;
}

void BM_FastExp(benchmark::State& state) {
    const auto x = arguments(4096);
    std::vector<double> y(x.size());
    for (auto _ : state) {
#pragma omp simd
        for (std::size_t i = 0; i < x.size(); ++i) y[i] = hornet::fast_exp(x[i]);
        benchmark::DoNotOptimize(y.data());
        benchmark::ClobberMemory();
    }
    state.counters["exp_per_s"] =
        benchmark::Counter(4096.0, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_FastExp);

void BM_StdExp(benchmark::State& state) {
    const auto x = arguments(4096);
    std::vector<double> y(x.size());
    for (auto _ : state) {
        for (std::size_t i = 0; i < x.size(); ++i) y[i] = std::exp(x[i]);
        benchmark::DoNotOptimize(y.data());
        benchmark::ClobberMemory();
    }
    state.counters["exp_per_s"] =
        benchmark::Counter(4096.0, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_StdExp);

} // namespace
