// SPDX-License-Identifier: MIT
#pragma once
/// Physical units at hornet's boundaries. Configs and the C++ API write quantities as strings
/// ("20 ms", "-60 mV", "0.5 mg/kg/h"); they are parsed once, checked against the dimension the
/// parameter expects, and lowered to plain doubles in hornet's canonical units
/// (ms, mV, pA, pF, nS, GOhm, Hz, um; see STYLE.md section 5). Inside the engine values are
/// plain doubles whose names or comments carry the unit.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace hornet {

/// Exponents of the SI base dimensions of a quantity, in the order
/// mass, length, time, current, amount of substance.
struct Dimension {
    std::array<std::int8_t, 5> exponent{};

    friend constexpr bool operator==(const Dimension&, const Dimension&) = default;
    constexpr Dimension operator*(const Dimension& o) const {
        Dimension d;
        for (std::size_t i = 0; i < exponent.size(); ++i)
            d.exponent[i] = static_cast<std::int8_t>(exponent[i] + o.exponent[i]);
        return d;
    }
    constexpr Dimension inverse() const {
        Dimension d;
        for (std::size_t i = 0; i < exponent.size(); ++i)
            d.exponent[i] = static_cast<std::int8_t>(-exponent[i]);
        return d;
    }
};

/// A unit: its dimension and the factor that converts one of it to SI.
struct Unit {
    Dimension dimension;
    double si_factor = 1.0;
};

/// A parsed quantity, still in the unit it was written in.
struct Quantity {
    double value = 0.0;
    Unit unit;
    bool has_unit = false; ///< false for a bare number such as "0.02"
};

/// Parses a unit expression: symbols with SI prefixes joined by '/' or '*', with optional
/// integer powers ("mV", "nS", "1/s", "mg/kg/h", "um^2"). Throws UnitError.
Unit parse_unit(std::string_view text);

/// Parses "<number> <unit>" or a bare number. Throws UnitError with a hint.
Quantity parse_quantity(std::string_view text);

/// Converts `q` into `target`; throws UnitError if the dimensions differ. A bare number is
/// accepted only for a dimensionless target.
double convert(const Quantity& q, const Unit& target, std::string_view target_text);

/// Parses `text` and converts it to the unit written `target_unit` ("ms", "mV", "1").
double quantity_in(std::string_view text, std::string_view target_unit);

/// A human name for a dimension: "time", "voltage", "conductance", ..., or its SI exponents.
std::string dimension_name(const Dimension& d);

} // namespace hornet
