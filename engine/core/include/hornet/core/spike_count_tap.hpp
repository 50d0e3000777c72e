// SPDX-License-Identifier: MIT
#pragma once
/// A Recorder in front of another that also counts the spikes of chosen populations per step,
/// in memory, for readouts (per-stimulus responses, windowed rates) computed after the run.
/// Spikes of counted populations reach the inner recorder only if it wants them itself.
#include "hornet/core/recorder.hpp"

#include <cstdint>
#include <vector>

namespace hornet {

/// The number of spikes a population emitted in one step (steps without spikes are absent).
struct StepCount {
    std::int64_t step = 0;
    std::uint32_t count = 0;
    friend bool operator==(const StepCount&, const StepCount&) = default;
};

class SpikeCountTap final : public Recorder {
public:
    /// `counted[p]`: count population p. `inner` may be null.
    SpikeCountTap(Recorder* inner, std::vector<bool> counted)
        : inner_(inner), counted_(std::move(counted)), counts_(counted_.size()) {}

    void begin(const Network& network, const std::vector<ReportLayout>& reports,
               std::int64_t first_step, std::int64_t n_steps) override {
        if (inner_) inner_->begin(network, reports, first_step, n_steps);
    }
    bool wants_spikes(std::size_t pop) const override {
        return is_counted(pop) || (inner_ && inner_->wants_spikes(pop));
    }
    void spikes(std::size_t pop, std::int64_t step, std::span<const std::uint32_t> ids) override {
        if (is_counted(pop)) {
            auto& c = counts_[pop];
            if (!c.empty() && c.back().step == step)
                c.back().count += static_cast<std::uint32_t>(ids.size());
            else
                c.push_back({step, static_cast<std::uint32_t>(ids.size())});
        }
        if (inner_ && inner_->wants_spikes(pop)) inner_->spikes(pop, step, ids);
    }
    void sample(std::size_t report, std::int64_t step, std::span<const double> values) override {
        if (inner_) inner_->sample(report, step, values);
    }
    void end(const RunStatistics& statistics) override {
        if (inner_) inner_->end(statistics);
    }

    /// Spike counts of population `pop` by increasing step, over every run so far.
    const std::vector<StepCount>& counts(std::size_t pop) const { return counts_.at(pop); }

private:
    bool is_counted(std::size_t pop) const { return pop < counted_.size() && counted_[pop]; }

    Recorder* inner_;
    std::vector<bool> counted_;
    std::vector<std::vector<StepCount>> counts_;
};

} // namespace hornet
