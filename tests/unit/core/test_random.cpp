// SPDX-License-Identifier: MIT
#include "hornet/core/distribution.hpp"
#include "hornet/core/random.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

using hornet::CounterRng;
using hornet::RngPurpose;

TEST(CounterRng, IsAPureFunctionOfItsArguments) {
    const CounterRng a(42, RngPurpose::spikes, 3), b(42, RngPurpose::spikes, 3);
    EXPECT_EQ(a.bits(7, 1000), b.bits(7, 1000));
    EXPECT_NE(a.bits(7, 1000), a.bits(7, 1001));
    EXPECT_NE(a.bits(7, 1000), a.bits(8, 1000));
    EXPECT_NE(a.bits(7, 1000), CounterRng(43, RngPurpose::spikes, 3).bits(7, 1000));
    EXPECT_NE(a.bits(7, 1000), CounterRng(42, RngPurpose::weight, 3).bits(7, 1000));
    EXPECT_NE(a.bits(7, 1000), CounterRng(42, RngPurpose::spikes, 4).bits(7, 1000));
}

TEST(CounterRng, UniformHasTheMomentsOfU01) {
    const CounterRng rng(1, RngPurpose::initial_state, 0);
    const int n = 200000;
    double sum = 0, sum2 = 0;
    for (int i = 0; i < n; ++i) {
        const double u = rng.uniform(static_cast<std::uint32_t>(i), 0);
        ASSERT_GE(u, 0.0);
        ASSERT_LT(u, 1.0);
        sum += u;
        sum2 += u * u;
    }
    const double mean = sum / n, var = sum2 / n - mean * mean;
    EXPECT_NEAR(mean, 0.5, 5 * std::sqrt(1.0 / 12 / n));
    EXPECT_NEAR(var, 1.0 / 12, 0.002);
}

TEST(CounterRng, NormalHasZeroMeanAndUnitVariance) {
    const CounterRng rng(2, RngPurpose::initial_state, 0);
    const int n = 200000;
    double sum = 0, sum2 = 0, sum4 = 0;
    for (int i = 0; i < n; ++i) {
        const double z = rng.normal(static_cast<std::uint32_t>(i), 5);
        sum += z;
        sum2 += z * z;
        sum4 += z * z * z * z;
    }
    EXPECT_NEAR(sum / n, 0.0, 5 / std::sqrt(double(n)));
    EXPECT_NEAR(sum2 / n, 1.0, 0.02);
    EXPECT_NEAR(sum4 / n, 3.0, 0.1); // kurtosis of a Gaussian
}

TEST(CounterRng, BelowIsUniformOverItsRange) {
    const CounterRng rng(3, RngPurpose::connectivity, 0);
    std::vector<int> counts(10, 0);
    const int n = 100000;
    for (int i = 0; i < n; ++i) {
        const auto x = rng.below(10, 0, static_cast<std::uint64_t>(i));
        ASSERT_LT(x, 10u);
        ++counts[x];
    }
    for (const int c : counts) EXPECT_NEAR(c, n / 10, 5 * std::sqrt(n * 0.1 * 0.9));
}

TEST(CounterRng, MulHighMatchesWideArithmetic) {
    EXPECT_EQ(CounterRng::mul_high(~0ull, ~0ull), ~0ull - 1);
    EXPECT_EQ(CounterRng::mul_high(1ull << 63, 4), 2u);
    EXPECT_EQ(CounterRng::mul_high(0x123456789ABCDEFull, 0xFEDCBA987654321ull),
              0x121FA00AD77D74ull);
}

TEST(ValueDistribution, ClipsNormalDrawsToItsBounds) {
    auto d = hornet::ValueDistribution::normal(0.0, 10.0);
    d.min = -1.0;
    d.max = 2.0;
    const CounterRng rng(4, RngPurpose::weight, 0);
    for (std::uint32_t i = 0; i < 1000; ++i) {
        const double v = d.sample(rng, i, 0);
        EXPECT_GE(v, -1.0);
        EXPECT_LE(v, 2.0);
    }
    EXPECT_EQ(d.lowest(), -1.0);
    EXPECT_EQ(d.highest(), 2.0);
}
