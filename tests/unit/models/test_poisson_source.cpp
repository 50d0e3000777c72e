// SPDX-License-Identifier: MIT
#include "hornet/core/error.hpp"
#include "models/builtin.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

// A Bernoulli process with p = rate * dt per step: counts over T steps are Binomial(T, p),
// mean T p and variance T p (1 - p), i.e. a Poisson train at the discretisation limit.
TEST(PoissonSource, RateAndCountVarianceMatchTheBinomialProcess) {
    hornet::ModelRegistry reg;
    hornet::models::register_builtin_models(reg);
    const std::size_t n = 1000;
    const auto pop =
        reg.at("poisson_source").make({"drive", "poisson_source", n, {{"rate", 20.0}}, {}}, 0);
    pop->prepare(0.1);
    const hornet::CounterRng rng(9, hornet::RngPurpose::spikes, 0);
    std::vector<std::uint32_t> buffer(n);
    std::vector<double> counts(n, 0.0);
    const int steps = 10000; // 1 s
    for (int s = 0; s < steps; ++s) {
        hornet::SpikeWriter w(buffer.data());
        pop->advance(hornet::StepInput{{}, s, &rng}, {0, n}, w);
        for (std::size_t i = 0; i < w.size(); ++i) counts[buffer[i]] += 1.0;
    }
    double mean = 0, var = 0;
    for (double c : counts) mean += c;
    mean /= n;
    for (double c : counts) var += (c - mean) * (c - mean);
    var /= n - 1;
    const double p = 20.0 * 1e-4;
    EXPECT_NEAR(mean, steps * p, 4 * std::sqrt(steps * p * (1 - p) / n)); // 20 Hz over 1 s
    EXPECT_NEAR(var / (steps * p * (1 - p)), 1.0, 0.1);
}

TEST(PoissonSource, RateAboveOneSpikePerStepIsAnError) {
    hornet::ModelRegistry reg;
    hornet::models::register_builtin_models(reg);
    const auto pop =
        reg.at("poisson_source").make({"drive", "poisson_source", 1, {{"rate", 20000.0}}, {}}, 0);
    EXPECT_THROW(pop->prepare(0.1), hornet::ParamError);
}
