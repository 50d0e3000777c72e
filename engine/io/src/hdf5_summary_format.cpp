// SPDX-License-Identifier: MIT
// Text rendering of a FileSummary for `hornet inspect` (file_summary.hpp).
#include "hornet/io/file_summary.hpp"

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

namespace hornet::io {
namespace {

using Row = std::vector<std::string>;

std::string fixed(double value, int decimals) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

// Shortest faithful form of a time or step size ("0.1", "1000", "2.5").
std::string number(double value) {
    char text[64];
    std::snprintf(text, sizeof text, "%.10g", value);
    return text;
}

std::size_t count_lines(const std::string& text) {
    if (text.empty()) return 0;
    const auto newlines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    return text.back() == '\n' ? newlines : newlines + 1;
}

// Columns padded to their widest cell; `right[c]` right-aligns column c (numbers).
std::string table(const std::vector<Row>& rows, const std::vector<bool>& right) {
    std::vector<std::size_t> widths(right.size(), 0);
    for (const Row& row : rows)
        for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c)
            widths[c] = std::max(widths[c], row[c].size());
    std::string out;
    for (const Row& row : rows) {
        std::string line = "  ";
        for (std::size_t c = 0; c < row.size() && c < widths.size(); ++c) {
            const std::string pad(widths[c] - row[c].size(), ' ');
            line += right[c] ? pad + row[c] : row[c] + pad;
            if (c + 1 < row.size()) line += "  ";
        }
        line.erase(line.find_last_not_of(' ') + 1);
        out += line + '\n';
    }
    return out;
}

std::string header_block(const FileSummary& s) {
    const Provenance& p = s.provenance;
    std::string out = "hornet output " + s.path.string() + " (format " +
                      std::to_string(s.version[0]) + "." + std::to_string(s.version[1]) + ")\n";
    std::vector<Row> rows;
    rows.push_back({"scenario", (p.scenario_path.empty() ? "-" : p.scenario_path) + " (config: " +
                                    std::to_string(count_lines(p.config_toml)) + " lines)"});
    rows.push_back({"built by", "hornet " + p.hornet_version + " (git " + p.git_sha + "), " +
                                    p.compiler + (p.flags.empty() ? "" : ", flags " + p.flags)});
    if (!p.command_line.empty()) rows.push_back({"command", p.command_line});
    rows.push_back({"run", number(s.duration_ms) + " ms (" + std::to_string(s.steps) +
                               " steps of " + number(p.dt_ms) + " ms), seed " +
                               std::to_string(p.seed) + ", " + std::to_string(p.threads) +
                               (p.threads == 1 ? " thread" : " threads") +
                               (s.interrupted ? "; INTERRUPTED before the end" : "")});
    rows.push_back({"wall time", "build " + fixed(s.wall_time_build_s, 2) + " s, simulation " +
                                     fixed(s.wall_time_simulation_s, 2) + " s, total " +
                                     fixed(s.wall_time_total_s, 2) + " s"});
    for (Row& row : rows) row[0] += ":";
    return out + table(rows, {false, false});
}

std::string spikes_block(const FileSummary& s) {
    if (s.spike_populations.empty()) return "\nspikes: none recorded\n";
    std::vector<Row> rows = {{"population", "nodes", "spikes", "rate [Hz]"}};
    for (const auto& pop : s.spike_populations)
        rows.push_back({pop.name, std::to_string(pop.n_nodes), std::to_string(pop.n_spikes),
                        fixed(pop.mean_rate_hz, 2)});
    return "\nspikes:\n" + table(rows, {false, true, true, true});
}

std::string reports_block(const FileSummary& s) {
    if (s.reports.empty()) return "\nreports: none recorded\n";
    std::vector<Row> rows = {
        {"report", "population", "variables", "nodes", "samples", "every [ms]", "time [ms]"}};
    for (const auto& r : s.reports) {
        std::string variables;
        for (std::size_t v = 0; v < r.variables.size(); ++v)
            variables += (v == 0 ? "" : ", ") + r.variables[v] + " [" +
                         (v < r.units.size() ? r.units[v] : "?") + "]";
        rows.push_back({r.group, r.population, variables, std::to_string(r.n_nodes),
                        std::to_string(r.n_samples), number(r.interval_ms),
                        number(r.start_ms) + " .. " + number(r.stop_ms)});
    }
    return "\nreports:\n" + table(rows, {false, false, false, true, true, true, false});
}

// "8 h", "90 s", "200 ms": a time span in the largest unit that keeps it readable.
std::string span(double ms) {
    if (ms >= 2 * 3.6e6) return number(ms / 3.6e6) + " h";
    if (ms >= 2e3) return number(ms / 1e3) + " s";
    return number(ms) + " ms";
}

std::string short_number(double value) {
    char text[64];
    std::snprintf(text, sizeof text, "%.4g", value);
    return text;
}

std::string tables_block(const FileSummary& s) {
    std::string out;
    for (const auto& t : s.tables) {
        out += "\n" + t.group + ": " + std::to_string(t.n_times) + " samples, " + span(t.start_ms) +
               " .. " + span(t.stop_ms) + "\n";
        std::vector<Row> rows{{"series", "units", "min", "max", "last"}};
        for (const auto& series : t.series)
            rows.push_back({series.name, series.unit, short_number(series.min),
                            short_number(series.max), short_number(series.last)});
        out += table(rows, {false, false, true, true, true});
    }
    return out;
}

} // namespace

std::string format_summary(const FileSummary& summary) {
    return header_block(summary) + spikes_block(summary) + reports_block(summary) +
           tables_block(summary);
}

} // namespace hornet::io
