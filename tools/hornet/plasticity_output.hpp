// SPDX-License-Identifier: MIT
#pragma once
// The plasticity summaries of a run as tables for the output file: /slow/<value>/<projection>
// (value = the rule's recorded variable, e.g. rho; projection = the [[projections]] entry).
#include "hornet/core/network.hpp"
#include "hornet/core/recorder.hpp"
#include "hornet/io/hdf5_recorder.hpp"

#include <vector>

namespace hornet::cli {

std::vector<io::SeriesTable> plasticity_tables(const Network& network,
                                               const std::vector<PlasticitySeries>& series,
                                               const std::vector<ProjectionSpec>& specs);

} // namespace hornet::cli
