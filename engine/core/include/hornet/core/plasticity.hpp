// SPDX-License-Identifier: MIT
#pragma once
/// Plastic projections: the engine side of synaptic plasticity. A projection with a rule
/// (models/plasticity/, see plasticity_rule.hpp) keeps, beside each domain's synapse rows, the
/// rule's state of every synapse, the efficacy that delivery multiplies the weight by, and the
/// bookkeeping to call the rule in time order:
///   pre events   a delivered spike schedules an event for each of its synapses at arrival +
///                the rule's calcium delay, in a ring of pending events by step;
///   post events  a target's spike reaches all its incoming synapses through a by-target index.
/// Everything belongs to the postsynaptic owner (the domain of the target neuron), so events are
/// processed without locks, and a synapse's events do not depend on the thread count.
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

/// A projection's rule, as the scenario gives it (rule "" = static synapses).
struct PlasticitySpec {
    std::string rule;
    /// The rule's parameters in canonical units (a named parameter set already applied).
    std::map<std::string, double, std::less<>> params;

    bool enabled() const noexcept { return !rule.empty(); }
    friend bool operator==(const PlasticitySpec&, const PlasticitySpec&) = default;
};

/// Which synapse this is, independently of the decomposition: its pivot neuron (the target for
/// rules drawn per target, the source for fixed_outdegree) and its index among the pivot's
/// synapses. Keys the synapse's noise stream.
struct SynapseKey {
    std::uint32_t pivot = 0;
    std::uint32_t index = 0;
};

/// Summary of some synapses at one time. The sum is in fixed point (value x 2^32, rounded), so
/// adding the domains' partial sums gives the same result for every thread count.
struct PlasticSummary {
    std::int64_t value_sum_fixed = 0;
    std::uint64_t potentiated = 0;
    std::uint64_t count = 0;

    static constexpr double kScale = 4294967296.0; // 2^32
    void add(const PlasticSummary& o) noexcept {
        value_sum_fixed += o.value_sum_fixed;
        potentiated += o.potentiated;
        count += o.count;
    }
    double mean() const noexcept {
        return count ? static_cast<double>(value_sum_fixed) / kScale / static_cast<double>(count)
                     : 0.0;
    }
    double fraction_potentiated() const noexcept {
        return count ? static_cast<double>(potentiated) / static_cast<double>(count) : 0.0;
    }
};

/// Extra potentiation and depression rates of one synapse from slow processes (slow_process.hpp),
/// added to the rule's own: drho/dt += up (1 - rho) - down rho for rules with a value in [0, 1].
struct SlowDrive {
    double up_per_ms = 0.0;   // [1/ms]
    double down_per_ms = 0.0; // [1/ms]
};

/// The plastic synapses of one projection owned by one domain, in the order of its SynapseRows.
struct PlasticDomain {
    std::vector<SynapseKey> keys;
    std::vector<float> efficacy;           ///< weight multiplier used at delivery
    std::size_t first_target = 0;          ///< the domain's first target neuron
    std::vector<std::uint64_t> in_start;   ///< per owned target + 1: offsets into in_synapse
    std::vector<std::uint64_t> in_synapse; ///< synapse indices by target, then source
    /// Pending pre events by step (ring of `events.size()` slots): synapse indices. A slot
    /// grows to the most events it has held and keeps that capacity when cleared, so the step
    /// loop stops allocating once the activity has been seen (the one exception to "no
    /// allocation in the step loop", bounded by the synapses of the domain).
    std::vector<std::vector<std::uint64_t>> events;
    /// Since the last begin_window (multiscale scheduler): per synapse, the presynaptic calcium
    /// events and the sum of their gates (the fraction of NMDA receptors free of drug).
    std::vector<std::uint32_t> window_pre;
    std::vector<float> window_gate;
};

/// The rule state of one plastic projection; PlasticityImpl<R> implements it for a rule.
class SynapticPlasticity {
public:
    explicit SynapticPlasticity(std::size_t n_domains) : domains_(n_domains) {}
    virtual ~SynapticPlasticity() = default;
    SynapticPlasticity(const SynapticPlasticity&) = delete;
    SynapticPlasticity& operator=(const SynapticPlasticity&) = delete;

    PlasticDomain& domain(std::size_t d) noexcept { return domains_[d]; }
    const PlasticDomain& domain(std::size_t d) const noexcept { return domains_[d]; }
    std::size_t n_domains() const noexcept { return domains_.size(); }

    virtual std::string_view rule() const noexcept = 0;
    virtual std::string_view value_name() const noexcept = 0; ///< "rho"
    virtual std::string_view value_unit() const noexcept = 0;
    /// Steps from a spike's arrival to its presynaptic calcium event.
    virtual std::int64_t calcium_delay_steps() const noexcept = 0;
    /// Creates the rule state of domain d's synapses (keys set) and their initial efficacies.
    virtual void initialize(std::size_t d) = 0;
    /// Pre events of domain d's `synapses` at `step`; the gate of a synapse is
    /// gate[target[synapse]] (null: 1).
    virtual void pre_events(std::size_t d, std::span<const std::uint64_t> synapses,
                            std::int64_t step, const std::uint32_t* target,
                            const double* gate) noexcept = 0;
    /// A spike of target neuron `target` (population-local) at `step`.
    virtual void post_event(std::size_t d, std::uint32_t target, std::int64_t step) noexcept = 0;
    /// Adds domain d's synapses, their recorded value advanced to `step`, to `out`.
    virtual void summarize(std::size_t d, std::int64_t step,
                           PlasticSummary& out) const noexcept = 0;
    /// Writes the recorded value of each of domain d's synapses at `step` to `out`, in the
    /// domain's by-target order (in_synapse): domains in order give target-major order, the same
    /// for every decomposition.
    virtual void values(std::size_t d, std::int64_t step, float* out) const noexcept = 0;

    // The multiscale scheduler (multiscale.hpp). Synapse i is in the domain's rows order.
    /// Whether the rule can advance its dynamics averaged over a window (advance_averaged).
    virtual bool has_averaged_dynamics() const noexcept = 0;
    /// Starts a measurement window: zeroes window_pre, window_gate and the rule's own window
    /// statistics of domain d.
    virtual void begin_window(std::size_t d) noexcept = 0;
    /// Averages the rule's window statistics over all the projection's synapses (every
    /// domain); call after the window, before advance_averaged.
    virtual void pool_window() noexcept = 0;
    /// After pool_window: the relaxation rate [1/ms] of the rule's averaged dynamics over the
    /// window of `window_ms` (0: none, or no averaged dynamics).
    virtual double averaged_rate_per_ms(double window_ms) const noexcept = 0;
    /// Advances domain d's synapses, whose events up to `step` are processed, across `span_ms`,
    /// with slow drives (`drives`, per synapse in rows order; empty: none):
    ///   simulated = false: time that is not simulated; the rule's dynamics averaged over the
    ///                      window of `window_ms` that ends at `step` (pooled statistics,
    ///                      pool_window), plus the drives;
    ///   simulated = true:  time that was just simulated event by event; the drives alone.
    /// The synapses' clocks stay at `step`.
    virtual void advance_averaged(std::size_t d, std::int64_t step, double window_ms,
                                  double span_ms, std::span<const SlowDrive> drives,
                                  bool simulated) noexcept = 0;
    /// The recorded value of synapse i at `step` (no noise), and setting it.
    virtual double value(std::size_t d, std::size_t i, std::int64_t step) const noexcept = 0;
    virtual void set_value(std::size_t d, std::size_t i, std::int64_t step, double v) noexcept = 0;
    /// Multiplies every efficacy of the projection (homeostatic scaling; 1 at the start).
    virtual void set_efficacy_scale(double scale) noexcept = 0;
    double efficacy_scale() const noexcept { return efficacy_scale_; }

protected:
    double efficacy_scale_ = 1.0;
    std::vector<PlasticDomain> domains_;
};

/// A published parameter set of a rule, as values in the order of the rule's table.
struct PlasticityParameterSet {
    std::string_view name;
    std::string_view doc;
    std::vector<double> values;
};

/// What the registry knows about a plasticity rule.
struct PlasticityEntry {
    std::string_view name;
    std::string_view summary;
    std::string_view value_name, value_unit;
    std::vector<ParameterInfo> parameters;
    std::vector<PlasticityParameterSet> parameter_sets; ///< [0]: the defaults
    /// Checks parameters (bounds, cross-parameter rules, the step); throws ParamError naming
    /// `where`.
    std::function<void(const PlasticitySpec&, double dt_ms, std::string_view where)> check;
    std::function<std::unique_ptr<SynapticPlasticity>(
        const PlasticitySpec&, double dt_ms, std::uint64_t seed, std::uint32_t projection_id,
        std::size_t n_domains, std::string_view where)>
        make;

    const ParameterInfo* find_parameter(std::string_view n) const noexcept {
        for (const auto& p : parameters)
            if (p.name == n) return &p;
        return nullptr;
    }
};

} // namespace hornet
