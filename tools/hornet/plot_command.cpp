// SPDX-License-Identifier: MIT
// hornet plot: draws a figure from output files by running `python3 -m hornet.plot` (the figures
// live in tools/python/hornet/figures.py and need matplotlib, h5py and numpy). The interpreter is
// started with fork/execve and an argument vector, never through a shell, so file names and
// labels reach Python verbatim.
#include "commands.hpp"

#include "hornet/core/error.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ; // NOLINT(readability-redundant-declaration): POSIX, not in <unistd.h>

namespace hornet::cli {
namespace {

#ifndef HORNET_PYTHON_DIR
#error "HORNET_PYTHON_DIR must name tools/python (set in tools/hornet/CMakeLists.txt)"
#endif

constexpr const char* kDefaultPython = "/usr/bin/python3";

std::string env_or(const char* name, const char* fallback) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' ? value : fallback;
}

std::string format_day(double day) {
    char text[64];
    std::snprintf(text, sizeof text, "%.10g", day);
    return text;
}

/// The interpreter's argument vector: python -m hornet.plot FILE... [--option=value]...
/// NOTE: options are passed as --name=value so that a value starting with '-' (a label such as
/// "-1 uM", an output "-x.png") is not read as an option by argparse; a file name starting with
/// '-' is made relative ("./-x.h5") for the same reason.
std::vector<std::string> python_arguments(const std::string& python, const PlotOptions& o) {
    std::vector<std::string> args{python, "-m", "hornet.plot"};
    for (const std::string& file : o.files)
        args.push_back(file.starts_with('-') ? "./" + file : file);
    if (!o.output.empty()) args.push_back("--output=" + o.output);
    args.push_back("--kind=" + o.kind);
    for (const double day : o.snapshots) args.push_back("--snapshot=" + format_day(day));
    for (const std::string& label : o.labels) args.push_back("--label=" + label);
    for (const std::string& metric : o.metrics) args.push_back("--metric=" + metric);
    if (!o.x_axis.empty()) args.push_back("--x=" + o.x_axis);
    if (!o.y_axis.empty()) args.push_back("--y=" + o.y_axis);
    return args;
}

/// The current environment with `python_dir` first on PYTHONPATH.
std::vector<std::string> child_environment(const std::string& python_dir) {
    std::vector<std::string> env;
    std::string path = "PYTHONPATH=" + python_dir;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        const std::string_view item(*entry);
        if (item.starts_with("PYTHONPATH=")) {
            if (item.size() > 11) path += ":" + std::string(item.substr(11));
        } else {
            env.emplace_back(item);
        }
    }
    env.push_back(path);
    return env;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> result;
    result.reserve(strings.size() + 1);
    for (std::string& s : strings) result.push_back(s.data());
    result.push_back(nullptr);
    return result;
}

/// Waits for `pid` with SIGINT and SIGQUIT ignored (as std::system does), so Ctrl-C stops the
/// interpreter and hornet reports its status. Returns the child's exit code, 128 + signal.
int wait_for(pid_t pid) {
    struct sigaction ignore = {};
    struct sigaction old_int = {};
    struct sigaction old_quit = {};
    ignore.sa_handler = SIG_IGN;
    sigemptyset(&ignore.sa_mask);
    sigaction(SIGINT, &ignore, &old_int);
    sigaction(SIGQUIT, &ignore, &old_quit);
    int status = 0;
    pid_t done = -1;
    do {
        done = waitpid(pid, &status, 0);
    } while (done < 0 && errno == EINTR);
    sigaction(SIGINT, &old_int, nullptr);
    sigaction(SIGQUIT, &old_quit, nullptr);
    if (done < 0)
        throw Error(std::string("plot: waiting for python failed: ") + std::strerror(errno));
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return kRunFailure;
}

} // namespace

int plot_command(const PlotOptions& options) {
    const std::string python = env_or("HORNET_PYTHON", kDefaultPython);
    const std::string python_dir = env_or("HORNET_PYTHON_PATH", HORNET_PYTHON_DIR);
    if (access(python.c_str(), X_OK) != 0) {
        throw Error("plot: cannot run the Python interpreter " + python + " (" +
                    std::strerror(errno) +
                    "); install python3 with python3-matplotlib, python3-h5py and "
                    "python3-numpy, or set HORNET_PYTHON");
    }
    // NOTE: everything the child needs is built before fork(): between fork and exec only
    // async-signal-safe calls are allowed.
    std::vector<std::string> args = python_arguments(python, options);
    std::vector<std::string> env = child_environment(python_dir);
    std::vector<char*> argv = pointers(args);
    std::vector<char*> envp = pointers(env);
    const std::string exec_failed = "hornet: plot: cannot execute " + python + "\n";
    std::fflush(nullptr);
    const pid_t pid = fork();
    if (pid < 0) throw Error(std::string("plot: fork failed: ") + std::strerror(errno));
    if (pid == 0) {
        execve(python.c_str(), argv.data(), envp.data());
        const ssize_t ignored = write(STDERR_FILENO, exec_failed.data(), exec_failed.size());
        (void)ignored;
        _exit(kRunFailure);
    }
    return wait_for(pid);
}

} // namespace hornet::cli
