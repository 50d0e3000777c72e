// SPDX-License-Identifier: MIT
#pragma once
/// Slow processes: state that changes over hours to months (synaptic efficacies under ongoing
/// input, homeostatic scaling, relapse), advanced by the multiscale scheduler (multiscale.hpp)
/// from what each simulated window measured. A process sees the window's statistics (spikes per
/// population, the plastic synapses' presynaptic events and gates, the drug) and advances its
/// state across the calendar time the window stands for. models/slow implements the reset
/// hypotheses with it; each is a hypothesis, not an established mechanism (SCIENCE.md §5.4).
#include "hornet/core/drug.hpp"
#include "hornet/core/parameters.hpp"
#include "hornet/core/plasticity.hpp"
#include "hornet/core/timeline.hpp"

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hornet {

class Network;
struct NetworkSpec;

/// What one simulated window measured.
struct WindowObservation {
    double calendar_ms = 0.0; ///< calendar time where the measured part starts
    double measured_ms = 0.0; ///< length of the measured part
    /// Calendar time the window stands for, measured part included: the macro step of a
    /// multiscale window, the chunk length in a full phase.
    double span_ms = 0.0;
    /// multiscale: the time after the window was not simulated; the plastic rules' averaged
    /// dynamics was advanced across it. full: every step was simulated.
    bool averaged = false;
    std::int64_t step = 0;             ///< engine step at the end of the window
    std::vector<std::uint64_t> spikes; ///< per population, in the measured part
    DrugLevels drug;                   ///< at the receptors, at calendar_ms
};

/// Slow drives on the plastic synapses, [projection][domain][synapse in rows order]; projections
/// without rule state have no domains. Zeroed before every window's processes are asked.
using PlasticDrives = std::vector<std::vector<std::vector<SlowDrive>>>;

/// One recorded value of a slow process.
struct SlowSample {
    std::string variable; ///< /slow/<variable>/<group>
    std::string group;
    std::string series; ///< "value", "mean", ...
    std::string unit;
    std::string description;
    double value = 0.0;
};

class SlowProcess {
public:
    virtual ~SlowProcess() = default;
    /// Called once before the first window (the network is built, nothing simulated yet).
    virtual void start(Network& network) = 0;
    /// First, after each window: adds this process's drives on plastic synapses, which the
    /// rules then integrate with their own dynamics across the span (the scheduler calls
    /// SynapticPlasticity::advance_averaged).
    virtual void drive(const Network& network, const WindowObservation& obs,
                       PlasticDrives& drives) {
        (void)network, (void)obs, (void)drives;
    }
    /// Then: advances the process's own state across obs.span_ms (discrete switches, scaling).
    virtual void advance(Network& network, const WindowObservation& obs) = 0;
    /// The longest macro step over which the drift last measured may be carried (infinity:
    /// no limit from this process).
    virtual double max_step_ms() const noexcept { return std::numeric_limits<double>::infinity(); }
    /// The current values to record (same variables and order at every call).
    virtual void sample(std::vector<SlowSample>& out) const = 0;
};

/// What the registry knows about the reset hypotheses (registered by models/slow).
struct SlowProcessEntry {
    struct Hypothesis {
        std::string_view name;
        std::string_view summary;  ///< one line
        std::string_view evidence; ///< evidence level and sources, SCIENCE.md §5.4
    };
    std::vector<Hypothesis> hypotheses;
    std::vector<ParameterInfo> parameters; ///< shared by all hypotheses
    /// Checks a spec against a network spec; throws ConfigError naming what is wrong.
    std::function<void(const SlowSpec&, const NetworkSpec&)> check;
    /// The processes of `spec` for `network` (the projection exists and is plastic).
    std::function<std::vector<std::unique_ptr<SlowProcess>>(const SlowSpec&, const NetworkSpec&,
                                                            const Network&, std::uint64_t seed)>
        make;

    const Hypothesis* find(std::string_view name) const noexcept {
        for (const auto& h : hypotheses)
            if (h.name == name) return &h;
        return nullptr;
    }
};

} // namespace hornet
