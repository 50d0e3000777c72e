// SPDX-License-Identifier: MIT
#pragma once
/// Counter-based random numbers (Philox4x32-10, Random123). A stream is keyed by the master seed
/// and counted by (purpose, object, element, index): any number can be computed from where it is
/// used, without shared generator state, so results cannot depend on the thread count or on the
/// order in which threads run. Distributions are hornet's own code so that they are identical on
/// every platform and library version (std::*_distribution is not).
#include <Random123/philox.h>

#include <array>
#include <cmath>
#include <cstdint>

namespace hornet {

/// What a random number is for. Each purpose is an independent family of streams.
enum class RngPurpose : std::uint32_t {
    initial_state = 1,
    connectivity = 2,
    weight = 3,
    delay = 4,
    spikes = 5,
    plasticity = 6, ///< noise of plasticity rules and the initial state of plastic synapses
    stimulus = 7,   ///< which afferent fibres a stimulus recruits, and their latencies
    slow = 8,       ///< slow processes of the multiscale scheduler (relapse switches)
};

/// A family of independent streams for one (seed, purpose, object), e.g. the weights of one
/// projection. `bits(element, index)` is a pure function: the same arguments give the same bits.
class CounterRng {
public:
    using Bits = std::array<std::uint32_t, 4>;

    CounterRng(std::uint64_t seed, RngPurpose purpose, std::uint32_t object_id) noexcept
        : key_{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}},
          tag_((static_cast<std::uint32_t>(purpose) << 24) | (object_id & 0xFFFFFFu)) {}

    /// 128 random bits for (element, index); index runs over draws or time steps.
    Bits bits(std::uint32_t element, std::uint64_t index) const noexcept {
        const r123::Philox4x32::ctr_type ctr{{element, static_cast<std::uint32_t>(index),
                                              static_cast<std::uint32_t>(index >> 32), tag_}};
        const auto r = r123::Philox4x32{}(ctr, key_);
        return {r[0], r[1], r[2], r[3]};
    }

    /// Uniform double in [0, 1) with 53 random bits.
    double uniform(std::uint32_t element, std::uint64_t index) const noexcept {
        return to_unit(bits(element, index), 0);
    }

    /// Standard normal deviate (Box-Muller on two 53-bit uniforms from one Philox block).
    double normal(std::uint32_t element, std::uint64_t index) const noexcept {
        const Bits b = bits(element, index);
        const double u1 = 1.0 - to_unit(b, 0); // (0, 1]: log is finite
        const double u2 = to_unit(b, 2);
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * 3.14159265358979323846 * u2);
    }

    /// Uniform integer in [0, n), n >= 1, without modulo bias (Lemire's multiply-shift on 64 bits;
    /// the residual bias is below 2^-32 for n < 2^32).
    std::uint64_t below(std::uint64_t n, std::uint32_t element,
                        std::uint64_t index) const noexcept {
        const Bits b = bits(element, index);
        const std::uint64_t x = (std::uint64_t{b[0]} << 32) | b[1];
        return mul_high(x, n);
    }

    /// High 64 bits of the 128-bit product a * b (portable; no __int128).
    static constexpr std::uint64_t mul_high(std::uint64_t a, std::uint64_t b) noexcept {
        const std::uint64_t a_lo = a & 0xFFFFFFFFu, a_hi = a >> 32, b_lo = b & 0xFFFFFFFFu,
                            b_hi = b >> 32;
        const std::uint64_t lo_lo = a_lo * b_lo, hi_lo = a_hi * b_lo, lo_hi = a_lo * b_hi,
                            hi_hi = a_hi * b_hi;
        const std::uint64_t cross = (lo_lo >> 32) + (hi_lo & 0xFFFFFFFFu) + lo_hi;
        return (hi_lo >> 32) + (cross >> 32) + hi_hi;
    }

    /// Converts words w, w+1 of a block into a double in [0, 1).
    static double to_unit(const Bits& b, std::size_t w) noexcept {
        const std::uint64_t x = (std::uint64_t{b[w]} << 32) | b[w + 1];
        return static_cast<double>(x >> 11) * 0x1.0p-53;
    }

private:
    r123::Philox4x32::key_type key_;
    std::uint32_t tag_;
};

} // namespace hornet
