// SPDX-License-Identifier: MIT
// summarize_file / format_summary (`hornet inspect`) and the provenance helpers.
#include "hornet/core/error.hpp"
#include "hornet/io/file_summary.hpp"
#include "hornet/io/hdf5_recorder.hpp"
#include "hornet/io/provenance.hpp"
#include "test_hdf5_support.hpp"

#include <gtest/gtest.h>
#include <hdf5.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

using namespace hornet;
using namespace hornet::io;
using namespace hornet::io::test;
namespace fs = std::filesystem;

namespace {

// An HDF5 file with a root attribute "magic" of `value`, or none when `value` is 0.
void write_foreign_file(const fs::path& path, std::uint32_t value) {
    const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    ASSERT_GE(file, 0);
    if (value != 0) {
        const hid_t space = H5Screate(H5S_SCALAR);
        const hid_t attribute =
            H5Acreate2(file, "magic", H5T_STD_U32LE, space, H5P_DEFAULT, H5P_DEFAULT);
        H5Awrite(attribute, H5T_NATIVE_UINT32, &value);
        H5Aclose(attribute);
        H5Sclose(space);
    }
    H5Fclose(file);
}

std::string error_of(const fs::path& path) {
    try {
        (void)summarize_file(path);
    } catch (const IoError& e) {
        return e.what();
    }
    return "no error";
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

TEST(FileSummary, ReadsProvenanceRunSpikesAndReports) {
    const fs::path file = scratch_dir() / "fixture.h5";
    write_fixture(file);
    const FileSummary s = summarize_file(file);
    EXPECT_EQ(s.version, (std::array<std::uint32_t, 2>{0, 1}));
    EXPECT_EQ(s.provenance.config_toml, fixture_provenance().config_toml);
    EXPECT_EQ(s.provenance.seed, 42U);
    EXPECT_EQ(s.provenance.threads, 2);
    EXPECT_EQ(s.steps, 100);
    EXPECT_DOUBLE_EQ(s.duration_ms, 10.0);
    EXPECT_FALSE(s.interrupted);
    EXPECT_DOUBLE_EQ(s.wall_time_simulation_s, 1.25);
    ASSERT_EQ(s.spike_populations.size(), 2U);
    EXPECT_EQ(s.spike_populations[0].name, "exc");
    EXPECT_EQ(s.spike_populations[0].n_nodes, 8U);
    EXPECT_EQ(s.spike_populations[0].n_spikes, 8U);
    EXPECT_DOUBLE_EQ(s.spike_populations[0].mean_rate_hz, 8.0 / 8.0 / 0.010); // 100 Hz
    EXPECT_EQ(s.spike_populations[1].n_spikes, 0U);
    EXPECT_DOUBLE_EQ(s.spike_populations[1].mean_rate_hz, 0.0);
    ASSERT_EQ(s.reports.size(), 3U);
    EXPECT_EQ(s.reports[0].group, "exc");
    EXPECT_EQ(s.reports[0].variables, std::vector<std::string>{"V_m"});
    EXPECT_EQ(s.reports[0].n_samples, 50U);
    EXPECT_EQ(s.reports[0].n_nodes, 3U);
    EXPECT_DOUBLE_EQ(s.reports[0].interval_ms, 0.2);
    EXPECT_EQ(s.reports[1].group, "exc_1");
    EXPECT_EQ(s.reports[1].population, "exc");
    EXPECT_EQ(s.reports[2].group, "inh");
    EXPECT_EQ(s.reports[2].variables, (std::vector<std::string>{"V_m", "g_ex"}));
    EXPECT_EQ(s.reports[2].units, (std::vector<std::string>{"mV", "nS"}));
}

TEST(FileSummary, FormatsAnAlignedReadableBlock) {
    const fs::path file = scratch_dir() / "fixture.h5";
    write_fixture(file);
    const std::string text = format_summary(summarize_file(file));
    EXPECT_TRUE(contains(text, "configs/test/roundtrip.toml (config: 3 lines)")) << text;
    EXPECT_FALSE(contains(text, "[simulation]")) << text; // the config text is left out
    EXPECT_TRUE(contains(text, "10 ms (100 steps of 0.1 ms), seed 42, 2 threads")) << text;
    EXPECT_TRUE(contains(text, "  population  nodes  spikes  rate [Hz]\n")) << text;
    EXPECT_TRUE(contains(text, "  exc             8       8     100.00\n")) << text;
    EXPECT_TRUE(contains(text, "  inh             4       0       0.00\n")) << text;
    EXPECT_TRUE(contains(text, "V_m [mV], g_ex [nS]")) << text;
    EXPECT_EQ(text.back(), '\n');
}

TEST(FileSummary, RefusesAFileWithTheWrongMagic) {
    const fs::path file = scratch_dir() / "foreign.h5";
    write_foreign_file(file, 0x1234);
    const std::string error = error_of(file);
    EXPECT_TRUE(contains(error, file.string())) << error;
    EXPECT_TRUE(contains(error, "not a hornet output file")) << error;
    EXPECT_TRUE(contains(error, "0x1234")) << error;
}

TEST(FileSummary, RefusesAnHdf5FileWithoutMagic) {
    const fs::path file = scratch_dir() / "plain.h5";
    write_foreign_file(file, 0);
    EXPECT_TRUE(contains(error_of(file), "no 'magic' attribute")) << error_of(file);
}

TEST(FileSummary, RefusesAFileThatIsNotHdf5) {
    const fs::path file = scratch_dir() / "text.h5";
    std::ofstream(file) << "hello";
    EXPECT_TRUE(contains(error_of(file), "not an HDF5 file")) << error_of(file);
    EXPECT_TRUE(contains(error_of(scratch_dir() / "missing.h5"), "no such file"));
}

TEST(FileSummary, RefusesAnUnfinishedFile) {
    const fs::path out = scratch_dir() / "out.h5";
    fs::path partial;
    {
        Hdf5Recorder recorder(out, fixture_provenance(), {});
        partial = recorder.partial_path();
    } // abandoned: only out.h5.partial remains
    EXPECT_TRUE(contains(error_of(partial), "unfinished")) << error_of(partial);
    // Renamed by hand, it is still recognised as unfinished.
    fs::rename(partial, out);
    EXPECT_TRUE(contains(error_of(out), "unfinished")) << error_of(out);
}

TEST(Provenance, BuildFieldsDescribeThisBinary) {
    const Provenance p = build_provenance();
    EXPECT_FALSE(p.hornet_version.empty());
    EXPECT_FALSE(p.git_sha.empty());
    EXPECT_FALSE(p.compiler.empty());
}

TEST(Provenance, QuotesACommandLineForTheShell) {
    const std::vector<const char*> args = {
        "hornet", "run", "my scenario.toml", "--set", "drive.rate=20 Hz", "it's", ""};
    EXPECT_EQ(quote_command_line(args),
              "hornet run 'my scenario.toml' --set 'drive.rate=20 Hz' 'it'\\''s' ''");
    const std::vector<const char*> plain = {"hornet", "run", "a.toml", "-o", "out/x.h5"};
    EXPECT_EQ(quote_command_line(plain), "hornet run a.toml -o out/x.h5");
}
