// SPDX-License-Identifier: MIT
// The HDF5 side of Hdf5Recorder (h5_file_writer.hpp). Runs on the recorder's writer thread only.
#include "h5_file_writer.hpp"

#include "h5_attributes.hpp"
#include "h5_schema.hpp"

#include <array>
#include <numeric>

namespace hornet::io::detail {
namespace {

void write_provenance(hid_t root, const Provenance& p, std::string_view where) {
    h5::write_attribute(root, schema::magic_attr, schema::magic, where);
    h5::write_array_attribute<std::uint32_t>(root, schema::version_attr, schema::version, where);
    h5::write_attribute(root, schema::hornet_version, p.hornet_version, where);
    h5::write_attribute(root, schema::git_sha, p.git_sha, where);
    h5::write_attribute(root, schema::config_toml, p.config_toml, where);
    h5::write_attribute(root, schema::scenario_path, p.scenario_path, where);
    h5::write_attribute(root, schema::command_line, p.command_line, where);
    h5::write_attribute(root, schema::compiler, p.compiler, where);
    h5::write_attribute(root, schema::flags, p.flags, where);
    h5::write_attribute(root, schema::seed, p.seed, where);
    h5::write_attribute(root, schema::threads, static_cast<std::int32_t>(p.threads), where);
    h5::write_attribute(root, schema::dt, p.dt_ms, where);
    for (const auto& [name, value] : p.extra) h5::write_attribute(root, name.c_str(), value, where);
}

h5::File create_file(const std::string& name) {
    const h5::PropertyList access(
        h5::check_id(H5Pcreate(H5P_FILE_ACCESS), name, "create the HDF5 file"));
    // NOTE: cluster file systems (Lustre, some NFS mounts) refuse flock(); HDF5 then fails to
    // create the file unless told to carry on without the lock.
    h5::check_status(H5Pset_file_locking(access.get(), true, true), name, "create the HDF5 file");
    return h5::File(h5::check_id(H5Fcreate(name.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, access.get()),
                                 name, "create the HDF5 file"));
}

void write_mapping(hid_t mapping, const std::vector<std::uint64_t>& node_ids,
                   std::string_view where) {
    const std::size_t n = node_ids.size();
    h5::write_vector(mapping, schema::node_ids, H5T_STD_U64LE, H5T_NATIVE_UINT64, node_ids.data(),
                     n, where);
    // NOTE: SONATA allows several elements (compartments) per node; point neurons have one, so
    // the pointers are 0..n and every element id is 0.
    std::vector<std::uint64_t> pointers(n + 1);
    std::iota(pointers.begin(), pointers.end(), std::uint64_t{0});
    h5::write_vector(mapping, schema::index_pointers, H5T_STD_U64LE, H5T_NATIVE_UINT64,
                     pointers.data(), n + 1, where);
    const std::vector<std::uint32_t> elements(n, 0);
    h5::write_vector(mapping, schema::element_ids, H5T_STD_U32LE, H5T_NATIVE_UINT32,
                     elements.data(), n, where);
}

} // namespace

FileWriter::FileWriter(const std::filesystem::path& path, const Provenance& provenance,
                       const h5::ChunkSettings& chunks)
    : file_name_(path.string()), chunks_(chunks), dt_ms_(provenance.dt_ms) {
    h5::silence_errors();
    file_ = create_file(file_name_);
    write_provenance(file_.get(), provenance, file_name_);
}

std::string FileWriter::where(std::string_view object) const {
    return h5::object_where(file_name_, object);
}

void FileWriter::setup(const RecordingLayout& layout) {
    dt_ms_ = layout.dt_ms;
    first_step_ = layout.first_step;
    // NOTE: every time in the file is step * dt with the network's dt; record exactly that one.
    h5::write_attribute(file_.get(), schema::dt, dt_ms_, file_name_);
    const h5::Group spikes = h5::create_group(file_.get(), schema::spikes, file_name_);
    for (const auto& stream : layout.spikes) setup_spikes(spikes.get(), stream);
    const h5::Group reports = h5::create_group(file_.get(), schema::report, file_name_);
    for (const auto& stream : layout.reports) setup_report(reports.get(), stream);
}

void FileWriter::setup_spikes(hid_t spikes, const SpikeStreamLayout& layout) {
    const std::string path = std::string("/") + schema::spikes + "/" + layout.population;
    const h5::Group group = h5::create_group(spikes, layout.population.c_str(), where(path));
    h5::write_attribute(group.get(), schema::sorting, std::string(schema::by_time), where(path));
    h5::write_attribute(group.get(), schema::n_nodes, layout.n_nodes, where(path));
    SpikeStream stream;
    const std::string timestamps_where = where(path + "/" + schema::timestamps);
    stream.timestamps = h5::AppendableDataset::create(group.get(), schema::timestamps,
                                                      H5T_IEEE_F64LE, 0, chunks_, timestamps_where);
    h5::write_attribute(stream.timestamps.get(), schema::units, std::string(schema::ms),
                        timestamps_where);
    stream.node_ids = h5::AppendableDataset::create(group.get(), schema::node_ids, H5T_STD_U64LE, 0,
                                                    chunks_, where(path + "/" + schema::node_ids));
    spikes_.push_back(std::move(stream));
}

void FileWriter::setup_report(hid_t reports, const ReportStreamLayout& layout) {
    const std::string path = std::string("/") + schema::report + "/" + layout.group;
    const h5::Group group = h5::create_group(reports, layout.group.c_str(), where(path));
    h5::write_attribute(group.get(), schema::population, layout.population, where(path));
    ReportStream stream;
    stream.width = layout.node_ids.size();
    stream.interval_steps = layout.interval_steps;
    if (layout.variables.size() == 1) {
        stream.variables.push_back(
            setup_report_data(group.get(), layout, layout.variables.front(), path));
    } else {
        for (const auto& variable : layout.variables) {
            const std::string variable_path = path + "/" + variable.name;
            const h5::Group variable_group =
                h5::create_group(group.get(), variable.name.c_str(), where(variable_path));
            stream.variables.push_back(
                setup_report_data(variable_group.get(), layout, variable, variable_path));
        }
    }
    reports_.push_back(std::move(stream));
}

FileWriter::ReportData FileWriter::setup_report_data(hid_t group, const ReportStreamLayout& layout,
                                                     const ReportVariable& variable,
                                                     const std::string& path) {
    ReportData result;
    const std::string data_where = where(path + "/" + schema::data);
    result.data = h5::AppendableDataset::create(group, schema::data, H5T_IEEE_F32LE,
                                                layout.node_ids.size(), chunks_, data_where);
    h5::write_attribute(result.data.get(), schema::units, variable.unit, data_where);
    h5::write_attribute(result.data.get(), schema::variable, variable.name, data_where);
    const std::string mapping_path = path + "/" + schema::mapping;
    const h5::Group mapping = h5::create_group(group, schema::mapping, where(mapping_path));
    write_mapping(mapping.get(), layout.node_ids, where(mapping_path));
    const double start_ms = static_cast<double>(first_step_) * dt_ms_;
    const double interval_ms = static_cast<double>(layout.interval_steps) * dt_ms_;
    const std::array<double, 3> time = {start_ms, start_ms, interval_ms};
    result.time_where = where(mapping_path + "/" + schema::time);
    result.time = h5::write_vector(mapping.get(), schema::time, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                                   time.data(), time.size(), result.time_where);
    h5::write_attribute(result.time.get(), schema::units, std::string(schema::ms),
                        result.time_where);
    return result;
}

void FileWriter::write(const Batch& batch) {
    const std::size_t n_spikes = std::min(batch.spikes.size(), spikes_.size());
    for (std::size_t i = 0; i < n_spikes; ++i) write_spikes(spikes_[i], batch.spikes[i]);
    const std::size_t n_reports = std::min(batch.samples.size(), reports_.size());
    for (std::size_t r = 0; r < n_reports; ++r) write_samples(reports_[r], batch.samples[r]);
}

void FileWriter::write_table(const SeriesTable& table) {
    const std::string group_where = where("/" + table.group);
    const h5::Group group = h5::create_group_path(file_.get(), table.group.c_str(), group_where);
    const std::size_t n = table.time_ms.size();
    {
        const std::string w = where("/" + table.group + "/time");
        const h5::Dataset time = h5::write_vector(group.get(), "time", H5T_IEEE_F64LE,
                                                  H5T_NATIVE_DOUBLE, table.time_ms.data(), n, w);
        h5::write_attribute(time.get(), schema::units, std::string("ms"), w);
    }
    for (const auto& s : table.series) {
        const std::string w = where("/" + table.group + "/" + s.name);
        h5::Dataset data;
        if (s.columns.empty()) {
            data = h5::write_vector(group.get(), s.name.c_str(), H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                                    s.values.data(), n, w);
        } else {
            auto grown = h5::AppendableDataset::create(group.get(), s.name.c_str(), H5T_IEEE_F64LE,
                                                       s.columns.size(), chunks_, w);
            grown.append_rows(s.values.data(), H5T_NATIVE_DOUBLE, n, s.columns.size(), 0);
            h5::write_string_array_attribute(grown.get(), "columns", s.columns, w);
            h5::write_attribute(grown.get(), schema::units, s.unit, w);
            h5::write_attribute(grown.get(), "description", s.description, w);
            grown.close();
            continue;
        }
        h5::write_attribute(data.get(), schema::units, s.unit, w);
        h5::write_attribute(data.get(), "description", s.description, w);
    }
    for (const auto& m : table.matrices) {
        const std::string w = where("/" + table.group + "/" + m.name);
        auto grown = h5::AppendableDataset::create(group.get(), m.name.c_str(), H5T_IEEE_F32LE,
                                                   m.width, chunks_, w);
        if (n > 0) grown.append_rows(m.values.data(), H5T_NATIVE_FLOAT, n, m.width, 0);
        h5::write_attribute(grown.get(), schema::units, m.unit, w);
        h5::write_attribute(grown.get(), "description", m.description, w);
        grown.close();
    }
    for (const auto& index : table.indices) {
        const std::string w = where("/" + table.group + "/" + index.name);
        const h5::Dataset data =
            h5::write_vector(group.get(), index.name.c_str(), H5T_STD_U64LE, H5T_NATIVE_UINT64,
                             index.values.data(), index.values.size(), w);
        h5::write_attribute(data.get(), "description", index.description, w);
    }
}

void FileWriter::write_spikes(SpikeStream& stream, const SpikeChunk& chunk) {
    const std::size_t n = chunk.ids.size();
    if (n == 0) return;
    timestamps_.resize(n);
    std::size_t k = 0;
    for (const auto& run : chunk.runs) {
        // NOTE: computed from the step, never accumulated, so t is exact to one rounding.
        const double t_ms = static_cast<double>(run.step) * dt_ms_;
        for (std::uint64_t j = 0; j < run.count && k < n; ++j) timestamps_[k++] = t_ms;
    }
    stream.timestamps.append(timestamps_.data(), H5T_NATIVE_DOUBLE, n);
    // NOTE: HDF5 widens the 32-bit ids to the file's uint64 while writing; no copy needed.
    stream.node_ids.append(chunk.ids.data(), H5T_NATIVE_UINT32, n);
}

void FileWriter::write_samples(ReportStream& stream, const SampleChunk& chunk) {
    const std::size_t n_rows = chunk.steps.size();
    if (n_rows == 0) return;
    if (!stream.first_step) stream.first_step = chunk.steps.front();
    stream.last_step = chunk.steps.back();
    const std::size_t block_width = stream.width * stream.variables.size();
    for (std::size_t v = 0; v < stream.variables.size(); ++v)
        stream.variables[v].data.append_rows(chunk.values.data(), H5T_NATIVE_FLOAT, n_rows,
                                             block_width, v * stream.width);
}

void FileWriter::write_report_times(ReportStream& stream) {
    const double interval_ms = static_cast<double>(stream.interval_steps) * dt_ms_;
    double start_ms = static_cast<double>(first_step_) * dt_ms_;
    double stop_ms = start_ms;
    if (stream.first_step) {
        start_ms = static_cast<double>(*stream.first_step) * dt_ms_;
        stop_ms = static_cast<double>(stream.last_step) * dt_ms_ + interval_ms;
    }
    const std::array<double, 3> time = {start_ms, stop_ms, interval_ms};
    for (auto& variable : stream.variables)
        h5::overwrite(variable.time.get(), H5T_NATIVE_DOUBLE, time.data(), variable.time_where);
}

void FileWriter::finish(const FinalInfo& info) {
    const hid_t root = file_.get();
    h5::write_attribute(root, schema::steps, info.steps, file_name_);
    h5::write_attribute(root, schema::duration, static_cast<double>(info.steps) * dt_ms_,
                        file_name_);
    h5::write_attribute(root, schema::interrupted,
                        static_cast<std::uint8_t>(info.interrupted ? 1 : 0), file_name_);
    h5::write_attribute(root, schema::wall_time_build, info.wall_time_build, file_name_);
    h5::write_attribute(root, schema::wall_time_simulation, info.wall_time_simulation, file_name_);
    h5::write_attribute(root, schema::wall_time_total, info.wall_time_total, file_name_);
    for (auto& stream : reports_) write_report_times(stream);
    // NOTE: closing flushes the last partial chunks; a full disk shows up here, so every close
    // is checked before the file may be renamed to its final name.
    for (auto& stream : spikes_) {
        stream.timestamps.close();
        stream.node_ids.close();
    }
    for (auto& stream : reports_)
        for (auto& variable : stream.variables) {
            variable.data.close();
            variable.time.close(variable.time_where, "close the dataset");
        }
    file_.close(file_name_, "close the HDF5 file");
}

} // namespace hornet::io::detail
