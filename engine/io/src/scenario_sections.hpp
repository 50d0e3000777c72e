// SPDX-License-Identifier: MIT
#pragma once
/// Private to the scenario reader: the readers of the four top-level sections. Each reports its
/// problems to the ReadContext and fills what it could read; later sections use what earlier
/// ones learnt (dt, population names, sizes and models) to check cross-references.
#include "hornet/core/model_registry.hpp"
#include "hornet/core/scenario.hpp"
#include "scenario_context.hpp"

#include <optional>
#include <string>
#include <vector>

namespace hornet::io::detail {

/// A population as later sections see it.
struct KnownPopulation {
    std::string name;
    const ModelEntry* model = nullptr; ///< null when the model is unknown
    std::size_t size = 0;              ///< 0 when the size is invalid
};

/// What the sections read so far tell the ones after them.
struct Known {
    std::optional<double> dt_ms = SimulationSpec{}.dt_ms; ///< nullopt when dt is invalid
    std::vector<KnownPopulation> populations;             ///< file order, first of duplicates
    const ModelRegistry* registry = nullptr;
    /// [[projections]] entries read so far: name, and whether they are plastic.
    std::vector<std::pair<std::string, bool>> projections;

    /// The population named by the string at `v`; reports a wrong type or an unknown name
    /// (with a did-you-mean suggestion) and returns null.
    const KnownPopulation* population(ReadContext& ctx, const ValueAt& v) const;
};

/// "exc_to_inh": the name of a projection that has none.
std::string default_projection_name(std::string_view source, std::string_view target);

void read_simulation(ReadContext& ctx, const TableAt& root, SimulationSpec& out, Known& known);
void read_populations(ReadContext& ctx, const TableAt& root, const ModelRegistry& registry,
                      std::vector<PopulationSpec>& out, Known& known);
void read_projections(ReadContext& ctx, const TableAt& root, Known& known,
                      std::vector<ProjectionSpec>& out);
void read_stimuli(ReadContext& ctx, const TableAt& root, const ModelRegistry& registry,
                  const Known& known, std::vector<StimulusSpec>& out);
void read_readouts(ReadContext& ctx, const TableAt& root, const Known& known,
                   const std::vector<StimulusSpec>& stimuli, std::vector<ReadoutSpec>& out);
void read_recording(ReadContext& ctx, const TableAt& root, const Known& known, RecordingSpec& out);
/// [[phases]], [pain_signal], [slow] (after stimuli, readouts and projections).
void read_timeline(ReadContext& ctx, const TableAt& root, const Known& known,
                   const SimulationSpec& simulation, const std::vector<StimulusSpec>& stimuli,
                   const std::vector<ReadoutSpec>& readouts, TimelineSpec& out);
/// Also merges [pharmacology.block] into the populations' parameters.
void read_pharmacology(ReadContext& ctx, const TableAt& root, const ModelRegistry& registry,
                       PharmacologySpec& out, std::vector<PopulationSpec>& populations);

} // namespace hornet::io::detail
