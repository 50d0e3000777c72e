// SPDX-License-Identifier: MIT
#pragma once
/// Published ketamine pharmacokinetic models as mammillary compartment parameters
/// (SCIENCE.md §3.1), looked up by name, plus a one-compartment norketamine metabolite.
///
/// Equations (amounts A [mg], infusion R(t) [mg/min]; compartment_model.hpp solves them)
///   dA1/dt = R - (k10 + k12 + k13) A1 + k21 A2 + k31 A3,   Cp = A1 / V1
///   dA2/dt = k12 A1 - k21 A2,   dA3/dt = k13 A1 - k31 A3
///   dCe/dt = ke0 (Cp - Ce)                                   (effect site)
///   dN/dt  = f_nk k10 A1 - k_nk N,  k_nk = ln 2 / t_half_nk   (norketamine, ketamine-equivalent
///            mg; its concentration is N * 223.7/237.7 / V_nk)
/// A two-compartment set has k13 = k31 = 0, a one-compartment set also k12 = k21 = 0.
///
/// Body weight W (reference 70 kg): volumes are V1 W (and V_nk W). Rate constants are given at
/// 70 kg. WeightScaling::linear keeps them, so clearances CL = k10 V1 W grow with W.
/// WeightScaling::allometric makes every clearance (CL, intercompartmental Q = k12 V1 W, the
/// norketamine clearance) proportional to (W/70)^0.75 with volumes still proportional to W,
/// i.e. multiplies every rate constant except ke0 by (W/70)^-0.25. Both agree at 70 kg.
///
/// Built-in sets (numbers as tabulated in SCIENCE.md §3.1; alphabetical)
///   name                 comp  V1 L/kg  k10     k12     k13     k21     k31     scaling
///   clements_nimmo_1981  2     1.7522   0.0109  0.0186  -       0.0137  -       linear
///   domino_1984          3     0.063    0.4381  0.5921  0.5900  0.2470  0.0146  linear
///   hijazi_2003          2     1.08     0.0333  0.0088  -       0.0030  -       linear
///   kamp_2020            1     3.6      0.00522 (Vd 252 L, CL 79 L/h per 70 kg)  allometric
/// ke0 0.652 /min for every set: opentiva's value for Domino, derived from an assumed 1 min
/// time to peak effect, not measured (SCIENCE.md §3.1, Open question 4); no other ke0 exists.
///
/// Norketamine defaults (every set; all weakly sourced, SCIENCE.md Open question 11)
///   norketamine_fraction 0.8   share of ketamine's metabolic elimination (k10) that becomes
///                              norketamine: assumed; "mostly" N-demethylated to norketamine
///                              (Mion & Villevieille 2013 CNS Neurosci Ther 19:370, abstract;
///                              Miller's Anesthesia: "major pathway"); one secondary source
///                              says about 60 %. Not identifiable from plasma data: Flint 2017
///                              (Pediatr Anesth 27:1098) fit CL/Fm and fixed V/Fm.
///   V_norketamine 3.6 L/kg     assumed equal to ketamine's volume of distribution, 252 L/70 kg
///                              (Kamp et al. 2020 [S23]); no norketamine volume was retrieved.
///   t_half_norketamine 720 min elimination half-life 12 h [S71, weak]; a teaching page gives
///                              6 h, one dog study 64 min.
///   Checks, not fits: 41 ug/kg/min (Domino) gives a norketamine peak of 4.9 uM after 3 h,
///   near Idvall's 4.7 uM [S24] (his infusion length was not retrieved); 10 mg IV (Kamp) peaks
///   at 20 ng/mL after 6.6 h, where one study measured 2.8 ng/mL at 30 min (Pharmacotherapy
///   2022;42:298, PMC9118341 Table 6). Treat norketamine levels as placeholders.
/// References: Domino EF et al. 1984 (PMID 7198883); Clements JA, Nimmo WS (1981) Br J Anaesth
/// 53:27; Hijazi Y et al. (2003) Br J Anaesth 90:155; Kamp J et al. (2020) Anesthesiology
/// 133:1192; micro constants as encoded by opentiva [S21], resolved in SCIENCE-SOURCES.md.
#include "hornet/core/parameters.hpp"

#include <array>
#include <optional>
#include <span>
#include <string_view>

namespace hornet::models {

enum class WeightScaling { linear, allometric };

inline constexpr std::array<std::string_view, 2> weight_scaling_name_table{"linear", "allometric"};

constexpr std::string_view weight_scaling_name(WeightScaling scaling) noexcept {
    return weight_scaling_name_table[static_cast<std::size_t>(scaling)];
}
std::optional<WeightScaling> parse_weight_scaling(std::string_view text) noexcept;

/// [kg] body weight at which the rate constants and per-kg volumes are given.
inline constexpr double pk_reference_weight_kg = 70.0;
/// [1] exponent of (W / 70 kg) for clearances under WeightScaling::allometric.
inline constexpr double allometric_clearance_exponent = 0.75;

/// [1/min] opentiva's Domino ke0, from an assumed 1 min time to peak [S21]: the default of
/// every set (SCIENCE.md Open question 4).
inline constexpr double default_ke0_per_min = 0.652;

/// A mammillary pharmacokinetic model with a norketamine compartment. Built-in sets come from
/// find_pk_parameter_set(); a "user" set is filled in by the caller and checked by
/// validate_pk_parameter_set(). name and citation view static text.
struct PkParameterSet {
    std::string_view name = "user";
    std::string_view citation;
    int n_compartments = 3;           // [1] 1, 2 or 3
    double V1 = 0.0;                  // [L/kg] central volume per kg, at 70 kg
    double k10 = 0.0;                 // [1/min] elimination from the central compartment
    double k12 = 0.0;                 // [1/min] central -> compartment 2
    double k13 = 0.0;                 // [1/min] central -> compartment 3
    double k21 = 0.0;                 // [1/min] compartment 2 -> central
    double k31 = 0.0;                 // [1/min] compartment 3 -> central
    double ke0 = default_ke0_per_min; // [1/min] plasma -> effect site equilibration
    WeightScaling scaling = WeightScaling::linear;
    double norketamine_fraction = 0.8;       // [1] assumed, see the header comment
    double V_norketamine = 252.0 / 70.0;     // [L/kg] assumed = ketamine Vd, Kamp et al. 2020 [S23]
    double t_half_norketamine = 12.0 * 60.0; // [min] 12 h [S71, weak]
};

/// The numeric parameters of a PkParameterSet (the table of parameter_set = "user").
inline constexpr std::array<ParamField<PkParameterSet>, 10> pk_parameter_fields{{
    {"V1", &PkParameterSet::V1, "L/kg", Bounds::positive(), "central volume per kg at 70 kg"},
    {"k10", &PkParameterSet::k10, "1/min", Bounds::non_negative(), "elimination rate constant"},
    {"k12", &PkParameterSet::k12, "1/min", Bounds::non_negative(), "central to compartment 2"},
    {"k13", &PkParameterSet::k13, "1/min", Bounds::non_negative(), "central to compartment 3"},
    {"k21", &PkParameterSet::k21, "1/min", Bounds::non_negative(), "compartment 2 to central"},
    {"k31", &PkParameterSet::k31, "1/min", Bounds::non_negative(), "compartment 3 to central"},
    {"ke0", &PkParameterSet::ke0, "1/min", Bounds::positive(), "plasma to effect site"},
    {"norketamine_fraction", &PkParameterSet::norketamine_fraction, "1", Bounds::closed(0.0, 1.0),
     "share of ketamine elimination forming norketamine"},
    {"V_norketamine", &PkParameterSet::V_norketamine, "L/kg", Bounds::positive(),
     "norketamine volume of distribution per kg"},
    {"t_half_norketamine", &PkParameterSet::t_half_norketamine, "min", Bounds::positive(),
     "norketamine elimination half-life at 70 kg"},
}};

/// Names of the built-in sets, alphabetical ("user" is not one of them).
std::span<const std::string_view> pk_parameter_set_names() noexcept;

/// The built-in set called `name`, or nullptr if there is none.
const PkParameterSet* find_pk_parameter_set(std::string_view name) noexcept;

/// Throws ParamError naming the set and the offending parameter, its value and unit, unless:
/// volumes and ke0 > 0, rate constants >= 0, n_compartments in 1..3 and the rate constants of
/// compartments beyond n_compartments zero, 0 <= norketamine_fraction <= 1, t_half > 0.
void validate_pk_parameter_set(const PkParameterSet& set);

} // namespace hornet::models
