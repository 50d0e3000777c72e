// SPDX-License-Identifier: MIT
// hornet: command-line entry point. Parses arguments, calls a subcommand, maps errors to exit
// codes: 0 ok, 1 the run failed, 2 bad input (scenario, parameters, units, arguments).
#include "commands.hpp"

#include "hornet/build_info.hpp"
#include "hornet/core/error.hpp"
#include "hornet/git_sha.hpp"
#include "hornet/io/provenance.hpp"

#include <CLI/CLI.hpp>

#include <cstdio>
#include <exception>
#include <string>

namespace {

constexpr const char* kDescription =
    R"(hornet - spiking networks of the dorsal horn, NMDA receptors and ketamine.

Examples:
  hornet run configs/coba.toml -o results/coba.h5
  hornet run configs/coba_scaled.toml -o big.h5 --set populations.exc.size=800000 --set populations.inh.size=200000 --threads 2
  hornet validate configs/coba.toml
  hornet sweep configs/sweeps/windup_ketamine.toml -o results/windup_sweep
  hornet inspect results/coba.h5
  hornet inspect --models
  hornet plot results/windup.h5 -o windup.png

Exit codes: 0 ok, 1 the run failed, 2 bad input, 130 interrupted (Ctrl-C).)";

constexpr const char* kRunFooter = R"(
--set takes dotted keys into the scenario; elements of [[populations]] and [[projections]] are
chosen by name, and quantities carry units:
  --set simulation.duration="200 ms"
  --set populations.exc.params.tau_syn_ex="3 ms"
  --set projections.exc_to_exc.connectivity.p=0.05
Output is written to OUT.h5.partial and renamed to OUT.h5 when the run completes; an interrupted or
failed run never leaves a file that looks complete. Progress goes to stderr every few seconds.)";

constexpr const char* kPlotFooter = R"(
The figure is chosen from what the (first) file contains, unless --kind says otherwise:
  pain_course       a treatment course (/readout/pain_signal): ketamine in plasma and at the
                    effect site, C-fibre synapses potentiated, daily pain index; several files
                    (one per reset hypothesis) are overlaid; raster snapshots of simulated
                    windows underneath (before, during and 2 weeks after course 1, or --snapshot)
  sensitization     plastic C-fibre synapses (/slow/rho, configs/sensitization.toml): rho and
                    fraction potentiated over time, test responses before and after HFS
  windup            a stimulus_response readout (configs/windup.toml): response per pulse and
                    wind-up index vs pulse number; several files are overlaid
  pharmacokinetics  pharmacology without spikes (configs/ketamine_infusion.toml,
                    ketamine_course.toml): plasma, effect-site and receptor ketamine, infusions
  raster            any other file with spikes (configs/coba.toml): every recorded population
                    and its rate
  sweep             a parameter sweep (DIR/sweep.h5 of hornet sweep, or DIR itself): one panel
                    per metric (--metric NAME, repeat; default every metric). One axis: the
                    metric against it, each point a dot, the mean over replicates with +-1 SD;
                    two axes: a heatmap of the mean, failed or pending cells grey and hatched;
                    more axes: choose --x (a line) or --x and --y (a heatmap), the others are
                    averaged over. Written to DIR/sweep.png by default

Examples:
  hornet plot results/coba.h5                                  # writes results/coba.png
  hornet plot windup.h5 windup_ket.h5 -o windup.png --label "no ketamine" --label "1 uM"
  hornet plot none.h5 ltd_window.h5 -o course.png --snapshot 20 --snapshot 23.4 --snapshot 40
  hornet plot results/windup_sweep/sweep.h5 --metric windup_index
  hornet plot results/windup_sweep --x frequency --y ketamine     # writes its sweep.png

Needs Python 3 with matplotlib, h5py and numpy (Debian: python3-matplotlib python3-h5py);
HORNET_PYTHON chooses the interpreter (default /usr/bin/python3). Exit code 2: a file is missing,
is not a hornet output file or holds nothing to plot; the message names it.)";

constexpr const char* kSweepFooter = R"(
A sweep file names a base scenario, axes over any scenario key (value lists, linspace, logspace,
with units), grid or zip, replicates and the metrics to tabulate (docs/sweeps.md):
  scenario = "../windup.toml"
  replicates = 3
  [[axes]]
  key = "pharmacology.concentration"
  linspace = { start = "0 uM", stop = "2 uM", num = 5 }
  [[metrics]]
  name = "windup_index"
  dataset = "readout/windup/windup_index"
  reduce = "last"
Every point's scenario is checked before anything runs. Each point is a `hornet run` process
writing DIR/point-000042.h5 (via .partial); DIR/sweep.h5 holds the table (parameters, seeds,
status, wall time, metrics, links to the point files). A failed point leaves
DIR/point-*.failed and the sweep goes on (exit code 1 at the end).

Examples:
  hornet sweep configs/sweeps/windup_ketamine.toml -o results/windup --dry-run
  hornet sweep configs/sweeps/windup_ketamine.toml -o results/windup --jobs 2
  hornet sweep configs/sweeps/windup_ketamine.toml -o results/windup --resume   # after a crash
  hornet sweep SWEEP.toml -o DIR --shard 3/16     # one task of a job array (tools/cluster/)
  hornet sweep SWEEP.toml -o DIR --collect        # then: the table of every shard's points
  mpirun -n 8 hornet sweep SWEEP.toml -o DIR      # MPI task farm: 8 points at once
  hornet plot results/windup/sweep.h5)";

/// Prints a hornet error and returns its exit code: bad input (scenario, parameters, units) is 2,
/// anything else that went wrong in the run is 1. Scenario diagnostics already start with
/// file:line:column, so they get no "hornet:" prefix.
int report(const hornet::Error& e) {
    const bool in_scenario = dynamic_cast<const hornet::ConfigError*>(&e) != nullptr;
    const bool bad_input = in_scenario || dynamic_cast<const hornet::ParamError*>(&e) ||
                           dynamic_cast<const hornet::UnitError*>(&e);
    std::fprintf(stderr, "%s%s\n", in_scenario ? "" : "hornet: ", e.what());
    return bad_input ? hornet::cli::kBadInput : hornet::cli::kRunFailure;
}

/// Every subcommand's options, filled by CLI11 while parsing.
struct CommandLine {
    hornet::cli::RunOptions run;
    std::string progress = "human";
    bool quiet = false;
    std::string validate_file;
    std::vector<std::string> validate_overrides;
    std::string inspect_file;
    std::string inspect_model;
    bool list_models = false;
    hornet::cli::PlotOptions plot;
    hornet::cli::SweepCommandOptions sweep;
    std::string shard;
    CLI::App* sweep_cmd = nullptr;
    CLI::App* run_cmd = nullptr;
    CLI::App* validate_cmd = nullptr;
    CLI::App* inspect_cmd = nullptr;
    CLI::App* plot_cmd = nullptr;
};

void add_run(CLI::App& app, CommandLine& c) {
    c.run_cmd =
        app.add_subcommand("run", "Simulate a scenario and write spikes and reports to HDF5");
    c.run_cmd
        ->add_option("scenario", c.run.scenario, "Scenario file (TOML), e.g. configs/coba.toml")
        ->required()
        ->check(CLI::ExistingFile);
    c.run_cmd->add_option("-o,--output", c.run.output, "Output HDF5 file, e.g. results/coba.h5")
        ->required();
    c.run_cmd
        ->add_option("--set", c.run.overrides,
                     "Override a scenario key: key.path=value (repeat --set for several)")
        ->allow_extra_args(false);
    c.run_cmd
        ->add_option(
            "--threads", c.run.threads,
            "Worker threads (default: OMP_NUM_THREADS, else 1 below 2000 neurons and all cores "
            "above); results do not depend on it")
        ->check(CLI::Range(1, 1024));
    c.run_cmd->add_option("--seed", c.run.seed, "Master seed (overrides simulation.seed)");
    c.run_cmd->add_flag("--quiet", c.quiet, "No progress lines on stderr");
    c.run_cmd->add_option("--progress", c.progress, "Progress format on stderr: human or jsonl")
        ->check(CLI::IsMember({"human", "jsonl"}));
    c.run_cmd->footer(kRunFooter);
}

void add_sweep(CLI::App& app, CommandLine& c) {
    c.sweep_cmd = app.add_subcommand(
        "sweep", "Run a parameter sweep: many runs of one scenario, one table of results");
    c.sweep_cmd->add_option("sweep", c.sweep.sweep_file, "Sweep file (TOML), see docs/sweeps.md")
        ->required()
        ->check(CLI::ExistingFile);
    c.sweep_cmd->add_option("-o,--output", c.sweep.directory,
                            "Sweep directory: point files, logs and sweep.h5");
    c.sweep_cmd
        ->add_option("--jobs", c.sweep.jobs,
                     "Points run at once (default: cores / --threads; under MPI 1 per rank)")
        ->check(CLI::Range(1, 4096));
    c.sweep_cmd->add_option("--threads", c.sweep.threads, "Threads per point (default 1)")
        ->check(CLI::Range(1, 1024));
    c.sweep_cmd->add_option("--shard", c.shard,
                            "Run only points with index % n == i, e.g. 3/16 (job arrays)");
    c.sweep_cmd
        ->add_option("--set", c.sweep.overrides,
                     "Override a scenario key in every point, after the file's [set] (repeat)")
        ->allow_extra_args(false);
    c.sweep_cmd->add_flag("--resume", c.sweep.resume,
                          "Continue a sweep in DIR: keep done points, rerun the rest, rebuild "
                          "sweep.h5");
    c.sweep_cmd->add_flag("--collect", c.sweep.collect,
                          "Run nothing: rebuild DIR/sweep.h5 from the point files (after the "
                          "shards of a job array)");
    c.sweep_cmd->add_flag("--dry-run", c.sweep.dry_run,
                          "Check every point's scenario and print the point table; run nothing");
    c.sweep_cmd->add_flag("--quiet", c.quiet, "No progress lines on stderr");
    c.sweep_cmd->add_option("--progress", c.progress, "Progress format on stderr: human or jsonl")
        ->check(CLI::IsMember({"human", "jsonl"}));
    c.sweep_cmd->footer(kSweepFooter);
}

/// "3/16" -> shard 3 of 16; anything else is bad input.
bool parse_shard(const std::string& text, hornet::cli::SweepCommandOptions& o) {
    const auto slash = text.find('/');
    if (slash == std::string::npos) return false;
    try {
        std::size_t used_i = 0, used_n = 0;
        o.shard_index = std::stoi(text.substr(0, slash), &used_i);
        o.shard_count = std::stoi(text.substr(slash + 1), &used_n);
        return used_i == slash && used_n == text.size() - slash - 1 && o.shard_count >= 1 &&
               o.shard_index >= 0 && o.shard_index < o.shard_count;
    } catch (const std::exception&) {
        return false;
    }
}

void add_validate_and_inspect(CLI::App& app, CommandLine& c) {
    c.validate_cmd = app.add_subcommand(
        "validate", "Check a scenario and report every problem (file:line:column: key: message)");
    c.validate_cmd->add_option("scenario", c.validate_file, "Scenario file (TOML)")->required();
    c.validate_cmd
        ->add_option("--set", c.validate_overrides, "Override a scenario key before checking")
        ->allow_extra_args(false);

    c.inspect_cmd = app.add_subcommand(
        "inspect", "Describe an output file, or list the models and their parameters");
    c.inspect_cmd->add_option("file", c.inspect_file, "hornet output file (.h5)")
        ->check(CLI::ExistingFile);
    c.inspect_cmd->add_flag("--models", c.list_models,
                            "List every model with parameters, units, defaults and bounds");
    c.inspect_cmd->add_option("--model", c.inspect_model,
                              "Describe one model, e.g. --model lif_cond");
    c.inspect_cmd->footer("\nExamples:\n  hornet inspect results/coba.h5\n  hornet inspect "
                          "--models\n  hornet inspect --model lif_cond");
}

void add_plot(CLI::App& app, CommandLine& c) {
    c.plot_cmd = app.add_subcommand(
        "plot", "Draw a figure (PNG) from output files: chosen from what the file contains");
    c.plot_cmd
        ->add_option("files", c.plot.files,
                     "hornet output files (.h5), several overlay; or a sweep's directory")
        ->required();
    c.plot_cmd->add_option("-o,--output", c.plot.output,
                           "PNG to write (default: the first file with extension .png)");
    c.plot_cmd->add_option("--kind", c.plot.kind, "Figure: auto (default) or one named below")
        ->check(CLI::IsMember({"auto", "pain_course", "sensitization", "windup", "pharmacokinetics",
                               "raster", "sweep"}));
    c.plot_cmd
        ->add_option("--snapshot", c.plot.snapshots,
                     "Pain course: calendar day of a raster snapshot, e.g. 23.5 (repeat)")
        ->allow_extra_args(false);
    c.plot_cmd->add_option("--label", c.plot.labels, "Legend label of each file, in order (repeat)")
        ->allow_extra_args(false);
    c.plot_cmd
        ->add_option("--metric", c.plot.metrics,
                     "Sweep: a metric to draw, one panel each (repeat; default: all)")
        ->allow_extra_args(false);
    c.plot_cmd->add_option("--x", c.plot.x_axis, "Sweep: the axis across (default: the first)");
    c.plot_cmd->add_option("--y", c.plot.y_axis,
                           "Sweep: the axis up, for a heatmap (default: the second of two)");
    c.plot_cmd->footer(kPlotFooter);
}

/// Runs the parsed subcommand; throws hornet::Error.
int dispatch(CommandLine& c, int argc, char** argv) {
    using namespace hornet::cli;
    if (*c.run_cmd) {
        c.run.progress = c.quiet                 ? ProgressMode::quiet
                         : c.progress == "jsonl" ? ProgressMode::jsonl
                                                 : ProgressMode::human;
        c.run.command_line = hornet::io::quote_command_line({argv, static_cast<std::size_t>(argc)});
        return run_command(c.run);
    }
    if (*c.sweep_cmd) {
        if (!c.shard.empty() && !parse_shard(c.shard, c.sweep)) {
            std::fprintf(stderr,
                         "hornet sweep: --shard %s: expected i/n with 0 <= i < n, e.g. "
                         "--shard 0/4\n",
                         c.shard.c_str());
            return kBadInput;
        }
        if (c.sweep.directory.empty() && !c.sweep.dry_run) {
            std::fputs("hornet sweep: -o DIR is required (the sweep directory)\n", stderr);
            return kBadInput;
        }
        c.sweep.progress = c.quiet                 ? ProgressMode::quiet
                           : c.progress == "jsonl" ? ProgressMode::jsonl
                                                   : ProgressMode::human;
        return sweep_command(c.sweep);
    }
    if (*c.validate_cmd) return validate_command(c.validate_file, c.validate_overrides);
    if (*c.plot_cmd) return plot_command(c.plot);
    if (c.list_models || !c.inspect_model.empty()) return inspect_models_command(c.inspect_model);
    if (c.inspect_file.empty()) {
        std::fputs("hornet inspect: give an output file or --models (see hornet inspect --help)\n",
                   stderr);
        return kBadInput;
    }
    return inspect_file_command(c.inspect_file);
}

} // namespace

int main(int argc, char** argv) {
    using namespace hornet::cli;
    CLI::App app{kDescription, "hornet"};
    app.set_version_flag("--version", std::string("hornet ") + hornet::build_info::version + " (" +
                                          hornet::build_info::git_sha + ")");
    app.require_subcommand(1);
    app.footer("Run 'hornet <command> --help' for the options of a command.");
    CommandLine c;
    add_run(app, c);
    add_sweep(app, c);
    add_validate_and_inspect(app, c);
    add_plot(app, c);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? kOk : kBadInput;
    }
    try {
        return dispatch(c, argc, argv);
    } catch (const hornet::Error& e) {
        return report(e);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "hornet: internal error: %s\n", e.what());
        return kRunFailure;
    }
}
