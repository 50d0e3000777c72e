// SPDX-License-Identifier: MIT
// `hornet run` and `hornet validate`: scenario -> network -> simulator -> HDF5 file.
#include "commands.hpp"
#include "pharmacology_output.hpp"
#include "plasticity_output.hpp"
#include "progress_printer.hpp"
#include "readout_output.hpp"
#include "timeline_run.hpp"

#include "hornet/core/error.hpp"
#include "hornet/core/simulator.hpp"
#include "hornet/core/stimulus_drives.hpp"
#include "hornet/io/hdf5_recorder.hpp"
#include "hornet/io/provenance.hpp"
#include "hornet/io/scenario_reader.hpp"
#include "models/builtin.hpp"
#include "models/pharmacology/drug_exposure.hpp"

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <thread>

namespace hornet::cli {
namespace {

// NOTE: a signal handler can only reach the run through a global; it just raises this flag and
// the simulator stops at the next slice boundary, so the output is flushed, never torn.
std::atomic<bool> g_stop_requested{false};

extern "C" void request_stop(int) { g_stop_requested.store(true); }

/// Below this many neurons a run defaults to one thread: the per-slice synchronisation costs
/// more than the work it shares (bench/README.md: the 409-neuron dorsal horn runs 1.6x faster
/// on one thread than on two, the 120-day pain-reset course 3x).
constexpr std::size_t kSerialBelowNeurons = 2000;

int default_threads(std::size_t neurons) {
    if (const char* env = std::getenv("OMP_NUM_THREADS"); env && std::atoi(env) > 0)
        return std::atoi(env);
    if (neurons < kSerialBelowNeurons) return 1;
    return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

ModelRegistry builtin_registry() {
    ModelRegistry registry;
    models::register_builtin_models(registry);
    return registry;
}

io::Provenance provenance_of(const RunOptions& o, const Scenario& s, int threads) {
    io::Provenance p = io::build_provenance();
    p.scenario_path = s.source_path;
    p.config_toml = s.resolved_toml;
    p.command_line = o.command_line;
    p.seed = s.simulation.seed;
    p.threads = threads;
    p.dt_ms = s.simulation.dt_ms;
    return p;
}

void print_summary(const Network& net, const RunStatistics& stats, const RunOptions& o,
                   double build_s, double total_s) {
    const double model_s = static_cast<double>(stats.steps) * net.dt_ms() * 1e-3;
    std::printf("hornet run %s -> %s\n", o.scenario.c_str(), o.output.c_str());
    std::printf("  network      %zu neurons, %llu synapses, built in %.2f s\n", net.n_neurons(),
                static_cast<unsigned long long>(net.n_synapses()), build_s);
    std::printf("  simulated    %.1f ms in %.2f s on %d thread%s (real-time factor %.3g: wall time "
                "/ model time)\n",
                model_s * 1e3, stats.wall_seconds, net.threads(), net.threads() == 1 ? "" : "s",
                model_s > 0 ? stats.wall_seconds / model_s : 0.0);
    std::printf("  wall time    %.2f s in all\n", total_s);
    std::printf("  %-12s %10s %12s %12s\n", "population", "neurons", "spikes", "mean rate");
    for (std::size_t p = 0; p < net.n_populations(); ++p) {
        const Population& pop = net.population(p);
        const double rate = model_s > 0 ? static_cast<double>(stats.spikes[p]) /
                                              static_cast<double>(pop.size()) / model_s
                                        : 0.0;
        std::printf("  %-12s %10zu %12llu %9.2f Hz\n", pop.name().c_str(), pop.size(),
                    static_cast<unsigned long long>(stats.spikes[p]), rate);
    }
}

void print_pharmacokinetics_summary(const models::DrugExposure& drug, const io::SeriesTable& table,
                                    const RunOptions& o, double total_s) {
    std::printf("hornet run %s -> %s\n", o.scenario.c_str(), o.output.c_str());
    const models::CompartmentModel* model = drug.model();
    if (!model) {
        std::printf("  fixed drug concentration, no network: nothing to simulate\n");
        return;
    }
    const auto& spec = drug.spec();
    std::printf("  model        %s, %.1f kg, %s scaling, clearance %.2f L/min\n",
                spec.parameter_set.c_str(), spec.body_weight_kg,
                std::string(models::weight_scaling_name(model->scaling())).c_str(),
                model->clearance_L_per_min());
    const auto find = [&](std::string_view name) -> const io::SeriesTable::Series* {
        for (const auto& s : table.series)
            if (s.name == name) return &s;
        return nullptr;
    };
    const auto* plasma = find("plasma");
    const auto* dosed = find("dosed");
    if (!plasma || plasma->values.empty() || !dosed) return;
    const auto peak = std::max_element(plasma->values.begin(), plasma->values.end());
    const auto at = static_cast<std::size_t>(peak - plasma->values.begin());
    std::printf("  dose         %.1f mg in all\n", dosed->values.back());
    std::printf(
        "  plasma       peak %.1f ng/mL (%.3f uM) at %.2f h; %.1f ng/mL at the end (%.2f h)\n",
        *peak, *peak / kKetamineMolarMass, table.time_ms[at] / 3.6e6, plasma->values.back(),
        table.time_ms.back() / 3.6e6);
    std::printf("  samples      %zu, computed and written in %.3f s\n", table.time_ms.size(),
                total_s);
}

/// A scenario without populations: pharmacokinetics only, in milliseconds.
int run_pharmacokinetics_only(const RunOptions& o, const Scenario& scenario,
                              const models::DrugExposure& drug,
                              std::chrono::steady_clock::time_point t_start) {
    io::Hdf5Recorder recorder(o.output, provenance_of(o, scenario, 1), {});
    io::SeriesTable table = pharmacology_table(drug, scenario.simulation.duration_ms, nullptr, {},
                                               nullptr, scenario.simulation.dt_ms);
    const io::SeriesTable summary_copy = table;
    recorder.write_table(std::move(table));
    const double total_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
    recorder.set_wall_times(0.0, total_s);
    recorder.finalize();
    print_pharmacokinetics_summary(drug, summary_copy, o, total_s);
    return kOk;
}

} // namespace

int run_command(const RunOptions& o) {
    const auto t_start = std::chrono::steady_clock::now();
    const ModelRegistry registry = builtin_registry();
    std::vector<std::string> overrides = o.overrides;
    if (o.seed) overrides.push_back("simulation.seed=" + std::to_string(*o.seed));
    const Scenario scenario = io::read_scenario(o.scenario, overrides, registry);
    std::size_t neurons = 0;
    for (const auto& p : scenario.network.populations) neurons += p.size;
    const int threads = o.threads > 0 ? o.threads : default_threads(neurons);
    if (scenario.timeline.enabled()) {
        std::signal(SIGINT, request_stop);
        std::signal(SIGTERM, request_stop);
        return run_timeline(o, scenario, registry, threads, provenance_of(o, scenario, threads),
                            &g_stop_requested, t_start);
    }
    std::unique_ptr<models::DrugExposure> drug;
    if (scenario.pharmacology.enabled)
        drug = std::make_unique<models::DrugExposure>(scenario.pharmacology);
    if (scenario.network.populations.empty()) {
        if (!drug) throw ConfigError(o.scenario + ": nothing to simulate");
        return run_pharmacokinetics_only(o, scenario, *drug, t_start);
    }

    Network network = Network::build(
        scenario.network, registry, {scenario.simulation.dt_ms, scenario.simulation.seed, threads});
    const auto reports = resolve_reports(network, scenario.recording, scenario.simulation.dt_ms);
    const StimulusDrives stimuli(registry, scenario.stimuli, network);
    const double build_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();

    if (const auto parent = std::filesystem::path(o.output).parent_path(); !parent.empty())
        std::filesystem::create_directories(parent);
    io::Hdf5RecorderOptions rec_options;
    rec_options.spike_populations = scenario.recording.spike_populations;
    io::Hdf5Recorder recorder(o.output, provenance_of(o, scenario, threads), rec_options);

    Simulator sim(network);
    // The mean NMDA block per population is recorded as extra reports, which the tap reduces
    // to means instead of passing them to the file.
    const BlockReports block =
        drug ? nmda_block_reports(network, scenario.pharmacology) : BlockReports{};
    MeanReportTap tap(&recorder, reports.size());
    std::vector<ReportLayout> all_reports = reports;
    all_reports.insert(all_reports.end(), block.layouts.begin(), block.layouts.end());
    if (drug) sim.set_drug(drug.get());
    sim.set_drives(stimuli.per_population());
    std::vector<bool> full(scenario.network.projections.size(), false);
    for (std::size_t p = 0; p < full.size(); ++p)
        for (const auto& name : scenario.recording.plasticity_full)
            full[p] = full[p] || scenario.network.projections[p].group == name;
    sim.set_plasticity_sampling(
        std::max<std::int64_t>(
            1, std::llround(scenario.recording.plasticity_interval_ms / scenario.simulation.dt_ms)),
        std::move(full));
    ProgressPrinter progress(o.progress, scenario.simulation.dt_ms);
    SpikeCountTap counter(&tap, readout_populations(scenario, network));
    sim.set_recorder(&counter);
    sim.set_progress(&progress);
    sim.set_reports(all_reports);
    sim.set_stop_flag(&g_stop_requested);
    std::signal(SIGINT, request_stop);
    std::signal(SIGTERM, request_stop);
    const auto n_steps = static_cast<std::int64_t>(
        std::llround(scenario.simulation.duration_ms / scenario.simulation.dt_ms));
    const auto write_slow_tables = [&](std::int64_t steps_done) {
        for (auto& table :
             plasticity_tables(network, sim.plasticity_series(), scenario.network.projections))
            recorder.write_table(std::move(table));
        for (auto& table :
             readout_tables(scenario, network, registry, counter,
                            static_cast<double>(steps_done) * scenario.simulation.dt_ms))
            recorder.write_table(std::move(table));
        if (!drug) return;
        recorder.write_table(
            pharmacology_table(*drug, static_cast<double>(steps_done) * scenario.simulation.dt_ms,
                               &network, block, &tap, scenario.simulation.dt_ms));
    };
    RunStatistics stats;
    try {
        stats = sim.run(n_steps);
    } catch (const RunError&) {
        // Keep what was simulated up to the failure, readable, under the unfinished name.
        write_slow_tables(sim.current_step());
        recorder.close_unfinished();
        std::fprintf(stderr, "hornet: output up to the failure is in %s.partial\n",
                     o.output.c_str());
        throw;
    }
    progress.finish(stats.steps, n_steps);
    const double total_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
    write_slow_tables(stats.steps);
    recorder.set_wall_times(build_s, total_s);
    if (stats.interrupted) {
        recorder.close_unfinished();
        std::fprintf(
            stderr, "hornet: interrupted at t = %.1f ms; what was simulated is in %s.partial\n",
            static_cast<double>(stats.steps) * scenario.simulation.dt_ms, o.output.c_str());
        return kInterrupted;
    }
    recorder.finalize();
    print_summary(network, stats, o, build_s, total_s);
    return kOk;
}

int validate_command(const std::string& scenario_path, const std::vector<std::string>& overrides) {
    const ModelRegistry registry = builtin_registry();
    const Scenario s = io::read_scenario(scenario_path, overrides, registry);
    if (s.network.populations.empty()) {
        std::printf(
            "%s: OK (pharmacokinetics only: %s, %zu dose entries, %.1f h)\n", scenario_path.c_str(),
            s.pharmacology.fixed ? "fixed concentration" : s.pharmacology.parameter_set.c_str(),
            s.pharmacology.doses.size(), s.simulation.duration_ms / 3.6e6);
        return kOk;
    }
    std::size_t neurons = 0;
    for (const auto& p : s.network.populations) neurons += p.size;
    if (s.timeline.enabled()) {
        std::printf("%s: OK (%zu populations, %zu neurons, %zu projections; a timeline of %zu "
                    "phases over %.2f days%s%s)\n",
                    scenario_path.c_str(), s.network.populations.size(), neurons,
                    s.network.projections.size(), s.timeline.phases.size(),
                    s.simulation.duration_ms / 864e5,
                    s.timeline.slow.enabled ? ", reset hypothesis " : "",
                    s.timeline.slow.enabled ? s.timeline.slow.hypothesis.c_str() : "");
        return kOk;
    }
    std::printf("%s: OK (%zu populations, %zu neurons, %zu projections, %.1f ms at dt = %g ms)\n",
                scenario_path.c_str(), s.network.populations.size(), neurons,
                s.network.projections.size(), s.simulation.duration_ms, s.simulation.dt_ms);
    return kOk;
}

} // namespace hornet::cli
