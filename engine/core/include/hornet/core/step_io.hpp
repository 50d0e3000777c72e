// SPDX-License-Identifier: MIT
#pragma once
/// What a model's step kernel reads and writes besides its own state: the synaptic input due at
/// this step and the list of neurons that spiked.
#include "hornet/core/drug.hpp"
#include "hornet/core/random.hpp"

#include <cstddef>
#include <cstdint>
#include <span>

namespace hornet {

class AfferentDrive; // hornet/core/stimulus.hpp

/// Input for one time step of one population.
struct StepInput {
    /// Per receptor port (in the model's `receptors` order): the increments due now, indexed by
    /// population-local neuron id, in the receptor's unit (nS for conductances). The engine clears
    /// them after the step, so a kernel only reads.
    std::span<const double* const> receptor;
    std::int64_t step = 0;           ///< global step number; t = step * dt
    const CounterRng* rng = nullptr; ///< this population's stream for stochastic dynamics
    /// Bit r set: some projection targets receptor port r. Kernels may skip the others, whose
    /// input is always zero.
    std::uint32_t receptors_in_use = ~std::uint32_t{0};
    DrugLevels drug{}; ///< drug concentrations at the receptors during this step
    /// The stimuli of an afferent population (hornet/core/stimulus.hpp); null: none.
    const AfferentDrive* drive = nullptr;
};

/// Collects the population-local ids of neurons that spike in one step, in increasing order.
/// The buffer holds at least one slot per neuron of the range being advanced.
class SpikeWriter {
public:
    explicit SpikeWriter(std::uint32_t* buffer) noexcept : data_(buffer) {}
    void push(std::size_t local_id) noexcept {
        data_[size_++] = static_cast<std::uint32_t>(local_id);
    }
    std::size_t size() const noexcept { return size_; }

private:
    std::uint32_t* data_;
    std::size_t size_ = 0;
};

} // namespace hornet
