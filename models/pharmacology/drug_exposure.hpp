// SPDX-License-Identifier: MIT
#pragma once
/// The drug a scenario's [pharmacology] table describes, as concentrations over time: either a
/// fixed concentration at the receptors (a bath application), or ketamine pharmacokinetics
/// (compartment_model.hpp) driven by a dosing schedule, converted to the receptors as
///   receptor ketamine [uM]    = effect site [ng/mL] x free_fraction x brain_plasma_ratio / 237.7
///   receptor norketamine [uM] = plasma norketamine [ng/mL] x free_fraction x brain_plasma_ratio
///                               / 223.7  (no effect site of its own: none was published)
/// Both factors default to 1 and are weakly sourced (SCIENCE.md §2.1, Open question 4): plasma
/// protein binding of 12-47 % is reported in weak secondary sources, no brain/plasma ratio was
/// retrieved. The same free fraction is assumed for norketamine.
#include "hornet/core/drug.hpp"
#include "hornet/core/model_registry.hpp"
#include "hornet/core/pharmacology.hpp"
#include "models/pharmacology/compartment_model.hpp"

#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace hornet::models {

/// Concentrations at one time.
struct ExposureSample {
    double time_ms = 0.0;
    double plasma_ng_per_mL = 0.0;      ///< 0 for a fixed concentration
    double effect_site_ng_per_mL = 0.0; ///< 0 for a fixed concentration
    double norketamine_ng_per_mL = 0.0; ///< 0 for a fixed concentration
    DrugLevels receptor;                ///< [uM] free, at the NMDA receptors
    double dosed_mg = 0.0, body_content_mg = 0.0, eliminated_mg = 0.0;
};

class DrugExposure final : public DrugTimeCourse {
public:
    /// Throws ParamError for a bad parameter set and ScheduleError for a bad schedule.
    explicit DrugExposure(const PharmacologySpec& spec);

    const PharmacologySpec& spec() const noexcept { return spec_; }
    bool has_pharmacokinetics() const noexcept { return trajectory_ != nullptr; }
    /// The model in use (null for a fixed concentration).
    const CompartmentModel* model() const noexcept {
        return trajectory_ ? &trajectory_->model() : nullptr;
    }

    /// Receptor concentrations at `t_ms` (any time). The simulator asks once per slice at
    /// evenly spaced times; those are propagated sample to sample (tens of ns) instead of
    /// solved afresh (microseconds), with the same exact propagator.
    DrugLevels at(double t_ms) noexcept override;
    /// Samples at `times_ms` (increasing; a uniform grid is propagated step by step).
    std::vector<ExposureSample> samples(std::span<const double> times_ms) const;

private:
    ExposureSample convert(double t_ms, const PkSample& pk) const noexcept;

    PharmacologySpec spec_;
    std::unique_ptr<PkTrajectory> trajectory_;
    // The grid of the calls to at(): the previous time, and a sampler once two calls fix the
    // spacing.
    double last_ms_ = -1.0;
    std::optional<PkSampler> grid_;
};

/// The schedule of `spec` in the pharmacokinetics' units (per kg resolved by body weight).
std::vector<DoseSpec> dose_specs(const PharmacologySpec& spec);

/// What the scenario reader needs: parameter-set names, the "user" table, a full check.
void register_pharmacokinetics(ModelRegistry& registry);

} // namespace hornet::models
