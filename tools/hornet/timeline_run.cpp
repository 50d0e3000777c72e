// SPDX-License-Identifier: MIT
#include "timeline_run.hpp"

#include "pharmacology_output.hpp"
#include "progress_printer.hpp"

#include "hornet/core/error.hpp"
#include "hornet/core/multiscale.hpp"
#include "hornet/core/simulator.hpp"
#include "hornet/io/hdf5_recorder.hpp"
#include "models/pharmacology/drug_exposure.hpp"

#include <atomic>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>

namespace hornet::cli {
namespace {

io::SeriesTable windows_table(const MultiscaleScheduler& scheduler) {
    io::SeriesTable t;
    t.group = "timeline/windows";
    io::SeriesTable::Series engine{
        "engine_start", "ms", "engine time (spike timestamps) where the window starts", {}, {}};
    io::SeriesTable::Series length{"length", "ms", "simulated length, settle included", {}, {}};
    io::SeriesTable::Series kind{
        "kind", "1", "0 full-phase chunk, 1 micro window, 2 pain test", {}, {}};
    io::SeriesTable::Series span{"macro_step", "ms", "calendar time the window stands for", {}, {}};
    for (const TimelineWindow& w : scheduler.windows()) {
        t.time_ms.push_back(w.calendar_ms);
        engine.values.push_back(w.engine_start_ms);
        length.values.push_back(w.length_ms);
        kind.values.push_back(static_cast<double>(w.kind));
        span.values.push_back(w.span_ms);
    }
    t.series = {std::move(engine), std::move(length), std::move(kind), std::move(span)};
    return t;
}

io::SeriesTable pain_table(const MultiscaleScheduler& scheduler) {
    io::SeriesTable t;
    t.group = "readout/pain_signal";
    io::SeriesTable::Series response{
        "response", "1", "spikes per neuron in the test window", {}, {}};
    io::SeriesTable::Series index{
        "pain_index", "1", "response / the first test's response (healthy baseline)", {}, {}};
    io::SeriesTable::Series drug{
        "receptor_ketamine", "uM", "free ketamine at the NMDA receptors at the test", {}, {}};
    const auto& tests = scheduler.pain_tests();
    const double baseline = tests.empty() ? 0.0 : tests.front().response;
    for (const PainTestResult& r : tests) {
        t.time_ms.push_back(r.calendar_ms);
        response.values.push_back(r.response);
        index.values.push_back(baseline > 0.0 ? r.response / baseline : std::nan(""));
        drug.values.push_back(r.drug.ketamine_uM);
    }
    t.series = {std::move(response), std::move(index), std::move(drug)};
    return t;
}

/// /slow/<variable>/<group>: one table per (variable, group), series as the samples name them.
std::vector<io::SeriesTable> slow_tables(const SlowSeries& slow) {
    std::vector<io::SeriesTable> out;
    std::map<std::string, std::size_t> by_group;
    const std::size_t width = slow.variables.size();
    for (std::size_t v = 0; v < width; ++v) {
        const SlowSample& s = slow.variables[v];
        const std::string group = "slow/" + s.variable + "/" + s.group;
        auto [it, is_new] = by_group.emplace(group, out.size());
        if (is_new) {
            io::SeriesTable t;
            t.group = group;
            t.time_ms = slow.time_ms;
            out.push_back(std::move(t));
        }
        io::SeriesTable::Series series{s.series, s.unit, s.description, {}, {}};
        series.values.reserve(slow.time_ms.size());
        for (std::size_t k = 0; k < slow.time_ms.size(); ++k)
            series.values.push_back(slow.values[k * width + v]);
        out[it->second].series.push_back(std::move(series));
    }
    return out;
}

void print_summary(const MultiscaleScheduler& scheduler, const Network& network,
                   const RunStatistics& stats, const RunOptions& o, const Scenario& scenario,
                   double total_s) {
    std::printf("hornet run %s -> %s\n", o.scenario.c_str(), o.output.c_str());
    std::size_t micro = 0, full = 0;
    for (const auto& w : scheduler.windows())
        (w.kind == TimelineWindow::micro_window ? micro : full) += 1;
    std::printf("  timeline     %.1f days in %zu phases: %zu micro windows, %zu full chunks and "
                "tests\n",
                scheduler.calendar_ms() / 864e5, scenario.timeline.phases.size(), micro, full);
    std::printf("  simulated    %.1f s of network time (%zu neurons) in %.2f s on %d thread%s\n",
                static_cast<double>(stats.steps) * network.dt_ms() * 1e-3, network.n_neurons(),
                stats.wall_seconds, network.threads(), network.threads() == 1 ? "" : "s");
    std::printf("  wall time    %.2f s in all\n", total_s);
    if (scenario.timeline.slow.enabled)
        std::printf("  hypothesis   %s (a hypothesis, not an established mechanism)\n",
                    scenario.timeline.slow.hypothesis.c_str());
    const auto& tests = scheduler.pain_tests();
    if (tests.size() >= 2 && tests.front().response > 0.0) {
        std::printf("  pain index   (response / first test) every %.0f h:\n   ",
                    scenario.timeline.pain_signal.every_ms / 3.6e6);
        for (std::size_t k = 0; k < tests.size(); ++k)
            std::printf(" %.2f%s", tests[k].response / tests.front().response,
                        (k + 1) % 15 == 0 ? "\n   " : "");
        std::printf("\n");
    }
}

} // namespace

int run_timeline(const RunOptions& o, const Scenario& scenario, const ModelRegistry& registry,
                 int threads, io::Provenance provenance, const std::atomic<bool>* stop,
                 std::chrono::steady_clock::time_point t_start) {
    std::unique_ptr<models::DrugExposure> drug;
    if (scenario.pharmacology.enabled)
        drug = std::make_unique<models::DrugExposure>(scenario.pharmacology);
    Network network = Network::build(
        scenario.network, registry, {scenario.simulation.dt_ms, scenario.simulation.seed, threads});
    const auto reports = resolve_reports(network, scenario.recording, scenario.simulation.dt_ms);
    const double build_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();

    if (const auto parent = std::filesystem::path(o.output).parent_path(); !parent.empty())
        std::filesystem::create_directories(parent);
    if (scenario.timeline.slow.enabled)
        provenance.extra.emplace_back("hypothesis", scenario.timeline.slow.hypothesis);
    io::Hdf5RecorderOptions rec_options;
    rec_options.spike_populations = scenario.recording.spike_populations;
    io::Hdf5Recorder recorder(o.output, std::move(provenance), rec_options);

    Simulator sim(network);
    sim.set_recorder(&recorder);
    sim.set_reports(reports);
    sim.set_stop_flag(stop);

    MultiscaleScheduler::Setup setup;
    setup.registry = &registry;
    setup.stimuli = scenario.stimuli;
    setup.drug = drug.get();
    if (drug) setup.drug_breakpoints_ms = dose_breakpoints_ms(scenario.pharmacology);
    for (const auto& p : scenario.network.projections) setup.projection_groups.push_back(p.group);
    if (scenario.timeline.slow.enabled) {
        const SlowProcessEntry* entry = registry.slow_processes();
        if (!entry) throw ConfigError("no slow processes are registered");
        setup.processes = entry->make(scenario.timeline.slow, scenario.network, network,
                                      scenario.simulation.seed);
    }
    MultiscaleScheduler scheduler(network, sim, scenario.timeline, std::move(setup));
    // Progress on the calendar clock: one "step" per millisecond of calendar time.
    ProgressPrinter progress(o.progress, 1.0);
    scheduler.set_progress(
        [&](double now, double end) { progress.progress(std::llround(now), std::llround(end)); });

    const auto write_tables = [&] {
        recorder.write_table(windows_table(scheduler));
        if (scenario.timeline.pain_signal.enabled) recorder.write_table(pain_table(scheduler));
        for (auto& t : slow_tables(scheduler.slow_series())) recorder.write_table(std::move(t));
        if (drug)
            recorder.write_table(pharmacology_table(*drug, scheduler.calendar_ms(), nullptr, {},
                                                    nullptr, scenario.simulation.dt_ms));
    };
    RunStatistics stats;
    try {
        stats = scheduler.run();
    } catch (const RunError&) {
        write_tables();
        recorder.close_unfinished();
        std::fprintf(stderr, "hornet: output up to the failure is in %s.partial\n",
                     o.output.c_str());
        throw;
    }
    const double end_ms = scenario.timeline.phases.back().end_ms;
    progress.finish(std::llround(scheduler.calendar_ms()), std::llround(end_ms));
    write_tables();
    const double total_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
    recorder.set_wall_times(build_s, total_s);
    if (stats.interrupted) {
        recorder.close_unfinished();
        std::fprintf(stderr,
                     "hornet: interrupted at day %.2f; what was simulated is in %s.partial\n",
                     scheduler.calendar_ms() / 864e5, o.output.c_str());
        return kInterrupted;
    }
    recorder.finalize();
    print_summary(scheduler, network, stats, o, scenario, total_s);
    return kOk;
}

} // namespace hornet::cli
