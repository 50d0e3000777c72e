// SPDX-License-Identifier: MIT
#pragma once
/// Parameter and state descriptors: every model describes each field once (name, unit, bounds,
/// meaning). The config reader, `hornet inspect --models`, the docs and HDF5 provenance all read
/// these tables, so a parameter cannot be documented in one place and parsed differently in
/// another.
#include "hornet/core/error.hpp"

#include <array>
#include <cmath>
#include <limits>
#include <span>
#include <string>
#include <string_view>

namespace hornet {

/// Allowed interval of a parameter value, in the parameter's own unit.
struct Bounds {
    double lower = -std::numeric_limits<double>::infinity();
    double upper = std::numeric_limits<double>::infinity();
    bool lower_open = false; ///< true: value must be > lower (not >=)
    bool upper_open = false;

    /// True if `v` is finite and within the interval (NaN and infinities never are).
    bool contains(double v) const noexcept {
        if (!std::isfinite(v)) return false;
        const bool above = lower_open ? v > lower : v >= lower;
        const bool below = upper_open ? v < upper : v <= upper;
        return above && below;
    }
    /// "must be > 0 ms", "must be in [0, 1]"
    std::string describe(std::string_view unit) const;

    static constexpr Bounds any() { return {}; }
    static constexpr Bounds positive() {
        return {0.0, std::numeric_limits<double>::infinity(), true};
    }
    static constexpr Bounds non_negative() {
        return {0.0, std::numeric_limits<double>::infinity()};
    }
    static constexpr Bounds closed(double lo, double hi) { return {lo, hi}; }
};

/// One model parameter as the outside world sees it.
struct ParameterInfo {
    std::string_view name;
    std::string_view unit; ///< canonical unit, "1" for dimensionless
    double default_value;
    Bounds bounds;
    std::string_view doc;
    /// Non-empty for a choice among named alternatives ("jahr_stevens", ...): configs write the
    /// name, and the value is the index of the name in this list.
    std::span<const std::string_view> choices{};

    bool is_choice() const noexcept { return !choices.empty(); }
    /// The name of choice `value`, or "" if this is not a choice parameter or out of range.
    std::string_view choice_name(double value) const noexcept;
};

/// One recordable / initialisable state variable.
struct StateInfo {
    std::string_view name;
    std::string_view unit;
    std::string_view doc;
};

/// Binds a ParameterInfo to the field of a model's Params struct that stores it.
template <class Params>
struct ParamField {
    std::string_view name;
    double Params::*member;
    std::string_view unit;
    Bounds bounds;
    std::string_view doc;
    std::span<const std::string_view> choices{}; ///< see ParameterInfo::choices

    ParameterInfo info() const { return {name, unit, Params{}.*member, bounds, doc, choices}; }
};

/// A parameter that names one of `choices`; its value in Params is the index of the choice.
template <class Params>
constexpr ParamField<Params> choice_field(std::string_view name, double Params::*member,
                                          std::span<const std::string_view> choices,
                                          std::string_view doc) {
    return {name, member, "1", Bounds::closed(0.0, static_cast<double>(choices.size()) - 1.0),
            doc,  choices};
}

/// Binds a StateInfo to an array member of a model's State struct.
template <class State, class Array>
struct StateField {
    std::string_view name;
    Array State::*member;
    std::string_view unit;
    std::string_view doc;

    StateInfo info() const { return {name, unit, doc}; }
};

/// The fields of a base struct's table as fields of a struct derived from it, so a model's Params
/// can inherit a shared parameter group (e.g. the synapse parameters) with its table.
template <class Derived, class Base, std::size_t N>
constexpr std::array<ParamField<Derived>, N>
rebase_fields(const std::array<ParamField<Base>, N>& fields) {
    std::array<ParamField<Derived>, N> out{};
    for (std::size_t i = 0; i < N; ++i)
        out[i] = {fields[i].name, static_cast<double Derived::*>(fields[i].member),
                  fields[i].unit, fields[i].bounds,
                  fields[i].doc,  fields[i].choices};
    return out;
}

/// Likewise for state variables of a shared State base.
template <class Derived, class Base, class Array, std::size_t N>
constexpr std::array<StateField<Derived, Array>, N>
rebase_fields(const std::array<StateField<Base, Array>, N>& fields) {
    std::array<StateField<Derived, Array>, N> out{};
    for (std::size_t i = 0; i < N; ++i)
        out[i] = {fields[i].name, static_cast<Array Derived::*>(fields[i].member), fields[i].unit,
                  fields[i].doc};
    return out;
}

/// The tables `a` and `b` one after the other.
template <class T, std::size_t N, std::size_t M>
constexpr std::array<T, N + M> concat_fields(const std::array<T, N>& a, const std::array<T, M>& b) {
    std::array<T, N + M> out{};
    for (std::size_t i = 0; i < N; ++i) out[i] = a[i];
    for (std::size_t i = 0; i < M; ++i) out[N + i] = b[i];
    return out;
}

/// Checks every field of `p` against its bounds; throws ParamError naming `where`, the
/// parameter, its value and unit, and the bound.
template <class Params, std::size_t N>
void check_bounds(const Params& p, const std::array<ParamField<Params>, N>& fields,
                  std::string_view where);

[[noreturn]] void throw_out_of_bounds(std::string_view where, const ParameterInfo& info,
                                      double value);

template <class Params, std::size_t N>
void check_bounds(const Params& p, const std::array<ParamField<Params>, N>& fields,
                  std::string_view where) {
    for (const auto& f : fields) {
        const double v = p.*(f.member);
        if (!f.bounds.contains(v)) throw_out_of_bounds(where, f.info(), v);
    }
}

/// Sets the fields of `p` named in `values` (canonical units), then checks every bound; throws
/// ParamError "<where>: unknown parameter '<key>'<owner>" for a name not in `fields` (`owner`,
/// e.g. " of rule graupner_brunel", may be empty). The one place a name -> value map meets a
/// parameter struct: neuron models, plasticity rules, slow processes.
template <class Params, std::size_t N, class Map>
void apply_params(Params& p, const std::array<ParamField<Params>, N>& fields, const Map& values,
                  std::string_view where, std::string_view owner = {}) {
    for (const auto& [key, value] : values) {
        bool found = false;
        for (const auto& f : fields)
            if (f.name == key) {
                p.*(f.member) = value;
                found = true;
            }
        if (!found)
            throw ParamError(std::string(where) + ": unknown parameter '" + std::string(key) + "'" +
                             std::string(owner));
    }
    check_bounds(p, fields, where);
}

} // namespace hornet
