// SPDX-License-Identifier: MIT
// Hdf5Recorder at scale: five million spikes round-trip exactly while the memory held in
// batches stays bounded by max_buffered_bytes (backpressure), and `hornet inspect` reads the
// result. Label integration: it writes about 80 MB before compression.
#include "hornet/core/network.hpp"
#include "hornet/io/file_summary.hpp"
#include "hornet/io/hdf5_recorder.hpp"
#include "test_hdf5_support.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

using namespace hornet;
using namespace hornet::io;
using namespace hornet::io::test;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t n_steps = 50'000;
constexpr std::uint32_t spikes_per_step = 100;
constexpr std::size_t n_exc = 2000;
constexpr std::size_t max_buffered = std::size_t{2} << 20;

// Spike k of `step`: increasing in k, so each step's ids arrive sorted, and different per step.
std::uint32_t spike_id(std::int64_t step, std::uint32_t k) {
    return k * 20 + static_cast<std::uint32_t>(step % 20);
}

void drive(Hdf5Recorder& recorder) {
    std::vector<std::uint32_t> ids(spikes_per_step);
    for (std::int64_t step = 0; step < n_steps; ++step) {
        for (std::uint32_t k = 0; k < spikes_per_step; ++k) ids[k] = spike_id(step, k);
        // Two calls per step, as the simulator may deliver a step's spikes in pieces.
        const std::span<const std::uint32_t> all(ids);
        recorder.spikes(0, step, all.first(60));
        recorder.spikes(0, step, all.subspan(60));
    }
}

} // namespace

TEST(Hdf5RecorderLarge, FiveMillionSpikesRoundTripWithBoundedMemory) {
    const fs::path out = scratch_dir() / "large.h5";
    const Network network = make_network(n_exc, 4);
    Hdf5RecorderOptions options;
    options.spike_populations = {"exc"};
    options.max_buffered_bytes = max_buffered;
    options.gzip_level = 1;
    Hdf5Recorder recorder(out, fixture_provenance(), options);
    recorder.begin(network, {}, 0, n_steps);
    drive(recorder);
    RunStatistics statistics;
    statistics.steps = n_steps;
    recorder.end(statistics);
    recorder.finalize();

    // The ids alone are 20 MB; without backpressure the queue would hold most of them.
    const std::size_t one_batch = std::size_t{1} << 20;
    EXPECT_GT(recorder.peak_buffered_bytes(), 0U);
    EXPECT_LE(recorder.peak_buffered_bytes(), max_buffered + one_batch + 4096);

    const auto times = read_doubles(out, "/spikes/exc/timestamps");
    const auto ids = read_u64(out, "/spikes/exc/node_ids");
    const std::size_t n = static_cast<std::size_t>(n_steps) * spikes_per_step;
    ASSERT_EQ(times.size(), n);
    ASSERT_EQ(ids.size(), n);
    std::size_t i = 0;
    for (std::int64_t step = 0; step < n_steps; ++step)
        for (std::uint32_t k = 0; k < spikes_per_step; ++k, ++i) {
            ASSERT_EQ(times[i], static_cast<double>(step) * 0.1) << "spike " << i;
            ASSERT_EQ(ids[i], spike_id(step, k)) << "spike " << i;
        }

    const FileSummary summary = summarize_file(out);
    ASSERT_EQ(summary.spike_populations.size(), 1U);
    EXPECT_EQ(summary.spike_populations[0].n_spikes, n);
    EXPECT_EQ(summary.spike_populations[0].n_nodes, n_exc);
    // 5e6 spikes / 2000 nodes / 5 s = 500 Hz
    EXPECT_NEAR(summary.spike_populations[0].mean_rate_hz, 500.0, 1e-9);
    const std::string text = format_summary(summary);
    EXPECT_NE(text.find("5000000"), std::string::npos) << text;
    EXPECT_NE(text.find("500.00"), std::string::npos) << text;
}
