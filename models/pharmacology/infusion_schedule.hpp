// SPDX-License-Identifier: MIT
#pragma once
/// A dosing schedule of intravenous boluses and constant-rate infusions, expanded and checked:
/// the input of the pharmacokinetics as a piecewise-constant rate plus instantaneous boluses.
///
/// Canonical units: time [min], amounts [mg], rates [mg/min]. Doses per kg of body weight are
/// resolved by the caller. A bolus with duration_min > 0 is "given over" that time: an infusion
/// of amount / duration. A dose repeats repeat_count times in all, every repeat_every_min.
///
/// Checks (ScheduleError, with the index of the offending DoseSpec): start, amount, rate,
/// duration and repeat interval finite and >= 0; an infusion lasts > 0; repeat_count >= 1; a
/// repeated dose repeats every > 0 min and not before its previous occurrence has ended; no two
/// infusions (counting "given over" boluses) overlap. An instantaneous bolus may be given
/// during an infusion or at the same time as another bolus. Infusions that touch (one ends as
/// the next starts) do not overlap; nor do ones that overlap by less than overlap_tolerance_min,
/// which absorbs rounding in start + k * repeat_every_min.
#include "hornet/core/pharmacology.hpp"

#include <span>
#include <vector>

namespace hornet::models {

/// One line of a schedule (cf. hornet::DoseEntry, which the scenario reader fills in ms and
/// per kg).
struct DoseSpec {
    enum class Kind { bolus, infusion };
    Kind kind = Kind::bolus;
    double start_min = 0.0;       // [min] first (or only) occurrence
    double amount_mg = 0.0;       // [mg] bolus only
    double rate_mg_per_min = 0.0; // [mg/min] infusion only
    double duration_min = 0.0;    // [min] infusion length; a bolus's "given over" time (0: at once)
    double repeat_every_min = 0.0; // [min] start-to-start interval of repeats
    int repeat_count = 1;          // [1] occurrences in all, the first included
};

/// The infusion rate from time_min until the next breakpoint.
struct RateBreakpoint {
    double time_min;        // [min]
    double rate_mg_per_min; // [mg/min]
};

/// An instantaneous bolus.
struct Bolus {
    double time_min;  // [min]
    double amount_mg; // [mg]
};

/// [min] infusions overlapping by less than this are taken to touch (rounding of repeat times).
inline constexpr double overlap_tolerance_min = 1e-9;

/// An expanded, sorted and checked schedule. Immutable once built.
class InfusionSchedule {
public:
    /// No doses at all.
    InfusionSchedule() = default;
    /// Expands repeats and checks the doses; throws hornet::ScheduleError whose dose() is the
    /// index into `doses` of the dose at fault (for an overlap: the one that starts later).
    explicit InfusionSchedule(std::span<const DoseSpec> doses);

    /// Times where the rate changes, strictly increasing. The rate is 0 before the first and
    /// after the last (whose rate is 0). Empty if there are no infusions.
    const std::vector<RateBreakpoint>& rate_breakpoints() const noexcept { return breakpoints_; }
    /// Instantaneous boluses, sorted by time (several may share a time).
    const std::vector<Bolus>& boluses() const noexcept { return boluses_; }

    /// [mg/min] rate at `t_min`; at a breakpoint the new rate (right-continuous).
    double rate_at(double t_min) const noexcept;
    /// [mg] everything given: boluses plus rate times duration of every infusion.
    double total_dose_mg() const noexcept { return total_dose_mg_; }
    /// [min] when the last dose ends (the last bolus or the end of the last infusion); 0 if empty.
    double end_min() const noexcept { return end_min_; }
    bool empty() const noexcept { return breakpoints_.empty() && boluses_.empty(); }

private:
    std::vector<RateBreakpoint> breakpoints_;
    std::vector<Bolus> boluses_;
    double total_dose_mg_ = 0.0;
    double end_min_ = 0.0;
};

} // namespace hornet::models
