// SPDX-License-Identifier: MIT
// Support for the HDF5 tests: a tiny network, scratch directories, the reference file that
// tests/python/test_readers.py also reads, and readers built directly on the HDF5 C API, so the
// tests check the file itself and not hornet's own reading code.
#include "test_hdf5_support.hpp"

#include "hornet/core/network.hpp"
#include "hornet/io/hdf5_recorder.hpp"
#include "models/builtin.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>

#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace hornet::io::test {

Network make_network(std::size_t n_exc, std::size_t n_inh) {
    ModelRegistry registry;
    models::register_builtin_models(registry);
    NetworkSpec spec;
    spec.populations.push_back({"exc", "lif_cond", n_exc, {}, {}});
    spec.populations.push_back({"inh", "lif_cond", n_inh, {}, {}});
    return Network::build(spec, registry, {0.1, 1, 1});
}

std::filesystem::path scratch_dir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    const std::string name = std::string("hornet-hdf5-") + info->test_suite_name() + "-" +
                             info->name() + "-" + std::to_string(::getpid());
    const auto dir = std::filesystem::temp_directory_path() / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

// ---- The reference file (keep in sync with tests/python/test_readers.py) --------------------

double fixture_value(std::size_t variable, std::uint64_t node, std::int64_t step) {
    return -70.0 + static_cast<double>(node) + 0.01 * static_cast<double>(step) +
           1000.0 * static_cast<double>(variable);
}

namespace {

struct FixtureSpike {
    std::int64_t step;
    std::vector<std::uint32_t> ids;
};

// Step 3 arrives in two calls, as the simulator may deliver one step's spikes in pieces.
const std::vector<FixtureSpike> fixture_spikes = {
    {3, {1, 4}}, {3, {6}}, {10, {0}}, {57, {2, 3, 7}}, {99, {5}}};

std::vector<ReportLayout> fixture_reports() {
    return {{0, {0}, {0, 2, 5}, 2},       // exc: V_m of 3 neurons every 0.2 ms -> /report/exc
            {1, {0, 1}, {0, 1, 2, 3}, 5}, // inh: V_m and g_ex every 0.5 ms -> per-variable groups
            {0, {2}, {7}, 10}};           // exc again: g_in -> /report/exc_1
}

void sample_reports(Hdf5Recorder& recorder, const std::vector<ReportLayout>& reports,
                    std::int64_t step) {
    for (std::size_t r = 0; r < reports.size(); ++r) {
        if (step % reports[r].interval_steps != 0) continue;
        std::vector<double> values;
        for (const std::size_t variable : reports[r].variables)
            for (const std::uint64_t node : reports[r].node_ids)
                values.push_back(fixture_value(variable, node, step));
        recorder.sample(r, step, values);
    }
}

} // namespace

Provenance fixture_provenance() {
    Provenance p = build_provenance();
    p.scenario_path = "configs/test/roundtrip.toml";
    p.config_toml = "[simulation]\ndt = \"0.1 ms\"\n# g in \xC2\xB5S, not ASCII\n";
    p.command_line = "hornet run 'round trip.toml' -o out.h5";
    p.seed = 42;
    p.threads = 2;
    p.dt_ms = 0.1;
    return p;
}

void write_fixture(const std::filesystem::path& output) {
    const Network network = make_network(8, 4);
    Hdf5RecorderOptions options;
    options.spike_populations = {"exc", "inh"}; // inh never spikes: empty datasets
    options.chunk_elements = 16;                // several chunks even in this small file
    Hdf5Recorder recorder(output, fixture_provenance(), options);
    const auto reports = fixture_reports();
    recorder.begin(network, reports, 0, 100);
    std::size_t next = 0;
    for (std::int64_t step = 0; step < 100; ++step) {
        for (; next < fixture_spikes.size() && fixture_spikes[next].step == step; ++next)
            recorder.spikes(0, step, fixture_spikes[next].ids);
        sample_reports(recorder, reports, step);
    }
    RunStatistics statistics;
    statistics.steps = 100;
    statistics.wall_seconds = 1.25;
    recorder.end(statistics);
    recorder.set_wall_times(0.5, 2.0);
    recorder.finalize();
}

// ---- Readers on the bare C API ------------------------------------------------------------

namespace {

template <herr_t (*Close)(hid_t)>
struct Id {
    explicit Id(hid_t value) : id(value) {
        if (id < 0) throw std::runtime_error("HDF5 call failed in a test reader");
    }
    ~Id() { Close(id); }
    Id(const Id&) = delete;
    Id& operator=(const Id&) = delete;
    hid_t id;
};

Id<H5Fclose> open_file(const std::filesystem::path& file) {
    return Id<H5Fclose>(H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT));
}

std::string describe_type(hid_t type) {
    const std::size_t bits = 8 * H5Tget_size(type);
    switch (H5Tget_class(type)) {
    case H5T_INTEGER:
        return (H5Tget_sign(type) == H5T_SGN_NONE ? "uint" : "int") + std::to_string(bits);
    case H5T_FLOAT:
        return "float" + std::to_string(bits);
    case H5T_STRING:
        return std::string("string") + (H5Tis_variable_str(type) > 0 ? "(vlen" : "(fixed") +
               (H5Tget_cset(type) == H5T_CSET_UTF8 ? ",utf8)" : ",ascii)");
    default:
        return "other";
    }
}

} // namespace

std::string attribute_type(const std::filesystem::path& file, const char* object,
                           const char* name) {
    const auto f = open_file(file);
    const Id<H5Aclose> attribute(H5Aopen_by_name(f.id, object, name, H5P_DEFAULT, H5P_DEFAULT));
    const Id<H5Tclose> type(H5Aget_type(attribute.id));
    const Id<H5Sclose> space(H5Aget_space(attribute.id));
    const hssize_t n = H5Sget_simple_extent_npoints(space.id);
    const bool scalar = H5Sget_simple_extent_type(space.id) == H5S_SCALAR;
    return describe_type(type.id) + (scalar ? "" : "[" + std::to_string(n) + "]");
}

std::string string_attribute(const std::filesystem::path& file, const char* object,
                             const char* name) {
    const auto f = open_file(file);
    const Id<H5Aclose> attribute(H5Aopen_by_name(f.id, object, name, H5P_DEFAULT, H5P_DEFAULT));
    const Id<H5Tclose> type(H5Aget_type(attribute.id));
    if (H5Tis_variable_str(type.id) <= 0) throw std::runtime_error("not a vlen string");
    char* text = nullptr;
    if (H5Aread(attribute.id, type.id, &text) < 0) throw std::runtime_error("H5Aread failed");
    std::string value = text;
    H5free_memory(text);
    return value;
}

std::vector<double> numeric_attribute(const std::filesystem::path& file, const char* object,
                                      const char* name) {
    const auto f = open_file(file);
    const Id<H5Aclose> attribute(H5Aopen_by_name(f.id, object, name, H5P_DEFAULT, H5P_DEFAULT));
    const Id<H5Sclose> space(H5Aget_space(attribute.id));
    std::vector<double> values(static_cast<std::size_t>(H5Sget_simple_extent_npoints(space.id)));
    if (H5Aread(attribute.id, H5T_NATIVE_DOUBLE, values.data()) < 0)
        throw std::runtime_error("H5Aread failed");
    return values;
}

std::string dataset_type(const std::filesystem::path& file, const char* path) {
    const auto f = open_file(file);
    const Id<H5Dclose> dataset(H5Dopen2(f.id, path, H5P_DEFAULT));
    const Id<H5Tclose> type(H5Dget_type(dataset.id));
    return describe_type(type.id);
}

std::vector<std::uint64_t> dataset_shape(const std::filesystem::path& file, const char* path) {
    const auto f = open_file(file);
    const Id<H5Dclose> dataset(H5Dopen2(f.id, path, H5P_DEFAULT));
    const Id<H5Sclose> space(H5Dget_space(dataset.id));
    std::vector<hsize_t> dims(static_cast<std::size_t>(H5Sget_simple_extent_ndims(space.id)));
    H5Sget_simple_extent_dims(space.id, dims.data(), nullptr);
    return {dims.begin(), dims.end()};
}

namespace {
template <class T>
std::vector<T> read_dataset(const std::filesystem::path& file, const char* path, hid_t type) {
    std::size_t n = 1;
    for (const auto d : dataset_shape(file, path)) n *= d;
    const auto f = open_file(file);
    const Id<H5Dclose> dataset(H5Dopen2(f.id, path, H5P_DEFAULT));
    std::vector<T> values(n);
    if (n > 0 && H5Dread(dataset.id, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()) < 0)
        throw std::runtime_error("H5Dread failed");
    return values;
}
} // namespace

std::vector<double> read_doubles(const std::filesystem::path& file, const char* path) {
    return read_dataset<double>(file, path, H5T_NATIVE_DOUBLE);
}

std::vector<float> read_floats(const std::filesystem::path& file, const char* path) {
    return read_dataset<float>(file, path, H5T_NATIVE_FLOAT);
}

std::vector<std::uint64_t> read_u64(const std::filesystem::path& file, const char* path) {
    return read_dataset<std::uint64_t>(file, path, H5T_NATIVE_UINT64);
}

bool has_object(const std::filesystem::path& file, const char* path) {
    const auto f = open_file(file);
    return H5Lexists(f.id, path, H5P_DEFAULT) > 0;
}

} // namespace hornet::io::test
