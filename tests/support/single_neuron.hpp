// SPDX-License-Identifier: MIT
#pragma once
// One neuron of model M driven through its step kernel, with an input row per receptor port:
// what the model unit tests use to compare a kernel with closed forms and references.
#include "hornet/core/drug.hpp"
#include "hornet/core/step_io.hpp"

#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

namespace hornet::testing {

template <class M>
struct SingleNeuron {
    typename M::Params p;
    typename M::State s;
    typename M::Propagators k;
    double dt;
    std::array<std::vector<double>, M::receptors.size()> input; ///< cleared after each step
    std::uint32_t ports_in_use = ~0u;
    DrugLevels drug{};
    std::int64_t step = 0;
    std::vector<double> spike_times; ///< [ms] stamps t_n of the steps that spiked

    SingleNeuron(const typename M::Params& params, double dt_ms) : p(params), dt(dt_ms) {
        M::resize(s, 1, p);
        k = M::prepare(p, dt_ms);
        for (auto& row : input) row.assign(1, 0.0);
    }
    void advance() {
        std::array<const double*, M::receptors.size()> rows{};
        for (std::size_t r = 0; r < rows.size(); ++r) rows[r] = input[r].data();
        std::uint32_t buffer[1];
        SpikeWriter w(buffer);
        M::step(s, p, k, StepInput{{rows.data(), rows.size()}, step, nullptr, ports_in_use, drug},
                {0, 1}, w);
        if (w.size() == 1) spike_times.push_back(static_cast<double>(step) * dt);
        for (auto& row : input) row[0] = 0.0;
        ++step;
    }
    void run(double t_ms) {
        const auto n = std::llround(t_ms / dt);
        for (std::int64_t i = 0; i < n; ++i) advance();
    }
    int spikes() const { return static_cast<int>(spike_times.size()); }
};

} // namespace hornet::testing
