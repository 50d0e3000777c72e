// SPDX-License-Identifier: MIT
#include "hornet/core/network.hpp"

#include "hornet/core/error.hpp"
#include "hornet/core/index_range.hpp"
#include "hornet/core/parallel.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <limits>

namespace hornet {
namespace {

constexpr double kMaxDelaySteps = std::numeric_limits<std::uint16_t>::max();
/// Streams of shared connectivity (ProjectionSpec::connectivity_key) are numbered from here,
/// apart from the projection ids that key the streams of unshared projections.
constexpr std::int64_t kSharedStreamBase = std::int64_t{1} << 31;

/// How one projection draws weights and delays for synapse k of pivot neuron `pivot`.
struct SynapseValues {
    const ProjectionSpec& spec;
    CounterRng weight_rng;
    CounterRng delay_rng;
    double dt_ms;
    double delay_max_ms; ///< draws are clipped here so the ring buffer stays bounded

    float weight(std::uint32_t pivot, std::uint64_t k) const noexcept {
        return static_cast<float>(spec.weight.sample(weight_rng, pivot, k));
    }
    std::uint16_t delay(std::uint32_t pivot, std::uint64_t k) const noexcept {
        return delay_to_steps(std::min(spec.delay_ms.sample(delay_rng, pivot, k), delay_max_ms),
                              dt_ms);
    }
};

/// Fills `rows` with the synapses whose target lies in `owned`, for a rule drawn per target.
/// Two passes over the same deterministic draws: count per source, then place. Peak memory is
/// the final storage, never a list of (source, target) pairs.
void build_target_centric(const ConnectionGenerator& gen, const SynapseValues& values,
                          std::size_t n_source, IndexRange owned, SynapseRows& rows,
                          std::vector<SynapseKey>* keys) {
    std::vector<std::uint32_t> sources;
    rows.row_start.assign(n_source + 1, 0);
    for (std::size_t j = owned.begin; j < owned.end; ++j) {
        gen.sources_of(static_cast<std::uint32_t>(j), sources);
        for (const std::uint32_t i : sources) ++rows.row_start[i + 1];
    }
    for (std::size_t i = 0; i < n_source; ++i) rows.row_start[i + 1] += rows.row_start[i];
    const std::uint64_t n = rows.row_start[n_source];
    rows.target.resize(n);
    if (!values.spec.weight.is_constant()) rows.weight.resize(n);
    if (!values.spec.delay_ms.is_constant()) rows.delay_steps.resize(n);
    if (keys) keys->resize(n);
    std::vector<std::uint64_t> cursor(rows.row_start.begin(), rows.row_start.end() - 1);
    for (std::size_t j = owned.begin; j < owned.end; ++j) {
        const auto jj = static_cast<std::uint32_t>(j);
        gen.sources_of(jj, sources);
        for (std::size_t k = 0; k < sources.size(); ++k) {
            const std::uint64_t pos = cursor[sources[k]]++;
            rows.target[pos] = jj;
            if (!rows.weight.empty()) rows.weight[pos] = values.weight(jj, k);
            if (!rows.delay_steps.empty()) rows.delay_steps[pos] = values.delay(jj, k);
            if (keys) (*keys)[pos] = {jj, static_cast<std::uint32_t>(k)};
        }
    }
}

/// Same for fixed_outdegree, drawn per source: every worker draws all sources and keeps its own
/// targets, so rows come out in source order in a single pass.
void build_source_centric(const ConnectionGenerator& gen, const SynapseValues& values,
                          std::size_t n_source, IndexRange owned, SynapseRows& rows,
                          std::vector<SynapseKey>* keys) {
    std::vector<std::uint32_t> targets;
    rows.row_start.assign(n_source + 1, 0);
    for (std::size_t i = 0; i < n_source; ++i) {
        const auto ii = static_cast<std::uint32_t>(i);
        gen.targets_of(ii, targets);
        for (std::size_t k = 0; k < targets.size(); ++k) {
            if (!owned.contains(targets[k])) continue;
            rows.target.push_back(targets[k]);
            if (!values.spec.weight.is_constant()) rows.weight.push_back(values.weight(ii, k));
            if (!values.spec.delay_ms.is_constant())
                rows.delay_steps.push_back(values.delay(ii, k));
            if (keys) keys->push_back({ii, static_cast<std::uint32_t>(k)});
        }
        rows.row_start[i + 1] = rows.target.size();
    }
    rows.target.shrink_to_fit();
    rows.weight.shrink_to_fit();
    rows.delay_steps.shrink_to_fit();
}

/// Largest delay a draw can take. An unbounded normal is cut at mean + 8 sd (a draw beyond it
/// has probability < 1e-15) so that the delay ring buffers have a finite, small size.
double delay_upper_ms(const ValueDistribution& d, double dt_ms) {
    double hi = d.highest();
    if (d.kind == ValueDistribution::Kind::normal) hi = std::min(hi, d.a + 8.0 * d.b);
    return std::min(hi, kMaxDelaySteps * dt_ms);
}

[[noreturn]] void bad_projection(const ProjectionSpec& p, const std::string& what) {
    throw ConfigError("projection '" + p.name + "': " + what);
}

void check_degree(const ProjectionSpec& p, std::size_t n_partners, bool same) {
    const auto& c = p.connectivity;
    if (c.rule != ConnectionRule::fixed_indegree && c.rule != ConnectionRule::fixed_outdegree)
        return;
    const std::size_t choices = (same && !c.allow_autapses) ? n_partners - 1 : n_partners;
    if (!c.allow_multapses && c.degree > choices)
        bad_projection(p, std::string(to_string(c.rule)) + " " + std::to_string(c.degree) +
                              " exceeds the " + std::to_string(choices) +
                              " distinct partners available without multapses");
    if (c.degree > 0 && choices == 0) bad_projection(p, "no partners to connect to");
}

Projection describe_projection(const ProjectionSpec& spec, const Network& net, std::uint32_t id,
                               double dt_ms) {
    Projection proj;
    proj.name = spec.name;
    proj.id = id;
    proj.source = net.find_population(spec.source);
    proj.target = net.find_population(spec.target);
    if (proj.source == Network::npos)
        bad_projection(spec, "unknown source population '" + spec.source + "'");
    if (proj.target == Network::npos)
        bad_projection(spec, "unknown target population '" + spec.target + "'");
    const auto receptors = net.population(proj.target).receptors();
    const auto r = std::find(receptors.begin(), receptors.end(), spec.receptor);
    if (r == receptors.end())
        bad_projection(spec, "target has no receptor '" + spec.receptor + "'");
    proj.receptor = static_cast<std::size_t>(r - receptors.begin());
    const std::size_t n_src = net.population(proj.source).size(),
                      n_tgt = net.population(proj.target).size();
    if (spec.connectivity.rule == ConnectionRule::one_to_one && n_src != n_tgt)
        bad_projection(spec, "one_to_one needs equal sizes (" + std::to_string(n_src) + " vs " +
                                 std::to_string(n_tgt) + ")");
    const bool same = proj.source == proj.target;
    check_degree(spec, spec.connectivity.rule == ConnectionRule::fixed_outdegree ? n_tgt : n_src,
                 same);
    if (spec.delay_ms.lowest() < 0.5 * dt_ms)
        bad_projection(spec,
                       "delay must be at least one step (dt = " + std::to_string(dt_ms) + " ms)");
    proj.has_constant_weight = spec.weight.is_constant();
    proj.has_constant_delay = spec.delay_ms.is_constant();
    proj.constant_weight = spec.weight.a;
    proj.min_delay_steps = delay_to_steps(spec.delay_ms.lowest(), dt_ms);
    proj.max_delay_steps = delay_to_steps(delay_upper_ms(spec.delay_ms, dt_ms), dt_ms);
    proj.constant_delay = proj.min_delay_steps;
    return proj;
}

/// Lets projections with the same connectivity key use the rows of the first of them. They
/// draw identical connections and delays anyway (same streams); a sharer must have a constant
/// weight, since per-synapse weights are stored in the owner's order.
void share_rows(const NetworkSpec& spec, std::vector<Projection>& projections) {
    for (std::size_t p = 0; p < projections.size(); ++p) {
        const ProjectionSpec& ps = spec.projections[p];
        if (ps.connectivity_key < 0 || !projections[p].has_constant_weight) continue;
        for (std::size_t q = 0; q < p; ++q) {
            const ProjectionSpec& qs = spec.projections[q];
            Projection& owner = projections[q];
            if (qs.connectivity_key != ps.connectivity_key || owner.shares_rows_of >= 0 ||
                owner.co_projections.size() >= 7) // delivery handles up to 8 rings at once
                continue;
            const bool same = owner.source == projections[p].source &&
                              owner.target == projections[p].target &&
                              qs.connectivity.rule == ps.connectivity.rule &&
                              owner.min_delay_steps == projections[p].min_delay_steps &&
                              owner.max_delay_steps == projections[p].max_delay_steps &&
                              owner.has_constant_delay == projections[p].has_constant_delay &&
                              qs.plasticity == ps.plasticity;
            if (!same) continue;
            projections[p].shares_rows_of = static_cast<std::int64_t>(q);
            projections[p].plasticity.reset(); // the owner's efficacies scale this one too
            owner.co_projections.push_back(p);
            break;
        }
    }
}

/// The by-target index of a plastic projection's synapses owned by one domain: for each owned
/// target, its synapses in row order (by source), so target-major order does not depend on the
/// decomposition.
void index_by_target(const SynapseRows& rows, IndexRange owned, PlasticDomain& dom) {
    dom.first_target = owned.begin;
    dom.in_start.assign(owned.size() + 1, 0);
    for (const std::uint32_t j : rows.target) ++dom.in_start[j - owned.begin + 1];
    for (std::size_t j = 0; j < owned.size(); ++j) dom.in_start[j + 1] += dom.in_start[j];
    dom.in_synapse.resize(rows.target.size());
    std::vector<std::uint64_t> cursor(dom.in_start.begin(), dom.in_start.end() - 1);
    for (std::uint64_t i = 0; i < rows.target.size(); ++i)
        dom.in_synapse[cursor[rows.target[i] - owned.begin]++] = i;
}

} // namespace

std::uint16_t delay_to_steps(double delay_ms, double dt_ms) noexcept {
    const double steps = std::nearbyint(delay_ms / dt_ms);
    return static_cast<std::uint16_t>(std::clamp(steps, 1.0, kMaxDelaySteps));
}

Network Network::build(const NetworkSpec& spec, const ModelRegistry& registry,
                       const BuildOptions& options) {
    if (options.threads < 1) throw ConfigError("threads must be >= 1");
    Network net;
    net.threads_ = options.threads;
    net.dt_ms_ = options.dt_ms;
    net.seed_ = options.seed;
    for (const auto& ps : spec.populations) {
        if (net.find_population(ps.name) != Network::npos)
            throw ConfigError("population '" + ps.name + "' is defined twice");
        const ModelEntry& entry = registry.at(ps.model);
        const auto id = static_cast<std::uint32_t>(net.populations_.size());
        auto pop = entry.make(ps, id);
        pop->prepare(options.dt_ms);
        for (const auto& [variable, dist] : ps.initial) {
            const auto index = entry.find_state(variable);
            if (!index)
                throw ConfigError("population '" + ps.name + "': model " + ps.model +
                                  " has no state variable '" + variable + "'");
            pop->initialize(*index, dist, options.seed);
        }
        net.populations_.push_back(std::move(pop));
    }
    for (const auto& ps : spec.projections) {
        auto id = static_cast<std::uint32_t>(net.projections_.size());
        net.projections_.push_back(describe_projection(ps, net, id, options.dt_ms));
        Projection& proj = net.projections_.back();
        net.populations_[proj.target]->mark_receptor_in_use(proj.receptor);
        if (ps.plasticity.enabled()) {
            const PlasticityEntry* rule = registry.find_plasticity(ps.plasticity.rule);
            if (!rule) bad_projection(ps, "unknown plasticity rule '" + ps.plasticity.rule + "'");
            proj.plasticity = rule->make(ps.plasticity, options.dt_ms, options.seed, id,
                                         static_cast<std::size_t>(options.threads),
                                         "projection '" + ps.name + "'");
        }
    }
    share_rows(spec, net.projections_);
    const auto n_threads = static_cast<std::size_t>(options.threads);
    for (std::size_t p = 0; p < spec.projections.size(); ++p) {
        Projection& proj = net.projections_[p];
        const ProjectionSpec& ps = spec.projections[p];
        if (proj.shares_rows_of >= 0) {
            proj.n_synapses = net.projections_[static_cast<std::size_t>(proj.shares_rows_of)]
                                  .n_synapses; // built already: a sharer follows its owner
            continue;
        }
        const std::size_t n_src = net.population(proj.source).size();
        const std::size_t n_tgt = net.population(proj.target).size();
        const auto stream =
            ps.connectivity_key >= 0
                ? static_cast<std::uint32_t>(kSharedStreamBase + ps.connectivity_key)
                : proj.id;
        const ConnectionGenerator gen(ps.connectivity, n_src, n_tgt, proj.source == proj.target,
                                      options.seed, stream);
        const SynapseValues values{ps, CounterRng(options.seed, RngPurpose::weight, proj.id),
                                   CounterRng(options.seed, RngPurpose::delay, stream),
                                   options.dt_ms, proj.max_delay_steps * options.dt_ms};
        proj.owned.resize(n_threads);
        std::vector<std::exception_ptr> errors(n_threads);
        run_workers(options.threads, [&](int worker) {
            const auto t = static_cast<std::size_t>(worker);
            try {
                const IndexRange owned = partition(n_tgt, t, n_threads);
                PlasticDomain* plastic = proj.plasticity ? &proj.plasticity->domain(t) : nullptr;
                std::vector<SynapseKey>* keys = plastic ? &plastic->keys : nullptr;
                if (gen.is_target_centric())
                    build_target_centric(gen, values, n_src, owned, proj.owned[t], keys);
                else
                    build_source_centric(gen, values, n_src, owned, proj.owned[t], keys);
                if (plastic) {
                    index_by_target(proj.owned[t], owned, *plastic);
                    proj.plasticity->initialize(t);
                }
            } catch (...) {
                errors[t] = std::current_exception();
            }
        });
        for (const auto& e : errors)
            if (e) std::rethrow_exception(e);
        proj.n_synapses = 0;
        for (const auto& rows : proj.owned) proj.n_synapses += rows.target.size();
    }
    return net;
}

std::size_t Network::find_population(std::string_view name) const {
    for (std::size_t i = 0; i < populations_.size(); ++i)
        if (populations_[i]->name() == name) return i;
    return npos;
}

std::size_t Network::n_neurons() const noexcept {
    std::size_t n = 0;
    for (const auto& p : populations_) n += p->size();
    return n;
}

std::uint64_t Network::n_synapses() const noexcept {
    std::uint64_t n = 0;
    for (const auto& p : projections_) n += p.n_synapses;
    return n;
}

std::uint64_t Network::synapse_bytes() const noexcept {
    std::uint64_t bytes = 0;
    for (const auto& p : projections_)
        for (const auto& r : p.owned)
            bytes += r.row_start.capacity() * sizeof(std::uint64_t) +
                     r.target.capacity() * sizeof(std::uint32_t) +
                     r.weight.capacity() * sizeof(float) +
                     r.delay_steps.capacity() * sizeof(std::uint16_t);
    return bytes;
}

std::uint16_t Network::min_delay_steps() const noexcept {
    std::uint16_t d = 0;
    for (const auto& p : projections_)
        if (d == 0 || p.min_delay_steps < d) d = p.min_delay_steps;
    return d;
}

std::uint16_t Network::max_delay_steps() const noexcept {
    std::uint16_t d = 0;
    for (const auto& p : projections_) d = std::max(d, p.max_delay_steps);
    return d;
}

} // namespace hornet
