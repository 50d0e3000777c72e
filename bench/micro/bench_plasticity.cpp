// SPDX-License-Identifier: MIT
// BM_GraupnerBrunel_*: cost of one plasticity event of the Graupner-Brunel rule
// (models/plasticity/graupner_brunel.hpp), in ns per event, on arrays of N synapses.
// Motivation: a plastic projection calls on_pre for every synapse a presynaptic spike reaches and
// on_post for every synapse onto a neuron that fired (PlasticityImpl, plasticity_impl.hpp); the
// dorsal horn benchmark at 10^5 neurons has 78 000 plastic synapses
// (bench/network/scale_dorsal_horn). Each event advances its synapse over the interval since its
// last event (10-100 ms of model time here, uniform, dt 0.1 ms) and adds calcium. The cost
// depends on whether the calcium of that interval was above a threshold (then the interval needs
// Ornstein-Uhlenbeck segments and a Philox normal pair) or not (decay and cubic flow only); the
// counter supra_threshold is the fraction of events that took the expensive path.
//   arg 0  N synapses (24 B of state each): 10^4 (in L2), 10^5 (2.4 MB, about the 78 000 of the
//          network at 10^5 neurons; in L3) or 10^6 (24 MB, most of L3)
//   arg 1  order: 0 sequential (as pre events walk a synapse row), 1 random (as post events
//          gather a neuron's incoming synapses, scattered over the rows)
//   arg 2  parameters: 0 configs/sensitization.toml (dp with beta 0, C_pre 0.7, C_post 0.05,
//          b 2: calcium rarely crosses theta_d), 1 the DP set (C_pre 1, C_post 2: post events
//          always cross both thresholds)
// The noise object is built per event as PlasticityImpl does (same draw index); the efficacy
// store of PlasticityImpl is not included.
#include "hornet/core/plasticity_impl.hpp"
#include "models/plasticity/graupner_brunel.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <numeric>
#include <random>
#include <string>
#include <vector>

namespace {

using hornet::models::GraupnerBrunel;

constexpr double dt_ms = 0.1;
constexpr std::size_t n_intervals = 4096; // table of intervals, cycled

GraupnerBrunel::Params params_of(std::int64_t config) {
    GraupnerBrunel::Params p; // DP set [S53]
    if (config == 0) {        // configs/sensitization.toml
        p.beta = 0.0;
        p.C_pre = 0.7;
        p.C_post = 0.05;
        p.b = 2.0;
    }
    return p;
}

struct Fixture {
    GraupnerBrunel::Propagators k;
    hornet::CounterRng rng{1, hornet::RngPurpose::plasticity, 0};
    std::vector<GraupnerBrunel::Synapse> syn;
    std::vector<std::uint32_t> order;   // synapse visited at position i of a sweep
    std::vector<std::int32_t> interval; // [steps] between a synapse's events
    std::vector<std::uint32_t> pivot;   // SynapseKey.pivot of each synapse (noise stream)
    std::uint64_t events = 0, supra = 0;

    explicit Fixture(const benchmark::State& state)
        : k(GraupnerBrunel::prepare(params_of(state.range(2)), dt_ms)) {
        const auto n = static_cast<std::size_t>(state.range(0));
        std::mt19937_64 gen(42);
        std::uniform_real_distribution<double> u01(0.0, 1.0);
        syn.resize(n);
        pivot.resize(n);
        for (std::size_t i = 0; i < n; ++i) {
            syn[i] = GraupnerBrunel::initial(k, u01(gen));
            pivot[i] = static_cast<std::uint32_t>(i / 32); // 32 synapses per target neuron
        }
        order.resize(n);
        std::iota(order.begin(), order.end(), 0u);
        if (state.range(1) == 1) std::shuffle(order.begin(), order.end(), gen);
        std::uniform_int_distribution<std::int32_t> steps(100, 1000); // 10-100 ms
        interval.resize(n_intervals);
        for (auto& t : interval) t = steps(gen);
    }

    /// One event on every synapse, in `order`; pre or post.
    template <bool Pre>
    void sweep() noexcept {
        const double theta_d = k.p.theta_d;
        for (std::size_t i = 0; i < order.size(); ++i) {
            const std::uint32_t j = order[i];
            GraupnerBrunel::Synapse& s = syn[j];
            const std::int64_t step = s.last_step + interval[(events + i) & (n_intervals - 1)];
            supra += s.c > theta_d ? 1u : 0u;
            const hornet::SynapseKey key{pivot[j], j % 32};
            if constexpr (Pre) {
                GraupnerBrunel::on_pre(
                    s, k, step, 1.0,
                    hornet::SynapseNoise(
                        rng, key.pivot,
                        hornet::detail::plasticity_draw(key, step, hornet::detail::kPreEvent)));
            } else {
                GraupnerBrunel::on_post(
                    s, k, step,
                    hornet::SynapseNoise(
                        rng, key.pivot,
                        hornet::detail::plasticity_draw(key, step, hornet::detail::kPostEvent)));
            }
        }
        events += order.size();
    }
};

void label(benchmark::State& state, const Fixture& f) {
    static constexpr std::array<const char*, 2> orders{"sequential", "random"};
    static constexpr std::array<const char*, 2> sets{"sensitization", "dp"};
    state.SetLabel(std::string(orders[static_cast<std::size_t>(state.range(1))]) + " " +
                   sets[static_cast<std::size_t>(state.range(2))]);
    state.counters["ns_per_event"] = benchmark::Counter(
        static_cast<double>(f.order.size()),
        benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
    state.counters["supra_threshold"] =
        f.events > 0 ? static_cast<double>(f.supra) / static_cast<double>(f.events) : 0.0;
}

template <bool Pre>
void run(benchmark::State& state) {
    Fixture f(state);
    for (int warm = 0; warm < 3; ++warm) f.sweep<Pre>(); // calcium and rho off their initial 0
    f.events = f.supra = 0;
    for (auto _ : state) {
        f.sweep<Pre>();
        benchmark::DoNotOptimize(f.syn.data());
        benchmark::ClobberMemory();
    }
    label(state, f);
}

void BM_GraupnerBrunel_OnPre(benchmark::State& state) { run<true>(state); }
void BM_GraupnerBrunel_OnPost(benchmark::State& state) { run<false>(state); }

BENCHMARK(BM_GraupnerBrunel_OnPre)->ArgsProduct({{10000, 100000, 1000000}, {0, 1}, {0, 1}});
BENCHMARK(BM_GraupnerBrunel_OnPost)->ArgsProduct({{10000, 100000, 1000000}, {0, 1}, {0, 1}});

} // namespace
