// SPDX-License-Identifier: MIT
#include "hornet/core/model_registry.hpp"

#include "hornet/core/error.hpp"

namespace hornet {

const ParameterInfo* ModelEntry::find_parameter(std::string_view n) const {
    for (const auto& p : parameters)
        if (p.name == n) return &p;
    return nullptr;
}

std::optional<std::size_t> ModelEntry::find_state(std::string_view n) const {
    for (std::size_t i = 0; i < state_variables.size(); ++i)
        if (state_variables[i].name == n) return i;
    return std::nullopt;
}

void ModelRegistry::add(ModelEntry entry) {
    const std::string name(entry.name);
    if (!entries_.emplace(name, std::move(entry)).second)
        throw InternalError("model '" + name + "' is registered twice");
}

const ModelEntry* ModelRegistry::find(std::string_view name) const {
    const auto it = entries_.find(name);
    return it == entries_.end() ? nullptr : &it->second;
}

const ModelEntry& ModelRegistry::at(std::string_view name) const {
    if (const ModelEntry* e = find(name)) return *e;
    std::string known;
    for (const auto& [n, e] : entries_) known += (known.empty() ? "" : ", ") + n;
    throw ConfigError("unknown model '" + std::string(name) + "'; known models: " + known);
}

std::vector<std::string_view> ModelRegistry::names() const {
    std::vector<std::string_view> out;
    for (const auto& [n, e] : entries_) out.push_back(e.name);
    return out;
}

void ModelRegistry::add_plasticity(PlasticityEntry entry) {
    const std::string name(entry.name);
    if (!plasticity_.emplace(name, std::move(entry)).second)
        throw InternalError("plasticity rule '" + name + "' is registered twice");
}

const PlasticityEntry* ModelRegistry::find_plasticity(std::string_view name) const {
    const auto it = plasticity_.find(name);
    return it == plasticity_.end() ? nullptr : &it->second;
}

std::vector<std::string_view> ModelRegistry::plasticity_names() const {
    std::vector<std::string_view> out;
    for (const auto& [n, e] : plasticity_) out.push_back(e.name);
    return out;
}

} // namespace hornet
