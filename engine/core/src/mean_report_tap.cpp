// SPDX-License-Identifier: MIT
#include "hornet/core/mean_report_tap.hpp"

#include <algorithm>

namespace hornet {

void MeanReportTap::begin(const Network& network, const std::vector<ReportLayout>& reports,
                          std::int64_t first_step, std::int64_t n_steps) {
    const std::size_t split = std::min(first_tapped_, reports.size());
    if (inner_) {
        const std::vector<ReportLayout> passed(
            reports.begin(), reports.begin() + static_cast<std::ptrdiff_t>(split));
        inner_->begin(network, passed, first_step, n_steps);
    }
    widths_.clear();
    for (std::size_t r = split; r < reports.size(); ++r)
        widths_.push_back(reports[r].variables.size());
    rows_.resize(widths_.size()); // a later run() continues the rows
}

void MeanReportTap::sample(std::size_t report, std::int64_t step, std::span<const double> values) {
    if (report < first_tapped_) {
        inner_->sample(report, step, values);
        return;
    }
    const std::size_t k = report - first_tapped_;
    const std::size_t n_variables = widths_[k];
    const std::size_t n_nodes = n_variables == 0 ? 0 : values.size() / n_variables;
    Row row{step, std::vector<double>(n_variables, 0.0)};
    for (std::size_t v = 0; v < n_variables; ++v) {
        double sum = 0.0;
        for (std::size_t i = 0; i < n_nodes; ++i) sum += values[v * n_nodes + i];
        row.means[v] = n_nodes == 0 ? 0.0 : sum / static_cast<double>(n_nodes);
    }
    rows_[k].push_back(std::move(row));
}

} // namespace hornet
