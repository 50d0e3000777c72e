// SPDX-License-Identifier: MIT
#pragma once
// Shared by the HDF5 tests; defined in test_hdf5_support.cpp: a tiny network, scratch
// directories, the reference file that tests/python/test_readers.py also reads, and readers
// built directly on the HDF5 C API, so the tests check the file itself and not hornet's reading.
#include "hornet/core/network.hpp"
#include "hornet/io/provenance.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace hornet::io::test {

Network make_network(std::size_t n_exc, std::size_t n_inh);
std::filesystem::path scratch_dir();
double fixture_value(std::size_t variable, std::uint64_t node, std::int64_t step);
Provenance fixture_provenance();
void write_fixture(const std::filesystem::path& output);
std::string attribute_type(const std::filesystem::path& file, const char* object, const char* name);
std::string string_attribute(const std::filesystem::path& file, const char* object,
                             const char* name);
std::vector<double> numeric_attribute(const std::filesystem::path& file, const char* object,
                                      const char* name);
std::string dataset_type(const std::filesystem::path& file, const char* path);
std::vector<std::uint64_t> dataset_shape(const std::filesystem::path& file, const char* path);
std::vector<double> read_doubles(const std::filesystem::path& file, const char* path);
std::vector<float> read_floats(const std::filesystem::path& file, const char* path);
std::vector<std::uint64_t> read_u64(const std::filesystem::path& file, const char* path);
bool has_object(const std::filesystem::path& file, const char* path);

} // namespace hornet::io::test
