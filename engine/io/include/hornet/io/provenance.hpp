// SPDX-License-Identifier: MIT
#pragma once
/// Provenance: what produced an output file, so that any result can be traced back to the exact
/// scenario text, build and command. Written as root attributes of every HDF5 output
/// (see hdf5_recorder.hpp) and shown by `hornet inspect`.
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace hornet::io {

struct Provenance {
    std::string scenario_path;  ///< scenario file as given on the command line
    std::string config_toml;    ///< resolved scenario text (after --set overrides)
    std::string hornet_version; ///< "0.1.0"
    std::string git_sha;        ///< commit of the build, "unknown" outside a git checkout
    std::string compiler;       ///< "GNU 12.2.0"
    std::string flags;          ///< compile flags of the build type
    std::string command_line;   ///< argv, shell-quoted (see quote_command_line)
    std::uint64_t seed = 0;     ///< master seed of the run
    int threads = 1;            ///< worker threads of the run
    double dt_ms = 0.1;         ///< step size [ms]
    /// Further root attributes of the run (a timeline's "hypothesis"), written as strings.
    std::vector<std::pair<std::string, std::string>> extra;
};

/// A Provenance whose build fields (hornet_version, git_sha, compiler, flags) describe this
/// binary; the caller fills in the run fields.
Provenance build_provenance();

/// Joins `args` with spaces, single-quoting any argument that a POSIX shell would split or
/// expand, so that the result can be pasted back into a shell to rerun the command.
std::string quote_command_line(std::span<const char* const> args);

} // namespace hornet::io
