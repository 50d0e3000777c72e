// SPDX-License-Identifier: MIT
#pragma once
// A Recorder that keeps everything in memory, for tests.
#include "hornet/core/network.hpp"
#include "hornet/core/recorder.hpp"

#include <cstdint>
#include <vector>

namespace hornet::testing {

class MemoryRecorder final : public Recorder {
public:
    struct Spike {
        std::int64_t step;
        std::uint32_t id;
        friend bool operator==(const Spike&, const Spike&) = default;
    };
    struct Sample {
        std::int64_t step;
        std::vector<double> values;
    };

    void begin(const Network& net, const std::vector<ReportLayout>& reports, std::int64_t,
               std::int64_t) override {
        spike_trains.assign(net.n_populations(), {});
        samples.assign(reports.size(), {});
        ++begins;
    }
    bool wants_spikes(std::size_t) const override { return true; }
    void spikes(std::size_t pop, std::int64_t step, std::span<const std::uint32_t> ids) override {
        for (const auto id : ids) spike_trains[pop].push_back({step, id});
    }
    void sample(std::size_t report, std::int64_t step, std::span<const double> values) override {
        samples[report].push_back({step, {values.begin(), values.end()}});
    }
    void end(const RunStatistics& s) override {
        statistics = s;
        ++ends;
    }

    std::vector<std::vector<Spike>> spike_trains; // per population
    std::vector<std::vector<Sample>> samples;
    RunStatistics statistics;
    int begins = 0, ends = 0;
};

} // namespace hornet::testing
