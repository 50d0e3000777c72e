// SPDX-License-Identifier: MIT
#pragma once
/// A Recorder in front of another: reports from index `first_tapped` on are not passed on but
/// reduced to one population mean per variable and sample, kept in memory (e.g. the mean
/// unblocked NMDA fraction of each population for /pharmacology/nmda_block). Everything else
/// goes to the inner recorder unchanged. The mean is summed in node order on the reporting
/// task, so it does not depend on the number of threads.
#include "hornet/core/recorder.hpp"

#include <cstdint>
#include <vector>

namespace hornet {

class MeanReportTap final : public Recorder {
public:
    struct Row {
        std::int64_t step = 0;
        std::vector<double> means; ///< one per variable of the report
    };

    /// `inner` may be null (nothing but the tapped reports is wanted).
    MeanReportTap(Recorder* inner, std::size_t first_tapped) noexcept
        : inner_(inner), first_tapped_(first_tapped) {}

    void begin(const Network& network, const std::vector<ReportLayout>& reports,
               std::int64_t first_step, std::int64_t n_steps) override;
    bool wants_spikes(std::size_t pop) const override {
        return inner_ && inner_->wants_spikes(pop);
    }
    void spikes(std::size_t pop, std::int64_t step, std::span<const std::uint32_t> ids) override {
        inner_->spikes(pop, step, ids);
    }
    void sample(std::size_t report, std::int64_t step, std::span<const double> values) override;
    void end(const RunStatistics& statistics) override {
        if (inner_) inner_->end(statistics);
    }

    /// Rows of tapped report `first_tapped + k`, in step order, over every run so far.
    const std::vector<Row>& rows(std::size_t k) const { return rows_.at(k); }

private:
    Recorder* inner_;
    std::size_t first_tapped_;
    std::vector<std::size_t> widths_; ///< variables per tapped report
    std::vector<std::vector<Row>> rows_;
};

} // namespace hornet
