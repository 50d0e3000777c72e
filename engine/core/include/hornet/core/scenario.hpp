// SPDX-License-Identifier: MIT
#pragma once
/// A scenario: everything `hornet run` needs, validated and in canonical units. engine/io reads
/// it from TOML; tests and the C++ API can build one directly.
#include "hornet/core/network.hpp"
#include "hornet/core/pharmacology.hpp"
#include "hornet/core/recorder.hpp"

#include <cstdint>
#include <string>

namespace hornet {

struct SimulationSpec {
    double dt_ms = 0.1;
    double duration_ms = 1000.0;
    std::uint64_t seed = 1;
};

struct Scenario {
    SimulationSpec simulation;
    NetworkSpec network;
    RecordingSpec recording;
    PharmacologySpec pharmacology;
    std::string source_path;   ///< file it was read from, for messages and provenance
    std::string resolved_toml; ///< the scenario text after --set overrides, for provenance
};

} // namespace hornet
