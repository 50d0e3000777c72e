// SPDX-License-Identifier: MIT
#include "hornet/core/units.hpp"

#include "hornet/core/error.hpp"

#include <charconv>
#include <cmath>
#include <cstring>
#include <sstream>
#include <utility>

namespace hornet {
namespace {

// Exponents in the order mass, length, time, current, amount.
constexpr Dimension make_dim(int kg, int m, int s, int a, int mol) {
    return Dimension{{static_cast<std::int8_t>(kg), static_cast<std::int8_t>(m),
                      static_cast<std::int8_t>(s), static_cast<std::int8_t>(a),
                      static_cast<std::int8_t>(mol)}};
}

struct Symbol {
    std::string_view text;
    Dimension dimension;
    double si_factor;
    bool takes_prefix;
};

constexpr Dimension kTime = make_dim(0, 0, 1, 0, 0);
constexpr Dimension kVoltage = make_dim(1, 2, -3, -1, 0);
constexpr Dimension kCurrent = make_dim(0, 0, 0, 1, 0);
constexpr Dimension kConductance = make_dim(-1, -2, 3, 2, 0);
constexpr Dimension kCapacitance = make_dim(-1, -2, 4, 2, 0);
constexpr Dimension kResistance = make_dim(1, 2, -3, -2, 0);
constexpr Dimension kMass = make_dim(1, 0, 0, 0, 0);
constexpr Dimension kLength = make_dim(0, 1, 0, 0, 0);
constexpr Dimension kVolume = make_dim(0, 3, 0, 0, 0);
constexpr Dimension kAmount = make_dim(0, 0, 0, 0, 1);
constexpr Dimension kConcentration = make_dim(0, -3, 0, 0, 1);
constexpr Dimension kForce = make_dim(1, 1, -2, 0, 0);
constexpr Dimension kNone{};

// Whole symbols are matched before prefixed ones, so "min" is a minute, not milli-inch.
constexpr Symbol kSymbols[] = {
    {"s", kTime, 1.0, true},
    {"min", kTime, 60.0, false},
    {"h", kTime, 3600.0, false},
    {"day", kTime, 86400.0, false},
    {"days", kTime, 86400.0, false},
    {"week", kTime, 604800.0, false},
    {"weeks", kTime, 604800.0, false},
    {"Hz", kTime.inverse(), 1.0, true},
    {"V", kVoltage, 1.0, true},
    {"A", kCurrent, 1.0, true},
    {"S", kConductance, 1.0, true},
    {"F", kCapacitance, 1.0, true},
    {"Ohm", kResistance, 1.0, true},
    {"ohm", kResistance, 1.0, true},
    {"\xCE\xA9", kResistance, 1.0, true}, // Greek capital omega
    {"g", kMass, 1e-3, true},
    {"m", kLength, 1.0, true},
    {"L", kVolume, 1e-3, true},
    {"l", kVolume, 1e-3, true},
    {"mol", kAmount, 1.0, true},
    {"N", kForce, 1.0, true}, // mechanical stimuli ("400 mN")
    {"M", kConcentration, 1e3, true},
    {"1", kNone, 1.0, false},
    {"%", kNone, 1e-2, false},
};

struct Prefix {
    std::string_view text;
    double factor;
};
constexpr Prefix kPrefixes[] = {
    {"p", 1e-12}, {"n", 1e-9}, {"u", 1e-6}, {"\xC2\xB5", 1e-6}, {"\xCE\xBC", 1e-6},
    {"m", 1e-3},  {"c", 1e-2}, {"k", 1e3},  {"M", 1e6},         {"G", 1e9},
};

const Symbol* find_symbol(std::string_view text) {
    for (const auto& s : kSymbols)
        if (s.text == text) return &s;
    return nullptr;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

[[noreturn]] void unknown_unit(std::string_view symbol) {
    throw UnitError("unknown unit '" + std::string(symbol) +
                    "' (write units like \"20 ms\", \"-60 mV\", \"0.6 nS\", \"200 pF\", \"5 Hz\", "
                    "\"0.5 mg/kg/h\")");
}

/// One factor such as "mV", "um^2" or "s^-1".
Unit parse_factor(std::string_view text) {
    int power = 1;
    if (const auto caret = text.find('^'); caret != std::string_view::npos) {
        const std::string_view p = text.substr(caret + 1);
        const auto [ptr, ec] = std::from_chars(p.data(), p.data() + p.size(), power);
        if (ec != std::errc{} || ptr != p.data() + p.size() || power == 0)
            throw UnitError("cannot read the power in '" + std::string(text) + "'");
        text = text.substr(0, caret);
    }
    Unit u;
    if (const Symbol* s = find_symbol(text)) {
        u = {s->dimension, s->si_factor};
    } else {
        bool found = false;
        for (const auto& prefix : kPrefixes) {
            if (text.size() <= prefix.text.size() || !text.starts_with(prefix.text)) continue;
            const Symbol* s2 = find_symbol(text.substr(prefix.text.size()));
            if (s2 && s2->takes_prefix) {
                u = {s2->dimension, s2->si_factor * prefix.factor};
                found = true;
                break;
            }
        }
        if (!found) unknown_unit(text);
    }
    Unit result;
    for (int i = 0; i < std::abs(power); ++i) {
        result.dimension = result.dimension * u.dimension;
        result.si_factor *= u.si_factor;
    }
    if (power < 0) result = {result.dimension.inverse(), 1.0 / result.si_factor};
    return result;
}

} // namespace

Unit parse_unit(std::string_view text) {
    text = trim(text);
    if (text.empty()) throw UnitError("empty unit");
    Unit result;
    bool divide = false;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const std::size_t next = text.find_first_of("/*", pos);
        const std::string_view factor = trim(
            text.substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos));
        if (factor.empty()) throw UnitError("cannot read unit '" + std::string(text) + "'");
        Unit f = parse_factor(factor);
        if (divide) f = {f.dimension.inverse(), 1.0 / f.si_factor};
        result.dimension = result.dimension * f.dimension;
        result.si_factor *= f.si_factor;
        if (next == std::string_view::npos) break;
        divide = text[next] == '/';
        pos = next + 1;
    }
    return result;
}

Quantity parse_quantity(std::string_view text) {
    const std::string_view t = trim(text);
    Quantity q;
    const char* first = t.data();
    const char* last = t.data() + t.size();
    if (first != last && *first == '+') ++first; // from_chars rejects a leading '+'
    const auto [ptr, ec] = std::from_chars(first, last, q.value);
    if (ec != std::errc{} || !std::isfinite(q.value))
        throw UnitError("cannot read \"" + std::string(text) +
                        "\" as a quantity; write a number and a unit, e.g. \"20 ms\"");
    const std::string_view unit = trim(std::string_view(ptr, static_cast<std::size_t>(last - ptr)));
    if (!unit.empty()) {
        q.unit = parse_unit(unit);
        q.has_unit = true;
    }
    return q;
}

double convert(const Quantity& q, const Unit& target, std::string_view target_text) {
    if (!q.has_unit) {
        if (target.dimension == Dimension{}) return q.value / target.si_factor;
        throw UnitError("missing unit: expected a " + dimension_name(target.dimension) +
                        " such as \"" + std::to_string(q.value).substr(0, 6) + " " +
                        std::string(target_text) + "\"");
    }
    if (!(q.unit.dimension == target.dimension))
        throw UnitError("is a " + dimension_name(q.unit.dimension) + ", expected a " +
                        dimension_name(target.dimension) + " (a unit like " +
                        std::string(target_text) + ")");
    return q.value * q.unit.si_factor / target.si_factor;
}

double quantity_in(std::string_view text, std::string_view target_unit) {
    return convert(parse_quantity(text), parse_unit(target_unit), target_unit);
}

std::string dimension_name(const Dimension& d) {
    static const std::pair<Dimension, const char*> kNames[] = {
        {kNone, "dimensionless number"},
        {kTime, "time"},
        {kTime.inverse(), "frequency"},
        {kVoltage, "voltage"},
        {kCurrent, "current"},
        {kConductance, "conductance"},
        {kCapacitance, "capacitance"},
        {kResistance, "resistance"},
        {kMass, "mass"},
        {kLength, "length"},
        {kVolume, "volume"},
        {kAmount, "amount of substance"},
        {kConcentration, "concentration"},
        {kMass * kTime.inverse(), "mass rate"},
        {kMass * kVolume.inverse(), "mass concentration"},
    };
    for (const auto& [dim, name] : kNames)
        if (dim == d) return name;
    static const char* kBase[] = {"kg", "m", "s", "A", "mol"};
    std::ostringstream out;
    out << "quantity of dimension";
    for (std::size_t i = 0; i < d.exponent.size(); ++i)
        if (d.exponent[i] != 0) out << ' ' << kBase[i] << '^' << int{d.exponent[i]};
    return out.str();
}

} // namespace hornet
