// SPDX-License-Identifier: MIT
#include "models/pharmacology/infusion_schedule.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <tuple>

namespace hornet::models {
namespace {

/// One occurrence of an infusion (or of a bolus given over a time).
struct Occurrence {
    double start_min;
    double end_min;
    double rate_mg_per_min;
    std::size_t dose; // index into the DoseSpec list
    int repeat;       // 0-based occurrence of that dose
};

std::string name(std::size_t dose) { return "doses[" + std::to_string(dose) + "]"; }

[[noreturn]] void fail(std::size_t dose, const std::string& what) {
    throw ScheduleError(dose, name(dose) + ": " + what);
}

/// "start = -5 min must be >= 0 min" unless `value` is finite and >= 0.
void check_non_negative(std::size_t dose, const char* field, double value, const char* unit) {
    if (std::isfinite(value) && value >= 0.0) return;
    std::ostringstream msg;
    msg << field << " = " << value << " " << unit << " must be finite and >= 0 " << unit;
    fail(dose, msg.str());
}

void check_dose(const DoseSpec& d, std::size_t i) {
    check_non_negative(i, "start", d.start_min, "min");
    check_non_negative(i, "duration", d.duration_min, "min");
    if (d.kind == DoseSpec::Kind::bolus) {
        check_non_negative(i, "amount", d.amount_mg, "mg");
    } else {
        check_non_negative(i, "rate", d.rate_mg_per_min, "mg/min");
        if (!(d.duration_min > 0.0)) fail(i, "an infusion needs a duration > 0 min");
    }
    if (d.repeat_count < 1) {
        fail(i, "repeat_count = " + std::to_string(d.repeat_count) +
                    " must be >= 1 (the first occurrence counts)");
    }
    check_non_negative(i, "repeat_every", d.repeat_every_min, "min");
    if (d.repeat_count == 1) return;
    if (!(d.repeat_every_min > 0.0)) {
        fail(i, "repeat_count = " + std::to_string(d.repeat_count) + " needs repeat_every > 0 min");
    }
    if (d.repeat_every_min < d.duration_min) {
        std::ostringstream msg;
        msg << "repeat_every = " << d.repeat_every_min << " min is shorter than the dose's own "
            << "duration (" << d.duration_min << " min); a repeat would start before the "
            << "previous one ends";
        fail(i, msg.str());
    }
}

std::string hours(double t_min) {
    std::ostringstream out;
    out << t_min / 60.0 << " h";
    return out.str();
}

std::string describe(const Occurrence& o, const DoseSpec& d) {
    std::string text = name(o.dose) + " (";
    if (d.repeat_count > 1)
        text += "occurrence " + std::to_string(o.repeat + 1) + " of " +
                std::to_string(d.repeat_count) + ", ";
    return text + hours(o.start_min) + " to " + hours(o.end_min) + ")";
}

/// Throws ScheduleError if two occurrences in `runs` (sorted by start) overlap.
void check_overlaps(const std::vector<Occurrence>& runs, std::span<const DoseSpec> doses) {
    const Occurrence* longest = nullptr; // the run seen so far that ends last
    for (const Occurrence& run : runs) {
        if (longest && run.start_min < longest->end_min - overlap_tolerance_min) {
            const double until = std::min(run.end_min, longest->end_min);
            throw ScheduleError(run.dose,
                                describe(run, doses[run.dose]) + " overlaps " +
                                    describe(*longest, doses[longest->dose]) + " from " +
                                    hours(run.start_min) + " to " + hours(until) +
                                    "; infusions cannot run at the same time (a bolus can be given "
                                    "during an infusion)");
        }
        if (!longest || run.end_min > longest->end_min) longest = &run;
    }
}

} // namespace

InfusionSchedule::InfusionSchedule(std::span<const DoseSpec> doses) {
    std::vector<Occurrence> runs;
    for (std::size_t i = 0; i < doses.size(); ++i) {
        const DoseSpec& d = doses[i];
        check_dose(d, i);
        for (int k = 0; k < d.repeat_count; ++k) {
            // NOTE: start + k * every, never accumulated, so repeats do not drift.
            const double start = d.start_min + static_cast<double>(k) * d.repeat_every_min;
            if (d.kind == DoseSpec::Kind::bolus && d.duration_min == 0.0) {
                boluses_.push_back({start, d.amount_mg});
                total_dose_mg_ += d.amount_mg;
                end_min_ = std::max(end_min_, start);
                continue;
            }
            const double rate =
                d.kind == DoseSpec::Kind::bolus ? d.amount_mg / d.duration_min : d.rate_mg_per_min;
            runs.push_back({start, start + d.duration_min, rate, i, k});
            total_dose_mg_ +=
                d.kind == DoseSpec::Kind::bolus ? d.amount_mg : d.rate_mg_per_min * d.duration_min;
            end_min_ = std::max(end_min_, start + d.duration_min);
        }
    }
    std::sort(runs.begin(), runs.end(), [](const Occurrence& a, const Occurrence& b) {
        return std::tie(a.start_min, a.dose, a.repeat) < std::tie(b.start_min, b.dose, b.repeat);
    });
    check_overlaps(runs, doses);
    std::stable_sort(boluses_.begin(), boluses_.end(),
                     [](const Bolus& a, const Bolus& b) { return a.time_min < b.time_min; });

    for (const Occurrence& run : runs) {
        // Runs do not overlap, so each starts at or after the previous end (the last
        // breakpoint, rate 0). One that starts within the tolerance continues from there.
        if (!breakpoints_.empty() &&
            run.start_min <= breakpoints_.back().time_min + overlap_tolerance_min)
            breakpoints_.back().rate_mg_per_min = run.rate_mg_per_min;
        else
            breakpoints_.push_back({run.start_min, run.rate_mg_per_min});
        if (run.end_min > breakpoints_.back().time_min)
            breakpoints_.push_back({run.end_min, 0.0});
        else // shorter than the tolerance: nothing left of it
            breakpoints_.back().rate_mg_per_min = 0.0;
    }
}

double InfusionSchedule::rate_at(double t_min) const noexcept {
    const auto after =
        std::upper_bound(breakpoints_.begin(), breakpoints_.end(), t_min,
                         [](double t, const RateBreakpoint& b) { return t < b.time_min; });
    return after == breakpoints_.begin() ? 0.0 : std::prev(after)->rate_mg_per_min;
}

} // namespace hornet::models
