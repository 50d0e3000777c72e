// SPDX-License-Identifier: MIT
#pragma once
/// The [pharmacology] part of a scenario, as data in canonical units: either a fixed drug
/// concentration at the receptors (a bath application) or pharmacokinetics driven by a dosing
/// schedule. models/pharmacology turns it into concentrations; engine/io reads it from TOML.
/// Canonical units here: time ms, drug mass mg, rates mg/min, body weight kg, concentration uM.
#include "hornet/core/drug.hpp"
#include "hornet/core/error.hpp"
#include "hornet/core/parameters.hpp"

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hornet {

/// Molar mass of ketamine base, C13H16ClNO: ng/mL = uM * 237.7. The hydrochloride (274 g/mol)
/// is what some "1 uM = 274 ng/mL" figures use (SCIENCE.md §2.1 [S17,S73]).
inline constexpr double kKetamineMolarMass = 237.7; // [g/mol]
/// Molar mass of norketamine base, C12H14ClNO (computed from the formula).
inline constexpr double kNorketamineMolarMass = 223.7; // [g/mol]

/// One line of a dosing schedule, as written (per kg of body weight or absolute).
struct DoseEntry {
    enum class Kind { bolus, infusion };
    Kind kind = Kind::infusion;
    double start_ms = 0.0;
    double amount_mg = 0.0;       ///< bolus: drug given (per kg if per_kg)
    double rate_mg_per_min = 0.0; ///< infusion: rate (per kg if per_kg)
    double duration_ms = 0.0;     ///< infusion length; for a bolus, "given over" (0: at once)
    bool per_kg = false;
    double repeat_every_ms = 0.0; ///< 0: given once
    int repeat_count = 1;         ///< how many times in all, the first included
};

struct PharmacologySpec {
    bool enabled = false;
    /// Set: this fixed concentration at the receptors, no pharmacokinetics.
    std::optional<DrugLevels> fixed;
    std::string parameter_set = "domino_1984";
    std::string scaling; ///< "" = the parameter set's own, or "linear" / "allometric"
    double body_weight_kg = 70.0;
    /// Parameters of parameter_set = "user" (names of the PharmacokineticsEntry's table).
    std::map<std::string, double, std::less<>> user_parameters;
    std::vector<DoseEntry> doses;
    double free_fraction = 1.0;      ///< unbound fraction of plasma ketamine
    double brain_plasma_ratio = 1.0; ///< effect-site (brain/spinal) to plasma concentration
    double sample_interval_ms = 60000.0;
    /// NMDA block parameters set for every population that has them (and does not set them
    /// itself); already merged into the populations' parameters by the reader.
    std::map<std::string, double, std::less<>> block_defaults;
};

/// A dosing schedule the pharmacokinetics refuses (overlapping infusions, a repeat shorter than
/// its dose, ...); `dose` is the index into PharmacologySpec::doses, for the reader to point at.
class ScheduleError : public ConfigError {
public:
    ScheduleError(std::size_t dose, const std::string& message)
        : ConfigError(message), dose_(dose) {}
    std::size_t dose() const noexcept { return dose_; }

private:
    std::size_t dose_;
};

/// What the scenario reader needs to know about the pharmacokinetic models.
struct PharmacokineticsEntry {
    std::vector<std::string_view> parameter_sets; ///< names, alphabetical, "user" included
    std::vector<ParameterInfo> user_parameters;   ///< the table of parameter_set = "user"
    std::vector<std::string_view> scalings;       ///< "linear", "allometric"
    /// Checks a spec (parameters, schedule); throws ScheduleError or ParamError.
    std::function<void(const PharmacologySpec&)> check;
};

} // namespace hornet
