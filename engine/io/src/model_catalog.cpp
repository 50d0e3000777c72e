// SPDX-License-Identifier: MIT
#include "hornet/io/model_catalog.hpp"

#include "hornet/io/diagnostics.hpp"

#include <algorithm>
#include <iomanip>
#include <sstream>

namespace hornet::io {
namespace {

std::string default_text(const ParameterInfo& p) {
    if (p.is_choice()) return "\"" + std::string(p.choice_name(p.default_value)) + "\"";
    std::ostringstream out;
    out << p.default_value;
    if (p.unit != "1") out << ' ' << p.unit;
    return out.str();
}

void format_model(std::ostringstream& out, const ModelEntry& m) {
    out << m.name << " - " << m.summary << '\n';
    out << "  receptor ports: ";
    if (m.receptors.empty()) out << "(none: a source, not a target)";
    for (std::size_t i = 0; i < m.receptors.size(); ++i) out << (i ? ", " : "") << m.receptors[i];
    if (!m.receptors.empty()) out << "  (weights in " << m.receptor_unit << ")";
    out << '\n';
    std::size_t w_name = 4, w_default = 7;
    for (const auto& p : m.parameters) {
        w_name = std::max(w_name, p.name.size());
        w_default = std::max(w_default, default_text(p).size());
    }
    out << "  parameters:\n";
    for (const auto& p : m.parameters)
        out << "    " << std::left << std::setw(static_cast<int>(w_name)) << p.name << "  "
            << std::setw(static_cast<int>(w_default)) << default_text(p) << "  " << p.doc << "; "
            << (p.is_choice() ? "one of " + join_names(p.choices) : p.bounds.describe(p.unit))
            << '\n';
    out << "  state variables (initial values, reports):";
    if (m.state_variables.empty()) out << " (none)";
    out << '\n';
    for (const auto& s : m.state_variables)
        out << "    " << std::left << std::setw(static_cast<int>(w_name)) << s.name << "  ["
            << s.unit << "]  " << s.doc << '\n';
}

/// The [pharmacology] models: parameter sets and the table of parameter_set = "user".
void format_pharmacokinetics(std::ostringstream& out, const PharmacokineticsEntry& pk) {
    out << "pharmacokinetics ([pharmacology] parameter_set) - mammillary compartments, effect "
           "site, norketamine\n";
    out << "  parameter sets: " << join_names(pk.parameter_sets) << '\n';
    out << "  weight scaling: " << join_names(pk.scalings) << '\n';
    std::size_t w_name = 4, w_default = 7;
    for (const auto& p : pk.user_parameters) {
        w_name = std::max(w_name, p.name.size());
        w_default = std::max(w_default, default_text(p).size());
    }
    out << "  parameters of \"user\" ([pharmacology.parameters]; defaults shown where a set has "
           "none):\n";
    for (const auto& p : pk.user_parameters)
        out << "    " << std::left << std::setw(static_cast<int>(w_name)) << p.name << "  "
            << std::setw(static_cast<int>(w_default)) << default_text(p) << "  " << p.doc << "; "
            << p.bounds.describe(p.unit) << '\n';
}

} // namespace

std::string format_model_catalog(const ModelRegistry& registry, std::string_view model) {
    std::ostringstream out;
    if (!model.empty()) {
        format_model(out, registry.at(model));
        return out.str();
    }
    bool first = true;
    for (const auto name : registry.names()) {
        if (!first) out << '\n';
        first = false;
        format_model(out, registry.at(name));
    }
    if (const PharmacokineticsEntry* pk = registry.pharmacokinetics()) {
        out << '\n';
        format_pharmacokinetics(out, *pk);
    }
    return out.str();
}

} // namespace hornet::io
