// SPDX-License-Identifier: MIT
#pragma once
/// Ketamine pharmacokinetics solved exactly: a PkParameterSet scaled to one body weight
/// (CompartmentModel), and the concentrations it gives for an InfusionSchedule at any time
/// (PkTrajectory::at) or on a uniform grid (PkSampler).
///
/// State x (8 values; equations in pk_parameter_set.hpp):
///   central, peripheral2, peripheral3   ketamine amounts A1, A2, A3 [mg]
///   effect_site                         effect-site concentration Ce [mg/L]
///   norketamine                         norketamine in the body, as the ketamine it came
///                                       from [mg ketamine-equivalent]
///   ketamine_eliminated                 ketamine eliminated other than as norketamine [mg]
///   norketamine_eliminated              norketamine eliminated [mg ketamine-equivalent]
///   dosed                               everything given so far [mg]
/// dx/dt = M x + b R(t) with b = (1 at central and dosed). Every mass is counted in
/// ketamine-equivalent mg (norketamine amounts are converted to norketamine mass only for its
/// concentration), so the columns of M over the mass states sum to zero and
///   dosed = (A1 + A2 + A3 + norketamine) + (ketamine_eliminated + norketamine_eliminated)
/// holds up to rounding (V11). The effect site has no volume and holds no mass.
///
/// Solution: R is constant between schedule breakpoints, so over a step h
///   x(t + h) = exp(M h) x(t) + (integral_0^h exp(M s) ds b) R,
/// both terms from one matrix exponential of the augmented 9x9 matrix [[M h, b h], [0, 0]]
/// (Eigen MatrixFunctions, scaling and squaring with Pade approximants): exact up to rounding,
/// for any h, stiff or not. A bolus adds its amount to central (and dosed) at its time; samples
/// at times >= the bolus time include it.
///
/// Cost: PkTrajectory stores the state after every breakpoint, and checkpoints at most 1024 min
/// apart in between and for a month after the last dose (one exponential per distinct gap, at
/// construction); at(t) is a binary search plus one exponential over at most 1024 min. PkSampler
/// precomputes the propagator of its interval, so next() is one 8x8 matrix-vector product; when a
/// stored time falls inside an interval (and every 1024 samples) it restarts from the stored state
/// exactly as at() does, so the two agree to ~1e-13 relative however long the schedule.
#include "models/pharmacology/infusion_schedule.hpp"
#include "models/pharmacology/pk_parameter_set.hpp"

#include <Eigen/Core>

#include <cstdint>
#include <optional>
#include <vector>

namespace hornet::models {

/// Concentrations and mass balance at one time. Masses are ketamine-equivalent mg, so
/// dosed_mg == body_content_mg + eliminated_mg (V11).
struct PkSample {
    double time_min = 0.0;              // [min]
    double plasma_ng_per_mL = 0.0;      // [ng/mL] ketamine, central compartment
    double effect_site_ng_per_mL = 0.0; // [ng/mL] ketamine, effect site
    double norketamine_ng_per_mL = 0.0; // [ng/mL] norketamine (its own mass)
    double dosed_mg = 0.0;              // [mg] given so far
    double body_content_mg = 0.0;       // [mg] ketamine plus norketamine (ketamine-equivalent)
    double eliminated_mg = 0.0;         // [mg] eliminated, ketamine-equivalent
};

/// A PkParameterSet scaled to one body weight: the linear system dx/dt = M x + b R.
class CompartmentModel {
public:
    enum StateIndex : int {
        central,
        peripheral2,
        peripheral3,
        effect_site,
        norketamine,
        ketamine_eliminated,
        norketamine_eliminated,
        dosed,
        n_states
    };
    using State = Eigen::Matrix<double, n_states, 1>;
    using SystemMatrix = Eigen::Matrix<double, n_states, n_states>;

    /// Volumes [L] and rate constants [1/min] at this body weight.
    struct Scaled {
        double body_weight_kg;
        double V1_L;
        double k10, k12, k13, k21, k31, ke0;
        double norketamine_fraction; // [1]
        double V_norketamine_L;
        double k_norketamine; // [1/min] ln 2 / t_half_norketamine, scaled
    };

    /// Exact propagation over one interval h: x(t + h) = transition x(t) + per_rate R.
    struct Propagator {
        SystemMatrix transition;
        State per_rate; // [state unit per mg/min]
    };

    /// Validates `set` (ParamError) and the body weight (> 0 kg); scales with `scaling`, or
    /// with the set's own when none is given.
    CompartmentModel(const PkParameterSet& set, double body_weight_kg,
                     std::optional<WeightScaling> scaling = std::nullopt);

    const PkParameterSet& parameters() const noexcept { return set_; }
    WeightScaling scaling() const noexcept { return scaling_; }
    const Scaled& scaled() const noexcept { return scaled_; }
    /// [L/min] ketamine clearance CL = k10 V1: a constant rate R gives Cp = R / CL at steady state.
    double clearance_L_per_min() const noexcept { return scaled_.k10 * scaled_.V1_L; }
    const SystemMatrix& system_matrix() const noexcept { return M_; }
    const State& rate_input() const noexcept { return b_; }

    /// The exact propagator over `h_min` >= 0 (one 9x9 matrix exponential, microseconds).
    Propagator propagator(double h_min) const;
    /// Gives a bolus of `amount_mg` to state `x`.
    static void add_bolus(State& x, double amount_mg) noexcept;
    /// Concentrations and masses of state `x` at `t_min`.
    PkSample sample(double t_min, const State& x) const noexcept;

private:
    PkParameterSet set_;
    WeightScaling scaling_;
    Scaled scaled_;
    SystemMatrix M_;
    State b_;
};

class PkSampler;

/// The state of one model under one schedule, at any time. Thread-safe to read (at() and
/// sampler() are const); samplers refer to it and must not outlive it.
class PkTrajectory {
public:
    PkTrajectory(CompartmentModel model, const InfusionSchedule& schedule);

    /// Sample at `t_min` (any time; before the first dose everything is 0).
    PkSample at(double t_min) const;
    /// Samples at t0_min + n interval_min for n = 0, 1, 2, ... (interval_min > 0).
    PkSampler sampler(double t0_min, double interval_min) const;
    const CompartmentModel& model() const noexcept { return model_; }

    /// [min] longest propagation from a stored state: gaps between breakpoints get checkpoints
    /// this far apart. The rounding of exp(M h) grows like h (the conserved masses' errors
    /// double with each squaring), about 1e-16 per minute; 1024 min keeps it near 1e-13.
    static constexpr double max_propagation_min = 1024.0;
    /// [min] checkpoints continue this long after the last breakpoint (a month: norketamine,
    /// the slowest, has decayed by 2^-60).
    static constexpr double checkpoint_horizon_min = 30.0 * 24.0 * 60.0;

private:
    friend class PkSampler;
    using State = CompartmentModel::State;

    /// Index of the last breakpoint at or before `t_min`; -1 if none.
    std::ptrdiff_t last_breakpoint(double t_min) const noexcept;
    /// State at `t_min`, propagated from breakpoint `k` = last_breakpoint(t_min).
    State state_at(double t_min, std::ptrdiff_t k) const;

    CompartmentModel model_;
    // One entry per breakpoint (a rate change, a bolus, or both) or checkpoint, by time:
    std::vector<double> times_min_;   // [min] strictly increasing
    std::vector<double> rates_after_; // [mg/min] rate from this breakpoint to the next
    std::vector<State> states_after_; // state just after the breakpoint (its bolus included)
};

/// Consecutive samples on a uniform grid, each from the previous one by a precomputed
/// propagator. Not thread-safe; one per consumer.
class PkSampler {
public:
    /// The sample at t0 + n interval, n counting the calls so far.
    PkSample next();
    /// [min] time of the sample the next call returns (computed, never accumulated).
    double next_time_min() const noexcept {
        return t0_min_ + static_cast<double>(n_) * interval_min_;
    }

private:
    friend class PkTrajectory;
    PkSampler(const PkTrajectory& trajectory, double t0_min, double interval_min);

    /// Samples between exact restarts from a breakpoint state, as at() computes them.
    static constexpr std::int64_t restart_every = 1024;

    const PkTrajectory* trajectory_;
    CompartmentModel::Propagator step_;
    double t0_min_;
    double interval_min_;
    std::int64_t n_ = 0;              // samples returned so far
    CompartmentModel::State x_;       // state at the last sample
    double rate_mg_per_min_ = 0.0;    // rate since the last sample
    std::size_t next_breakpoint_ = 0; // first breakpoint after the last sample
};

} // namespace hornet::models
