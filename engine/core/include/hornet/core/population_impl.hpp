// SPDX-License-Identifier: MIT
#pragma once
/// Adapts a model struct to the Population interface. A model is a struct without virtual
/// functions (see `NeuronModel` below and models/neurons/lif_cond.hpp for an example); this
/// template gives it SoA storage and the one virtual call per population per step.
#include "hornet/core/error.hpp"
#include "hornet/core/population.hpp"

#include <Eigen/Core>

#include <array>
#include <cmath>
#include <concepts>
#include <string>
#include <vector>

namespace hornet {

// clang-format off
/// What the engine needs of a neuron model.
template <class M>
concept NeuronModel = requires(typename M::State& s, const typename M::Params& p,
                               const typename M::Propagators& prop, const StepInput& in,
                               IndexRange r, SpikeWriter& w, std::size_t n, double dt_ms) {
    { M::name } -> std::convertible_to<std::string_view>;
    { M::summary } -> std::convertible_to<std::string_view>;
    M::receptors;           // std::array<std::string_view, K>
    { M::receptor_unit } -> std::convertible_to<std::string_view>; // unit of weights on the ports
    M::parameters;          // std::array<ParamField<Params>, N>
    M::state_variables;     // std::array<StateField<State, Eigen::ArrayXd>, S>
    M::health_variable;     // index into state_variables checked for NaN / runaway
    M::health_limit;        // |value| above this is a runaway  [unit of that variable]
    { M::validate(p, std::string_view{}) };                       // cross-parameter checks
    { M::prepare(p, dt_ms) } -> std::same_as<typename M::Propagators>;
    { M::resize(s, n, p) };                                       // allocate, set defaults
    { M::step(s, p, prop, in, r, w) } noexcept;
};
// clang-format on

template <NeuronModel M>
class PopulationImpl final : public Population {
public:
    using Params = typename M::Params;
    using State = typename M::State;

    PopulationImpl(std::string name, std::size_t size, std::uint32_t id, const Params& params)
        : Population(std::move(name), size, id), params_(params) {
        M::resize(state_, size, params_);
        for (const auto& f : M::parameters) parameter_info_.push_back(f.info());
        for (const auto& f : M::state_variables) state_info_.push_back(f.info());
    }

    std::string_view model_name() const noexcept override { return M::name; }
    std::span<const std::string_view> receptors() const noexcept override { return M::receptors; }
    std::span<const StateInfo> state_variables() const noexcept override { return state_info_; }
    std::span<const ParameterInfo> parameters() const noexcept override { return parameter_info_; }
    double parameter_value(std::size_t index) const noexcept override {
        return params_.*(M::parameters[index].member);
    }

    void prepare(double dt_ms) override { propagators_ = M::prepare(params_, dt_ms); }

    void initialize(std::size_t variable, const ValueDistribution& dist,
                    std::uint64_t seed) override {
        const CounterRng rng(seed, RngPurpose::initial_state,
                             (id() << 8) | static_cast<std::uint32_t>(variable));
        Eigen::ArrayXd& values = state_.*(M::state_variables.at(variable).member);
        for (Eigen::Index i = 0; i < values.size(); ++i)
            values[i] = dist.sample(rng, static_cast<std::uint32_t>(i), 0);
    }

    void advance(const StepInput& input, IndexRange range, SpikeWriter& spikes) noexcept override {
        M::step(state_, params_, propagators_, input, range, spikes);
    }

    bool find_invalid(IndexRange range, std::size_t& neuron,
                      double& value) const noexcept override {
        if constexpr (M::health_variable < 0) {
            return false;
        } else {
            return find_runaway(range, neuron, value);
        }
    }

    double state_value(std::size_t variable, std::size_t neuron) const noexcept override {
        return (state_.*(M::state_variables[variable].member))[static_cast<Eigen::Index>(neuron)];
    }

    const double* state_data(std::size_t variable) const noexcept override {
        return (state_.*(M::state_variables[variable].member)).data();
    }

    const State& state() const noexcept { return state_; }
    State& state() noexcept { return state_; }
    const Params& params() const noexcept { return params_; }

private:
    bool find_runaway(IndexRange range, std::size_t& neuron, double& value) const noexcept {
        const Eigen::ArrayXd& x = state_.*(M::state_variables[M::health_variable].member);
        for (std::size_t i = range.begin; i < range.end; ++i) {
            // NOTE: written so that NaN fails the comparison and is reported.
            if (!(std::abs(x[static_cast<Eigen::Index>(i)]) <= M::health_limit)) {
                neuron = i;
                value = x[static_cast<Eigen::Index>(i)];
                return true;
            }
        }
        return false;
    }

    Params params_;
    State state_;
    typename M::Propagators propagators_{};
    std::vector<ParameterInfo> parameter_info_;
    std::vector<StateInfo> state_info_;
};

} // namespace hornet
