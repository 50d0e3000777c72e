// SPDX-License-Identifier: MIT
#include "models/pharmacology/drug_exposure.hpp"

#include "hornet/core/error.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace hornet::models {
namespace {

constexpr double kMsPerMin = 60000.0;

/// The parameter set a spec names: built in, or "user" from its parameter table.
PkParameterSet parameter_set_of(const PharmacologySpec& spec) {
    if (spec.parameter_set != "user") {
        const PkParameterSet* set = find_pk_parameter_set(spec.parameter_set);
        if (!set)
            throw ConfigError("unknown pharmacokinetic parameter set '" + spec.parameter_set + "'");
        return *set;
    }
    PkParameterSet set;
    set.name = "user";
    for (const auto& f : pk_parameter_fields) {
        const auto it = spec.user_parameters.find(f.name);
        if (it != spec.user_parameters.end()) set.*(f.member) = it->second;
    }
    set.n_compartments =
        set.k13 > 0.0 || set.k31 > 0.0 ? 3 : (set.k12 > 0.0 || set.k21 > 0.0 ? 2 : 1);
    return set;
}

std::optional<WeightScaling> scaling_of(const PharmacologySpec& spec) {
    if (spec.scaling.empty()) return std::nullopt;
    const auto s = parse_weight_scaling(spec.scaling);
    if (!s) throw ConfigError("unknown weight scaling '" + spec.scaling + "'");
    return s;
}

std::vector<std::string_view> parameter_set_choices() {
    std::vector<std::string_view> names(pk_parameter_set_names().begin(),
                                        pk_parameter_set_names().end());
    names.push_back("user");
    return names;
}

} // namespace

std::vector<DoseSpec> dose_specs(const PharmacologySpec& spec) {
    std::vector<DoseSpec> out;
    for (const DoseEntry& d : spec.doses) {
        const double per = d.per_kg ? spec.body_weight_kg : 1.0;
        DoseSpec s;
        s.kind =
            d.kind == DoseEntry::Kind::bolus ? DoseSpec::Kind::bolus : DoseSpec::Kind::infusion;
        s.start_min = d.start_ms / kMsPerMin;
        s.amount_mg = d.amount_mg * per;
        s.rate_mg_per_min = d.rate_mg_per_min * per;
        s.duration_min = d.duration_ms / kMsPerMin;
        s.repeat_every_min = d.repeat_every_ms / kMsPerMin;
        s.repeat_count = d.repeat_count;
        out.push_back(s);
    }
    return out;
}

DrugExposure::DrugExposure(const PharmacologySpec& spec) : spec_(spec) {
    if (spec.fixed) return;
    const auto doses = dose_specs(spec);
    const InfusionSchedule schedule(doses);
    trajectory_ = std::make_unique<PkTrajectory>(
        CompartmentModel(parameter_set_of(spec), spec.body_weight_kg, scaling_of(spec)), schedule);
}

ExposureSample DrugExposure::convert(double t_ms, const PkSample& pk) const noexcept {
    const double to_receptor = spec_.free_fraction * spec_.brain_plasma_ratio;
    ExposureSample s;
    s.time_ms = t_ms;
    s.plasma_ng_per_mL = pk.plasma_ng_per_mL;
    s.effect_site_ng_per_mL = pk.effect_site_ng_per_mL;
    s.norketamine_ng_per_mL = pk.norketamine_ng_per_mL;
    // ng/mL divided by g/mol is umol/L
    s.receptor.ketamine_uM = pk.effect_site_ng_per_mL * to_receptor / kKetamineMolarMass;
    s.receptor.norketamine_uM = pk.norketamine_ng_per_mL * to_receptor / kNorketamineMolarMass;
    s.dosed_mg = pk.dosed_mg;
    s.body_content_mg = pk.body_content_mg;
    s.eliminated_mg = pk.eliminated_mg;
    return s;
}

DrugLevels DrugExposure::at(double t_ms) noexcept {
    if (!trajectory_) return spec_.fixed.value_or(DrugLevels{});
    const double t_min = t_ms / kMsPerMin;
    const auto on_grid = [&] {
        return grid_ && std::abs(grid_->next_time_min() - t_min) <= 1e-12 * std::max(1.0, t_min);
    };
    if (!on_grid()) {
        grid_.reset();
        if (last_ms_ >= 0.0 && t_ms > last_ms_)
            grid_.emplace(trajectory_->sampler(t_min, (t_ms - last_ms_) / kMsPerMin));
    }
    last_ms_ = t_ms;
    const PkSample pk = grid_ ? grid_->next() : trajectory_->at(t_min);
    return convert(t_ms, pk).receptor;
}

std::vector<ExposureSample> DrugExposure::samples(std::span<const double> times_ms) const {
    std::vector<ExposureSample> out;
    out.reserve(times_ms.size());
    if (!trajectory_) {
        for (const double t : times_ms) {
            ExposureSample s;
            s.time_ms = t;
            s.receptor = spec_.fixed.value_or(DrugLevels{});
            out.push_back(s);
        }
        return out;
    }
    const std::size_t n = times_ms.size();
    const bool uniform = n > 2 && times_ms.front() == 0.0 &&
                         std::abs(times_ms.back() - static_cast<double>(n - 1) * times_ms[1]) <=
                             1e-9 * times_ms.back();
    if (!uniform) {
        for (const double t : times_ms) out.push_back(convert(t, trajectory_->at(t / kMsPerMin)));
        return out;
    }
    // NOTE: the sampler computes t0 + n interval itself; the caller's grid is the same grid.
    PkSampler sampler = trajectory_->sampler(0.0, times_ms[1] / kMsPerMin);
    for (const double t : times_ms) out.push_back(convert(t, sampler.next()));
    return out;
}

void register_pharmacokinetics(ModelRegistry& registry) {
    PharmacokineticsEntry e;
    e.parameter_sets = parameter_set_choices();
    for (const auto& f : pk_parameter_fields) e.user_parameters.push_back(f.info());
    e.scalings.assign(weight_scaling_name_table.begin(), weight_scaling_name_table.end());
    e.check = [](const PharmacologySpec& spec) {
        if (spec.fixed) return;
        const auto doses = dose_specs(spec);
        const InfusionSchedule schedule(doses); // throws ScheduleError naming the dose
        const PkParameterSet set = parameter_set_of(spec);
        validate_pk_parameter_set(set);
    };
    registry.set_pharmacokinetics(std::move(e));
}

} // namespace hornet::models
