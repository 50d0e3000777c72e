// SPDX-License-Identifier: MIT
#pragma once
// The drug side of `hornet run`: the mean NMDA block per population, recorded through a
// MeanReportTap, and the /pharmacology table (concentrations and block over time).
#include "hornet/core/mean_report_tap.hpp"
#include "hornet/core/network.hpp"
#include "hornet/core/scenario.hpp"
#include "hornet/io/hdf5_recorder.hpp"
#include "models/pharmacology/drug_exposure.hpp"

#include <vector>

namespace hornet::cli {

/// Populations whose NMDA port receives a projection: their mean unblocked NMDA fraction goes
/// to /pharmacology/nmda_block.
struct BlockReports {
    std::vector<std::size_t> populations;
    std::vector<ReportLayout> layouts; ///< one per population, every pharmacology sample
};

BlockReports nmda_block_reports(const Network& network, const PharmacologySpec& spec);

/// /pharmacology: time, the concentrations of `exposure` every sample interval over
/// `duration_ms`, and the NMDA block means the tap collected (taps[k] = population k of
/// `block`). Concentration series are left out for a fixed concentration without a network.
io::SeriesTable pharmacology_table(const models::DrugExposure& exposure, double duration_ms,
                                   const Network* network, const BlockReports& block,
                                   const MeanReportTap* tap, double dt_ms);

} // namespace hornet::cli
