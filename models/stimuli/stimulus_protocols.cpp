// SPDX-License-Identifier: MIT
#include "models/stimuli/stimulus_protocols.hpp"

#include "hornet/core/error.hpp"
#include "hornet/core/population.hpp"
#include "models/stimuli/afferent_fibres.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace hornet::models {
namespace {

ParameterInfo start_parameter() {
    return {"start", "ms", 0.0, Bounds::non_negative(), "time of the first pulse or the onset"};
}

/// The parameters of the three pulse-train protocols, which differ only in their defaults.
std::vector<ParameterInfo> pulse_train_parameters(double count, double frequency_hz,
                                                  double trains) {
    return {start_parameter(),
            {"count", "1", count, Bounds::closed(1.0, 1e7), "pulses per train"},
            {"frequency", "Hz", frequency_hz, Bounds::positive(), "pulse rate within a train"},
            {"trains", "1", trains, Bounds::closed(1.0, 1e5), "number of trains"},
            {"train_interval", "ms", 10000.0, Bounds::positive(),
             "from the start of one train to the start of the next"}};
}

std::vector<StimulusProtocolInfo> protocol_table() {
    return {
        {"pulses", "electrical pulse trains (wind-up: 16 pulses at 0.5 Hz)",
         pulse_train_parameters(16.0, 0.5, 1.0)}, // Dickenson & Sullivan 1987 [S43]
        {"hfs", "conditioning high-frequency stimulation (100 Hz x 1 s trains)",
         pulse_train_parameters(100.0, 100.0, 5.0)}, // Ruscheweyh 2011 [S49]; Klein 2004 [S51]
        {"lfs", "conditioning low-frequency stimulation (2 Hz x 120 s)",
         pulse_train_parameters(240.0, 2.0, 1.0)}, // Ruscheweyh 2011 [S49]
        {"mechanical",
         "Poisson response to a held force (Medlock et al. 2022 rate shapes)",
         {start_parameter(),
          {"force", "mN", 400.0, Bounds::closed(0.0, 400.0),
           "applied force (the fits hold for 50-400 mN)"}, // Medlock 2022 [S6]
          {"duration", "ms", 5000.0, Bounds::positive(), "how long the force is held"},
          {"adaptation", "ms", 1000.0, Bounds::positive(),
           "decay time from the onset rate to the 5 s rate (assumption)"}}},
        {"tonic",
         "Poisson activity at a constant rate (ongoing nociceptive drive)",
         {start_parameter(),
          {"duration", "ms", 0.0, Bounds::non_negative(), "how long; 0: to the end of the run"},
          {"rate", "Hz", 1.0, Bounds::non_negative(), "firing rate of the recruited fibres"}}},
    };
}

/// A stimulus's parameter: its value in the spec, or the protocol's default.
double value(const StimulusSpec& spec, const StimulusProtocolInfo& info, std::string_view name) {
    if (const auto it = spec.params.find(name); it != spec.params.end()) return it->second;
    for (const auto& p : info.parameters)
        if (p.name == name) return p.default_value;
    throw InternalError("stimulus protocol " + std::string(info.name) + " has no parameter " +
                        std::string(name));
}

[[noreturn]] void bad_stimulus(const StimulusSpec& spec, const std::string& what) {
    throw ConfigError("stimulus '" + spec.name + "' (" + spec.protocol + "): " + what);
}

const StimulusProtocolInfo& protocol_of(const std::vector<StimulusProtocolInfo>& table,
                                        const StimulusSpec& spec) {
    for (const auto& p : table)
        if (p.name == spec.protocol) return p;
    bad_stimulus(spec, "unknown protocol");
}

bool is_pulse_train(std::string_view protocol) {
    return protocol == "pulses" || protocol == "hfs" || protocol == "lfs";
}

/// Pulse times [ms] of a pulse-train stimulus, in order.
std::vector<double> pulse_times(const StimulusSpec& spec, const StimulusProtocolInfo& info) {
    const double count = value(spec, info, "count"), trains = value(spec, info, "trains");
    if (count != std::floor(count) || trains != std::floor(trains))
        bad_stimulus(spec, "count and trains must be whole numbers");
    const double period = 1000.0 / value(spec, info, "frequency");
    const double train_interval = value(spec, info, "train_interval");
    if (trains > 1 && (count - 1) * period >= train_interval)
        bad_stimulus(spec, "a train lasts longer than train_interval");
    const double start = value(spec, info, "start");
    std::vector<double> times;
    times.reserve(static_cast<std::size_t>(count * trains));
    for (double t = 0; t < trains; ++t)
        for (double k = 0; k < count; ++k) times.push_back(start + t * train_interval + k * period);
    return times;
}

/// A Poisson component over [begin, end) steps, t from `begin`: constant when r_onset == r_end;
/// otherwise decaying from r_onset at t = 0 to exactly r_end at t = T (plateau), as
/// r_end + (r_onset - r_end) (e^{-t/tau} - e^{-T/tau}) / (1 - e^{-T/tau}), then r_end.
struct RateSegment {
    std::int64_t begin = 0, end = 0;
    double recruited = 1.0;
    double r_onset = 0.0, r_end = 0.0; // [Hz]
    double tau_steps = 1.0;
    double plateau_steps = 1.0; // after this many steps the rate stays at r_end

    double rate(std::int64_t step) const noexcept {
        const auto t = static_cast<double>(step - begin);
        if (r_onset == r_end || t >= plateau_steps) return r_end;
        const double floor = std::exp(-plateau_steps / tau_steps);
        return r_end + (r_onset - r_end) * (std::exp(-t / tau_steps) - floor) / (1.0 - floor);
    }
};

/// Medlock et al. 2022 mechanical response at 400 mN [S6]: (onset, at 5 s) in Hz per class.
struct MechanicalRates {
    double onset, at_5s;
    bool scales_with_force;
};
MechanicalRates mechanical_rates(FibreClass c) {
    switch (c) {
    case FibreClass::abeta:
        return {36.0, 8.0, false}; // Medlock 2022 [S6] (derived)
    case FibreClass::adelta:
        return {27.0, 9.0, true}; // Medlock 2022 [S6] (derived)
    case FibreClass::c:
        return {32.0, 8.0, true}; // Medlock 2022 [S6] (derived)
    }
    return {0.0, 0.0, false};
}

class CompiledDrive final : public AfferentDrive {
public:
    CompiledDrive(std::vector<StimulusPulse> pulses, std::vector<RateSegment> segments)
        : pulses_(std::move(pulses)), segments_(std::move(segments)) {}

    std::span<const StimulusPulse> pulses() const noexcept override { return pulses_; }

    std::size_t rates(std::int64_t step, std::span<StimulusRate> out) const noexcept override {
        std::size_t n = 0;
        for (const RateSegment& s : segments_)
            if (step >= s.begin && step < s.end && n < out.size())
                out[n++] = {s.rate(step), s.recruited};
        return n;
    }

private:
    std::vector<StimulusPulse> pulses_;
    std::vector<RateSegment> segments_;
};

std::int64_t to_step(double t_ms, double dt_ms) {
    return static_cast<std::int64_t>(std::llround(t_ms / dt_ms));
}

std::unique_ptr<AfferentDrive> compile(const std::vector<StimulusProtocolInfo>& table,
                                       std::span<const StimulusSpec> specs,
                                       const Population& target, double dt_ms) {
    if (target.model_name() != AfferentFibres::name)
        throw ConfigError("population '" + target.name() + "' (" +
                          std::string(target.model_name()) +
                          ") cannot be stimulated: stimuli drive populations of model " +
                          std::string(AfferentFibres::name));
    auto fibre_class = FibreClass::c;
    const auto params = target.parameters();
    for (std::size_t i = 0; i < params.size(); ++i)
        if (params[i].name == "fibre_class")
            fibre_class = static_cast<FibreClass>(static_cast<int>(target.parameter_value(i)));
    std::vector<StimulusPulse> pulses;
    std::vector<RateSegment> segments;
    for (const StimulusSpec& spec : specs) {
        const auto at = std::find(spec.targets.begin(), spec.targets.end(), target.name());
        if (at == spec.targets.end()) continue;
        const double recruited =
            spec.recruited.at(static_cast<std::size_t>(at - spec.targets.begin()));
        const StimulusProtocolInfo& info = protocol_of(table, spec);
        if (is_pulse_train(spec.protocol)) {
            const double period = 1000.0 / value(spec, info, "frequency");
            if (period < dt_ms)
                bad_stimulus(spec, "the pulse frequency is above one pulse per step (dt = " +
                                       std::to_string(dt_ms) + " ms)");
            for (const double t : pulse_times(spec, info))
                pulses.push_back({to_step(t, dt_ms), recruited});
            continue;
        }
        RateSegment seg;
        seg.recruited = recruited;
        seg.begin = to_step(value(spec, info, "start"), dt_ms);
        const double duration = value(spec, info, "duration");
        seg.end = duration > 0.0 ? seg.begin + to_step(duration, dt_ms)
                                 : std::numeric_limits<std::int64_t>::max();
        if (spec.protocol == "mechanical") {
            const MechanicalRates r = mechanical_rates(fibre_class);
            const double scale = r.scales_with_force ? value(spec, info, "force") / 400.0 : 1.0;
            seg.r_onset = r.onset * scale;
            seg.r_end = r.at_5s * scale;
            seg.tau_steps = value(spec, info, "adaptation") / dt_ms;
            seg.plateau_steps = 5000.0 / dt_ms; // the fits end at 5 s [S6]
        } else {                                // tonic
            seg.r_onset = seg.r_end = value(spec, info, "rate");
        }
        if (std::max(seg.r_onset, seg.r_end) * dt_ms * 1e-3 > 1.0)
            bad_stimulus(spec, "the rate is above one spike per step");
        segments.push_back(seg);
    }
    if (segments.size() > kMaxPoissonStimuli)
        throw ConfigError("population '" + target.name() + "': more than " +
                          std::to_string(kMaxPoissonStimuli) +
                          " Poisson stimuli (mechanical, tonic) target it");
    std::stable_sort(
        pulses.begin(), pulses.end(),
        [](const StimulusPulse& a, const StimulusPulse& b) { return a.step < b.step; });
    return std::make_unique<CompiledDrive>(std::move(pulses), std::move(segments));
}

} // namespace

StimulusEntry stimulus_entry() {
    StimulusEntry entry;
    entry.protocols = protocol_table();
    entry.afferent_model = AfferentFibres::name;
    entry.compile = [table = entry.protocols](std::span<const StimulusSpec> specs,
                                              const Population& target, double dt_ms) {
        return compile(table, specs, target, dt_ms);
    };
    entry.event_times_ms = [table = entry.protocols](const StimulusSpec& spec) {
        const StimulusProtocolInfo& info = protocol_of(table, spec);
        if (is_pulse_train(spec.protocol)) return pulse_times(spec, info);
        return std::vector<double>{value(spec, info, "start")};
    };
    return entry;
}

void register_stimulus_protocols(ModelRegistry& registry) {
    registry.set_stimuli(stimulus_entry());
}

} // namespace hornet::models
