// SPDX-License-Identifier: MIT
#include "hornet/sweep/check.hpp"

#include "hornet/io/diagnostics.hpp"
#include "hornet/io/scenario_reader.hpp"

#include <algorithm>
#include <regex>
#include <set>

namespace hornet::sweep {
namespace {

/// "pharmacology.doses[0].rate" -> "pharmacology.doses.0.rate": both spellings select the same
/// element, and the scenario reader may report either.
std::string normal_key(const std::string& key) {
    static const std::regex bracket(R"(\[(\d+)\])");
    return std::regex_replace(key, bracket, ".$1");
}

/// Whether a diagnostic about `reported` (a key path, or an override "key=value" the reader
/// could not apply) concerns the override of `key`: the same key, a key inside it, or a
/// prefix of it (an unknown table on the way).
bool concerns(const std::string& reported, const std::string& key) {
    const std::string r = normal_key(reported.substr(0, reported.find('=')));
    const std::string k = normal_key(key);
    if (r == k) return true;
    const auto inside = [](const std::string& longer, const std::string& shorter) {
        return longer.size() > shorter.size() && longer.starts_with(shorter) &&
               longer[shorter.size()] == '.';
    };
    return inside(r, k) || inside(k, r);
}

/// Where in the sweep file an override-caused diagnostic belongs: the [set] entry or axis whose
/// key it concerns (the last one wins, as the last override does), or nullopt.
struct Origin {
    io::SweepLocation where;
    std::string key;
    std::string value;
};

std::optional<Origin> origin_of(const io::Diagnostic& d, const io::SweepSpec& spec,
                                const SweepPoint& point) {
    std::optional<Origin> found;
    for (const auto& s : spec.settings)
        if (concerns(d.key, s.key)) found = Origin{s.where, s.key, s.override_text};
    // The base scenario is read without the axes (no value index): only [set] can be at fault.
    for (std::size_t a = 0; a < point.value_index.size(); ++a) {
        const auto& axis = spec.axes[a];
        if (concerns(d.key, axis.key))
            found = Origin{axis.where, axis.key, axis.values[point.value_index[a]].override_text};
    }
    return found;
}

io::Diagnostic relocate(const io::Diagnostic& d, const io::SweepSpec& spec,
                        const SweepPoint* point) {
    static const SweepPoint no_axes;
    const auto origin = origin_of(d, spec, point ? *point : no_axes);
    // An origin without a line is a --set of the sweep command itself: reported as such.
    if (d.file != "--set" || !origin || origin->where.line == 0) return d;
    io::Diagnostic moved = d;
    moved.file = spec.path.string();
    moved.line = origin->where.line;
    moved.column = origin->where.column;
    if (moved.key.empty() || moved.key.find('=') != std::string::npos) moved.key = origin->key;
    // The value matters when the message does not show it (a bound, a missing element).
    std::string bare = origin->value;
    if (bare.size() >= 2 && bare.front() == '"') bare = bare.substr(1, bare.size() - 2);
    if (moved.message.find(bare) == std::string::npos &&
        moved.message.find("unknown key") == std::string::npos)
        moved.message += " (value " + origin->value + ")";
    return moved;
}

/// Reads the scenario with `overrides`; returns the problems, relocated into the sweep file.
std::vector<io::Diagnostic> problems_of(const io::SweepSpec& spec, const SweepPoint* point,
                                        const std::vector<std::string>& overrides,
                                        const ModelRegistry& registry) {
    try {
        (void)io::read_scenario(spec.scenario, overrides, registry);
        return {};
    } catch (const io::ScenarioError& e) {
        std::vector<io::Diagnostic> out;
        out.reserve(e.diagnostics().size());
        for (const auto& d : e.diagnostics()) out.push_back(relocate(d, spec, point));
        return out;
    }
}

void check_metrics(const io::SweepSpec& spec, const Scenario& base,
                   std::vector<io::Diagnostic>& problems) {
    for (const auto& m : spec.metrics) {
        if (m.mean_rate_population.empty()) continue;
        const auto& recorded = base.recording.spike_populations;
        const bool exists =
            std::any_of(base.network.populations.begin(), base.network.populations.end(),
                        [&](const auto& p) { return p.name == m.mean_rate_population; });
        std::string problem;
        if (!exists)
            problem = "the scenario has no population \"" + m.mean_rate_population + "\"";
        else if (std::find(recorded.begin(), recorded.end(), m.mean_rate_population) ==
                 recorded.end())
            problem = "the spikes of \"" + m.mean_rate_population + "\" are not recorded";
        else if (base.timeline.enabled())
            problem = "mean_rate needs a run without a timeline (its time is mostly not "
                      "simulated); use a readout dataset";
        if (!problem.empty())
            problems.push_back({spec.path.string(), m.where.line, m.where.column,
                                "metrics." + m.name + ".mean_rate", problem,
                                "add it to [recording] spikes, or choose a recorded population"});
    }
}

[[noreturn]] void fail(std::vector<io::Diagnostic> problems) {
    std::stable_sort(problems.begin(), problems.end(), [](const auto& a, const auto& b) {
        return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    throw io::ScenarioError(std::move(problems));
}

} // namespace

Scenario read_base_scenario(const io::SweepSpec& spec, const ModelRegistry& registry) {
    std::vector<std::string> overrides;
    overrides.reserve(spec.settings.size());
    for (const auto& s : spec.settings) overrides.push_back(s.key + "=" + s.override_text);
    try {
        return io::read_scenario(spec.scenario, overrides, registry);
    } catch (const io::ScenarioError& e) {
        std::vector<io::Diagnostic> problems;
        problems.reserve(e.diagnostics().size());
        for (const auto& d : e.diagnostics()) problems.push_back(relocate(d, spec, nullptr));
        fail(std::move(problems));
    }
}

void check_points(const io::SweepSpec& spec, const SweepPlan& plan, const Scenario& base,
                  const ModelRegistry& registry) {
    std::vector<io::Diagnostic> problems;
    std::set<std::string> seen; // one report per distinct problem, not per point
    std::set<std::vector<std::string>> checked;
    for (const auto& point : plan.points) {
        // Replicates differ only by seed: one read per parameter combination.
        if (!checked.insert(point.overrides).second) continue;
        for (auto& d : problems_of(spec, &point, point.overrides, registry)) {
            // A problem that every value shares (a key with no element) is one problem.
            const std::string message = d.message.substr(0, d.message.rfind(" (value "));
            if (seen.insert(d.file + ":" + std::to_string(d.line) + ":" + d.key + ":" + message)
                    .second)
                problems.push_back(std::move(d));
        }
    }
    check_metrics(spec, base, problems);
    if (!problems.empty()) fail(std::move(problems));
}

} // namespace hornet::sweep
