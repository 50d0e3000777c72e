// SPDX-License-Identifier: MIT
#include "hornet/core/distribution.hpp"

#include <cmath>
#include <sstream>

namespace hornet {

double ValueDistribution::lowest() const noexcept {
    switch (kind) {
    case Kind::constant:
    case Kind::uniform:
        return std::clamp(a, min, max);
    case Kind::normal:
        return b > 0.0 ? min : std::clamp(a, min, max);
    }
    return a;
}

double ValueDistribution::highest() const noexcept {
    switch (kind) {
    case Kind::constant:
        return std::clamp(a, min, max);
    case Kind::uniform:
        return std::clamp(b, min, max);
    case Kind::normal:
        return b > 0.0 ? max : std::clamp(a, min, max);
    }
    return a;
}

std::string ValueDistribution::describe(std::string_view unit) const {
    std::ostringstream out;
    const std::string u = unit == "1" ? "" : " " + std::string(unit);
    switch (kind) {
    case Kind::constant:
        out << a << u;
        break;
    case Kind::uniform:
        out << "uniform(" << a << ", " << b << ")" << u;
        break;
    case Kind::normal:
        out << "normal(mean " << a << ", sd " << b << ")" << u;
        break;
    }
    if (kind != Kind::constant && (std::isfinite(min) || std::isfinite(max)))
        out << " clipped to [" << min << ", " << max << "]";
    return out.str();
}

} // namespace hornet
