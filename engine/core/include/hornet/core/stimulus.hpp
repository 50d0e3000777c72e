// SPDX-License-Identifier: MIT
#pragma once
/// Stimuli: what drives the afferent fibre populations (models/stimuli/). A scenario lists
/// stimuli ([[stimuli]]: a protocol such as a pulse train or a mechanical force, the afferent
/// populations it reaches and the fraction of each one's fibres it recruits); before the run
/// each afferent population's stimuli are compiled into one AfferentDrive, which its step
/// kernel reads: the pulses (each recruited fibre fires once, after its own latency) and the
/// firing rates of inhomogeneous Poisson activity at the current step.
#include "hornet/core/parameters.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hornet {

class Population;

/// One [[stimuli]] entry as data, in canonical units.
struct StimulusSpec {
    std::string name;
    std::string protocol;             ///< "pulses", "hfs", "lfs", "mechanical", "tonic"
    std::vector<std::string> targets; ///< afferent populations
    std::vector<double> recruited;    ///< per target: fraction of its fibres in [0, 1]
    std::map<std::string, double, std::less<>> params; ///< the protocol's parameters
};

/// A pulse: every recruited fibre fires once at `step` plus its latency. Fibre i is recruited
/// when its fixed threshold u_i (uniform in [0, 1) per fibre) is below `recruited`, so a
/// stronger stimulus recruits a superset of the fibres a weaker one does.
struct StimulusPulse {
    std::int64_t step = 0;
    double recruited = 1.0;
};

/// Poisson activity: recruited fibres (as for pulses) fire at `rate_hz`.
struct StimulusRate {
    double rate_hz = 0.0;
    double recruited = 1.0;
};

/// The compiled stimuli of one afferent population. Called from worker threads concurrently,
/// so implementations are immutable after construction.
class AfferentDrive {
public:
    virtual ~AfferentDrive() = default;
    /// Every pulse of the run, by increasing step.
    virtual std::span<const StimulusPulse> pulses() const noexcept = 0;
    /// Writes the Poisson components active at `step` to `out` (at most out.size()) and returns
    /// how many there are.
    virtual std::size_t rates(std::int64_t step, std::span<StimulusRate> out) const noexcept = 0;
};

/// A stimulus protocol as the scenario reader and `hornet inspect --models` see it.
struct StimulusProtocolInfo {
    std::string_view name;
    std::string_view summary;
    std::vector<ParameterInfo> parameters;
};

/// What the engine knows about stimuli (registered by models/stimuli).
struct StimulusEntry {
    std::vector<StimulusProtocolInfo> protocols;
    std::string_view afferent_model; ///< the neuron model whose populations stimuli drive
    /// Compiles the stimuli of `specs` that target population `target` (a population of
    /// afferent_model) for steps of `dt_ms`; throws ConfigError naming the stimulus.
    std::function<std::unique_ptr<AfferentDrive>(std::span<const StimulusSpec> specs,
                                                 const Population& target, double dt_ms)>
        compile;
    /// Onset times [ms] of a stimulus's events (every pulse of a train, the start of a force):
    /// what per-stimulus response readouts count from.
    std::function<std::vector<double>(const StimulusSpec& spec)> event_times_ms;

    const StimulusProtocolInfo* find(std::string_view protocol) const noexcept {
        for (const auto& p : protocols)
            if (p.name == protocol) return &p;
        return nullptr;
    }
};

} // namespace hornet
