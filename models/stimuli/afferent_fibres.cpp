// SPDX-License-Identifier: MIT
#include "models/stimuli/afferent_fibres.hpp"

#include "models/stimuli/stimulus_protocols.hpp"

#include "hornet/core/stimulus.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace hornet::models {
namespace {

/// Draw indices of the per-fibre properties: far above any step number, so they never collide
/// with the per-step draws of the same stream.
constexpr std::uint64_t kThresholdDraw = std::uint64_t{1} << 62;
constexpr std::uint64_t kLatencyDraw = kThresholdDraw + 1;

/// Poisson components at one step: the background and up to kMaxPoissonStimuli stimuli
/// (stimulus_protocols.hpp refuses more on one population).
constexpr std::size_t kMaxRates = 1 + kMaxPoissonStimuli;

} // namespace

AfferentFibres::Propagators AfferentFibres::prepare(const Params& p, double dt_ms) {
    Propagators k;
    k.dt_s = dt_ms * 1e-3;
    k.latency_spread_steps = static_cast<std::int64_t>(std::floor(p.latency_spread / dt_ms));
    k.p_background = p.background_rate * k.dt_s;
    if (k.p_background > 1.0) {
        std::ostringstream msg;
        msg << "afferent: background_rate = " << p.background_rate
            << " Hz is above one spike per step (dt = " << dt_ms << " ms)";
        throw ParamError(msg.str());
    }
    return k;
}

double AfferentFibres::threshold(const CounterRng& rng, std::size_t fibre) noexcept {
    return rng.uniform(static_cast<std::uint32_t>(fibre), kThresholdDraw);
}

std::int64_t AfferentFibres::latency_steps(const CounterRng& rng, std::size_t fibre,
                                           std::int64_t spread_steps) noexcept {
    if (spread_steps == 0) return 0;
    return static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(spread_steps) + 1,
                                               static_cast<std::uint32_t>(fibre), kLatencyDraw));
}

void AfferentFibres::step(State&, const Params& p, const Propagators& k, const StepInput& in,
                          IndexRange range, SpikeWriter& spikes) noexcept {
    std::array<StimulusRate, kMaxRates> rates{};
    std::size_t n_rates = 0;
    if (k.p_background > 0.0) rates[n_rates++] = {p.background_rate, 1.0};
    std::span<const StimulusPulse> window;
    if (in.drive) {
        n_rates += in.drive->rates(in.step, std::span(rates).subspan(n_rates));
        // Pulses whose recruited fibres may fire now: steps in [now - spread, now].
        const auto all = in.drive->pulses();
        const auto by_step = [](const StimulusPulse& a, std::int64_t s) { return a.step < s; };
        const auto first =
            std::lower_bound(all.begin(), all.end(), in.step - k.latency_spread_steps, by_step);
        const auto last = std::lower_bound(first, all.end(), in.step + 1, by_step);
        window = {first, last};
    }
    if (n_rates == 0 && window.empty()) return; // silent: the common case between stimuli
    bool everyone = true; // every component reaches every fibre: no thresholds needed
    for (std::size_t r = 0; r < n_rates; ++r) everyone = everyone && rates[r].recruited >= 1.0;
    const CounterRng& rng = *in.rng;
    const auto step = static_cast<std::uint64_t>(in.step);
    for (std::size_t i = range.begin; i < range.end; ++i) {
        const double u = (everyone && window.empty()) ? 0.0 : threshold(rng, i);
        bool fire = false;
        if (!window.empty()) {
            const std::int64_t fires_at = in.step - latency_steps(rng, i, k.latency_spread_steps);
            for (const StimulusPulse& pulse : window)
                fire = fire || (pulse.step == fires_at && u < pulse.recruited);
        }
        if (!fire && n_rates > 0) {
            double p_spike = 0.0;
            for (std::size_t r = 0; r < n_rates; ++r)
                if (u < rates[r].recruited) p_spike += rates[r].rate_hz * k.dt_s;
            fire = p_spike > 0.0 && rng.uniform(static_cast<std::uint32_t>(i), step) < p_spike;
        }
        if (fire) spikes.push(i);
    }
}

void register_afferent_fibres(ModelRegistry& registry) {
    registry.add(neuron_model_entry<AfferentFibres>());
}

} // namespace hornet::models
