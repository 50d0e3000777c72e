// SPDX-License-Identifier: MIT
#pragma once
/// Adapts a plasticity rule struct (plasticity_rule.hpp) to SynapticPlasticity: per-domain arrays
/// of the rule's Synapse state, the noise streams, and one virtual call per batch of events.
#include "hornet/core/error.hpp"
#include "hornet/core/plasticity.hpp"
#include "hornet/core/plasticity_rule.hpp"
#include "hornet/core/random.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace hornet {

namespace detail {

/// Noise draw index of an event: synapse index among its pivot's, step and kind.
inline std::uint64_t plasticity_draw(SynapseKey key, std::int64_t step,
                                     std::uint64_t kind) noexcept {
    return (std::uint64_t{key.index} << 42) |
           ((static_cast<std::uint64_t>(step) & ((std::uint64_t{1} << 40) - 1)) << 2) | kind;
}
inline constexpr std::uint64_t kPreEvent = 0, kPostEvent = 1, kInitialState = 2;

/// Params of rule R from a spec, bounds-checked and validated.
template <PlasticityRule R>
typename R::Params plasticity_params(const PlasticitySpec& spec, std::string_view where) {
    typename R::Params p = R::parameter_sets[0].values;
    apply_params(p, R::parameters, spec.params, where, " of rule " + std::string(R::name));
    R::validate(p, where);
    return p;
}

} // namespace detail

template <PlasticityRule R>
class PlasticityImpl final : public SynapticPlasticity {
public:
    PlasticityImpl(const typename R::Params& params, double dt_ms, std::uint64_t seed,
                   std::uint32_t projection_id, std::size_t n_domains)
        : SynapticPlasticity(n_domains), k_(R::prepare(params, dt_ms)),
          rng_(seed, RngPurpose::plasticity, projection_id), synapses_(n_domains) {}

    std::string_view rule() const noexcept override { return R::name; }
    std::string_view value_name() const noexcept override { return R::value_name; }
    std::string_view value_unit() const noexcept override { return R::value_unit; }
    std::int64_t calcium_delay_steps() const noexcept override {
        return static_cast<std::int64_t>(R::calcium_delay_steps(k_));
    }

    void initialize(std::size_t d) override {
        PlasticDomain& dom = domains_[d];
        auto& syn = synapses_[d];
        syn.clear();
        syn.reserve(dom.keys.size());
        dom.efficacy.resize(dom.keys.size());
        dom.window_pre.assign(dom.keys.size(), 0);
        dom.window_gate.assign(dom.keys.size(), 0.0f);
        for (std::size_t i = 0; i < dom.keys.size(); ++i) {
            const SynapseKey key = dom.keys[i];
            const double u =
                rng_.uniform(key.pivot, detail::plasticity_draw(key, 0, detail::kInitialState));
            syn.push_back(R::initial(k_, u));
            dom.efficacy[i] = efficacy(syn.back());
        }
    }

    void pre_events(std::size_t d, std::span<const std::uint64_t> synapses, std::int64_t step,
                    const std::uint32_t* target, const double* gate) noexcept override {
        PlasticDomain& dom = domains_[d];
        auto& syn = synapses_[d];
        for (const std::uint64_t i : synapses) {
            const SynapseKey key = dom.keys[i];
            const double g = gate ? gate[target[i]] : 1.0;
            R::on_pre(syn[i], k_, step, g,
                      SynapseNoise(rng_, key.pivot,
                                   detail::plasticity_draw(key, step, detail::kPreEvent)));
            dom.efficacy[i] = efficacy(syn[i]);
            ++dom.window_pre[i];
            dom.window_gate[i] += static_cast<float>(g);
        }
    }

    void post_event(std::size_t d, std::uint32_t target, std::int64_t step) noexcept override {
        PlasticDomain& dom = domains_[d];
        auto& syn = synapses_[d];
        const std::size_t local = target - dom.first_target;
        for (std::uint64_t n = dom.in_start[local]; n < dom.in_start[local + 1]; ++n) {
            const std::uint64_t i = dom.in_synapse[n];
            const SynapseKey key = dom.keys[i];
            R::on_post(syn[i], k_, step,
                       SynapseNoise(rng_, key.pivot,
                                    detail::plasticity_draw(key, step, detail::kPostEvent)));
            dom.efficacy[i] = efficacy(syn[i]);
        }
    }

    void summarize(std::size_t d, std::int64_t step, PlasticSummary& out) const noexcept override {
        const PlasticDomain& dom = domains_[d];
        const auto& syn = synapses_[d];
        // Target-major order, the same for every decomposition (the sum is exact anyway).
        for (const std::uint64_t i : dom.in_synapse) {
            const double v = R::value_at(syn[i], k_, step);
            out.value_sum_fixed += std::llround(v * PlasticSummary::kScale);
            out.potentiated += R::is_potentiated(v, k_) ? 1u : 0u;
            ++out.count;
        }
    }

    /// Domain d's synapse states in rows order (for tests and the multiscale scheduler).
    const std::vector<typename R::Synapse>& synapses(std::size_t d) const noexcept {
        return synapses_[d];
    }

    void values(std::size_t d, std::int64_t step, float* out) const noexcept override {
        const PlasticDomain& dom = domains_[d];
        const auto& syn = synapses_[d];
        for (const std::uint64_t i : dom.in_synapse)
            *out++ = static_cast<float>(R::value_at(syn[i], k_, step));
    }

    bool has_averaged_dynamics() const noexcept override { return AveragedPlasticityRule<R>; }

    void begin_window(std::size_t d) noexcept override {
        PlasticDomain& dom = domains_[d];
        std::fill(dom.window_pre.begin(), dom.window_pre.end(), 0u);
        std::fill(dom.window_gate.begin(), dom.window_gate.end(), 0.0f);
        if constexpr (AveragedPlasticityRule<R>)
            for (auto& s : synapses_[d]) R::begin_window(s);
    }

    void pool_window() noexcept override {
        if constexpr (AveragedPlasticityRule<R>) {
            pooled_.assign(R::kWindowStatistics, 0.0);
            std::vector<double> one(R::kWindowStatistics);
            double n = 0.0;
            for (const auto& domain : synapses_)
                for (const auto& s : domain) {
                    R::window_statistics(s, one);
                    for (std::size_t k = 0; k < one.size(); ++k) pooled_[k] += one[k];
                    n += 1.0;
                }
            if (n > 0.0)
                for (double& v : pooled_) v /= n;
        }
    }

    double averaged_rate_per_ms(double window_ms) const noexcept override {
        if constexpr (AveragedPlasticityRule<R>) {
            if (pooled_.size() != R::kWindowStatistics) return 0.0;
            return R::averaged_rate(k_, pooled_, window_ms);
        } else {
            return 0.0;
        }
    }

    void advance_averaged(std::size_t d, std::int64_t step, double window_ms, double span_ms,
                          std::span<const SlowDrive> drives, bool simulated) noexcept override {
        if constexpr (AveragedPlasticityRule<R>) {
            pooled_.resize(R::kWindowStatistics, 0.0);
            auto& syn = synapses_[d];
            for (std::size_t i = 0; i < syn.size(); ++i) {
                const SlowDrive drive = i < drives.size() ? drives[i] : SlowDrive{};
                R::advance_averaged(syn[i], k_, step, pooled_, window_ms, span_ms, drive.up_per_ms,
                                    drive.down_per_ms, simulated);
                domains_[d].efficacy[i] = efficacy(syn[i]);
            }
        }
    }

    double value(std::size_t d, std::size_t i, std::int64_t step) const noexcept override {
        return R::value_at(synapses_[d][i], k_, step);
    }

    void set_value(std::size_t d, std::size_t i, std::int64_t step, double v) noexcept override {
        if constexpr (AveragedPlasticityRule<R>) {
            R::set_value(synapses_[d][i], k_, step, v);
            domains_[d].efficacy[i] = efficacy(synapses_[d][i]);
        }
    }

    void set_efficacy_scale(double scale) noexcept override {
        efficacy_scale_ = scale;
        for (std::size_t d = 0; d < domains_.size(); ++d)
            for (std::size_t i = 0; i < synapses_[d].size(); ++i)
                domains_[d].efficacy[i] = efficacy(synapses_[d][i]);
    }

private:
    float efficacy(const typename R::Synapse& s) const noexcept {
        return static_cast<float>(efficacy_scale_ * R::efficacy(s, k_));
    }

    typename R::Propagators k_;
    CounterRng rng_;
    std::vector<double> pooled_; ///< window statistics averaged over every synapse
    std::vector<std::vector<typename R::Synapse>> synapses_; ///< per domain, rows order
};

/// Builds the registry entry of plasticity rule R.
template <PlasticityRule R>
PlasticityEntry plasticity_entry() {
    PlasticityEntry e;
    e.name = R::name;
    e.summary = R::summary;
    e.value_name = R::value_name;
    e.value_unit = R::value_unit;
    for (const auto& f : R::parameters) {
        ParameterInfo info = f.info();
        info.default_value = R::parameter_sets[0].values.*(f.member);
        e.parameters.push_back(info);
    }
    for (const auto& set : R::parameter_sets) {
        PlasticityParameterSet s{set.name, set.doc, {}};
        for (const auto& f : R::parameters) s.values.push_back(set.values.*(f.member));
        e.parameter_sets.push_back(std::move(s));
    }
    e.check = [](const PlasticitySpec& spec, double dt_ms, std::string_view where) {
        const auto p = detail::plasticity_params<R>(spec, where);
        if (dt_ms > 0.0) (void)R::prepare(p, dt_ms);
    };
    e.make = [](const PlasticitySpec& spec, double dt_ms, std::uint64_t seed,
                std::uint32_t projection_id, std::size_t n_domains,
                std::string_view where) -> std::unique_ptr<SynapticPlasticity> {
        return std::make_unique<PlasticityImpl<R>>(detail::plasticity_params<R>(spec, where), dt_ms,
                                                   seed, projection_id, n_domains);
    };
    return e;
}

} // namespace hornet
