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
  hornet inspect results/coba.h5
  hornet inspect --models

Exit codes: 0 ok, 1 the run failed, 2 bad input, 130 interrupted (Ctrl-C).)";

constexpr const char* kRunFooter = R"(
--set takes dotted keys into the scenario; elements of [[populations]] and [[projections]] are
chosen by name, and quantities carry units:
  --set simulation.duration="200 ms"
  --set populations.exc.params.tau_syn_ex="3 ms"
  --set projections.exc_to_exc.connectivity.p=0.05
Output is written to OUT.h5.partial and renamed to OUT.h5 when the run completes; an interrupted or
failed run never leaves a file that looks complete. Progress goes to stderr every few seconds.)";

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

} // namespace

int main(int argc, char** argv) {
    using namespace hornet::cli;
    CLI::App app{kDescription, "hornet"};
    app.set_version_flag("--version", std::string("hornet ") + hornet::build_info::version + " (" +
                                          hornet::build_info::git_sha + ")");
    app.require_subcommand(1);
    app.footer("Run 'hornet <command> --help' for the options of a command.");

    RunOptions run;
    std::string progress = "human";
    bool quiet = false;
    auto* run_cmd =
        app.add_subcommand("run", "Simulate a scenario and write spikes and reports to HDF5");
    run_cmd->add_option("scenario", run.scenario, "Scenario file (TOML), e.g. configs/coba.toml")
        ->required()
        ->check(CLI::ExistingFile);
    run_cmd->add_option("-o,--output", run.output, "Output HDF5 file, e.g. results/coba.h5")
        ->required();
    run_cmd
        ->add_option("--set", run.overrides,
                     "Override a scenario key: key.path=value (repeat --set for several)")
        ->allow_extra_args(false);
    run_cmd
        ->add_option(
            "--threads", run.threads,
            "Worker threads (default: OMP_NUM_THREADS or all cores); results do not depend on it")
        ->check(CLI::Range(1, 1024));
    run_cmd->add_option("--seed", run.seed, "Master seed (overrides simulation.seed)");
    run_cmd->add_flag("--quiet", quiet, "No progress lines on stderr");
    run_cmd->add_option("--progress", progress, "Progress format on stderr: human or jsonl")
        ->check(CLI::IsMember({"human", "jsonl"}));
    run_cmd->footer(kRunFooter);

    std::string validate_file;
    std::vector<std::string> validate_overrides;
    auto* validate_cmd = app.add_subcommand(
        "validate", "Check a scenario and report every problem (file:line:column: key: message)");
    validate_cmd->add_option("scenario", validate_file, "Scenario file (TOML)")->required();
    validate_cmd->add_option("--set", validate_overrides, "Override a scenario key before checking")
        ->allow_extra_args(false);

    std::string inspect_file;
    std::string inspect_model;
    bool list_models = false;
    auto* inspect_cmd = app.add_subcommand(
        "inspect", "Describe an output file, or list the models and their parameters");
    inspect_cmd->add_option("file", inspect_file, "hornet output file (.h5)")
        ->check(CLI::ExistingFile);
    inspect_cmd->add_flag("--models", list_models,
                          "List every model with parameters, units, defaults and bounds");
    inspect_cmd->add_option("--model", inspect_model, "Describe one model, e.g. --model lif_cond");
    inspect_cmd->footer("\nExamples:\n  hornet inspect results/coba.h5\n  hornet inspect "
                        "--models\n  hornet inspect --model lif_cond");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? kOk : kBadInput;
    }

    try {
        if (*run_cmd) {
            run.progress = quiet                 ? ProgressMode::quiet
                           : progress == "jsonl" ? ProgressMode::jsonl
                                                 : ProgressMode::human;
            run.command_line =
                hornet::io::quote_command_line({argv, static_cast<std::size_t>(argc)});
            return run_command(run);
        }
        if (*validate_cmd) return validate_command(validate_file, validate_overrides);
        if (*inspect_cmd) {
            if (list_models || !inspect_model.empty()) return inspect_models_command(inspect_model);
            if (inspect_file.empty()) {
                std::fputs(
                    "hornet inspect: give an output file or --models (see hornet inspect --help)\n",
                    stderr);
                return kBadInput;
            }
            return inspect_file_command(inspect_file);
        }
    } catch (const hornet::Error& e) {
        return report(e);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "hornet: internal error: %s\n", e.what());
        return kRunFailure;
    }
    return kOk;
}
