// SPDX-License-Identifier: MIT
#pragma once
/// The names and constants of hornet's HDF5 layout, in one place so the writer, the summary and
/// the tests cannot drift apart. The layout itself is described in hdf5_recorder.hpp; the Python
/// readers (tools/python/hornet/readers.py) mirror these names.
#include <array>
#include <cstdint>

namespace hornet::io::schema {

inline constexpr std::uint32_t magic = 0x0A7A;
inline constexpr std::array<std::uint32_t, 2> version = {0, 1};

// Groups and datasets.
inline constexpr const char* spikes = "spikes";
inline constexpr const char* report = "report";
inline constexpr const char* timestamps = "timestamps";
inline constexpr const char* node_ids = "node_ids";
inline constexpr const char* data = "data";
inline constexpr const char* mapping = "mapping";
inline constexpr const char* index_pointers = "index_pointers";
inline constexpr const char* element_ids = "element_ids";
inline constexpr const char* time = "time";

// Root attributes written when the file is created.
inline constexpr const char* magic_attr = "magic";
inline constexpr const char* version_attr = "version";
inline constexpr const char* hornet_version = "hornet_version";
inline constexpr const char* git_sha = "git_sha";
inline constexpr const char* config_toml = "config_toml";
inline constexpr const char* scenario_path = "scenario_path";
inline constexpr const char* command_line = "command_line";
inline constexpr const char* compiler = "compiler";
inline constexpr const char* flags = "flags";
inline constexpr const char* seed = "seed";
inline constexpr const char* threads = "threads";
inline constexpr const char* dt = "dt";

// Root attributes written by finalize(); their absence marks an unfinished file.
inline constexpr const char* wall_time_build = "wall_time_build";
inline constexpr const char* wall_time_simulation = "wall_time_simulation";
inline constexpr const char* wall_time_total = "wall_time_total";
inline constexpr const char* steps = "steps";
inline constexpr const char* interrupted = "interrupted";
inline constexpr const char* duration = "duration";

// Attributes on groups and datasets.
inline constexpr const char* units = "units";
inline constexpr const char* sorting = "sorting";
inline constexpr const char* by_time = "by_time";
inline constexpr const char* n_nodes = "n_nodes";
inline constexpr const char* variable = "variable";
inline constexpr const char* population = "population";
inline constexpr const char* ms = "ms";

} // namespace hornet::io::schema
