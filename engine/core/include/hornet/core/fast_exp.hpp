// SPDX-License-Identifier: MIT
#pragma once
/// exp(x) that compilers vectorise. std::exp is a scalar libm call (~2.5 ns here) that blocks
/// vectorisation of the loop around it unless -ffast-math is given, which hornet never uses.
/// This version is branch-free: range reduction x = n ln2 + r with |r| <= ln2/2, a degree-13
/// Taylor polynomial for e^r (truncation error < 1e-17 relative), and 2^n assembled in the
/// exponent bits. Accuracy: within 2 ulp of std::exp on [-708, 709] (tested). Arguments below
/// -708 give ~3e-308 rather than a subnormal or 0; above 709 give ~8e307 rather than infinity.
#include <bit>
#include <cstdint>

namespace hornet {

[[gnu::always_inline]] inline double fast_exp(double x) noexcept {
    constexpr double kLog2e = 1.4426950408889634074;
    constexpr double kLn2Hi = 6.93147180369123816490e-01; // high bits of ln 2: n * kLn2Hi is exact
    constexpr double kLn2Lo = 1.90821492927058770002e-10;
    constexpr double kShifter = 0x1.8p52; // adding it rounds to an integer held in the low bits
    x = x < -708.0 ? -708.0 : x;
    x = x > 709.0 ? 709.0 : x;
    const double shifted = x * kLog2e + kShifter;
    const double n = shifted - kShifter;
    const double r = (x - n * kLn2Hi) - n * kLn2Lo;
    double p = 1.0 / 6227020800.0; // 1/13!
    p = p * r + 1.0 / 479001600.0;
    p = p * r + 1.0 / 39916800.0;
    p = p * r + 1.0 / 3628800.0;
    p = p * r + 1.0 / 362880.0;
    p = p * r + 1.0 / 40320.0;
    p = p * r + 1.0 / 5040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    // The low 12 bits of `shifted` hold n (two's complement); add the exponent bias and shift
    // them into the exponent field to build 2^n.
    const std::uint64_t bits = (std::bit_cast<std::uint64_t>(shifted) + 1023u) << 52;
    return p * std::bit_cast<double>(bits);
}

} // namespace hornet
