// SPDX-License-Identifier: MIT
#pragma once
/// The registry of models by name. The engine knows models only through it: an entry describes a
/// model's parameters, state and receptor ports, and builds populations of it.
/// `models/builtin.cpp` registers every built-in model explicitly, one line each.
#include "hornet/core/pharmacology.hpp"
#include "hornet/core/plasticity_impl.hpp"
#include "hornet/core/population_impl.hpp"
#include "hornet/core/slow_process.hpp"
#include "hornet/core/stimulus.hpp"

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hornet {

/// Everything needed to build one population.
struct PopulationSpec {
    std::string name;
    std::string model;
    std::size_t size = 0;
    std::map<std::string, double, std::less<>> params; ///< canonical units; others keep defaults
    std::map<std::string, ValueDistribution, std::less<>> initial; ///< state variable -> values
};

/// A published parameter set of a model, as values in the order of its parameter table.
struct ModelParameterSet {
    std::string_view name;
    std::string_view doc;
    std::vector<double> values;
};

struct ModelEntry {
    std::string_view name;
    std::string_view summary;
    std::vector<std::string_view> receptors;
    std::string_view receptor_unit; ///< unit of projection weights onto this model's ports
    std::vector<ParameterInfo> parameters;
    std::vector<StateInfo> state_variables;
    /// Named parameter sets (`parameter_set = "adapting"`); empty if the model has none.
    std::vector<ModelParameterSet> parameter_sets;
    /// Checks a spec's parameters (bounds, cross-parameter rules and, when dt_ms > 0, the rules
    /// that depend on the step, such as a rate above one spike per step) without allocating
    /// state; throws ParamError naming the population and the parameter.
    std::function<void(const PopulationSpec&, double dt_ms)> check;
    /// Builds the population; throws ParamError naming the population and the parameter.
    std::function<std::unique_ptr<Population>(const PopulationSpec&, std::uint32_t id)> make;

    const ParameterInfo* find_parameter(std::string_view n) const;
    std::optional<std::size_t> find_state(std::string_view n) const;
};

class ModelRegistry {
public:
    void add(ModelEntry entry); ///< throws InternalError on a duplicate name
    const ModelEntry* find(std::string_view name) const;
    const ModelEntry& at(std::string_view name) const; ///< throws ConfigError with the known names
    std::vector<std::string_view> names() const;       ///< alphabetical

    void set_pharmacokinetics(PharmacokineticsEntry entry) { pharmacokinetics_ = std::move(entry); }
    /// Null when no pharmacokinetic model is registered.
    const PharmacokineticsEntry* pharmacokinetics() const noexcept {
        return pharmacokinetics_ ? &*pharmacokinetics_ : nullptr;
    }

    void add_plasticity(PlasticityEntry entry); ///< throws InternalError on a duplicate name
    const PlasticityEntry* find_plasticity(std::string_view name) const;
    std::vector<std::string_view> plasticity_names() const; ///< alphabetical

    void set_stimuli(StimulusEntry entry) { stimuli_ = std::move(entry); }
    /// Null when no stimulus protocols are registered.
    const StimulusEntry* stimuli() const noexcept { return stimuli_ ? &*stimuli_ : nullptr; }

    void set_slow_processes(SlowProcessEntry entry) { slow_ = std::move(entry); }
    /// Null when no slow processes (reset hypotheses) are registered.
    const SlowProcessEntry* slow_processes() const noexcept { return slow_ ? &*slow_ : nullptr; }

private:
    std::map<std::string, ModelEntry, std::less<>> entries_;
    std::optional<PharmacokineticsEntry> pharmacokinetics_;
    std::optional<StimulusEntry> stimuli_;
    std::optional<SlowProcessEntry> slow_;
    std::map<std::string, PlasticityEntry, std::less<>> plasticity_;
};

namespace detail {
/// Params of model M with the spec's values applied, bounds-checked and validated.
template <NeuronModel M>
typename M::Params params_from_spec(const PopulationSpec& spec) {
    const std::string where = "population '" + spec.name + "' (" + std::string(M::name) + ")";
    typename M::Params p{};
    apply_params(p, M::parameters, spec.params, where);
    M::validate(p, where);
    return p;
}
} // namespace detail

/// Builds the registry entry of neuron model M.
template <NeuronModel M>
ModelEntry neuron_model_entry() {
    ModelEntry e;
    e.name = M::name;
    e.summary = M::summary;
    e.receptors.assign(M::receptors.begin(), M::receptors.end());
    for (const auto& f : M::parameters) e.parameters.push_back(f.info());
    for (const auto& f : M::state_variables) e.state_variables.push_back(f.info());
    if constexpr (requires { M::parameter_sets; }) {
        for (const auto& set : M::parameter_sets) {
            ModelParameterSet s{set.name, set.doc, {}};
            for (const auto& f : M::parameters) s.values.push_back(set.values.*(f.member));
            e.parameter_sets.push_back(std::move(s));
        }
    }
    e.receptor_unit = M::receptor_unit;
    e.check = [](const PopulationSpec& spec, double dt_ms) {
        const auto params = detail::params_from_spec<M>(spec);
        if (dt_ms > 0.0) (void)M::prepare(params, dt_ms);
    };
    e.make = [](const PopulationSpec& spec, std::uint32_t id) -> std::unique_ptr<Population> {
        return std::make_unique<PopulationImpl<M>>(spec.name, spec.size, id,
                                                   detail::params_from_spec<M>(spec));
    };
    return e;
}

} // namespace hornet
