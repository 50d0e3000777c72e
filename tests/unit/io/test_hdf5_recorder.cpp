// SPDX-License-Identifier: MIT
// Hdf5Recorder: file life cycle (.partial, rename, abandon), errors, and every dataset,
// attribute, type and unit of the layout in hdf5_recorder.hpp, read back with the bare C API.
#include "hornet/core/error.hpp"
#include "hornet/core/network.hpp"
#include "hornet/io/hdf5_recorder.hpp"
#include "models/builtin.hpp"
#include "test_hdf5_support.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace hornet;
using namespace hornet::io;
using namespace hornet::io::test;
namespace fs = std::filesystem;

namespace {

fs::path partial_of(const fs::path& output) { return fs::path(output.string() + ".partial"); }

Hdf5RecorderOptions spikes_of(std::vector<std::string> names) {
    Hdf5RecorderOptions options;
    options.spike_populations = std::move(names);
    return options;
}

} // namespace

// ---- Life cycle ---------------------------------------------------------------------------

TEST(Hdf5Recorder, CreatesPartialFileAtConstructionAndRenamesAtFinalize) {
    const fs::path out = scratch_dir() / "out.h5";
    Hdf5Recorder recorder(out, fixture_provenance(), {});
    EXPECT_TRUE(fs::exists(partial_of(out)));
    EXPECT_EQ(recorder.partial_path(), partial_of(out));
    EXPECT_FALSE(fs::exists(out));
    recorder.finalize();
    EXPECT_TRUE(fs::exists(out));
    EXPECT_FALSE(fs::exists(partial_of(out)));
    EXPECT_NO_THROW(recorder.finalize()); // a second call does nothing
}

TEST(Hdf5Recorder, WithoutFinalizeLeavesOnlyThePartialFile) {
    const fs::path out = scratch_dir() / "out.h5";
    {
        const Network network = make_network(8, 4);
        Hdf5Recorder recorder(out, fixture_provenance(), spikes_of({"exc"}));
        recorder.begin(network, {}, 0, 10);
        const std::vector<std::uint32_t> ids = {1, 2};
        recorder.spikes(0, 3, ids);
        recorder.end({});
    }
    EXPECT_TRUE(fs::exists(partial_of(out)));
    EXPECT_FALSE(fs::exists(out));
    // The abandoned file is still a readable HDF5 file with its provenance.
    EXPECT_EQ(numeric_attribute(partial_of(out), "/", "magic"), std::vector<double>{0x0A7A});
}

TEST(Hdf5Recorder, ReplacesAStalePartialFile) {
    const fs::path out = scratch_dir() / "out.h5";
    std::ofstream(partial_of(out)) << "left over by a crashed run";
    Hdf5Recorder recorder(out, fixture_provenance(), {});
    recorder.finalize();
    EXPECT_EQ(numeric_attribute(out, "/", "magic"), std::vector<double>{0x0A7A});
}

TEST(Hdf5Recorder, ReplacesAnExistingOutputAtFinalize) {
    const fs::path out = scratch_dir() / "out.h5";
    std::ofstream(out) << "an older result";
    Hdf5Recorder recorder(out, fixture_provenance(), {});
    recorder.finalize();
    EXPECT_EQ(numeric_attribute(out, "/", "magic"), std::vector<double>{0x0A7A});
}

TEST(Hdf5Recorder, ContinuesTheFileAcrossSeveralRuns) {
    const fs::path out = scratch_dir() / "out.h5";
    const Network network = make_network(8, 4);
    Hdf5Recorder recorder(out, fixture_provenance(), spikes_of({"exc"}));
    const std::vector<std::uint32_t> ids = {2};
    RunStatistics run;
    run.steps = 10;
    run.wall_seconds = 0.5;
    for (std::int64_t first = 0; first < 30; first += 10) { // as a Simulator calls it per run()
        recorder.begin(network, {}, first, 10);
        recorder.spikes(0, first + 4, ids);
        recorder.end(run);
    }
    recorder.finalize();
    EXPECT_EQ(read_doubles(out, "/spikes/exc/timestamps"),
              (std::vector<double>{4 * 0.1, 14 * 0.1, 24 * 0.1}));
    EXPECT_EQ(numeric_attribute(out, "/", "steps"), std::vector<double>{30});
    EXPECT_EQ(numeric_attribute(out, "/", "wall_time_simulation"), std::vector<double>{1.5});
}

// ---- Errors -------------------------------------------------------------------------------

TEST(Hdf5Recorder, ThrowsIoErrorNamingTheFileWhenItCannotBeCreated) {
    const fs::path out = scratch_dir() / "no-such-dir" / "out.h5";
    try {
        Hdf5Recorder recorder(out, fixture_provenance(), {});
        FAIL() << "expected IoError";
    } catch (const IoError& e) {
        EXPECT_NE(std::string(e.what()).find(partial_of(out).string()), std::string::npos)
            << e.what();
        EXPECT_NE(std::string(e.what()).find("No such file or directory"), std::string::npos)
            << e.what();
    }
}

TEST(Hdf5Recorder, RejectsInvalidOptions) {
    const fs::path out = scratch_dir() / "out.h5";
    Hdf5RecorderOptions options;
    options.gzip_level = 12;
    EXPECT_THROW(Hdf5Recorder(out, fixture_provenance(), options), ConfigError);
    options.gzip_level = 4;
    options.chunk_elements = 0;
    EXPECT_THROW(Hdf5Recorder(out, fixture_provenance(), options), ConfigError);
}

TEST(Hdf5Recorder, RejectsAnUnknownSpikePopulationNamingIt) {
    const fs::path out = scratch_dir() / "out.h5";
    const Network network = make_network(8, 4);
    Hdf5Recorder recorder(out, fixture_provenance(), spikes_of({"exc", "pyramidal"}));
    try {
        recorder.begin(network, {}, 0, 10);
        FAIL() << "expected ConfigError";
    } catch (const ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("'pyramidal'"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("exc, inh"), std::string::npos) << e.what();
    }
}

TEST(Hdf5Recorder, RethrowsAWriterErrorOnTheSimulationThread) {
    // HDF5 refuses a group name with '/' whose parent does not exist; the writer thread hits
    // that while creating /spikes/a/b, after begin() has returned.
    ModelRegistry registry;
    models::register_builtin_models(registry);
    NetworkSpec spec;
    spec.populations.push_back({"a/b", "lif_cond", 4, {}, {}});
    const Network network = Network::build(spec, registry, {0.1, 1, 1});
    const fs::path out = scratch_dir() / "out.h5";
    Hdf5Recorder recorder(out, fixture_provenance(), spikes_of({"a/b"}));
    recorder.begin(network, {}, 0, 10);
    try {
        recorder.end({});
        recorder.finalize();
        FAIL() << "expected IoError";
    } catch (const IoError& e) {
        EXPECT_NE(std::string(e.what()).find("/spikes/a/b"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find(partial_of(out).string()), std::string::npos)
            << e.what();
    }
    // Once failed, every later call reports the same error, and the file never looks done.
    const std::vector<std::uint32_t> ids = {1};
    EXPECT_THROW(recorder.spikes(0, 1, ids), IoError);
    EXPECT_THROW(recorder.finalize(), IoError);
    EXPECT_FALSE(fs::exists(out));
}

TEST(Hdf5Recorder, ReportsAFailedRenameAndLeavesThePartialFile) {
    const fs::path dir = scratch_dir();
    const fs::path out = dir / "out.h5";
    fs::create_directories(out); // a non-empty directory where the file should go
    std::ofstream(out / "keep") << "x";
    Hdf5Recorder recorder(out, fixture_provenance(), {});
    EXPECT_THROW(recorder.finalize(), IoError);
    EXPECT_TRUE(fs::exists(partial_of(out)));
}

// ---- Layout -------------------------------------------------------------------------------

class Hdf5Layout : public ::testing::Test {
protected:
    void SetUp() override {
        file = scratch_dir() / "fixture.h5";
        write_fixture(file);
    }
    fs::path file;
};

TEST_F(Hdf5Layout, RootAttributesHaveTheirTypes) {
    EXPECT_EQ(attribute_type(file, "/", "magic"), "uint32");
    EXPECT_EQ(numeric_attribute(file, "/", "magic"), std::vector<double>{0x0A7A});
    EXPECT_EQ(attribute_type(file, "/", "version"), "uint32[2]");
    EXPECT_EQ(numeric_attribute(file, "/", "version"), (std::vector<double>{0, 1}));
    for (const char* name : {"hornet_version", "git_sha", "config_toml", "scenario_path",
                             "command_line", "compiler", "flags"})
        EXPECT_EQ(attribute_type(file, "/", name), "string(vlen,utf8)") << name;
    EXPECT_EQ(attribute_type(file, "/", "seed"), "uint64");
    EXPECT_EQ(attribute_type(file, "/", "threads"), "int32");
    EXPECT_EQ(attribute_type(file, "/", "steps"), "int64");
    EXPECT_EQ(attribute_type(file, "/", "interrupted"), "uint8");
    for (const char* name :
         {"dt", "duration", "wall_time_build", "wall_time_simulation", "wall_time_total"})
        EXPECT_EQ(attribute_type(file, "/", name), "float64") << name;
}

TEST_F(Hdf5Layout, RootAttributesHoldTheProvenanceAndRun) {
    const Provenance p = fixture_provenance();
    EXPECT_EQ(string_attribute(file, "/", "config_toml"), p.config_toml); // UTF-8 intact
    EXPECT_EQ(string_attribute(file, "/", "scenario_path"), p.scenario_path);
    EXPECT_EQ(string_attribute(file, "/", "command_line"), p.command_line);
    EXPECT_EQ(string_attribute(file, "/", "hornet_version"), p.hornet_version);
    EXPECT_EQ(string_attribute(file, "/", "git_sha"), p.git_sha);
    EXPECT_EQ(numeric_attribute(file, "/", "seed"), std::vector<double>{42});
    EXPECT_EQ(numeric_attribute(file, "/", "threads"), std::vector<double>{2});
    EXPECT_EQ(numeric_attribute(file, "/", "dt"), std::vector<double>{0.1});
    EXPECT_EQ(numeric_attribute(file, "/", "steps"), std::vector<double>{100});
    EXPECT_EQ(numeric_attribute(file, "/", "duration"), std::vector<double>{100 * 0.1});
    EXPECT_EQ(numeric_attribute(file, "/", "interrupted"), std::vector<double>{0});
    EXPECT_EQ(numeric_attribute(file, "/", "wall_time_build"), std::vector<double>{0.5});
    EXPECT_EQ(numeric_attribute(file, "/", "wall_time_simulation"), std::vector<double>{1.25});
    EXPECT_EQ(numeric_attribute(file, "/", "wall_time_total"), std::vector<double>{2.0});
}

TEST_F(Hdf5Layout, SpikesFollowSonata) {
    EXPECT_EQ(string_attribute(file, "/spikes/exc", "sorting"), "by_time");
    EXPECT_EQ(attribute_type(file, "/spikes/exc", "n_nodes"), "uint64");
    EXPECT_EQ(numeric_attribute(file, "/spikes/exc", "n_nodes"), std::vector<double>{8});
    EXPECT_EQ(dataset_type(file, "/spikes/exc/timestamps"), "float64");
    EXPECT_EQ(dataset_type(file, "/spikes/exc/node_ids"), "uint64");
    EXPECT_EQ(string_attribute(file, "/spikes/exc/timestamps", "units"), "ms");
    const std::vector<std::int64_t> steps = {3, 3, 3, 10, 57, 57, 57, 99};
    std::vector<double> expected_times;
    for (const auto step : steps) expected_times.push_back(static_cast<double>(step) * 0.1);
    // Exact equality: times are step * dt, computed once, never accumulated.
    EXPECT_EQ(read_doubles(file, "/spikes/exc/timestamps"), expected_times);
    EXPECT_EQ(read_u64(file, "/spikes/exc/node_ids"),
              (std::vector<std::uint64_t>{1, 4, 6, 0, 2, 3, 7, 5}));
}

TEST_F(Hdf5Layout, APopulationWithoutSpikesHasEmptyDatasets) {
    EXPECT_EQ(numeric_attribute(file, "/spikes/inh", "n_nodes"), std::vector<double>{4});
    EXPECT_EQ(dataset_shape(file, "/spikes/inh/timestamps"), std::vector<std::uint64_t>{0});
    EXPECT_EQ(dataset_shape(file, "/spikes/inh/node_ids"), std::vector<std::uint64_t>{0});
    EXPECT_EQ(string_attribute(file, "/spikes/inh", "sorting"), "by_time");
}

TEST_F(Hdf5Layout, SingleVariableReportHasDataAndMapping) {
    EXPECT_EQ(string_attribute(file, "/report/exc", "population"), "exc");
    EXPECT_EQ(dataset_type(file, "/report/exc/data"), "float32");
    EXPECT_EQ(dataset_shape(file, "/report/exc/data"), (std::vector<std::uint64_t>{50, 3}));
    EXPECT_EQ(string_attribute(file, "/report/exc/data", "units"), "mV");
    EXPECT_EQ(string_attribute(file, "/report/exc/data", "variable"), "V_m");
    const auto data = read_floats(file, "/report/exc/data");
    const std::vector<std::uint64_t> nodes = {0, 2, 5};
    for (std::size_t row = 0; row < 50; ++row)
        for (std::size_t c = 0; c < 3; ++c)
            ASSERT_EQ(data[row * 3 + c], static_cast<float>(fixture_value(
                                             0, nodes[c], static_cast<std::int64_t>(2 * row))));
    EXPECT_EQ(dataset_type(file, "/report/exc/mapping/node_ids"), "uint64");
    EXPECT_EQ(read_u64(file, "/report/exc/mapping/node_ids"), nodes);
    EXPECT_EQ(dataset_type(file, "/report/exc/mapping/index_pointers"), "uint64");
    EXPECT_EQ(read_u64(file, "/report/exc/mapping/index_pointers"),
              (std::vector<std::uint64_t>{0, 1, 2, 3}));
    EXPECT_EQ(dataset_type(file, "/report/exc/mapping/element_ids"), "uint32");
    EXPECT_EQ(read_u64(file, "/report/exc/mapping/element_ids"),
              (std::vector<std::uint64_t>{0, 0, 0}));
    EXPECT_EQ(dataset_type(file, "/report/exc/mapping/time"), "float64");
    EXPECT_EQ(string_attribute(file, "/report/exc/mapping/time", "units"), "ms");
    EXPECT_EQ(read_doubles(file, "/report/exc/mapping/time"),
              (std::vector<double>{0.0, 98 * 0.1 + 2 * 0.1, 2 * 0.1}));
}

TEST_F(Hdf5Layout, MultiVariableReportHasOneGroupPerVariable) {
    EXPECT_FALSE(has_object(file, "/report/inh/data"));
    const char* units[] = {"mV", "nS"};
    const char* names[] = {"V_m", "g_ex"};
    for (std::size_t v = 0; v < 2; ++v) {
        const std::string base = std::string("/report/inh/") + names[v];
        const std::string data_path = base + "/data";
        EXPECT_EQ(dataset_shape(file, data_path.c_str()), (std::vector<std::uint64_t>{20, 4}));
        EXPECT_EQ(string_attribute(file, data_path.c_str(), "units"), units[v]);
        EXPECT_EQ(string_attribute(file, data_path.c_str(), "variable"), names[v]);
        const auto data = read_floats(file, data_path.c_str());
        for (std::size_t row = 0; row < 20; ++row)
            for (std::uint64_t node = 0; node < 4; ++node)
                ASSERT_EQ(data[row * 4 + node], static_cast<float>(fixture_value(
                                                    v, node, static_cast<std::int64_t>(5 * row))));
        EXPECT_EQ(read_u64(file, (base + "/mapping/node_ids").c_str()),
                  (std::vector<std::uint64_t>{0, 1, 2, 3}));
        EXPECT_EQ(read_doubles(file, (base + "/mapping/time").c_str()),
                  (std::vector<double>{0.0, 95 * 0.1 + 5 * 0.1, 5 * 0.1}));
    }
}

TEST_F(Hdf5Layout, ASecondReportOfAPopulationGetsASuffix) {
    EXPECT_EQ(string_attribute(file, "/report/exc_1", "population"), "exc");
    EXPECT_EQ(string_attribute(file, "/report/exc_1/data", "variable"), "g_in");
    EXPECT_EQ(dataset_shape(file, "/report/exc_1/data"), (std::vector<std::uint64_t>{10, 1}));
    EXPECT_EQ(read_u64(file, "/report/exc_1/mapping/node_ids"), std::vector<std::uint64_t>{7});
}

// Writes the file that tests/python/test_readers.py reads. CTest runs it twice: discovered
// like every test (into a scratch directory), and as hdf5_write_fixture, which sets
// HORNET_TEST_DATA; only that run writes the shared file, so parallel runs cannot collide.
TEST(Hdf5Fixture, WritesRoundTripFile) {
    const char* shared = std::getenv("HORNET_TEST_DATA");
    const fs::path dir = shared != nullptr ? fs::path(shared) : scratch_dir();
    fs::create_directories(dir);
    const fs::path out = dir / "recorder_roundtrip.h5";
    write_fixture(out);
    EXPECT_TRUE(fs::exists(out));
    EXPECT_EQ(numeric_attribute(out, "/", "magic"), std::vector<double>{0x0A7A});
}
