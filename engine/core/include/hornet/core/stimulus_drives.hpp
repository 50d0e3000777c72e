// SPDX-License-Identifier: MIT
#pragma once
/// The compiled stimuli of a network: one AfferentDrive per afferent population that some
/// stimulus targets, in the form Simulator::set_drives takes.
#include "hornet/core/model_registry.hpp"
#include "hornet/core/network.hpp"
#include "hornet/core/stimulus.hpp"

#include <memory>
#include <span>
#include <vector>

namespace hornet {

class StimulusDrives {
public:
    StimulusDrives() = default;
    /// Compiles `specs` against `network` with the registry's protocols; throws ConfigError
    /// naming the stimulus (an unknown target, a rate above one spike per step, ...).
    StimulusDrives(const ModelRegistry& registry, std::span<const StimulusSpec> specs,
                   const Network& network);

    /// Per population: its drive or null.
    std::vector<const AfferentDrive*> per_population() const;

private:
    std::vector<std::unique_ptr<AfferentDrive>> drives_; ///< indexed like the populations
};

} // namespace hornet
