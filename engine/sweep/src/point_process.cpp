// SPDX-License-Identifier: MIT
#include "hornet/sweep/point_process.hpp"

#include "hornet/core/error.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <sstream>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace hornet::sweep {
namespace {

/// The end of a point's log that goes into its failure record: enough for a scenario error
/// listing several problems, short enough for a table cell.
constexpr std::size_t kFailureTail = 2000;

/// Exit code of `hornet run` when interrupted (SIGINT/SIGTERM); see tools/hornet/commands.hpp.
constexpr int kInterruptedExit = 130;

// NOTE: a signal handler can only reach the waiting loop through a global; it writes one byte
// to this pipe, which wait_for_child_event polls (the self-pipe trick).
int g_child_pipe[2] = {-1, -1};

extern "C" void on_child_event(int) {
    const int saved = errno;
    const char byte = 0;
    const ssize_t ignored = write(g_child_pipe[1], &byte, 1);
    (void)ignored;
    errno = saved;
}

void install_child_handler() {
    if (g_child_pipe[0] >= 0) return;
    if (pipe2(g_child_pipe, O_NONBLOCK | O_CLOEXEC) != 0)
        throw Error(std::string("sweep: cannot create a pipe: ") + std::strerror(errno));
    struct sigaction action = {};
    action.sa_handler = on_child_event;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    sigaction(SIGCHLD, &action, nullptr);
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> result;
    result.reserve(strings.size() + 1);
    for (std::string& s : strings) result.push_back(s.data());
    result.push_back(nullptr);
    return result;
}

int decode(int status) {
    if (WIFEXITED(status)) return WEXITSTATUS(status);
    if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
    return 1;
}

std::string log_tail(const std::filesystem::path& log) {
    std::ifstream in(log);
    std::ostringstream text;
    text << in.rdbuf();
    std::string s = text.str();
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    if (s.size() > kFailureTail) s = "..." + s.substr(s.size() - kFailureTail);
    return s;
}

} // namespace

std::vector<std::string> point_arguments(const PointCommand& command, const SweepDirectory& dir,
                                         const SweepPoint& point) {
    std::vector<std::string> args = {command.executable,
                                     "run",
                                     command.scenario.string(),
                                     "-o",
                                     dir.point_file(point.index).string(),
                                     "--quiet",
                                     "--threads",
                                     std::to_string(command.threads)};
    if (point.pass_seed) {
        args.emplace_back("--seed");
        args.push_back(std::to_string(point.seed));
    }
    for (const auto& o : point.overrides) {
        args.emplace_back("--set");
        args.push_back(o);
    }
    return args;
}

PointProcess PointProcess::start(const std::vector<std::string>& arguments,
                                 const std::filesystem::path& log) {
    install_child_handler();
    // NOTE: everything the child needs is prepared before fork(): between fork and exec only
    // async-signal-safe calls are allowed (the sweep may have other threads, e.g. MPI's).
    std::vector<std::string> args = arguments;
    std::vector<char*> argv = pointers(args);
    const int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (log_fd < 0)
        throw IoError(log.string() + ": cannot write the point's log (" + std::strerror(errno) +
                      ")");
    const pid_t parent = getpid();
    const pid_t pid = fork();
    if (pid < 0) {
        ::close(log_fd);
        throw Error(std::string("sweep: fork failed: ") + std::strerror(errno));
    }
    if (pid == 0) {
        // Die with the sweep, even when it is killed with SIGKILL; and if it already died
        // between fork and prctl, do not start at all.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(kInterruptedExit);
        dup2(log_fd, STDOUT_FILENO);
        dup2(log_fd, STDERR_FILENO);
        execve(argv[0], argv.data(), environ);
        static const char message[] = "hornet sweep: cannot execute the point's hornet run\n";
        const ssize_t ignored = write(STDERR_FILENO, message, sizeof message - 1);
        (void)ignored;
        _exit(127);
    }
    ::close(log_fd);
    return PointProcess(pid);
}

std::optional<int> PointProcess::poll() {
    int status = 0;
    const pid_t done = waitpid(pid_, &status, WNOHANG);
    if (done == 0) return std::nullopt;
    if (done < 0) return 1; // already reaped or not ours: treat as a failure, never hang
    return decode(status);
}

int PointProcess::wait() {
    int status = 0;
    pid_t done = -1;
    do {
        done = waitpid(pid_, &status, 0);
    } while (done < 0 && errno == EINTR);
    return done < 0 ? 1 : decode(status);
}

void PointProcess::send(int signal) const { kill(pid_, signal); }

Outcome settle_point(const SweepDirectory& dir, std::uint64_t index, int exit_status,
                     bool stopping) {
    if (exit_status == 0 && std::filesystem::exists(dir.point_file(index)))
        return Outcome::completed;
    const bool by_signal = exit_status == kInterruptedExit || exit_status == 128 + SIGINT ||
                           exit_status == 128 + SIGTERM || exit_status == 128 + SIGKILL;
    if (stopping && by_signal) return Outcome::interrupted;
    std::string message;
    if (exit_status == 0)
        message = "the run ended without writing " + dir.point_file(index).filename().string();
    else if (exit_status > 128)
        message = "killed by signal " + std::to_string(exit_status - 128) + " (" +
                  strsignal(exit_status - 128) + ")";
    else
        message =
            "exit status " + std::to_string(exit_status) + (exit_status == 2 ? " (bad input)" : "");
    const std::string tail = log_tail(dir.log_file(index));
    if (!tail.empty()) message += ":\n" + tail;
    dir.record_failure(index, message);
    return Outcome::failed;
}

void wait_for_child_event(int timeout_ms) {
    install_child_handler();
    pollfd fd{g_child_pipe[0], POLLIN, 0};
    if (::poll(&fd, 1, timeout_ms) > 0) {
        char drain[64];
        while (read(g_child_pipe[0], drain, sizeof drain) > 0) {
        }
    }
}

} // namespace hornet::sweep
