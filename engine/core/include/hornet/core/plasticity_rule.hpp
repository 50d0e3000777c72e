// SPDX-License-Identifier: MIT
#pragma once
/// What the engine needs of a synaptic plasticity rule (models/plasticity/). A rule is a struct
/// without virtual functions, like a neuron model: a `Params` struct with its descriptor table,
/// a per-synapse `Synapse` state (a small trivially copyable struct), `prepare` for everything
/// that depends on the step, and event handlers. The engine stores one `Synapse` per synapse of
/// a plastic projection, beside the synapse rows of the postsynaptic owner, and calls
///   on_pre   when a presynaptic spike's calcium transient starts at the synapse (arrival of
///            the spike plus the rule's calcium delay), with the calcium gate of the target;
///   on_post  when the target neuron spikes;
/// in time order per synapse (pre before post within one step). Between events a synapse is
/// not touched, so a rule advances its state over the whole interval since its last event when
/// the next one comes (event-driven, exact or with its own sub-steps). After each event the
/// engine stores `efficacy`, the multiplier of the projection's weight used at delivery.
#include "hornet/core/parameters.hpp"
#include "hornet/core/random.hpp"

#include <array>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <span>
#include <string_view>

namespace hornet {

/// Normal deviates for one synapse event. The stream is keyed by the projection, the synapse
/// (its pivot neuron and its index among the pivot's synapses, which do not depend on the
/// thread count) and the event (step and kind), so the noise is the same for every thread count.
class SynapseNoise {
public:
    SynapseNoise(const CounterRng& rng, std::uint32_t element, std::uint64_t index) noexcept
        : rng_(&rng), element_(element), index_(index) {}

    /// Two independent standard normal deviates (both halves of one Box-Muller pair).
    std::array<double, 2> normals() const noexcept {
        const CounterRng::Bits b = rng_->bits(element_, index_);
        const double u1 = 1.0 - CounterRng::to_unit(b, 0); // (0, 1]: log is finite
        const double u2 = CounterRng::to_unit(b, 2);
        const double r = std::sqrt(-2.0 * std::log(u1));
        const double phi = 2.0 * 3.14159265358979323846 * u2;
        return {r * std::cos(phi), r * std::sin(phi)};
    }

private:
    const CounterRng* rng_;
    std::uint32_t element_;
    std::uint64_t index_;
};

/// A published parameter set of a rule, selectable by name in scenario files.
template <class Params>
struct NamedParams {
    std::string_view name;
    std::string_view doc; ///< one line: what it was fitted to, and the source
    Params values;
};

// clang-format off
/// What the engine needs of a plasticity rule. `step` is the global step number of the event
/// (t = step * dt); `gate` in [0, 1] is the fraction of the target neuron's NMDA receptors free
/// of drug (state variable nmda_drug_free of the conductance models, 1 without a drug), which
/// scales the presynaptic, NMDA-carried calcium transient; `uniform` is in [0, 1).
template <class R>
concept PlasticityRule = requires(typename R::Synapse& syn, const typename R::Synapse& csyn,
                                  const typename R::Params& p, const typename R::Propagators& k,
                                  std::int64_t step, double gate, double uniform,
                                  const SynapseNoise& noise, double dt_ms) {
    { R::name } -> std::convertible_to<std::string_view>;
    { R::summary } -> std::convertible_to<std::string_view>;
    R::parameters;     // std::array<ParamField<Params>, N>
    R::parameter_sets; // std::array<NamedParams<Params>, M>, M >= 1; [0] equals Params{}
    { R::validate(p, std::string_view{}) };                    // cross-parameter checks
    { R::prepare(p, dt_ms) } -> std::same_as<typename R::Propagators>;
    { R::initial(k, uniform) } -> std::same_as<typename R::Synapse>; // state at step 0
    { R::calcium_delay_steps(k) } -> std::convertible_to<std::int64_t>; // arrival -> on_pre
    { R::on_pre(syn, k, step, gate, noise) } noexcept;
    { R::on_post(syn, k, step, noise) } noexcept;
    { R::efficacy(csyn, k) } noexcept -> std::same_as<double>; // weight multiplier, > 0
    /// The recorded variable (rho, W) advanced to `step` without noise and without changing
    /// the synapse: what recording reads between events.
    { R::value_at(csyn, k, step) } noexcept -> std::same_as<double>;
    { R::is_potentiated(gate, k) } noexcept -> std::same_as<bool>; // of a value_at() result
    { R::value_name } -> std::convertible_to<std::string_view>;     // "rho", "W"
    { R::value_unit } -> std::convertible_to<std::string_view>;
};

/// A rule the multiscale scheduler can advance across time it does not simulate. It keeps
/// statistics of a measurement window in the Synapse (begin_window zeroes them):
/// `window_statistics(syn, out)` writes its `kWindowStatistics` numbers (e.g. time above each
/// calcium threshold), which the engine averages over all the projection's synapses, and
/// advance_averaged(syn, k, step, pooled, window_ms, span_ms, up, down, simulated) advances the
/// synapse across span_ms with extra rates up/down [1/ms] (SlowDrive) and, unless `simulated`,
/// its own dynamics averaged over the window (window_ms long, ending at `step`) as the pooled
/// statistics describe it. set_value sets the recorded variable at `step`.
/// NOTE: pooled, because one synapse's sample of a ~1 s window is a few events, and a rule
/// with a barrier (bistable) responds to it nonlinearly: the mean of the responses to noisy
/// samples is not the response to the mean.
template <class R>
concept AveragedPlasticityRule =
    PlasticityRule<R> &&
    requires(typename R::Synapse& syn, const typename R::Synapse& csyn,
             const typename R::Propagators& k, std::int64_t step, double ms, double v, bool flag,
             std::span<double> out, std::span<const double> pooled) {
    { R::kWindowStatistics } -> std::convertible_to<std::size_t>;
    { R::begin_window(syn) } noexcept;
    { R::window_statistics(csyn, out) } noexcept;
    { R::advance_averaged(syn, k, step, pooled, ms, ms, v, v, flag) } noexcept;
    /// Relaxation rate [1/ms] of the averaged dynamics the pooled statistics describe: the
    /// scheduler carries them over at most slow_tolerance / rate.
    { R::averaged_rate(k, pooled, ms) } noexcept -> std::same_as<double>;
    { R::set_value(syn, k, step, v) } noexcept;
};
// clang-format on

} // namespace hornet
