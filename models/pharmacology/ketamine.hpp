// SPDX-License-Identifier: MIT
#pragma once
/// Ketamine and norketamine as chemicals: molar masses and the ng/mL <-> uM conversion.
///
/// Molar masses (of the bases; SCIENCE.md §2.1) are defined once, in hornet/core/pharmacology.hpp,
/// because the scenario reader needs them too:
///   kKetamineMolarMass    237.7 g/mol  ketamine base C13H16ClNO [S17,S73]. The hydrochloride,
///                                      about 274 g/mol, is behind "1 uM = 274 ng/mL" figures.
///   kNorketamineMolarMass 223.7 g/mol  norketamine base C12H14ClNO, computed from the formula
///                                      (ketamine minus CH2: 237.7 - 14.0).
/// Concentrations in ng/mL equal ug/L, so c[uM] = c[ng/mL] / M[g/mol]: 185 ng/mL of ketamine is
/// 0.78 uM (SCIENCE.md §2.1). Doses in mg/kg are taken as ketamine base; whether a product is
/// labelled as base or hydrochloride changes the dose by 15 % (SCIENCE.md Open question 12).
#include "hornet/core/pharmacology.hpp"

namespace hornet::models {

/// Mass concentration [ng/mL] to molar concentration [uM] for a drug of molar mass [g/mol].
constexpr double ng_per_mL_to_uM(double concentration_ng_per_mL,
                                 double molar_mass_g_per_mol) noexcept {
    return concentration_ng_per_mL / molar_mass_g_per_mol; // ug/L / (g/mol) = umol/L
}

/// Molar concentration [uM] to mass concentration [ng/mL] for a drug of molar mass [g/mol].
constexpr double uM_to_ng_per_mL(double concentration_uM, double molar_mass_g_per_mol) noexcept {
    return concentration_uM * molar_mass_g_per_mol;
}

/// Mass of norketamine formed from one mass unit of ketamine (one molecule each): 0.941.
inline constexpr double norketamine_per_ketamine_mass = kNorketamineMolarMass / kKetamineMolarMass;

} // namespace hornet::models
