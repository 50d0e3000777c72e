// SPDX-License-Identifier: MIT
#include "models/slow/reset_hypotheses.hpp"

#include "hornet/core/error.hpp"
#include "hornet/core/network.hpp"
#include "hornet/core/random.hpp"
#include "models/plasticity/shouval.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

namespace hornet::models {

namespace {

struct SlowParams {
    double ongoing_calcium = 1.0;         // [uM] assumption (Shouval calcium scale [S54])
    double reference_rate = 1.0;          // [Hz] assumption
    double ltd_time = 10.0 * 60e3;        // [ms] assumption
    double relapse_time = 28.0 * 864e5;   // [ms] SCIENCE.md §5.4 item 5 [S32,S34,S35]
    double scaling_time = 2.0 * 864e5;    // [ms] Turrigiano lab, 1-2 days [S56]
    double engagement_time = 1.0 * 864e5; // [ms] Li et al. 2010, ~24 h [S55]
};

constexpr std::array<ParamField<SlowParams>, 6> kParameters{{
    {"ongoing_calcium", &SlowParams::ongoing_calcium, "uM", Bounds::non_negative(),
     "calcium of one ongoing presynaptic event at a drug-free synapse (Shouval scale)"},
    {"reference_rate", &SlowParams::reference_rate, "Hz", Bounds::positive(),
     "presynaptic rate at which the drives have their nominal rates"},
    {"ltd_time", &SlowParams::ltd_time, "ms", Bounds::positive(),
     "depotentiation time at full LTD-window drive (ltd_window)"},
    {"relapse_time", &SlowParams::relapse_time, "ms", Bounds::positive(),
     "time for ongoing input to re-potentiate a depressed synapse at full drive"},
    {"scaling_time", &SlowParams::scaling_time, "ms", Bounds::positive(),
     "homeostatic scaling time constant (homeostatic)"},
    {"engagement_time", &SlowParams::engagement_time, "ms", Bounds::positive(),
     "how long NMDA block keeps homeostatic plasticity engaged (homeostatic)"},
}};

const Shouval::Params kShouval{}; // the calcium-control curve of [S54]

/// Depression and potentiation drives of one ongoing event's calcium, in [0, 1].
double ltd_drive(double ca) noexcept {
    return std::max(0.0, 0.25 - Shouval::omega(ca, kShouval)) / 0.25;
}
double ltp_drive(double ca) noexcept {
    return std::max(0.0, Shouval::omega(ca, kShouval) - 0.25) / 0.75;
}

SlowParams params_of(const SlowSpec& spec) {
    SlowParams p;
    apply_params(p, kParameters, spec.params, "[slow]");
    return p;
}

/// The plastic owner of a projection group: the sub-projection with rule state.
std::size_t owner_of(const std::string& group, const NetworkSpec& spec, const Network& network) {
    for (std::size_t q = 0; q < spec.projections.size() && q < network.projections().size(); ++q)
        if ((spec.projections[q].group == group || spec.projections[q].name == group) &&
            network.projections()[q].plasticity)
            return q;
    throw ConfigError("[slow] projection = '" + group +
                      "': no such projection with a plasticity rule");
}

/// Ongoing-input calcium control of the synapses: the ltd_window drive (if enabled) and
/// relapse by switching depressed synapses UP.
class CalciumControl final : public SlowProcess {
public:
    CalciumControl(const SlowParams& p, std::size_t projection, std::string group, bool ltd,
                   std::uint64_t seed)
        : p_(p), projection_(projection), group_(std::move(group)), ltd_(ltd),
          rng_(seed, RngPurpose::slow, static_cast<std::uint32_t>(projection)) {}

    void start(Network&) override {}

    void drive(const Network& network, const WindowObservation& obs,
               PlasticDrives& drives) override {
        const SynapticPlasticity& rule = *network.projections()[projection_].plasticity;
        double gate_sum = 0.0, down_sum = 0.0;
        std::size_t with_events = 0, n = 0;
        for (std::size_t d = 0; d < rule.n_domains(); ++d) {
            const PlasticDomain& dom = rule.domain(d);
            for_each_target(
                rule, dom, obs, [&](double relative_rate, double gate, std::uint64_t i) {
                    ++n;
                    if (!(relative_rate > 0.0)) return;
                    gate_sum += gate;
                    ++with_events;
                    if (!ltd_) return;
                    const double down =
                        relative_rate * ltd_drive(p_.ongoing_calcium * gate) / p_.ltd_time;
                    drives[projection_][d][i].down_per_ms += down;
                    down_sum += down;
                });
        }
        mean_gate_ = with_events ? gate_sum / static_cast<double>(with_events) : mean_gate_;
        mean_down_per_day_ = n ? down_sum / static_cast<double>(n) * 864e5 : 0.0;
    }

    void advance(Network& network, const WindowObservation& obs) override {
        SynapticPlasticity& rule = *network.projections()[projection_].plasticity;
        ++window_;
        was_up_.resize(rule.n_domains());
        for (std::size_t d = 0; d < rule.n_domains(); ++d) {
            const PlasticDomain& dom = rule.domain(d);
            auto& was_up = was_up_[d];
            was_up.resize(dom.keys.size(), 0);
            for_each_target(
                rule, dom, obs, [&](double relative_rate, double gate, std::uint64_t i) {
                    if (rule.value(d, i, obs.step) >= 0.5) {
                        was_up[i] = 1;
                        return;
                    }
                    // NOTE: only synapses that were potentiated before relapse (a trace of the
                    // sensitization, an assumption): otherwise ongoing input would sensitize a
                    // healthy cord as well, at the same rate.
                    if (!was_up[i] || !(relative_rate > 0.0)) return;
                    const double lambda =
                        relative_rate * ltp_drive(p_.ongoing_calcium * gate) / p_.relapse_time;
                    const double p_switch = -std::expm1(-lambda * obs.span_ms);
                    const SynapseKey key = dom.keys[i];
                    // Keyed by the synapse and the window: the same for every thread count.
                    const double u =
                        rng_.uniform(key.pivot, (std::uint64_t{key.index} << 32) | window_);
                    if (u < p_switch) rule.set_value(d, i, obs.step, 1.0);
                });
        }
    }

    void sample(std::vector<SlowSample>& out) const override {
        out.push_back({"nmda_free", group_, "value", "1",
                       "mean fraction of NMDA receptors free of drug at ongoing events",
                       mean_gate_});
        out.push_back({"ltd_drive", group_, "value", "1/day",
                       "mean depotentiation rate from the LTD window (ltd_window)",
                       mean_down_per_day_});
    }

private:
    /// Calls f(relative rate, gate, synapse) for every synapse of the domain. The rate is the
    /// mean presynaptic rate over all the projection's synapses in the window; the gate is the
    /// mean over the events of the synapses onto the same target (the block depends on the
    /// target's voltage and activity). NOTE: pooled, not per synapse: one synapse's count in a
    /// 1-s window at 1 Hz is mostly 0 or 1, and whether a drive crosses the rule's barrier
    /// must depend on the rates, not on the luck of one window's sample
    /// (tests/validation/test_multiscale_accuracy.py). Every fibre of an afferent population
    /// has the same ongoing rate in the scenarios shipped; a projection whose sources differ
    /// in rate would need a per-source estimate.
    template <class F>
    void for_each_target(const SynapticPlasticity& rule, const PlasticDomain& dom,
                         const WindowObservation& obs, F&& f) const {
        double all_events = 0.0, all_synapses = 0.0, all_gates = 0.0;
        for (std::size_t d = 0; d < rule.n_domains(); ++d) {
            const PlasticDomain& other = rule.domain(d);
            for (std::size_t i = 0; i < other.window_pre.size(); ++i) {
                all_events += other.window_pre[i];
                all_gates += other.window_gate[i];
            }
            all_synapses += static_cast<double>(other.window_pre.size());
        }
        if (!(all_synapses > 0.0)) return;
        const double rate_hz = all_events / all_synapses / (obs.measured_ms * 1e-3);
        const double relative = rate_hz / p_.reference_rate;
        const double mean_gate = all_events > 0.0 ? all_gates / all_events : 1.0;
        for (std::size_t j = 0; j + 1 < dom.in_start.size(); ++j) {
            const std::uint64_t first = dom.in_start[j], last = dom.in_start[j + 1];
            double events = 0.0, gates = 0.0;
            for (std::uint64_t n = first; n < last; ++n) {
                events += dom.window_pre[dom.in_synapse[n]];
                gates += dom.window_gate[dom.in_synapse[n]];
            }
            const double gate = events > 0.0 ? gates / events : mean_gate;
            for (std::uint64_t n = first; n < last; ++n) f(relative, gate, dom.in_synapse[n]);
        }
    }

    SlowParams p_;
    std::size_t projection_;
    std::string group_;
    bool ltd_;
    CounterRng rng_;
    std::uint32_t window_ = 0;
    std::vector<std::vector<std::uint8_t>> was_up_; ///< per domain and synapse: ever UP
    double mean_gate_ = 1.0;
    double mean_down_per_day_ = 0.0;
};

/// Block-engaged homeostatic scaling of the projection's efficacies towards the healthy total.
class HomeostaticScaling final : public SlowProcess {
public:
    HomeostaticScaling(const SlowParams& p, std::size_t projection, std::string group)
        : p_(p), projection_(projection), group_(std::move(group)) {}

    void start(Network& network) override {
        SynapticPlasticity& rule = *network.projections()[projection_].plasticity;
        rule.set_efficacy_scale(scale_);
        healthy_ = mean_efficacy(rule);
    }

    void advance(Network& network, const WindowObservation& obs) override {
        SynapticPlasticity& rule = *network.projections()[projection_].plasticity;
        double gate_sum = 0.0, events = 0.0;
        for (std::size_t d = 0; d < rule.n_domains(); ++d) {
            const PlasticDomain& dom = rule.domain(d);
            for (std::size_t i = 0; i < dom.keys.size(); ++i) {
                gate_sum += dom.window_gate[i];
                events += dom.window_pre[i];
            }
        }
        const double block = events > 0.0 ? 1.0 - gate_sum / events : 0.0;
        engagement_ = block + (engagement_ - block) * std::exp(-obs.span_ms / p_.engagement_time);
        // ds/dt = A (s* - s)/scaling_time + (1 - A)(1 - s)/relapse_time, s* = healthy / mean
        // efficacy (without the scale): linear in s with frozen coefficients, solved exactly.
        const double unscaled = mean_efficacy(rule);
        const double target = unscaled > 0.0 ? healthy_ / unscaled : 1.0;
        const double k1 = engagement_ / p_.scaling_time;
        const double k2 = (1.0 - engagement_) / p_.relapse_time;
        if ((k1 + k2) * obs.span_ms > 0.0) {
            const double s_inf = (k1 * target + k2) / (k1 + k2);
            scale_ = s_inf + (scale_ - s_inf) * std::exp(-(k1 + k2) * obs.span_ms);
        }
        rule.set_efficacy_scale(scale_);
    }

    void sample(std::vector<SlowSample>& out) const override {
        out.push_back({"scale", group_, "value", "1",
                       "homeostatic scale of the synapses' efficacy (homeostatic)", scale_});
        out.push_back({"engagement", group_, "value", "1",
                       "block-triggered engagement of homeostatic plasticity (homeostatic)",
                       engagement_});
    }

private:
    /// Mean efficacy of the projection's synapses without the homeostatic scale.
    static double mean_efficacy(const SynapticPlasticity& rule) {
        double sum = 0.0, n = 0.0;
        for (std::size_t d = 0; d < rule.n_domains(); ++d)
            for (const float e : rule.domain(d).efficacy) {
                sum += e;
                n += 1.0;
            }
        return n > 0.0 ? sum / n / rule.efficacy_scale() : 1.0;
    }

    SlowParams p_;
    std::size_t projection_;
    std::string group_;
    double healthy_ = 1.0; ///< mean efficacy at the start (healthy: before any injury)
    double scale_ = 1.0;
    double engagement_ = 0.0;
};

} // namespace

void register_reset_hypotheses(ModelRegistry& registry) {
    SlowProcessEntry e;
    e.hypotheses = {
        {"none", "pure block: relief only while the drug is present",
         "SCIENCE.md §5.4 item 1: S-ketamine did not reverse established spinal LTP [S49]; a "
         "single fibromyalgia infusion had no lasting effect (Noppers et al. 2011 [S27])"},
        {"ltd_window",
         "partial block moves the calcium of ongoing input into the LTD window and "
         "depotentiates C-fibre synapses",
         "SCIENCE.md §5.4 item 2: a hypothesis, testable in silico; no direct spinal evidence "
         "retrieved (calcium-control rule of Shouval et al. 2002 [S54])"},
        {"homeostatic",
         "NMDA block engages slow homeostatic scaling back towards the synapses' healthy total "
         "strength",
         "SCIENCE.md §5.4 item 4: synaptogenesis within ~24 h [S55] and scaling over 1-2 days "
         "[S56] in brain, not spinal cord"},
    };
    for (const auto& f : kParameters) {
        ParameterInfo info = f.info();
        info.default_value = SlowParams{}.*(f.member);
        e.parameters.push_back(info);
    }
    e.check = [](const SlowSpec& spec, const NetworkSpec& network) {
        (void)params_of(spec);
        bool found = false;
        for (const auto& proj : network.projections)
            if ((proj.group == spec.projection || proj.name == spec.projection) &&
                proj.plasticity.enabled())
                found = true;
        if (!found)
            throw ConfigError("[slow] projection = '" + spec.projection +
                              "': no projection of that name has a plasticity rule");
    };
    e.make = [](const SlowSpec& spec, const NetworkSpec& network_spec, const Network& network,
                std::uint64_t seed) {
        const SlowParams p = params_of(spec);
        const std::size_t q = owner_of(spec.projection, network_spec, network);
        std::vector<std::unique_ptr<SlowProcess>> out;
        out.push_back(std::make_unique<CalciumControl>(p, q, spec.projection,
                                                       spec.hypothesis == "ltd_window", seed));
        if (spec.hypothesis == "homeostatic")
            out.push_back(std::make_unique<HomeostaticScaling>(p, q, spec.projection));
        return out;
    };
    registry.set_slow_processes(std::move(e));
}

} // namespace hornet::models
