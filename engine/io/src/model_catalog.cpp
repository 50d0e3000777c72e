// SPDX-License-Identifier: MIT
#include "hornet/io/model_catalog.hpp"

#include "hornet/io/diagnostics.hpp"

#include <algorithm>
#include <iomanip>
#include <span>
#include <sstream>

namespace hornet::io {
namespace {

std::string default_text(const ParameterInfo& p) {
    if (p.is_choice()) return "\"" + std::string(p.choice_name(p.default_value)) + "\"";
    std::ostringstream out;
    if (p.unit == "ms" && p.default_value >= 60e3) {
        // Slow processes have time constants of minutes to weeks: "28 days", not "2.4192e+09 ms"
        // (any of these units is accepted in a scenario file).
        const double v = p.default_value;
        if (v >= 864e5)
            out << v / 864e5 << (v == 864e5 ? " day" : " days");
        else if (v >= 3.6e6)
            out << v / 3.6e6 << " h";
        else
            out << v / 6e4 << " min";
        return out.str();
    }
    out << p.default_value;
    if (p.unit != "1") out << ' ' << p.unit;
    return out.str();
}

/// "    name  default  doc; bounds" for every parameter, in aligned columns.
void format_parameters(std::ostringstream& out, std::span<const ParameterInfo> parameters) {
    std::size_t w_name = 4, w_default = 7;
    for (const auto& p : parameters) {
        w_name = std::max(w_name, p.name.size());
        w_default = std::max(w_default, default_text(p).size());
    }
    for (const auto& p : parameters)
        out << "    " << std::left << std::setw(static_cast<int>(w_name)) << p.name << "  "
            << std::setw(static_cast<int>(w_default)) << default_text(p) << "  " << p.doc << "; "
            << (p.is_choice() ? "one of " + join_names(p.choices) : p.bounds.describe(p.unit))
            << '\n';
}

/// "  parameter sets (parameter_set = ...): a (doc), b (doc)"
template <class Sets>
void format_parameter_sets(std::ostringstream& out, const Sets& sets, std::string_view where) {
    if (sets.empty()) return;
    out << "  parameter sets (" << where << "):\n";
    for (const auto& set : sets) out << "    " << set.name << "  " << set.doc << '\n';
}

void format_model(std::ostringstream& out, const ModelEntry& m) {
    out << m.name << " - " << m.summary << '\n';
    out << "  receptor ports: ";
    if (m.receptors.empty()) out << "(none: a source, not a target)";
    for (std::size_t i = 0; i < m.receptors.size(); ++i) out << (i ? ", " : "") << m.receptors[i];
    if (!m.receptors.empty()) out << "  (weights in " << m.receptor_unit << ")";
    out << '\n';
    out << "  parameters:\n";
    format_parameters(out, m.parameters);
    format_parameter_sets(out, m.parameter_sets, "parameter_set = \"name\" in [[populations]]");
    std::size_t w_name = 4;
    for (const auto& p : m.parameters) w_name = std::max(w_name, p.name.size());
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
    out << "  parameters of \"user\" ([pharmacology.parameters]; defaults shown where a set has "
           "none):\n";
    format_parameters(out, pk.user_parameters);
}

/// A plasticity rule (plasticity = { rule = ... } in [[projections]]).
void format_rule(std::ostringstream& out, const PlasticityEntry& r) {
    out << r.name << " - plasticity rule: " << r.summary << "; records " << r.value_name << '\n';
    out << "  parameters:\n";
    format_parameters(out, r.parameters);
    format_parameter_sets(out, r.parameter_sets, "parameter_set = \"name\" in plasticity");
}

/// A stimulus protocol (protocol = ... in [[stimuli]]).
void format_protocol(std::ostringstream& out, const StimulusProtocolInfo& p,
                     std::string_view afferent_model) {
    out << p.name << " - stimulus protocol for " << afferent_model << " populations: " << p.summary
        << '\n';
    out << "  parameters (besides targets and recruit):\n";
    format_parameters(out, p.parameters);
}

/// A reset hypothesis ([slow] hypothesis = ...): what it assumes, its evidence, and the
/// parameters every hypothesis shares.
void format_hypothesis(std::ostringstream& out, const SlowProcessEntry::Hypothesis& h,
                       const SlowProcessEntry& entry) {
    out << h.name << " - reset hypothesis ([slow] hypothesis = \"" << h.name
        << "\"), a HYPOTHESIS, not an established mechanism: " << h.summary << '\n';
    out << "  evidence: " << h.evidence << '\n';
    out << "  parameters ([slow], shared by every hypothesis):\n";
    format_parameters(out, entry.parameters);
}

} // namespace

std::string format_model_catalog(const ModelRegistry& registry, std::string_view model) {
    std::ostringstream out;
    if (!model.empty()) {
        if (const PlasticityEntry* rule = registry.find_plasticity(model)) {
            format_rule(out, *rule);
            return out.str();
        }
        if (const StimulusEntry* stimuli = registry.stimuli())
            if (const StimulusProtocolInfo* p = stimuli->find(model)) {
                format_protocol(out, *p, stimuli->afferent_model);
                return out.str();
            }
        if (const SlowProcessEntry* slow = registry.slow_processes())
            if (const auto* h = slow->find(model)) {
                format_hypothesis(out, *h, *slow);
                return out.str();
            }
        format_model(out, registry.at(model));
        return out.str();
    }
    bool first = true;
    for (const auto name : registry.names()) {
        if (!first) out << '\n';
        first = false;
        format_model(out, registry.at(name));
    }
    for (const auto name : registry.plasticity_names()) {
        out << '\n';
        format_rule(out, *registry.find_plasticity(name));
    }
    if (const StimulusEntry* stimuli = registry.stimuli())
        for (const auto& p : stimuli->protocols) {
            out << '\n';
            format_protocol(out, p, stimuli->afferent_model);
        }
    if (const SlowProcessEntry* slow = registry.slow_processes())
        for (const auto& h : slow->hypotheses) {
            out << '\n';
            format_hypothesis(out, h, *slow);
        }
    if (const PharmacokineticsEntry* pk = registry.pharmacokinetics()) {
        out << '\n';
        format_pharmacokinetics(out, *pk);
    }
    return out.str();
}

} // namespace hornet::io
