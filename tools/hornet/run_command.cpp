// SPDX-License-Identifier: MIT
// `hornet run` and `hornet validate`: scenario -> network -> simulator -> HDF5 file.
#include "commands.hpp"
#include "progress_printer.hpp"

#include "hornet/core/error.hpp"
#include "hornet/core/simulator.hpp"
#include "hornet/io/hdf5_recorder.hpp"
#include "hornet/io/provenance.hpp"
#include "hornet/io/scenario_reader.hpp"
#include "models/builtin.hpp"

#include <atomic>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <thread>

namespace hornet::cli {
namespace {

// NOTE: a signal handler can only reach the run through a global; it just raises this flag and
// the simulator stops at the next slice boundary, so the output is flushed, never torn.
std::atomic<bool> g_stop_requested{false};

extern "C" void request_stop(int) { g_stop_requested.store(true); }

int default_threads() {
    if (const char* env = std::getenv("OMP_NUM_THREADS"); env && std::atoi(env) > 0)
        return std::atoi(env);
    return std::max(1u, std::thread::hardware_concurrency());
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

} // namespace

int run_command(const RunOptions& o) {
    const auto t_start = std::chrono::steady_clock::now();
    const ModelRegistry registry = builtin_registry();
    std::vector<std::string> overrides = o.overrides;
    if (o.seed) overrides.push_back("simulation.seed=" + std::to_string(*o.seed));
    const Scenario scenario = io::read_scenario(o.scenario, overrides, registry);
    const int threads = o.threads > 0 ? o.threads : default_threads();

    Network network = Network::build(
        scenario.network, registry, {scenario.simulation.dt_ms, scenario.simulation.seed, threads});
    const auto reports = resolve_reports(network, scenario.recording, scenario.simulation.dt_ms);
    const double build_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();

    if (const auto parent = std::filesystem::path(o.output).parent_path(); !parent.empty())
        std::filesystem::create_directories(parent);
    io::Hdf5RecorderOptions rec_options;
    rec_options.spike_populations = scenario.recording.spike_populations;
    io::Hdf5Recorder recorder(o.output, provenance_of(o, scenario, threads), rec_options);

    Simulator sim(network);
    ProgressPrinter progress(o.progress, scenario.simulation.dt_ms);
    sim.set_recorder(&recorder);
    sim.set_progress(&progress);
    sim.set_reports(reports);
    sim.set_stop_flag(&g_stop_requested);
    std::signal(SIGINT, request_stop);
    std::signal(SIGTERM, request_stop);
    const auto n_steps = static_cast<std::int64_t>(
        std::llround(scenario.simulation.duration_ms / scenario.simulation.dt_ms));
    RunStatistics stats;
    try {
        stats = sim.run(n_steps);
    } catch (const RunError&) {
        // Keep what was simulated up to the failure, readable, under the unfinished name.
        recorder.close_unfinished();
        std::fprintf(stderr, "hornet: output up to the failure is in %s.partial\n",
                     o.output.c_str());
        throw;
    }
    progress.finish(stats.steps, n_steps);
    const double total_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
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
    std::size_t neurons = 0;
    for (const auto& p : s.network.populations) neurons += p.size;
    std::printf("%s: OK (%zu populations, %zu neurons, %zu projections, %.1f ms at dt = %g ms)\n",
                scenario_path.c_str(), s.network.populations.size(), neurons,
                s.network.projections.size(), s.simulation.duration_ms, s.simulation.dt_ms);
    return kOk;
}

} // namespace hornet::cli
