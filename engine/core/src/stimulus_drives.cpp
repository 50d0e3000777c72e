// SPDX-License-Identifier: MIT
#include "hornet/core/stimulus_drives.hpp"

#include "hornet/core/error.hpp"

#include <algorithm>

namespace hornet {

StimulusDrives::StimulusDrives(const ModelRegistry& registry, std::span<const StimulusSpec> specs,
                               const Network& network) {
    drives_.resize(network.n_populations());
    if (specs.empty()) return;
    const StimulusEntry* entry = registry.stimuli();
    if (!entry) throw ConfigError("stimuli are given, but no stimulus protocols are registered");
    for (const StimulusSpec& spec : specs)
        for (const std::string& target : spec.targets)
            if (network.find_population(target) == Network::npos)
                throw ConfigError("stimulus '" + spec.name + "': unknown target population '" +
                                  target + "'");
    for (std::size_t p = 0; p < network.n_populations(); ++p) {
        const Population& pop = network.population(p);
        const bool targeted = std::any_of(specs.begin(), specs.end(), [&](const StimulusSpec& s) {
            return std::find(s.targets.begin(), s.targets.end(), pop.name()) != s.targets.end();
        });
        if (targeted) drives_[p] = entry->compile(specs, pop, network.dt_ms());
    }
}

std::vector<const AfferentDrive*> StimulusDrives::per_population() const {
    std::vector<const AfferentDrive*> out;
    for (const auto& d : drives_) out.push_back(d.get());
    return out;
}

} // namespace hornet
