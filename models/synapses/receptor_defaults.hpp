// SPDX-License-Identifier: MIT
#pragma once
/// Published receptor kinetics for dual-exponential synapses (models/synapses/
/// dual_exponential.hpp), from the two dorsal-horn models we follow (SCIENCE.md §1.1, §1.3):
/// Aguiar et al. 2010 (ModelDB 128559, WDR wind-up model) [S3,S4] and Medlock et al. 2022
/// (ModelDB 267056, SDH network) [S6]. A model picks one row as its defaults; configs override.
///
///   name            tau_rise  tau_decay  E_rev   source
///   ampa            0.1 ms    5 ms        0 mV   Aguiar 2010 [S3]; Medlock 2022 [S6]
///   nmda_aguiar     5 ms      70 ms       0 mV   Aguiar 2010 NMDA_DynSyn.mod [S3,S4]
///   nmda_medlock    2 ms      100 ms      0 mV   Medlock 2022 [S6]; Brunel & Wang 2001 [S12]
///   gaba_a_aguiar   1 ms      20 ms     -80 mV   Aguiar 2010 GABAa_DynSyn.mod [S3]
///   gaba_a_medlock  0.1 ms    20 ms     -70 mV   Medlock 2022 [S6]
///   glycine         0.1 ms    10 ms     -70 mV   Medlock 2022 [S6]
///   nk1             100 ms    1000 ms     0 mV   Medlock 2022 "NK13" (substance P) [S6]
///
/// Brunel & Wang 2001 use 2 / 100 ms with a saturating rise (alpha = 0.5 /ms) [S12], which a
/// dual exponential matches only for sparse input; Medlock's slow NK1 variant (200 / 3000 ms)
/// is left out because no reversal potential was retrieved for it. The GABA_A / glycine
/// reversal (E_anion) is a pathology knob (Prescott et al. 2006 [S64]): these rows are only
/// the published defaults.
#include <array>
#include <string_view>

namespace hornet::models {

/// One receptor's dual-exponential kinetics and reversal potential.
struct ReceptorKinetics {
    std::string_view name;
    double tau_rise;  // [ms]
    double tau_decay; // [ms]
    double E_rev;     // [mV]
    std::string_view source;
};

namespace receptors {

inline constexpr ReceptorKinetics ampa{"ampa", 0.1, 5.0, 0.0,
                                       "Aguiar 2010 [S3]; Medlock 2022 [S6]"};
inline constexpr ReceptorKinetics nmda_aguiar{"nmda_aguiar", 5.0, 70.0, 0.0,
                                              "Aguiar 2010 NMDA_DynSyn.mod [S3,S4]"};
inline constexpr ReceptorKinetics nmda_medlock{"nmda_medlock", 2.0, 100.0, 0.0,
                                               "Medlock 2022 [S6]; Brunel & Wang 2001 [S12]"};
inline constexpr ReceptorKinetics gaba_a_aguiar{"gaba_a_aguiar", 1.0, 20.0, -80.0,
                                                "Aguiar 2010 GABAa_DynSyn.mod [S3]"};
inline constexpr ReceptorKinetics gaba_a_medlock{"gaba_a_medlock", 0.1, 20.0, -70.0,
                                                 "Medlock 2022 [S6]"};
inline constexpr ReceptorKinetics glycine{"glycine", 0.1, 10.0, -70.0, "Medlock 2022 [S6]"};
inline constexpr ReceptorKinetics nk1{"nk1", 100.0, 1000.0, 0.0, "Medlock 2022 NK13 [S6]"};

/// Every row above, for lookup by name and for the generated docs.
inline constexpr std::array<ReceptorKinetics, 7> table{
    ampa, nmda_aguiar, nmda_medlock, gaba_a_aguiar, gaba_a_medlock, glycine, nk1};

/// [1] fraction of the NMDA current carried by Ca2+: Aguiar 2010 mod file, citing Burnashev &
/// Sakmann 1995 [S3].
inline constexpr double nmda_ca_fraction = 0.10;

/// [mM] extracellular Mg2+: Aguiar 2010 [S3] (some models use 1.2 mM [S11]).
inline constexpr double Mg_o_mM = 1.0;

} // namespace receptors
} // namespace hornet::models
