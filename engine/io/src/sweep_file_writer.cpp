// SPDX-License-Identifier: MIT
// Writing DIR/sweep.h5 (sweep_file.hpp).
#include "hornet/io/sweep_file.hpp"

#include "h5_attributes.hpp"
#include "h5_datasets.hpp"
#include "h5_schema.hpp"
#include "hornet/io/provenance.hpp"

#include <unistd.h>

namespace hornet::io {
namespace {

void write_strings(hid_t location, const char* name, const std::vector<std::string>& values,
                   const std::string& where) {
    const h5::Datatype type = h5::utf8_string_type(where);
    std::vector<const char*> pointers;
    pointers.reserve(values.size());
    for (const auto& v : values) pointers.push_back(v.c_str());
    (void)h5::write_vector(location, name, type.get(), type.get(), pointers.data(), values.size(),
                           where);
}

template <class T>
h5::Dataset write_numbers(hid_t location, const char* name, const std::vector<T>& values,
                          const std::string& where) {
    return h5::write_vector(location, name, h5::TypeOf<T>::file(), h5::TypeOf<T>::memory(),
                            values.data(), values.size(), where);
}

void write_root(hid_t root, const SweepTable& t, const std::string& where) {
    const Provenance build = build_provenance();
    h5::write_attribute(root, schema::magic_attr, schema::magic, where);
    h5::write_array_attribute<std::uint32_t>(root, schema::version_attr, schema::version, where);
    h5::write_attribute(root, "kind", std::string("sweep"), where);
    h5::write_attribute(root, schema::hornet_version, build.hornet_version, where);
    h5::write_attribute(root, schema::git_sha, build.git_sha, where);
    h5::write_attribute(root, "sweep_path", t.sweep_path, where);
    h5::write_attribute(root, "sweep_toml", t.sweep_toml, where);
    h5::write_attribute(root, schema::scenario_path, t.scenario_path, where);
    h5::write_attribute(root, "combine", t.combine, where);
    h5::write_attribute(root, "seed_mode", t.seed_mode, where);
    h5::write_attribute(root, "replicates", t.replicates, where);
    h5::write_attribute(root, "master_seed", t.master_seed, where);
    h5::write_attribute(root, "n_points", static_cast<std::uint64_t>(t.index.size()), where);
    h5::write_attribute(root, "complete", static_cast<std::uint8_t>(t.complete ? 1 : 0), where);
    std::vector<std::string> axes;
    axes.reserve(t.parameters.size());
    for (const auto& c : t.parameters) axes.push_back(c.name);
    std::vector<std::string> metrics;
    metrics.reserve(t.metrics.size());
    for (const auto& c : t.metrics) metrics.push_back(c.name);
    h5::write_string_array_attribute(root, "axes", axes, where);
    h5::write_string_array_attribute(root, "metrics", metrics, where);
    h5::write_string_array_attribute(root, "set", t.command_overrides, where);
}

void write_points(hid_t root, const SweepTable& t, const std::string& where) {
    const h5::Group points = h5::create_group(root, "points", where);
    const std::string w = h5::object_where(where, "/points");
    (void)write_numbers(points.get(), "index", t.index, w);
    (void)write_numbers(points.get(), "replicate", t.replicate, w);
    (void)write_numbers(points.get(), "seed", t.seed, w);
    write_strings(points.get(), "status", t.status, w);
    const h5::Dataset wall = write_numbers(points.get(), "wall_time", t.wall_time_s, w);
    h5::write_attribute(wall.get(), schema::units, std::string("s"), w);
    write_strings(points.get(), "error", t.error, w);
    write_strings(points.get(), "file", t.file, w);
}

void write_columns(hid_t root, const char* group_name, const std::vector<SweepColumn>& columns,
                   bool parameters, const std::string& where) {
    const h5::Group group = h5::create_group(root, group_name, where);
    const std::string w = h5::object_where(where, std::string("/") + group_name);
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const SweepColumn& c = columns[i];
        if (c.is_string) {
            write_strings(group.get(), c.name.c_str(), c.strings, w);
        } else {
            (void)write_numbers(group.get(), c.name.c_str(), c.numbers, w);
        }
        const h5::Dataset dataset = h5::open_dataset(group.get(), c.name.c_str(), w);
        if (!c.is_string) h5::write_attribute(dataset.get(), schema::units, c.units, w);
        if (parameters) {
            h5::write_attribute(dataset.get(), "key", c.key, w);
            h5::write_attribute(dataset.get(), "axis", static_cast<std::uint32_t>(i), w);
        } else {
            h5::write_attribute(dataset.get(), "description", c.description, w);
        }
    }
}

void write_links(hid_t root, const SweepTable& t, const std::string& where) {
    const h5::Group files = h5::create_group(root, "files", where);
    for (std::size_t i = 0; i < t.index.size(); ++i) {
        if (t.status[i] != "done") continue;
        const std::string stem = std::filesystem::path(t.file[i]).stem().string();
        h5::check_status(H5Lcreate_external(t.file[i].c_str(), "/", files.get(), stem.c_str(),
                                            H5P_DEFAULT, H5P_DEFAULT),
                         where, "link " + t.file[i]);
    }
}

} // namespace

void write_sweep_file(const std::filesystem::path& path, const SweepTable& table) {
    // NOTE: the pid keeps shards that share the directory from writing one temporary file.
    const std::filesystem::path temporary =
        path.string() + ".partial." + std::to_string(static_cast<long>(getpid()));
    const std::string where = path.string();
    h5::silence_errors();
    try {
        h5::File file(
            h5::check_id(H5Fcreate(temporary.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT),
                         where, "create the sweep file"));
        write_root(file.get(), table, where);
        write_points(file.get(), table, where);
        write_columns(file.get(), "parameters", table.parameters, true, where);
        write_columns(file.get(), "metrics", table.metrics, false, where);
        write_links(file.get(), table, where);
        file.close(where, "close the sweep file");
    } catch (const Error&) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw;
    }
    std::error_code error;
    std::filesystem::rename(temporary, path, error);
    if (error)
        throw IoError(where + ": cannot rename " + temporary.string() + " (" + error.message() +
                      ")");
}

} // namespace hornet::io
