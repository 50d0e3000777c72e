// SPDX-License-Identifier: MIT
#pragma once
/// A network: populations and the projections between them, built from a NetworkSpec. Synapses
/// are stored by postsynaptic owner: worker thread t keeps, for every projection, the synapses
/// that target its share of the target population, as rows indexed by source neuron. Delivering
/// a spike then touches only the deliverer's own neurons, so no atomics or locks are needed.
#include "hornet/core/connectivity.hpp"
#include "hornet/core/distribution.hpp"
#include "hornet/core/model_registry.hpp"
#include "hornet/core/plasticity.hpp"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace hornet {

struct ProjectionSpec {
    std::string name;
    /// The scenario entry it came from ("c_to_wdr" for c_to_wdr_ampa and c_to_wdr_nmda).
    std::string group;
    std::string source;
    std::string target;
    std::string receptor;
    ConnectivitySpec connectivity;
    ValueDistribution weight;   ///< in the receptor's unit (nS for conductance ports)
    ValueDistribution delay_ms; ///< rounded to whole steps, at least one step
    /// Projections given the same key (>= 0) draw identical synapses and delays from the same
    /// streams: one set of connections that releases onto several receptors (AMPA and NMDA
    /// together), each with its own weight. -1: the projection's own streams.
    std::int64_t connectivity_key = -1;
    /// A rule makes the synapses plastic (their efficacy scales the weight). Projections that
    /// share rows share the owner's rule state: one synapse, one efficacy, several receptors.
    PlasticitySpec plasticity;
};

struct NetworkSpec {
    std::vector<PopulationSpec> populations;
    std::vector<ProjectionSpec> projections;
};

/// The synapses of one projection that one worker owns: CSR rows by source neuron.
struct SynapseRows {
    std::vector<std::uint64_t> row_start;   ///< n_source + 1 offsets into the arrays below
    std::vector<std::uint32_t> target;      ///< target-population-local neuron id
    std::vector<float> weight;              ///< empty when the weight is constant
    std::vector<std::uint16_t> delay_steps; ///< empty when the delay is constant
};

struct Projection {
    std::string name;
    std::uint32_t id = 0;
    std::size_t source = 0; ///< population index
    std::size_t target = 0;
    std::size_t receptor = 0;         ///< receptor port index in the target model
    double constant_weight = 0.0;     ///< used when every synapse has the same weight
    std::uint16_t constant_delay = 0; ///< used when every synapse has the same delay [steps]
    bool has_constant_weight = true;
    bool has_constant_delay = true;
    std::uint16_t min_delay_steps = 0;
    std::uint16_t max_delay_steps = 0;
    std::vector<SynapseRows> owned; ///< one per worker thread; empty when shared (below)
    std::uint64_t n_synapses = 0;
    /// Projections with the same connectivity key and a constant weight share the synapse rows
    /// of the first of them (one set of connections releasing onto several receptors): this is
    /// that projection's index, or -1. The first one lists the others in `co_projections`, and
    /// delivery walks the rows once for all of them.
    std::int64_t shares_rows_of = -1;
    std::vector<std::size_t> co_projections;
    /// The rule state of a plastic projection that owns its rows; null otherwise (a sharer
    /// uses its owner's).
    std::unique_ptr<SynapticPlasticity> plasticity;
};

struct BuildOptions {
    double dt_ms = 0.1;
    std::uint64_t seed = 0;
    int threads = 1;
};

class Network {
public:
    /// Returned by find_population for an unknown name.
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    /// Builds populations and draws every projection's synapses in parallel.
    /// Throws ConfigError / ParamError for an inconsistent spec.
    static Network build(const NetworkSpec& spec, const ModelRegistry& registry,
                         const BuildOptions& options);

    std::size_t n_populations() const noexcept { return populations_.size(); }
    Population& population(std::size_t i) noexcept { return *populations_[i]; }
    const Population& population(std::size_t i) const noexcept { return *populations_[i]; }
    std::size_t find_population(std::string_view name) const; ///< Network::npos if unknown
    const std::vector<Projection>& projections() const noexcept { return projections_; }
    int threads() const noexcept { return threads_; }
    double dt_ms() const noexcept { return dt_ms_; }
    std::uint64_t seed() const noexcept { return seed_; }
    std::size_t n_neurons() const noexcept;
    std::uint64_t n_synapses() const noexcept;
    /// Bytes held by synapse storage (for the memory benchmark and `inspect`).
    std::uint64_t synapse_bytes() const noexcept;
    /// Smallest synaptic delay in steps; 0 when there are no projections.
    std::uint16_t min_delay_steps() const noexcept;
    std::uint16_t max_delay_steps() const noexcept;

private:
    std::vector<std::unique_ptr<Population>> populations_;
    std::vector<Projection> projections_;
    int threads_ = 1;
    double dt_ms_ = 0.1;
    std::uint64_t seed_ = 0;
};

/// Rounds a delay to whole steps of `dt_ms` (nearest, at least 1).
std::uint16_t delay_to_steps(double delay_ms, double dt_ms) noexcept;

} // namespace hornet
