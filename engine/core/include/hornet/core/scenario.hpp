// SPDX-License-Identifier: MIT
#pragma once
/// A scenario: everything `hornet run` needs, validated and in canonical units. engine/io reads
/// it from TOML; tests and the C++ API can build one directly.
#include "hornet/core/network.hpp"
#include "hornet/core/pharmacology.hpp"
#include "hornet/core/recorder.hpp"
#include "hornet/core/stimulus.hpp"
#include "hornet/core/timeline.hpp"

#include <cstdint>
#include <string>

namespace hornet {

struct SimulationSpec {
    double dt_ms = 0.1;
    double duration_ms = 1000.0;
    std::uint64_t seed = 1;
};

/// A derived measure computed from spikes after the run, written to /readout/<name>.
struct ReadoutSpec {
    enum class Kind { stimulus_response, rate };
    std::string name;
    Kind kind = Kind::stimulus_response;
    std::string population;
    std::string stimulus; ///< stimulus_response: whose events
    double from_ms = 0.0; ///< stimulus_response: window after each event
    double to_ms = 0.0;
    double window_ms = 0.0; ///< rate: window length
};

struct Scenario {
    SimulationSpec simulation;
    NetworkSpec network;
    RecordingSpec recording;
    PharmacologySpec pharmacology;
    std::vector<StimulusSpec> stimuli;
    std::vector<ReadoutSpec> readouts;
    TimelineSpec timeline;     ///< no phases: one full run of simulation.duration
    std::string source_path;   ///< file it was read from, for messages and provenance
    std::string resolved_toml; ///< the scenario text after --set overrides, for provenance
};

} // namespace hornet
