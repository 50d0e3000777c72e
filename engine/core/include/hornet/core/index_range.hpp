// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>

namespace hornet {

/// A half-open range [begin, end) of element indices.
struct IndexRange {
    std::size_t begin = 0;
    std::size_t end = 0;
    constexpr std::size_t size() const noexcept { return end - begin; }
    constexpr bool contains(std::size_t i) const noexcept { return i >= begin && i < end; }
    friend constexpr bool operator==(IndexRange, IndexRange) = default;
};

/// The contiguous share of `n` elements that worker `part` of `n_parts` owns. Shares differ in
/// size by at most one and are ordered by `part`, so concatenating them gives [0, n).
constexpr IndexRange partition(std::size_t n, std::size_t part, std::size_t n_parts) noexcept {
    const std::size_t base = n / n_parts, extra = n % n_parts;
    const std::size_t begin = part * base + (part < extra ? part : extra);
    return {begin, begin + base + (part < extra ? 1 : 0)};
}

} // namespace hornet
