// SPDX-License-Identifier: MIT
#include "models/pharmacology/compartment_model.hpp"

#include "hornet/core/error.hpp"
#include "models/pharmacology/ketamine.hpp"

#include <unsupported/Eigen/MatrixFunctions>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <sstream>
#include <utility>

namespace hornet::models {
namespace {

constexpr double ng_per_mL_per_mg_per_L = 1000.0; // 1 mg/L = 1 ug/mL = 1000 ng/mL

CompartmentModel::Scaled scale(const PkParameterSet& set, double weight_kg, WeightScaling scaling) {
    // NOTE: with volumes proportional to W and clearances to (W/70)^0.75, every rate constant
    // (a clearance over a volume) goes as (W/70)^-0.25. ke0 is not a clearance: unchanged.
    const double rate_factor =
        scaling == WeightScaling::linear
            ? 1.0
            : std::pow(weight_kg / pk_reference_weight_kg, allometric_clearance_exponent - 1.0);
    CompartmentModel::Scaled s{};
    s.body_weight_kg = weight_kg;
    s.V1_L = set.V1 * weight_kg;
    s.k10 = set.k10 * rate_factor;
    s.k12 = set.k12 * rate_factor;
    s.k13 = set.k13 * rate_factor;
    s.k21 = set.k21 * rate_factor;
    s.k31 = set.k31 * rate_factor;
    s.ke0 = set.ke0;
    s.norketamine_fraction = set.norketamine_fraction;
    s.V_norketamine_L = set.V_norketamine * weight_kg;
    s.k_norketamine = std::numbers::ln2 / set.t_half_norketamine * rate_factor;
    return s;
}

} // namespace

CompartmentModel::CompartmentModel(const PkParameterSet& set, double body_weight_kg,
                                   std::optional<WeightScaling> scaling)
    : set_(set), scaling_(scaling.value_or(set.scaling)) {
    validate_pk_parameter_set(set);
    if (!(std::isfinite(body_weight_kg) && body_weight_kg > 0.0)) {
        std::ostringstream msg;
        msg << "pharmacokinetics: body weight = " << body_weight_kg << " kg must be > 0 kg";
        throw ParamError(msg.str());
    }
    scaled_ = scale(set, body_weight_kg, scaling_);
    const Scaled& s = scaled_;
    M_.setZero();
    M_(central, central) = -(s.k10 + s.k12 + s.k13);
    M_(central, peripheral2) = s.k21;
    M_(central, peripheral3) = s.k31;
    M_(peripheral2, central) = s.k12;
    M_(peripheral2, peripheral2) = -s.k21;
    M_(peripheral3, central) = s.k13;
    M_(peripheral3, peripheral3) = -s.k31;
    M_(effect_site, central) = s.ke0 / s.V1_L; // ke0 Cp, Cp = A1 / V1
    M_(effect_site, effect_site) = -s.ke0;
    M_(norketamine, central) = s.norketamine_fraction * s.k10;
    M_(norketamine, norketamine) = -s.k_norketamine;
    M_(ketamine_eliminated, central) = (1.0 - s.norketamine_fraction) * s.k10;
    M_(norketamine_eliminated, norketamine) = s.k_norketamine;
    b_.setZero();
    b_(central) = 1.0;
    b_(dosed) = 1.0;
}

CompartmentModel::Propagator CompartmentModel::propagator(double h_min) const {
    HORNET_ASSERT(h_min >= 0.0, "propagator over a negative interval");
    using Augmented = Eigen::Matrix<double, n_states + 1, n_states + 1>;
    Augmented a = Augmented::Zero();
    a.topLeftCorner<n_states, n_states>() = M_ * h_min;
    a.topRightCorner<n_states, 1>() = b_ * h_min;
    const Augmented e = a.exp();
    return {e.topLeftCorner<n_states, n_states>(), e.topRightCorner<n_states, 1>()};
}

void CompartmentModel::add_bolus(State& x, double amount_mg) noexcept {
    x(central) += amount_mg;
    x(dosed) += amount_mg;
}

PkSample CompartmentModel::sample(double t_min, const State& x) const noexcept {
    PkSample out;
    out.time_min = t_min;
    out.plasma_ng_per_mL = ng_per_mL_per_mg_per_L * x(central) / scaled_.V1_L;
    out.effect_site_ng_per_mL = ng_per_mL_per_mg_per_L * x(effect_site);
    out.norketamine_ng_per_mL = ng_per_mL_per_mg_per_L * x(norketamine) *
                                norketamine_per_ketamine_mass / scaled_.V_norketamine_L;
    out.dosed_mg = x(dosed);
    out.body_content_mg = x(central) + x(peripheral2) + x(peripheral3) + x(norketamine);
    out.eliminated_mg = x(ketamine_eliminated) + x(norketamine_eliminated);
    return out;
}

// ---- PkTrajectory -------------------------------------------------------------------------

namespace {

/// Propagators by interval length: repeated schedules have few distinct gaps.
class PropagatorMemo {
public:
    explicit PropagatorMemo(const CompartmentModel& model) : model_(model) {}
    const CompartmentModel::Propagator& operator()(double h_min) {
        for (const auto& [h, p] : entries_)
            if (h == h_min) return p;
        if (entries_.size() == max_entries) entries_.pop_back(); // keeps the first, recurring
        entries_.emplace_back(h_min, model_.propagator(h_min));
        return entries_.back().second;
    }

private:
    static constexpr std::size_t max_entries = 16;
    const CompartmentModel& model_;
    std::vector<std::pair<double, CompartmentModel::Propagator>> entries_;
};

} // namespace

PkTrajectory::PkTrajectory(CompartmentModel model, const InfusionSchedule& schedule)
    : model_(std::move(model)) {
    PropagatorMemo propagator(model_);
    State x = State::Zero();
    double rate = 0.0; // [mg/min] since the last stored time
    const auto store = [&](double t_min) {
        times_min_.push_back(t_min);
        rates_after_.push_back(rate);
        states_after_.push_back(x);
    };
    // Propagates x to t_min, storing a checkpoint every max_propagation_min on the way.
    const auto advance_to = [&](double t_min) {
        if (times_min_.empty()) return; // nothing given yet: x stays 0
        while (t_min - times_min_.back() > max_propagation_min) {
            const auto& p = propagator(max_propagation_min);
            x = p.transition * x + p.per_rate * rate;
            store(times_min_.back() + max_propagation_min);
        }
        const auto& p = propagator(t_min - times_min_.back());
        x = p.transition * x + p.per_rate * rate;
    };

    // The breakpoints: rate changes and boluses merged by time.
    const auto& rates = schedule.rate_breakpoints();
    const auto& boluses = schedule.boluses();
    constexpr double never = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0, j = 0; i < rates.size() || j < boluses.size();) {
        const double t = std::min(i < rates.size() ? rates[i].time_min : never,
                                  j < boluses.size() ? boluses[j].time_min : never);
        advance_to(t);
        for (; j < boluses.size() && boluses[j].time_min == t; ++j)
            CompartmentModel::add_bolus(x, boluses[j].amount_mg);
        if (i < rates.size() && rates[i].time_min == t) rate = rates[i++].rate_mg_per_min;
        store(t);
    }
    if (!times_min_.empty()) {
        const double until = times_min_.back() + checkpoint_horizon_min;
        advance_to(until);
        store(until);
    }
}

std::ptrdiff_t PkTrajectory::last_breakpoint(double t_min) const noexcept {
    const auto after = std::upper_bound(times_min_.begin(), times_min_.end(), t_min);
    return (after - times_min_.begin()) - 1;
}

PkTrajectory::State PkTrajectory::state_at(double t_min, std::ptrdiff_t k) const {
    if (k < 0) return State::Zero();
    const auto i = static_cast<std::size_t>(k);
    const double h = t_min - times_min_[i];
    if (h == 0.0) return states_after_[i];
    const auto p = model_.propagator(h);
    return p.transition * states_after_[i] + p.per_rate * rates_after_[i];
}

PkSample PkTrajectory::at(double t_min) const {
    return model_.sample(t_min, state_at(t_min, last_breakpoint(t_min)));
}

PkSampler PkTrajectory::sampler(double t0_min, double interval_min) const {
    if (!(std::isfinite(interval_min) && interval_min > 0.0) || !std::isfinite(t0_min)) {
        std::ostringstream msg;
        msg << "pharmacokinetics: sample interval = " << interval_min
            << " min must be > 0 min (start " << t0_min << " min must be finite)";
        throw ParamError(msg.str());
    }
    return PkSampler(*this, t0_min, interval_min);
}

// ---- PkSampler ----------------------------------------------------------------------------

PkSampler::PkSampler(const PkTrajectory& trajectory, double t0_min, double interval_min)
    : trajectory_(&trajectory), step_(trajectory.model_.propagator(interval_min)), t0_min_(t0_min),
      interval_min_(interval_min), x_(CompartmentModel::State::Zero()) {}

PkSample PkSampler::next() {
    const PkTrajectory& tr = *trajectory_;
    const double t = next_time_min();
    const bool crosses =
        next_breakpoint_ < tr.times_min_.size() && tr.times_min_[next_breakpoint_] <= t;
    if (n_ % restart_every == 0 || crosses) {
        // NOTE: restart from the stored state before t, as at() does: exact, and the same
        // numbers as at(t). Stored states are at most 1024 min apart; restarting every
        // restart_every samples as well bounds the rounding that repeated steps accumulate
        // when the interval is much shorter than a minute.
        const std::ptrdiff_t k = tr.last_breakpoint(t);
        x_ = tr.state_at(t, k);
        rate_mg_per_min_ = k < 0 ? 0.0 : tr.rates_after_[static_cast<std::size_t>(k)];
        next_breakpoint_ = static_cast<std::size_t>(k + 1);
    } else {
        x_ = step_.transition * x_ + step_.per_rate * rate_mg_per_min_;
    }
    ++n_;
    return tr.model_.sample(t, x_);
}

} // namespace hornet::models
