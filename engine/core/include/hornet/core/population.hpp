// SPDX-License-Identifier: MIT
#pragma once
/// A population: `size` neurons of one model with shared parameters and SoA state. The engine
/// sees every model through this interface, so there is one virtual call per population per step
/// and none per neuron; `PopulationImpl<M>` (population_impl.hpp) adapts a model struct to it.
#include "hornet/core/distribution.hpp"
#include "hornet/core/index_range.hpp"
#include "hornet/core/parameters.hpp"
#include "hornet/core/step_io.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace hornet {

class Population {
public:
    Population(std::string name, std::size_t size, std::uint32_t id)
        : name_(std::move(name)), size_(size), id_(id) {}
    virtual ~Population() = default;
    Population(const Population&) = delete;
    Population& operator=(const Population&) = delete;

    const std::string& name() const noexcept { return name_; }
    std::size_t size() const noexcept { return size_; }
    /// Position in the network; keys this population's random streams.
    std::uint32_t id() const noexcept { return id_; }

    virtual std::string_view model_name() const noexcept = 0;
    /// Names of the receptor ports projections can target ("exc", "inh", ...).
    virtual std::span<const std::string_view> receptors() const noexcept = 0;
    /// State variables that can be initialised and recorded.
    virtual std::span<const StateInfo> state_variables() const noexcept = 0;
    /// Current parameter values, in the order of the model's descriptor table.
    virtual std::span<const ParameterInfo> parameters() const noexcept = 0;
    virtual double parameter_value(std::size_t index) const noexcept = 0;

    /// Bit r set: some projection targets receptor port r (set while the network is built).
    std::uint32_t receptors_in_use() const noexcept { return receptors_in_use_; }
    void mark_receptor_in_use(std::size_t port) noexcept {
        receptors_in_use_ |= std::uint32_t{1} << port;
    }

    /// Computes everything that depends on the step size. Throws ParamError.
    virtual void prepare(double dt_ms) = 0;
    /// Sets state variable `variable` of every neuron from `dist`, drawn per neuron id.
    virtual void initialize(std::size_t variable, const ValueDistribution& dist,
                            std::uint64_t seed) = 0;
    /// Advances neurons `range` by one step. Called concurrently on disjoint ranges.
    virtual void advance(const StepInput& input, IndexRange range,
                         SpikeWriter& spikes) noexcept = 0;
    /// Finds the first neuron in `range` whose state is NaN or has run away; returns false if none.
    virtual bool find_invalid(IndexRange range, std::size_t& neuron,
                              double& value) const noexcept = 0;
    /// State variable `variable` of neuron `neuron`, for recording.
    virtual double state_value(std::size_t variable, std::size_t neuron) const noexcept = 0;
    /// The array of state variable `variable` (one value per neuron), for engine code that
    /// reads a variable of many neurons (the calcium gate of plastic synapses).
    virtual const double* state_data(std::size_t variable) const noexcept = 0;

private:
    std::string name_;
    std::size_t size_;
    std::uint32_t id_;
    std::uint32_t receptors_in_use_ = 0;
};

} // namespace hornet
