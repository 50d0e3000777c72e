// SPDX-License-Identifier: MIT
#include "plasticity_output.hpp"

#include <string>

namespace hornet::cli {

std::vector<io::SeriesTable> plasticity_tables(const Network& network,
                                               const std::vector<PlasticitySeries>& series,
                                               const std::vector<ProjectionSpec>& specs) {
    std::vector<io::SeriesTable> out;
    for (const PlasticitySeries& s : series) {
        const Projection& proj = network.projections()[s.projection];
        const SynapticPlasticity& rule = *proj.plasticity;
        const std::string& group = specs[s.projection].group.empty() ? specs[s.projection].name
                                                                     : specs[s.projection].group;
        const std::string value(rule.value_name());
        io::SeriesTable table;
        table.group = "slow/" + value + "/" + group;
        for (const std::int64_t step : s.steps)
            table.time_ms.push_back(static_cast<double>(step) * network.dt_ms());
        table.series.push_back({"mean",
                                std::string(rule.value_unit()),
                                "mean " + value + " of the projection's synapses (rule " +
                                    std::string(rule.rule()) + ")",
                                {},
                                s.mean});
        table.series.push_back({"potentiated",
                                "1",
                                "fraction of the projection's synapses potentiated",
                                {},
                                s.potentiated});
        if (s.full && !s.source.empty()) {
            table.matrices.push_back({"values", std::string(rule.value_unit()),
                                      value + " of every synapse (columns: source, target)",
                                      s.source.size(), s.values});
            table.indices.push_back({"source",
                                     "population-local id of each column's source neuron",
                                     {s.source.begin(), s.source.end()}});
            table.indices.push_back({"target",
                                     "population-local id of each column's target neuron",
                                     {s.target.begin(), s.target.end()}});
        }
        out.push_back(std::move(table));
    }
    return out;
}

} // namespace hornet::cli
