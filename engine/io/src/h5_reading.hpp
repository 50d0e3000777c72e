// SPDX-License-Identifier: MIT
#pragma once
/// Opening hornet files for reading, shared by the summary (file_summary.cpp), the sweep's
/// point reader (output_reader.cpp) and the sweep file itself.
#include "h5_handles.hpp"

#include <string>

namespace hornet::io::h5 {

/// Opens an existing HDF5 file read-only; IoError names it if it is missing, a directory or
/// not HDF5.
File open_for_reading(const std::string& name);

/// Throws IoError unless the root carries hornet's `magic` attribute.
void check_magic(hid_t root, const std::string& name);

} // namespace hornet::io::h5
