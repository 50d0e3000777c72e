// SPDX-License-Identifier: MIT
#include "models/pharmacology/pk_parameter_set.hpp"

#include "hornet/core/error.hpp"

#include <algorithm>
#include <sstream>
#include <string>

namespace hornet::models {
namespace {

// Micro rate constants as encoded by opentiva [S21] and tabulated in SCIENCE.md §3.1. Every set
// keeps the default ke0 (0.652 /min, derived for Domino from an assumed 1 min time to peak,
// Open question 4) and the default norketamine parameters (Open question 11). Alphabetical.
constexpr std::array<PkParameterSet, 4> builtin_sets{{
    {
        .name = "clements_nimmo_1981",
        .citation = "Clements JA, Nimmo WS (1981) Br J Anaesth 53:27, 250 ug/kg data "
                    "(opentiva Clements250)",
        .n_compartments = 2,
        // NOTE: a central volume of 1.75 L/kg looks like a whole-body volume; kept as encoded
        // (SCIENCE.md Open question 3).
        .V1 = 1.7522,                     // [L/kg] Clements & Nimmo 1981 via opentiva [S21]
        .k10 = 0.0109,                    // [1/min] Clements & Nimmo 1981 via opentiva [S21]
        .k12 = 0.0186,                    // [1/min] Clements & Nimmo 1981 via opentiva [S21]
        .k21 = 0.0137,                    // [1/min] Clements & Nimmo 1981 via opentiva [S21]
        .scaling = WeightScaling::linear, // opentiva scales Clements linearly [S21]
    },
    {
        .name = "domino_1984",
        .citation = "Domino EF et al. (1984), as encoded by opentiva (Domino, PMID 7198883)",
        .n_compartments = 3,
        .V1 = 0.063,   // [L/kg] Domino et al. 1984 via opentiva [S21]; also fus_anes [S22]
        .k10 = 0.4381, // [1/min] Domino et al. 1984 [S21,S22]
        .k12 = 0.5921, // [1/min] Domino et al. 1984 [S21,S22]
        .k13 = 0.5900, // [1/min] Domino et al. 1984 [S21,S22]
        .k21 = 0.2470, // [1/min] Domino et al. 1984 [S21,S22]
        .k31 = 0.0146, // [1/min] Domino et al. 1984 [S21,S22]
        .scaling = WeightScaling::linear, // opentiva scales Domino linearly [S21]
    },
    {
        .name = "hijazi_2003",
        .citation = "Hijazi Y et al. (2003) Br J Anaesth 90:155 (opentiva Hijazi)",
        .n_compartments = 2,
        .V1 = 1.08,                       // [L/kg] Hijazi et al. 2003 via opentiva [S21]
        .k10 = 0.0333,                    // [1/min] Hijazi et al. 2003 via opentiva [S21]
        .k12 = 0.0088,                    // [1/min] Hijazi et al. 2003 via opentiva [S21]
        .k21 = 0.0030,                    // [1/min] Hijazi et al. 2003 via opentiva [S21]
        .scaling = WeightScaling::linear, // opentiva scales Hijazi linearly [S21]
    },
    {
        .name = "kamp_2020",
        .citation = "Kamp J et al. (2020) Anesthesiology 133:1192, meta-analysis weighted "
                    "means: Vd 252 L/70 kg, CL 79 L/h/70 kg",
        .n_compartments = 1,
        .V1 = 252.0 / 70.0,         // [L/kg] Vd 252 L/70 kg, Kamp et al. 2020 [S23]
        .k10 = 79.0 / 60.0 / 252.0, // [1/min] CL 79 L/h/70 kg over Vd, Kamp et al. 2020 [S23]
        // Kamp reports both per 70 kg; scaled like the other per-70-kg (NONMEM) models, Herd
        // and Hornik: V proportional to W, CL to (W/70)^0.75 (SCIENCE.md §3.1 [S21]).
        .scaling = WeightScaling::allometric,
    },
}};

constexpr auto builtin_names = [] {
    std::array<std::string_view, builtin_sets.size()> names{};
    for (std::size_t i = 0; i < builtin_sets.size(); ++i) names[i] = builtin_sets[i].name;
    return names;
}();
static_assert(std::is_sorted(builtin_names.begin(), builtin_names.end()),
              "keep the built-in parameter sets alphabetical");

std::string where(const PkParameterSet& set) {
    return "pharmacokinetic parameter set \"" + std::string(set.name) + "\"";
}

} // namespace

std::optional<WeightScaling> parse_weight_scaling(std::string_view text) noexcept {
    for (std::size_t i = 0; i < weight_scaling_name_table.size(); ++i)
        if (weight_scaling_name_table[i] == text) return static_cast<WeightScaling>(i);
    return std::nullopt;
}

std::span<const std::string_view> pk_parameter_set_names() noexcept { return builtin_names; }

const PkParameterSet* find_pk_parameter_set(std::string_view name) noexcept {
    for (const auto& set : builtin_sets)
        if (set.name == name) return &set;
    return nullptr;
}

void validate_pk_parameter_set(const PkParameterSet& set) {
    if (set.n_compartments < 1 || set.n_compartments > 3) {
        std::ostringstream msg;
        msg << where(set) << ": n_compartments = " << set.n_compartments << " must be 1, 2 or 3";
        throw ParamError(msg.str());
    }
    check_bounds(set, pk_parameter_fields, where(set));
    // NOTE: a rate constant of a compartment the set does not have would silently add one.
    const auto require_absent = [&](const char* name, double value, int compartment) {
        if (set.n_compartments >= compartment || value == 0.0) return;
        std::ostringstream msg;
        msg << where(set) << ": " << name << " = " << value << " 1/min must be 0 with "
            << set.n_compartments << " compartment" << (set.n_compartments > 1 ? "s" : "");
        throw ParamError(msg.str());
    };
    require_absent("k12", set.k12, 2);
    require_absent("k21", set.k21, 2);
    require_absent("k13", set.k13, 3);
    require_absent("k31", set.k31, 3);
}

} // namespace hornet::models
