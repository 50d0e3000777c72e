// SPDX-License-Identifier: MIT
#include "hornet/core/multiscale.hpp"

#include "hornet/core/error.hpp"
#include "hornet/core/plasticity.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace hornet {

namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

double start_of(const StimulusSpec& s) {
    const auto it = s.params.find("start");
    return it == s.params.end() ? 0.0 : it->second;
}

StimulusSpec shifted(const StimulusSpec& s, double start_ms) {
    StimulusSpec copy = s;
    copy.params["start"] = start_ms;
    return copy;
}

void add(RunStatistics& total, const RunStatistics& part) {
    total.steps += part.steps;
    total.wall_seconds += part.wall_seconds;
    if (total.spikes.size() < part.spikes.size()) total.spikes.resize(part.spikes.size(), 0);
    for (std::size_t p = 0; p < part.spikes.size(); ++p) total.spikes[p] += part.spikes[p];
    total.interrupted = total.interrupted || part.interrupted;
}

} // namespace

/// The scenario's drug on the engine's clock: engine time + offset = calendar time.
class MultiscaleScheduler::CalendarDrug final : public DrugTimeCourse {
public:
    explicit CalendarDrug(DrugTimeCourse* calendar) noexcept : calendar_(calendar) {}
    DrugLevels at(double engine_ms) noexcept override { return calendar_->at(engine_ms + offset); }
    double receptor_uM(double calendar_ms) noexcept {
        const DrugLevels l = calendar_->at(calendar_ms);
        return l.ketamine_uM + l.norketamine_uM;
    }
    DrugLevels at_calendar(double calendar_ms) noexcept { return calendar_->at(calendar_ms); }
    double offset = 0.0;

private:
    DrugTimeCourse* calendar_;
};

MultiscaleScheduler::MultiscaleScheduler(Network& network, Simulator& simulator,
                                         const TimelineSpec& timeline, Setup setup)
    : network_(network), sim_(simulator), timeline_(timeline), setup_(std::move(setup)) {
    if (!setup_.registry) throw InternalError("MultiscaleScheduler: no model registry");
    if (timeline_.phases.empty()) throw ConfigError("the timeline has no phases");
    if (setup_.drug) {
        drug_ = std::make_unique<CalendarDrug>(setup_.drug);
        sim_.set_drug(drug_.get());
    }
    for (std::size_t q = 0; q < network_.projections().size(); ++q)
        if (network_.projections()[q].plasticity) plastic_.push_back(q);
    if (setup_.projection_groups.size() < network_.projections().size())
        for (std::size_t q = setup_.projection_groups.size(); q < network_.projections().size();
             ++q)
            setup_.projection_groups.push_back(network_.projections()[q].name);

    const PainSignalSpec& pain = timeline_.pain_signal;
    if (pain.enabled) {
        for (const StimulusSpec& s : setup_.stimuli)
            if (s.name == pain.stimulus) pain_stimulus_ = &s;
        if (!pain_stimulus_)
            throw ConfigError("pain_signal: no [[stimuli]] entry named '" + pain.stimulus + "'");
        pain_population_ = network_.find_population(pain.population);
        if (pain_population_ == Network::npos)
            throw ConfigError("pain_signal: no population named '" + pain.population + "'");
        if (!(pain.every_ms > 0.0)) throw ConfigError("pain_signal: 'every' must be positive");
    }
    double begin = 0.0;
    for (const PhaseSpec& phase : timeline_.phases) {
        if (!(phase.end_ms > begin))
            throw ConfigError("phase '" + phase.name + "' ends before it starts");
        if (phase.resolution == PhaseSpec::Resolution::multiscale) {
            for (const StimulusSpec& s : setup_.stimuli)
                if (&s != pain_stimulus_ && start_of(s) >= begin && start_of(s) < phase.end_ms)
                    throw ConfigError("stimulus '" + s.name +
                                      "' starts inside the multiscale "
                                      "phase '" +
                                      phase.name +
                                      "': stimuli other than the pain test need a full phase");
            for (const std::size_t q : plastic_)
                if (!network_.projections()[q].plasticity->has_averaged_dynamics())
                    throw ConfigError(
                        "projection '" + network_.projections()[q].name + "': rule " +
                        std::string(network_.projections()[q].plasticity->rule()) +
                        " has no averaged dynamics, so it cannot cross a multiscale phase ('" +
                        phase.name + "')");
        }
        begin = phase.end_ms;
    }
}

MultiscaleScheduler::~MultiscaleScheduler() = default;

double MultiscaleScheduler::next_pain_test(double t) const {
    const PainSignalSpec& pain = timeline_.pain_signal;
    if (!pain.enabled) return kInfinity;
    if (t <= pain.first_ms) return pain.first_ms;
    // Within 1 us of a test time counts as at it.
    const double k = std::ceil((t - pain.first_ms - 1e-3) / pain.every_ms);
    return pain.first_ms + k * pain.every_ms;
}

void MultiscaleScheduler::place(double calendar_ms, double duration_ms,
                                std::span<const StimulusSpec> extra) {
    const double engine_ms = static_cast<double>(sim_.current_step()) * network_.dt_ms();
    const double offset = calendar_ms - engine_ms;
    if (drug_) drug_->offset = offset;
    std::vector<StimulusSpec> specs;
    for (const StimulusSpec& s : setup_.stimuli) {
        if (&s == pain_stimulus_) continue;
        const double start = start_of(s);
        if (start >= calendar_ms && start < calendar_ms + duration_ms)
            specs.push_back(shifted(s, start - offset));
    }
    for (const StimulusSpec& s : extra) specs.push_back(shifted(s, start_of(s) - offset));
    drives_ = StimulusDrives(*setup_.registry, specs, network_);
    sim_.set_drives(drives_.per_population());
}

bool MultiscaleScheduler::simulate(std::int64_t n_steps, RunStatistics& total,
                                   RunStatistics* window) {
    if (n_steps <= 0) {
        if (window)
            *window = RunStatistics{0, 0.0, std::vector<std::uint64_t>(network_.n_populations(), 0),
                                    false};
        return true;
    }
    const RunStatistics stats = sim_.run(n_steps);
    add(total, stats);
    if (window) *window = stats;
    return !stats.interrupted;
}

void MultiscaleScheduler::begin_windows() {
    for (const std::size_t q : plastic_) {
        SynapticPlasticity& rule = *network_.projections()[q].plasticity;
        for (std::size_t d = 0; d < rule.n_domains(); ++d) rule.begin_window(d);
    }
}

WindowObservation MultiscaleScheduler::observe(double calendar_ms, double measured_ms,
                                               double span_ms, bool averaged,
                                               const RunStatistics& window) {
    WindowObservation obs;
    obs.calendar_ms = calendar_ms;
    obs.measured_ms = measured_ms;
    obs.span_ms = span_ms;
    obs.averaged = averaged;
    obs.step = sim_.current_step();
    obs.spikes = window.spikes;
    obs.spikes.resize(network_.n_populations(), 0);
    if (drug_) obs.drug = drug_->at_calendar(calendar_ms);
    return obs;
}

void MultiscaleScheduler::advance_slow(const WindowObservation& obs, double rule_window_ms,
                                       double rule_span_ms, bool simulated) {
    auto& drives = drives_of_synapses_;
    drives.resize(network_.projections().size());
    for (const std::size_t q : plastic_) {
        const SynapticPlasticity& rule = *network_.projections()[q].plasticity;
        drives[q].resize(rule.n_domains());
        for (std::size_t d = 0; d < rule.n_domains(); ++d)
            drives[q][d].assign(rule.domain(d).keys.size(), SlowDrive{});
    }
    for (auto& process : setup_.processes) process->drive(network_, obs, drives);
    for (const std::size_t q : plastic_) {
        SynapticPlasticity& rule = *network_.projections()[q].plasticity;
        if (!simulated) rule.pool_window();
        for (std::size_t d = 0; d < rule.n_domains(); ++d)
            rule.advance_averaged(d, obs.step, rule_window_ms, rule_span_ms, drives[q][d],
                                  simulated);
    }
    for (auto& process : setup_.processes) process->advance(network_, obs);
}

void MultiscaleScheduler::record_slow(double calendar_ms) {
    std::vector<SlowSample> samples;
    const std::int64_t step = sim_.current_step();
    for (const std::size_t q : plastic_) {
        const SynapticPlasticity& rule = *network_.projections()[q].plasticity;
        PlasticSummary total;
        for (std::size_t d = 0; d < rule.n_domains(); ++d) rule.summarize(d, step, total);
        const std::string variable(rule.value_name());
        const std::string unit(rule.value_unit());
        samples.push_back({variable, setup_.projection_groups[q], "mean", unit,
                           "mean over the projection's synapses", total.mean()});
        samples.push_back({variable, setup_.projection_groups[q], "potentiated", "1",
                           "fraction of the synapses potentiated", total.fraction_potentiated()});
    }
    for (const auto& process : setup_.processes) process->sample(samples);
    if (slow_.time_ms.empty()) slow_.variables = samples;
    if (samples.size() != slow_.variables.size())
        throw InternalError("a slow process changed the number of its variables");
    slow_.time_ms.push_back(calendar_ms);
    for (const SlowSample& s : samples) slow_.values.push_back(s.value);
}

void MultiscaleScheduler::report_progress() const {
    if (progress_) progress_(calendar_ms_, timeline_.phases.back().end_ms);
}

bool MultiscaleScheduler::run_pain_test(double onset_ms, double settle_ms, RunStatistics& total) {
    const PainSignalSpec& pain = timeline_.pain_signal;
    const double dt = network_.dt_ms();
    const double engine_start = static_cast<double>(sim_.current_step()) * dt;
    const StimulusSpec test = shifted(*pain_stimulus_, onset_ms);
    place(onset_ms - settle_ms, settle_ms + pain.to_ms, std::span(&test, 1));
    const auto n_before = std::llround((settle_ms + pain.from_ms) / dt);
    const auto n_counted = std::llround((pain.to_ms - pain.from_ms) / dt);
    RunStatistics counted;
    if (!simulate(n_before, total, nullptr) || !simulate(n_counted, total, &counted)) return false;
    const double size = static_cast<double>(network_.population(pain_population_).size());
    PainTestResult result;
    result.calendar_ms = onset_ms;
    result.response = static_cast<double>(counted.spikes[pain_population_]) / size;
    if (drug_) result.drug = drug_->at_calendar(onset_ms);
    pain_tests_.push_back(result);
    windows_.push_back({onset_ms - settle_ms, engine_start,
                        static_cast<double>(n_before + n_counted) * dt, TimelineWindow::pain_test,
                        0.0});
    return true;
}

bool MultiscaleScheduler::run_full_phase(const PhaseSpec& phase, RunStatistics& total) {
    const double t0 = calendar_ms_, t1 = phase.end_ms;
    const PainSignalSpec& pain = timeline_.pain_signal;
    // Chunk boundaries: every slow_interval, and each pain test's counting window.
    std::vector<double> bounds{t0, t1};
    for (double t = t0 + phase.slow_interval_ms; t < t1; t += phase.slow_interval_ms)
        bounds.push_back(t);
    std::vector<StimulusSpec> tests;
    std::vector<double> onsets;
    for (double t = next_pain_test(t0); t < t1; t = next_pain_test(t + 0.01)) {
        tests.push_back(shifted(*pain_stimulus_, t));
        onsets.push_back(t);
        bounds.push_back(std::min(t1, t + pain.from_ms));
        bounds.push_back(std::min(t1, t + pain.to_ms));
    }
    std::sort(bounds.begin(), bounds.end());
    bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
    place(t0, t1 - t0, tests);
    const double dt = network_.dt_ms();
    const std::int64_t first_step = sim_.current_step();
    const double engine_t0 = static_cast<double>(first_step) * dt;
    std::vector<std::uint64_t> counted(onsets.size(), 0); // spikes in each test's window so far
    for (std::size_t c = 0; c + 1 < bounds.size(); ++c) {
        const double a = bounds[c], b = bounds[c + 1];
        const std::int64_t target = first_step + std::llround((b - t0) / dt);
        const std::int64_t n = target - sim_.current_step();
        if (n <= 0) continue;
        const double engine_a = static_cast<double>(sim_.current_step()) * dt;
        begin_windows();
        RunStatistics chunk;
        if (!simulate(n, total, &chunk)) return false;
        const double length = static_cast<double>(n) * dt;
        advance_slow(observe(a, length, length, false, chunk), length, length, true);
        // NOTE: chunks end at every counting window's edges, so a chunk lies inside a window or
        // outside it; slow_interval boundaries may split a window into several chunks.
        for (std::size_t j = 0; j < onsets.size(); ++j) {
            const double from = onsets[j] + pain.from_ms;
            const double to = std::min(t1, onsets[j] + pain.to_ms);
            if (a < from - 0.5 * dt || b > to + 0.5 * dt) continue;
            counted[j] += chunk.spikes[pain_population_];
            if (std::abs(b - to) >= 0.5 * dt) continue;
            PainTestResult result;
            result.calendar_ms = onsets[j];
            result.response = static_cast<double>(counted[j]) /
                              static_cast<double>(network_.population(pain_population_).size());
            if (drug_) result.drug = drug_->at_calendar(onsets[j]);
            pain_tests_.push_back(result);
        }
        windows_.push_back({a, engine_a, length, TimelineWindow::full_chunk, length});
        calendar_ms_ = t0 + (static_cast<double>(sim_.current_step()) * dt - engine_t0);
        record_slow(calendar_ms_);
        report_progress();
    }
    calendar_ms_ = t1;
    return true;
}

double MultiscaleScheduler::choose_macro_step(const PhaseSpec& phase, double t, double phase_end) {
    double limit = phase_end - t; // hard limits: the step ends at them exactly
    if (const double test = next_pain_test(t + 0.01); test > t) limit = std::min(limit, test - t);
    for (const double b : setup_.drug_breakpoints_ms)
        if (b > t + 1e-6) limit = std::min(limit, b - t);
    double h = std::min(limit, phase.macro_step_ms);
    for (const auto& process : setup_.processes) h = std::min(h, process->max_step_ms());
    if (drug_) {
        const double c0 = drug_->receptor_uM(t);
        const auto within = [&](double a, double b) {
            return std::abs(a - b) <=
                   phase.drug_tolerance_uM +
                       phase.drug_tolerance_relative * std::max(std::abs(a), std::abs(b));
        };
        while (h > phase.min_macro_step_ms) {
            const double cm = drug_->receptor_uM(t + 0.5 * h);
            const double c1 = drug_->receptor_uM(t + h);
            if (within(c0, cm) && within(cm, c1) && within(c0, c1)) break;
            h *= 0.5;
        }
    }
    return std::min(limit, std::max(h, phase.min_macro_step_ms));
}

bool MultiscaleScheduler::run_multiscale_phase(const PhaseSpec& phase, RunStatistics& total) {
    const double dt = network_.dt_ms();
    const auto n_settle = std::llround(phase.settle_ms / dt);
    const auto n_measured = std::max<std::int64_t>(1, std::llround(phase.micro_window_ms / dt));
    const double simulated = static_cast<double>(n_settle + n_measured) * dt;
    while (calendar_ms_ < phase.end_ms - 1e-6) {
        const double t = calendar_ms_;
        if (next_pain_test(t) <= t + 0.01) {
            if (!run_pain_test(t, phase.settle_ms, total)) return false;
            // The next macro step starts after this test.
        }
        double h = choose_macro_step(phase, t, phase.end_ms);
        const double engine_start = static_cast<double>(sim_.current_step()) * dt;
        // NOTE: the window stands for the middle of the step (midpoint rule): its drug level is
        // the step's mean to second order in h, where the start's would be first order.
        const double window_at = std::max(t, t + 0.5 * h - 0.5 * simulated);
        place(window_at, simulated, {});
        RunStatistics window;
        if (!simulate(n_settle, total, nullptr)) return false;
        begin_windows();
        if (!simulate(n_measured, total, &window)) return false;
        const double measured = static_cast<double>(n_measured) * dt;
        // Step control on what the window measured: at most slow_tolerance relaxation times of
        // the rules' averaged dynamics (the window stays where it was placed).
        double rate = 0.0;
        for (const std::size_t q : plastic_) {
            SynapticPlasticity& rule = *network_.projections()[q].plasticity;
            rule.pool_window();
            rate = std::max(rate, rule.averaged_rate_per_ms(measured));
        }
        if (rate > 0.0 && phase.slow_tolerance / rate < h)
            h = std::max({phase.slow_tolerance / rate, phase.min_macro_step_ms, simulated});
        const double rest = std::max(0.0, h - simulated);
        advance_slow(observe(window_at + phase.settle_ms, measured, h, true, window), measured,
                     rest, false);
        windows_.push_back({window_at, engine_start, simulated, TimelineWindow::micro_window, h});
        calendar_ms_ = t + h;
        record_slow(calendar_ms_);
        report_progress();
    }
    // A test due exactly at the end of the last phase.
    if (&phase == &timeline_.phases.back() && next_pain_test(calendar_ms_) <= calendar_ms_ + 0.01)
        return run_pain_test(calendar_ms_, phase.settle_ms, total);
    calendar_ms_ = phase.end_ms;
    return true;
}

RunStatistics MultiscaleScheduler::run() {
    RunStatistics total;
    total.spikes.assign(network_.n_populations(), 0);
    for (auto& process : setup_.processes) process->start(network_);
    record_slow(calendar_ms_);
    for (const PhaseSpec& phase : timeline_.phases) {
        if (calendar_ms_ >= phase.end_ms) continue;
        const bool ok = phase.resolution == PhaseSpec::Resolution::full
                            ? run_full_phase(phase, total)
                            : run_multiscale_phase(phase, total);
        if (!ok) {
            total.interrupted = true;
            break;
        }
    }
    return total;
}

std::vector<double> dose_breakpoints_ms(const PharmacologySpec& spec) {
    std::vector<double> out;
    for (const DoseEntry& dose : spec.doses)
        for (int k = 0; k < std::max(1, dose.repeat_count); ++k) {
            const double start = dose.start_ms + k * dose.repeat_every_ms;
            out.push_back(start);
            if (dose.duration_ms > 0.0) out.push_back(start + dose.duration_ms);
        }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

} // namespace hornet
