// SPDX-License-Identifier: MIT
// BM_NmdaBlock_*: per-neuron cost of the NMDA channel block, each over 4096 neurons in a
// `#pragma omp simd` loop compiled like a step kernel (HORNET_SIMD_KERNEL clones).
// Motivation: every neuron with NMDA input evaluates its block once per step, so this cost adds
// to the ~2.6 ns per neuron of the whole lif_cond update (bench/README.md).
//   MgBlock              B(V), Jahr-Stevens: one fast_exp
//   SteadyState          B(V) * unblocked, the unblocked fraction computed once (one drug level
//                        per population): what a kernel does
//   SteadyStatePerNeuron Hill occupancy from a per-neuron concentration (std::pow, scalar)
//   Competitive          Mg and ketamine competing: two fast_exp
//   Trapping             exact Bt update plus B(V) (1 - Bt): three fast_exp
#include "hornet/core/simd.hpp"
#include "models/synapses/ketamine_block.hpp"
#include "models/synapses/mg_block.hpp"

#include <benchmark/benchmark.h>

#include <cstddef>
#include <vector>

namespace nmda_block_bench {

using namespace hornet::models;

constexpr std::size_t kN = 4096;

HORNET_SIMD_KERNEL void mg_block(const MgBlock& B, const double* __restrict V,
                                 double* __restrict out, std::size_t n) {
#pragma omp simd
    for (std::size_t i = 0; i < n; ++i) out[i] = B(V[i]);
}

HORNET_SIMD_KERNEL void steady_state(const MgBlock& B, double unblocked, const double* __restrict V,
                                     double* __restrict out, std::size_t n) {
#pragma omp simd
    for (std::size_t i = 0; i < n; ++i) out[i] = B(V[i]) * unblocked;
}

HORNET_SIMD_KERNEL void steady_state_per_neuron(const SteadyStateBlockParams& p,
                                                const double* __restrict K, double* __restrict out,
                                                std::size_t n) {
#pragma omp simd
    for (std::size_t i = 0; i < n; ++i) out[i] = steady_state_unblocked(K[i], 0.0, p);
}

HORNET_SIMD_KERNEL void competitive(const CompetitiveBlock& block, double K, double NK,
                                    const double* __restrict V, double* __restrict out,
                                    std::size_t n) {
#pragma omp simd
    for (std::size_t i = 0; i < n; ++i) out[i] = block(V[i], K, NK);
}

HORNET_SIMD_KERNEL void trapping(const TrappingStep& step, const MgBlock& B, double K,
                                 const double* __restrict V, const double* __restrict Po,
                                 double* __restrict Bt, double* __restrict out, std::size_t n) {
#pragma omp simd
    for (std::size_t i = 0; i < n; ++i) {
        Bt[i] = step(Bt[i], Po[i], K, V[i]);
        out[i] = B(V[i]) * (1.0 - Bt[i]);
    }
}

std::vector<double> spread(double lo, double hi) {
    std::vector<double> x(kN);
    for (std::size_t i = 0; i < kN; ++i)
        x[i] = lo + (hi - lo) * static_cast<double>(i % 997) / 997.0;
    return x;
}

void per_neuron(benchmark::State& state) {
    state.counters["neuron_updates_per_s"] =
        benchmark::Counter(static_cast<double>(kN), benchmark::Counter::kIsIterationInvariantRate);
    state.counters["ns_per_neuron"] =
        benchmark::Counter(static_cast<double>(kN), benchmark::Counter::kIsIterationInvariantRate |
                                                        benchmark::Counter::kInvert);
}

void BM_NmdaBlock_MgBlock(benchmark::State& state) {
    const auto B = MgBlock::make(MgBlockForm::jahr_stevens, 1.0);
    const auto V = spread(-90.0, 20.0);
    std::vector<double> out(kN);
    for (auto _ : state) {
        mg_block(B, V.data(), out.data(), kN);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    per_neuron(state);
}
BENCHMARK(BM_NmdaBlock_MgBlock);

void BM_NmdaBlock_SteadyState(benchmark::State& state) {
    const auto B = MgBlock::make(MgBlockForm::jahr_stevens, 1.0);
    const auto V = spread(-90.0, 20.0);
    std::vector<double> out(kN);
    for (auto _ : state) {
        const double unblocked = steady_state_unblocked(0.5, 0.2, SteadyStateBlockParams{});
        steady_state(B, unblocked, V.data(), out.data(), kN);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    per_neuron(state);
}
BENCHMARK(BM_NmdaBlock_SteadyState);

void BM_NmdaBlock_SteadyStatePerNeuron(benchmark::State& state) {
    const auto K = spread(0.0, 5.0);
    std::vector<double> out(kN);
    for (auto _ : state) {
        steady_state_per_neuron(SteadyStateBlockParams{}, K.data(), out.data(), kN);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    per_neuron(state);
}
BENCHMARK(BM_NmdaBlock_SteadyStatePerNeuron);

void BM_NmdaBlock_Competitive(benchmark::State& state) {
    const auto block =
        CompetitiveBlock::make(MgBlock::make(MgBlockForm::jahr_stevens, 1.0), PoreSiteParams{});
    const auto V = spread(-90.0, 20.0);
    std::vector<double> out(kN);
    for (auto _ : state) {
        competitive(block, 0.5, 0.2, V.data(), out.data(), kN);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    per_neuron(state);
}
BENCHMARK(BM_NmdaBlock_Competitive);

void BM_NmdaBlock_Trapping(benchmark::State& state) {
    const auto B = MgBlock::make(MgBlockForm::jahr_stevens, 1.0);
    const auto step = TrappingStep::make(TrappingParams{}, PoreSiteParams{}, 0.1);
    const auto V = spread(-90.0, 20.0);
    const auto Po = spread(0.0, 0.6);
    std::vector<double> Bt(kN, 0.0), out(kN);
    for (auto _ : state) {
        trapping(step, B, 0.5, V.data(), Po.data(), Bt.data(), out.data(), kN);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
    }
    per_neuron(state);
}
BENCHMARK(BM_NmdaBlock_Trapping);

} // namespace nmda_block_bench
