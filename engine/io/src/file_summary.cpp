// SPDX-License-Identifier: MIT
// Reading the summary of a hornet HDF5 file (file_summary.hpp); the text rendering is in
// hdf5_summary_format.cpp.
#include "hornet/io/file_summary.hpp"

#include "h5_attributes.hpp"
#include "h5_datasets.hpp"
#include "h5_reading.hpp"
#include "h5_schema.hpp"

#include <cmath>
#include <cstdio>

namespace hornet::io {

namespace h5 {

File open_for_reading(const std::string& name) {
    silence_errors();
    if (!std::filesystem::exists(name)) throw IoError(name + ": no such file");
    if (std::filesystem::is_directory(name)) throw IoError(name + ": is a directory, not a file");
    if (H5Fis_hdf5(name.c_str()) <= 0) {
        (void)take_error_detail();
        throw IoError(name + ": not an HDF5 file, so not a hornet output file");
    }
    const PropertyList access(check_id(H5Pcreate(H5P_FILE_ACCESS), name, "open the file"));
    check_status(H5Pset_file_locking(access.get(), true, true), name, "open the file");
    return File(
        check_id(H5Fopen(name.c_str(), H5F_ACC_RDONLY, access.get()), name, "open the file"));
}

void check_magic(hid_t root, const std::string& name) {
    if (!has_attribute(root, schema::magic_attr))
        throw IoError(name + ": not a hornet output file (no 'magic' attribute)");
    const auto magic = read_attribute<std::uint32_t>(root, schema::magic_attr, name);
    if (magic != schema::magic) {
        char text[64];
        std::snprintf(text, sizeof text, "magic = 0x%04X; expected 0x%04X", magic, schema::magic);
        throw IoError(name + ": not a hornet output file (" + text + ")");
    }
}

} // namespace h5

namespace {

using h5::check_magic;
using h5::open_for_reading;

std::string string_or_empty(hid_t root, const char* attribute, const std::string& name) {
    return h5::has_attribute(root, attribute) ? h5::read_string_attribute(root, attribute, name)
                                              : std::string();
}

void read_provenance(hid_t root, const std::string& name, FileSummary& s) {
    const auto version = h5::read_array_attribute<std::uint32_t>(root, schema::version_attr, name);
    if (version.size() != 2 || version[0] > schema::version[0])
        throw IoError(name + ": hornet file format " +
                      (version.empty() ? std::string("?") : std::to_string(version[0])) +
                      ".x is newer than this build reads (" + std::to_string(schema::version[0]) +
                      "." + std::to_string(schema::version[1]) + ")");
    s.version = {version[0], version[1]};
    Provenance& p = s.provenance;
    p.hornet_version = string_or_empty(root, schema::hornet_version, name);
    p.git_sha = string_or_empty(root, schema::git_sha, name);
    p.config_toml = string_or_empty(root, schema::config_toml, name);
    p.scenario_path = string_or_empty(root, schema::scenario_path, name);
    p.command_line = string_or_empty(root, schema::command_line, name);
    p.compiler = string_or_empty(root, schema::compiler, name);
    p.flags = string_or_empty(root, schema::flags, name);
    p.seed = h5::read_attribute<std::uint64_t>(root, schema::seed, name);
    p.threads = h5::read_attribute<std::int32_t>(root, schema::threads, name);
    p.dt_ms = h5::read_attribute<double>(root, schema::dt, name);
}

void read_run(hid_t root, const std::string& name, FileSummary& s) {
    if (!h5::has_attribute(root, schema::steps))
        throw IoError(name + ": unfinished hornet output (no '" + schema::steps +
                      "' attribute); the run that wrote it did not finish");
    s.steps = h5::read_attribute<std::int64_t>(root, schema::steps, name);
    s.duration_ms = h5::read_attribute<double>(root, schema::duration, name);
    s.interrupted = h5::read_attribute<std::uint8_t>(root, schema::interrupted, name) != 0;
    s.wall_time_build_s = h5::read_attribute<double>(root, schema::wall_time_build, name);
    s.wall_time_simulation_s = h5::read_attribute<double>(root, schema::wall_time_simulation, name);
    s.wall_time_total_s = h5::read_attribute<double>(root, schema::wall_time_total, name);
}

std::vector<SpikePopulationSummary> read_spikes(hid_t root, const std::string& name,
                                                double duration_ms) {
    std::vector<SpikePopulationSummary> result;
    if (!h5::has_link(root, schema::spikes)) return result;
    const h5::Group spikes = h5::open_group(root, schema::spikes, name);
    for (const std::string& population : h5::child_names(spikes.get(), name)) {
        const std::string where = h5::object_where(name, "/spikes/" + population);
        const h5::Group group = h5::open_group(spikes.get(), population.c_str(), where);
        SpikePopulationSummary s;
        s.name = population;
        if (h5::has_attribute(group.get(), schema::n_nodes))
            s.n_nodes = h5::read_attribute<std::uint64_t>(group.get(), schema::n_nodes, where);
        const h5::Dataset timestamps = h5::open_dataset(group.get(), schema::timestamps, where);
        const auto dims = h5::shape(timestamps.get(), where);
        s.n_spikes = dims.empty() ? 0 : dims.front();
        if (s.n_nodes > 0 && duration_ms > 0.0)
            s.mean_rate_hz = static_cast<double>(s.n_spikes) / static_cast<double>(s.n_nodes) /
                             (duration_ms * 1e-3);
        result.push_back(std::move(s));
    }
    return result;
}

// Fills the per-variable fields of `r` from one data dataset and its mapping.
void read_report_data(hid_t group, const std::string& where, ReportSummary& r) {
    const h5::Dataset data = h5::open_dataset(group, schema::data, where);
    r.variables.push_back(h5::read_string_attribute(data.get(), schema::variable, where));
    r.units.push_back(h5::read_string_attribute(data.get(), schema::units, where));
    const auto dims = h5::shape(data.get(), where);
    r.n_samples = dims.empty() ? 0 : dims[0];
    r.n_nodes = dims.size() < 2 ? 0 : dims[1];
    const h5::Group mapping = h5::open_group(group, schema::mapping, where);
    const h5::Dataset time = h5::open_dataset(mapping.get(), schema::time, where);
    const auto values = h5::read_doubles(time.get(), where);
    if (values.size() != 3) throw IoError(where + ": mapping/time must hold 3 values");
    r.start_ms = values[0];
    r.stop_ms = values[1];
    r.interval_ms = values[2];
}

std::vector<ReportSummary> read_reports(hid_t root, const std::string& name) {
    std::vector<ReportSummary> result;
    if (!h5::has_link(root, schema::report)) return result;
    const h5::Group reports = h5::open_group(root, schema::report, name);
    for (const std::string& group_name : h5::child_names(reports.get(), name)) {
        const std::string where = h5::object_where(name, "/report/" + group_name);
        const h5::Group group = h5::open_group(reports.get(), group_name.c_str(), where);
        ReportSummary r;
        r.group = group_name;
        r.population = h5::has_attribute(group.get(), schema::population)
                           ? h5::read_string_attribute(group.get(), schema::population, where)
                           : group_name;
        if (h5::has_link(group.get(), schema::data)) {
            read_report_data(group.get(), where, r);
        } else {
            for (const std::string& variable : h5::child_names(group.get(), where)) {
                const h5::Group sub = h5::open_group(group.get(), variable.c_str(), where);
                read_report_data(sub.get(), where + "/" + variable, r);
            }
        }
        result.push_back(std::move(r));
    }
    return result;
}

/// The tables of a file (SeriesTable layout, hdf5_recorder.hpp): /pharmacology,
/// /readout/<name> and /slow/<value>/<projection>.
std::vector<std::string> table_groups(hid_t root, const std::string& name) {
    std::vector<std::string> out;
    if (h5::has_link(root, "pharmacology")) out.push_back("pharmacology");
    if (h5::has_link(root, "readout")) {
        const std::string where = h5::object_where(name, "/readout");
        const h5::Group readout = h5::open_group(root, "readout", where);
        for (const std::string& r : h5::child_names(readout.get(), where))
            out.push_back("readout/" + r);
    }
    if (h5::has_link(root, "slow")) {
        const std::string where = h5::object_where(name, "/slow");
        const h5::Group slow = h5::open_group(root, "slow", where);
        for (const std::string& value : h5::child_names(slow.get(), where)) {
            const h5::Group v = h5::open_group(slow.get(), value.c_str(), where + "/" + value);
            for (const std::string& owner : h5::child_names(v.get(), where + "/" + value))
                out.push_back("slow/" + value + "/" + owner);
        }
    }
    return out;
}

/// Extremes of every series of every table.
std::vector<TableSummary> read_tables(hid_t root, const std::string& name) {
    std::vector<TableSummary> result;
    for (const std::string& group_name : table_groups(root, name)) {
        const std::string where = h5::object_where(name, "/" + group_name);
        const h5::Group group = h5::open_group(root, group_name.c_str(), where);
        TableSummary t;
        t.group = group_name;
        const h5::Dataset time = h5::open_dataset(group.get(), schema::time, where);
        const auto times = h5::read_doubles(time.get(), where);
        t.n_times = times.size();
        if (!times.empty()) {
            t.start_ms = times.front();
            t.stop_ms = times.back();
        }
        for (const std::string& series : h5::child_names(group.get(), where)) {
            if (series == schema::time) continue;
            const std::string w = where + "/" + series;
            const h5::Dataset data = h5::open_dataset(group.get(), series.c_str(), w);
            const auto values = h5::read_doubles(data.get(), w);
            const std::string unit = h5::has_attribute(data.get(), schema::units)
                                         ? h5::read_string_attribute(data.get(), schema::units, w)
                                         : "";
            std::vector<std::string> columns;
            const auto dims = h5::shape(data.get(), w);
            if (dims.empty() || dims[0] != t.n_times) continue; // an index (synapse ids)
            std::size_t width = dims.size() == 2 ? dims[1] : 1;
            if (width > 1 && !h5::has_attribute(data.get(), "columns")) {
                // A wide matrix (every synapse): one summary over all of it.
                columns.push_back(series + "[all " + std::to_string(width) + "]");
                width = 1;
                SeriesSummary s{columns[0], unit, 0.0, 0.0, 0.0};
                bool any = false;
                for (const double v : values) {
                    if (std::isnan(v)) continue;
                    s.min = any ? std::min(s.min, v) : v;
                    s.max = any ? std::max(s.max, v) : v;
                    any = true;
                }
                s.last = values.empty() ? 0.0 : values.back();
                t.series.push_back(std::move(s));
                continue;
            }
            for (std::size_t c = 0; c < width; ++c)
                columns.push_back(width == 1 ? series : series + "[" + std::to_string(c) + "]");
            if (width > 1 && h5::has_attribute(data.get(), "columns")) {
                const auto names = h5::read_string_array_attribute(data.get(), "columns", w);
                for (std::size_t c = 0; c < width && c < names.size(); ++c)
                    columns[c] = series + "[" + names[c] + "]";
            }
            for (std::size_t c = 0; c < width; ++c) {
                SeriesSummary s{columns[c], unit, 0.0, 0.0, 0.0};
                bool any = false;
                for (std::size_t i = c; i < values.size(); i += width) {
                    if (std::isnan(values[i])) continue;
                    s.min = any ? std::min(s.min, values[i]) : values[i];
                    s.max = any ? std::max(s.max, values[i]) : values[i];
                    s.last = values[i];
                    any = true;
                }
                t.series.push_back(std::move(s));
            }
        }
        result.push_back(std::move(t));
    }
    return result;
}

} // namespace

FileSummary summarize_file(const std::filesystem::path& path) {
    const std::string name = path.string();
    if (path.extension() == ".partial")
        throw IoError(name + ": unfinished hornet output (a run writes '<output>.partial' and "
                             "renames it when it completes); the run that wrote it did not finish");
    const h5::File file = open_for_reading(name);
    const hid_t root = file.get();
    check_magic(root, name);
    FileSummary summary;
    summary.path = path;
    read_provenance(root, name, summary);
    read_run(root, name, summary);
    summary.spike_populations = read_spikes(root, name, summary.duration_ms);
    summary.reports = read_reports(root, name);
    summary.tables = read_tables(root, name);
    return summary;
}

} // namespace hornet::io
