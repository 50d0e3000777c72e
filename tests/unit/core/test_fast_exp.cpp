// SPDX-License-Identifier: MIT
#include "hornet/core/fast_exp.hpp"

#include <gtest/gtest.h>

#include <cmath>

// fast_exp must agree with libm's correctly rounded-ish exp to within 2 ulp on the range used by
// exponential integrators, so that replacing std::exp changes results only in the last bits.
TEST(FastExp, WithinTwoUlpOfStdExp) {
    double worst = 0.0;
    for (int i = -700000; i <= 700000; ++i) {
        const double x = i * 1e-3 + 1e-7 * (i % 7);
        const double ref = std::exp(x);
        const double ulp = std::nextafter(ref, INFINITY) - ref;
        worst = std::max(worst, std::abs(hornet::fast_exp(x) - ref) / ulp);
    }
    EXPECT_LE(worst, 2.0);
}

TEST(FastExp, ExactAtZeroAndClampedOutsideTheDoubleRange) {
    EXPECT_EQ(hornet::fast_exp(0.0), 1.0);
    EXPECT_GT(hornet::fast_exp(-1000.0), 0.0);
    EXPECT_LT(hornet::fast_exp(-1000.0), 1e-300);
    EXPECT_TRUE(std::isfinite(hornet::fast_exp(1000.0)));
}
