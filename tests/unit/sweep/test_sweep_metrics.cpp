// SPDX-License-Identifier: MIT
// Metrics (sweep::reduce_series, sweep::evaluate_metric): every reduction against values
// computed by hand, with and without from/to windows, NaN samples, time units; then the metrics
// of a small output file written with Hdf5Recorder and read back through io::OutputReader.
#include "hornet/core/error.hpp"
#include "hornet/core/network.hpp"
#include "hornet/io/hdf5_recorder.hpp"
#include "hornet/io/output_reader.hpp"
#include "hornet/io/provenance.hpp"
#include "hornet/io/sweep_spec.hpp"
#include "hornet/sweep/metrics.hpp"
#include "models/builtin.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using hornet::io::MetricReduce;
using hornet::io::MetricSpec;
using hornet::io::TimeSeries;
using hornet::sweep::reduce_series;

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

MetricSpec metric(MetricReduce reduce, std::optional<double> from = std::nullopt,
                  std::optional<double> to = std::nullopt) {
    MetricSpec m;
    m.name = "m";
    m.dataset = "readout/test/x";
    m.reduce = reduce;
    m.from_ms = from;
    m.to_ms = to;
    return m;
}

MetricSpec thresholded(MetricReduce reduce, double threshold,
                       std::optional<double> from = std::nullopt,
                       std::optional<double> to = std::nullopt) {
    MetricSpec m = metric(reduce, from, to);
    m.threshold = threshold;
    return m;
}

/// times 0, 10, 20, 30, 40 ms; values 4, 1, 7, 2, 5; units "Hz".
TimeSeries five() { return {{0, 10, 20, 30, 40}, {4, 1, 7, 2, 5}, "Hz"}; }

/// The example of docs/sweeps.md's reductions: times 0, 10, 20, 30; values 1, 3, 1, 3.
TimeSeries square() { return {{0, 10, 20, 30}, {1, 3, 1, 3}, "1"}; }

double reduce(const MetricSpec& m, const TimeSeries& x, double end_ms = 50.0) {
    return reduce_series(m, x, end_ms).value;
}

// ---- last, first, mean, min, max ----------------------------------------------------------

TEST(SweepMetrics, WholeSeriesReductions) {
    EXPECT_EQ(reduce(metric(MetricReduce::last), five()), 5.0);
    EXPECT_EQ(reduce(metric(MetricReduce::first), five()), 4.0);
    EXPECT_EQ(reduce(metric(MetricReduce::mean), five()), 19.0 / 5.0);
    EXPECT_EQ(reduce(metric(MetricReduce::min), five()), 1.0);
    EXPECT_EQ(reduce(metric(MetricReduce::max), five()), 7.0);
    for (const auto r : {MetricReduce::last, MetricReduce::first, MetricReduce::mean,
                         MetricReduce::min, MetricReduce::max})
        EXPECT_EQ(reduce_series(metric(r), five(), 50.0).units, "Hz");
}

TEST(SweepMetrics, WindowedReductionsIncludeBothEnds) {
    // [10, 30]: samples 1, 7, 2.
    EXPECT_EQ(reduce(metric(MetricReduce::last, 10.0, 30.0), five()), 2.0);
    EXPECT_EQ(reduce(metric(MetricReduce::first, 10.0, 30.0), five()), 1.0);
    EXPECT_EQ(reduce(metric(MetricReduce::mean, 10.0, 30.0), five()), 10.0 / 3.0);
    EXPECT_EQ(reduce(metric(MetricReduce::min, 10.0, 30.0), five()), 1.0);
    EXPECT_EQ(reduce(metric(MetricReduce::max, 10.0, 30.0), five()), 7.0);
    // Only from: [25, end]: samples 2, 5.
    EXPECT_EQ(reduce(metric(MetricReduce::first, 25.0), five()), 2.0);
    EXPECT_EQ(reduce(metric(MetricReduce::mean, 25.0), five()), 3.5);
    EXPECT_EQ(reduce(metric(MetricReduce::max, 25.0), five()), 5.0);
    // Only to: [start, 15]: samples 4, 1.
    EXPECT_EQ(reduce(metric(MetricReduce::last, std::nullopt, 15.0), five()), 1.0);
    EXPECT_EQ(reduce(metric(MetricReduce::mean, std::nullopt, 15.0), five()), 2.5);
    EXPECT_EQ(reduce(metric(MetricReduce::min, std::nullopt, 15.0), five()), 1.0);
}

TEST(SweepMetrics, NanSamplesAreSkipped) {
    const TimeSeries x{{0, 10, 20, 30, 40}, {nan, 2, nan, 6, nan}, "1"};
    EXPECT_EQ(reduce(metric(MetricReduce::first), x), 2.0);
    EXPECT_EQ(reduce(metric(MetricReduce::last), x), 6.0);
    EXPECT_EQ(reduce(metric(MetricReduce::mean), x), 4.0);
    EXPECT_EQ(reduce(metric(MetricReduce::min), x), 2.0);
    EXPECT_EQ(reduce(metric(MetricReduce::max), x), 6.0);
    EXPECT_EQ(reduce(thresholded(MetricReduce::count_below, 100.0), x), 2.0);
    // A window holding only NaN holds no samples.
    EXPECT_THROW((void)reduce(metric(MetricReduce::mean, 15.0, 25.0), x), hornet::Error);
}

TEST(SweepMetrics, AnEmptyWindowIsAnError) {
    EXPECT_THROW((void)reduce(metric(MetricReduce::mean, 11.0, 19.0), five()), hornet::Error);
    EXPECT_THROW((void)reduce(metric(MetricReduce::last, 41.0), five()), hornet::Error);
    EXPECT_THROW((void)reduce(metric(MetricReduce::first, std::nullopt, -1.0), five()),
                 hornet::Error);
    EXPECT_THROW((void)reduce(metric(MetricReduce::max), TimeSeries{}), hornet::Error);
    EXPECT_THROW((void)reduce(thresholded(MetricReduce::count_above, 0.0, 11.0, 19.0), five()),
                 hornet::Error);
    EXPECT_THROW((void)reduce(thresholded(MetricReduce::count_below, 0.0), TimeSeries{}),
                 hornet::Error);
    EXPECT_THROW((void)reduce(thresholded(MetricReduce::time_below, 2.0), TimeSeries{}),
                 hornet::Error);
    try {
        (void)reduce(metric(MetricReduce::mean, 11.0, 19.0), five());
    } catch (const hornet::Error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("readout/test/x"), std::string::npos) << what;
        EXPECT_NE(what.find("no samples"), std::string::npos) << what;
    }
}

// ---- at -----------------------------------------------------------------------------------

TEST(SweepMetrics, AtTakesTheLastSampleAtOrBefore) {
    MetricSpec m = metric(MetricReduce::at);
    m.at_ms = 20.0;
    EXPECT_EQ(reduce(m, five()), 7.0); // exactly at a sample
    m.at_ms = 29.9;
    EXPECT_EQ(reduce(m, five()), 7.0);
    m.at_ms = 0.0;
    EXPECT_EQ(reduce(m, five()), 4.0);
    m.at_ms = 1e9;
    EXPECT_EQ(reduce(m, five()), 5.0);
    EXPECT_EQ(reduce_series(m, five(), 50.0).units, "Hz");
}

TEST(SweepMetrics, AtBeforeTheFirstSampleIsAnError) {
    MetricSpec m = metric(MetricReduce::at);
    m.at_ms = 5.0;
    const TimeSeries late{{10, 20}, {1, 2}, "1"};
    EXPECT_THROW((void)reduce(m, late), hornet::Error);
    EXPECT_THROW((void)reduce(m, TimeSeries{}), hornet::Error);
    m.at_ms = 10.0;
    EXPECT_EQ(reduce(m, late), 1.0);
}

// ---- time_below, time_above ---------------------------------------------------------------

TEST(SweepMetrics, TimeBelowAndAboveHoldEachSampleUntilTheNext) {
    // Below 2: [0, 10) and [20, 30) = 20 ms; above: [10, 20) and [30, 40) = 20 ms.
    EXPECT_EQ(reduce(thresholded(MetricReduce::time_below, 2.0), square(), 40.0), 20.0);
    EXPECT_EQ(reduce(thresholded(MetricReduce::time_above, 2.0), square(), 40.0), 20.0);
    // The last sample holds until the end of the run.
    EXPECT_EQ(reduce(thresholded(MetricReduce::time_above, 2.0), square(), 100.0), 80.0);
    EXPECT_EQ(reduce_series(thresholded(MetricReduce::time_below, 2.0), square(), 40.0).units,
              "ms");
    // Equal to the threshold is neither below nor above.
    EXPECT_EQ(reduce(thresholded(MetricReduce::time_below, 1.0), square(), 40.0), 0.0);
    EXPECT_EQ(reduce(thresholded(MetricReduce::time_above, 3.0), square(), 40.0), 0.0);
}

TEST(SweepMetrics, TimeBelowAndAboveAreClippedToTheWindow) {
    // [5, 25]: below 2 in [5, 10) and [20, 25) = 10; above 2 in [10, 20) = 10.
    EXPECT_EQ(reduce(thresholded(MetricReduce::time_below, 2.0, 5.0, 25.0), square(), 40.0), 10.0);
    EXPECT_EQ(reduce(thresholded(MetricReduce::time_above, 2.0, 5.0, 25.0), square(), 40.0), 10.0);
    // `to` closes the last sample's interval: [30, 35) above.
    EXPECT_EQ(
        reduce(thresholded(MetricReduce::time_above, 2.0, std::nullopt, 35.0), square(), 40.0),
        15.0);
    // Only from: [15, 40]: above in [15, 20) and [30, 40) = 15.
    EXPECT_EQ(reduce(thresholded(MetricReduce::time_above, 2.0, 15.0), square(), 40.0), 15.0);
    // A window inside one sample's interval: sample 10 (3) holds over [12, 18].
    EXPECT_EQ(reduce(thresholded(MetricReduce::time_above, 2.0, 12.0, 18.0), square(), 40.0), 6.0);
    EXPECT_EQ(reduce(thresholded(MetricReduce::time_below, 2.0, 12.0, 18.0), square(), 40.0), 0.0);
}

TEST(SweepMetrics, TimeBelowSkipsNanSamples) {
    const TimeSeries x{{0, 10, 20, 30}, {1, nan, 1, 3}, "1"};
    // The NaN sample's interval [10, 20) counts neither way.
    EXPECT_EQ(reduce(thresholded(MetricReduce::time_below, 2.0), x, 40.0), 20.0);
    EXPECT_EQ(reduce(thresholded(MetricReduce::time_above, 2.0), x, 40.0), 10.0);
}

TEST(SweepMetrics, TimeIsGivenInTheMetricsUnit) {
    constexpr double day = 86400000.0;
    const TimeSeries x{{0, 1 * day, 3 * day, 6 * day}, {0.5, 2.5, 0.2, 3.0}, "1"};
    MetricSpec m = thresholded(MetricReduce::time_below, 1.0);
    m.time_unit = "day";
    m.time_unit_ms = day;
    // Below 1 during [0, 1 d) and [3 d, 6 d): 4 days.
    const auto v = reduce_series(m, x, 10 * day);
    EXPECT_EQ(v.value, 4.0);
    EXPECT_EQ(v.units, "day");
    m.reduce = MetricReduce::time_above;
    m.from_ms = 0.5 * day; // [1 d, 3 d) and [6 d, 8 d)
    m.to_ms = 8 * day;
    EXPECT_EQ(reduce(m, x, 10 * day), 4.0);
}

// ---- count_below, count_above -------------------------------------------------------------

TEST(SweepMetrics, CountBelowAndAbove) {
    EXPECT_EQ(reduce(thresholded(MetricReduce::count_below, 4.5), five()), 3.0); // 4, 1, 2
    EXPECT_EQ(reduce(thresholded(MetricReduce::count_above, 4.5), five()), 2.0); // 7, 5
    EXPECT_EQ(reduce(thresholded(MetricReduce::count_above, 4.0), five()), 2.0); // 4 is not above
    EXPECT_EQ(reduce(thresholded(MetricReduce::count_below, 4.5, 10.0, 30.0), five()), 2.0);
    EXPECT_EQ(reduce(thresholded(MetricReduce::count_above, 100.0), five()), 0.0);
    EXPECT_EQ(reduce_series(thresholded(MetricReduce::count_below, 4.5), five(), 50.0).units, "1");
}

// ---- Descriptions -------------------------------------------------------------------------

TEST(SweepMetrics, DescriptionsSayHowTheNumberWasMade) {
    using hornet::sweep::describe_metric;
    EXPECT_EQ(describe_metric(metric(MetricReduce::last)), "last of readout/test/x");
    EXPECT_EQ(describe_metric(metric(MetricReduce::mean, 100.0, 2000.0)),
              "mean of readout/test/x from 100 ms to 2000 ms");
    MetricSpec at = metric(MetricReduce::at);
    at.at_ms = 1814400000.0;
    EXPECT_EQ(describe_metric(at), "value at 1814400000 ms of readout/test/x");
    MetricSpec below = thresholded(MetricReduce::time_below, 1.5, 1814400000.0);
    below.time_unit = "day";
    below.time_unit_ms = 86400000.0;
    EXPECT_EQ(describe_metric(below), "time [day] readout/test/x < 1.5 from 1814400000 ms");
    EXPECT_EQ(describe_metric(thresholded(MetricReduce::count_above, 0.25)),
              "samples readout/test/x > 0.25");
    MetricSpec rate;
    rate.mean_rate_population = "projection";
    EXPECT_EQ(describe_metric(rate), "mean rate of projection: spikes / neurons / duration");
}

// ---- On an output file --------------------------------------------------------------------

class SweepMetricsFile : public ::testing::Test {
protected:
    /// A finished file of 1000 steps of 0.1 ms (100 ms): 6 spikes of "exc" (8 neurons), "inh"
    /// (4 neurons) not recorded, and /readout/test/{time, x} = square() with units "Hz".
    void SetUp() override {
        const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
        dir_ = fs::temp_directory_path() / ("hornet-sweep-metrics-" + std::string(info->name()) +
                                            "-" + std::to_string(::getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        file_ = dir_ / "point-000000.h5";

        hornet::ModelRegistry registry;
        hornet::models::register_builtin_models(registry);
        hornet::NetworkSpec spec;
        spec.populations.push_back({"exc", "lif_cond", 8, {}, {}});
        spec.populations.push_back({"inh", "lif_cond", 4, {}, {}});
        const hornet::Network network = hornet::Network::build(spec, registry, {0.1, 1, 1});

        hornet::io::Provenance provenance = hornet::io::build_provenance();
        provenance.seed = 1234;
        provenance.dt_ms = 0.1;
        hornet::io::Hdf5RecorderOptions options;
        options.spike_populations = {"exc"};
        hornet::io::Hdf5Recorder recorder(file_, provenance, options);
        recorder.begin(network, {}, 0, 1000);
        const std::vector<std::uint32_t> a = {0, 3}, b = {1, 2, 7}, c = {5};
        recorder.spikes(0, 10, a);
        recorder.spikes(0, 400, b);
        recorder.spikes(0, 999, c);
        hornet::io::SeriesTable table;
        table.group = "readout/test";
        table.time_ms = square().time_ms;
        table.series.push_back({"x", "Hz", "a square wave", {}, square().values});
        recorder.write_table(std::move(table));
        hornet::RunStatistics statistics;
        statistics.steps = 1000;
        statistics.wall_seconds = 0.5;
        statistics.spikes = {6, 0};
        recorder.end(statistics);
        recorder.set_wall_times(0.25, 1.0);
        recorder.finalize();
    }
    void TearDown() override { fs::remove_all(dir_); }

    fs::path dir_;
    fs::path file_;
};

TEST_F(SweepMetricsFile, OutputReaderReadsWhatTheMetricsNeed) {
    const hornet::io::OutputReader file(file_);
    EXPECT_EQ(file.seed(), 1234u);
    EXPECT_DOUBLE_EQ(file.duration_ms(), 100.0);
    EXPECT_EQ(file.wall_time_total_s(), 1.0);
    EXPECT_FALSE(file.has_timeline());
    EXPECT_EQ(file.spike_count("exc"), 6u);
    EXPECT_EQ(file.n_nodes("exc"), 8u);
    EXPECT_THROW((void)file.spike_count("inh"), hornet::IoError);
    const TimeSeries x = file.series("readout/test/x");
    EXPECT_EQ(x.time_ms, square().time_ms);
    EXPECT_EQ(x.values, square().values);
    EXPECT_EQ(x.units, "Hz");
    EXPECT_THROW((void)file.series("readout/test/missing"), hornet::IoError);
    EXPECT_THROW((void)file.series("readout/nothing/x"), hornet::IoError);
}

TEST_F(SweepMetricsFile, MeanRateIsSpikesPerNeuronPerSecond) {
    const hornet::io::OutputReader file(file_);
    MetricSpec rate;
    rate.name = "rate";
    rate.mean_rate_population = "exc";
    const auto v = hornet::sweep::evaluate_metric(rate, file);
    EXPECT_DOUBLE_EQ(v.value, 6.0 / 8.0 / 0.1); // 7.5 Hz
    EXPECT_EQ(v.units, "Hz");
    rate.mean_rate_population = "inh"; // not recorded
    EXPECT_THROW((void)hornet::sweep::evaluate_metric(rate, file), hornet::IoError);
}

TEST_F(SweepMetricsFile, DatasetMetricsReduceTheFilesSeries) {
    const hornet::io::OutputReader file(file_);
    MetricSpec last = metric(MetricReduce::last);
    last.dataset = "readout/test/x";
    const auto v = hornet::sweep::evaluate_metric(last, file);
    EXPECT_EQ(v.value, 3.0);
    EXPECT_EQ(v.units, "Hz");
    // The run's duration (100 ms) closes the last sample: above 2 in [10, 20) and [30, 100).
    MetricSpec above = thresholded(MetricReduce::time_above, 2.0);
    above.dataset = "readout/test/x";
    EXPECT_DOUBLE_EQ(hornet::sweep::evaluate_metric(above, file).value, 80.0);
    MetricSpec below = thresholded(MetricReduce::time_below, 2.0, 5.0, 25.0);
    below.dataset = "readout/test/x";
    EXPECT_EQ(hornet::sweep::evaluate_metric(below, file).value, 10.0);
    MetricSpec missing = metric(MetricReduce::last);
    missing.dataset = "readout/windup/windup_index";
    EXPECT_THROW((void)hornet::sweep::evaluate_metric(missing, file), hornet::IoError);
}

TEST_F(SweepMetricsFile, AnUnfinishedFileIsRefused) {
    EXPECT_THROW(hornet::io::OutputReader(dir_ / "absent.h5"), hornet::IoError);
    const fs::path unfinished = dir_ / "point-000001.h5";
    {
        hornet::ModelRegistry registry;
        hornet::models::register_builtin_models(registry);
        hornet::NetworkSpec spec;
        spec.populations.push_back({"exc", "lif_cond", 2, {}, {}});
        const hornet::Network network = hornet::Network::build(spec, registry, {0.1, 1, 1});
        hornet::io::Hdf5RecorderOptions options;
        options.spike_populations = {"exc"};
        hornet::io::Hdf5Recorder recorder(unfinished, hornet::io::build_provenance(), options);
        recorder.begin(network, {}, 0, 10);
        // Destroyed without finalize(): only the .partial file remains, without `steps`.
    }
    ASSERT_TRUE(fs::exists(dir_ / "point-000001.h5.partial"));
    try {
        const hornet::io::OutputReader reader(dir_ / "point-000001.h5.partial");
        ADD_FAILURE() << "an unfinished file was opened";
    } catch (const hornet::IoError& e) {
        EXPECT_NE(std::string(e.what()).find("unfinished"), std::string::npos) << e.what();
    }
}

} // namespace
