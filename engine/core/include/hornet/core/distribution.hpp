// SPDX-License-Identifier: MIT
#pragma once
/// A value that is either constant or drawn per element: initial states, weights, delays.
#include "hornet/core/random.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>

namespace hornet {

struct ValueDistribution {
    enum class Kind { constant, uniform, normal };
    Kind kind = Kind::constant;
    double a = 0.0; ///< constant value, uniform low, or normal mean (canonical unit)
    double b = 0.0; ///< uniform high or normal standard deviation
    double min = -std::numeric_limits<double>::infinity(); ///< draws are clipped to [min, max]
    double max = std::numeric_limits<double>::infinity();

    static ValueDistribution constant(double v) { return {Kind::constant, v, 0.0}; }
    static ValueDistribution uniform(double lo, double hi) { return {Kind::uniform, lo, hi}; }
    static ValueDistribution normal(double mean, double sd) { return {Kind::normal, mean, sd}; }

    bool is_constant() const noexcept { return kind == Kind::constant; }

    /// Smallest and largest value a draw can take (after clipping).
    double lowest() const noexcept;
    double highest() const noexcept;

    /// The value for (element, index) of `rng`'s stream; a pure function of its arguments.
    double sample(const CounterRng& rng, std::uint32_t element,
                  std::uint64_t index) const noexcept {
        double v = a;
        if (kind == Kind::uniform)
            v = a + (b - a) * rng.uniform(element, index);
        else if (kind == Kind::normal)
            v = a + b * rng.normal(element, index);
        return std::clamp(v, min, max);
    }

    /// "6 nS", "uniform(-60, -50) mV", "normal(40, 15) nS clipped to [0, inf]"
    std::string describe(std::string_view unit) const;
};

} // namespace hornet
