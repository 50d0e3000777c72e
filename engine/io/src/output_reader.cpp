// SPDX-License-Identifier: MIT
// The sweep's view of a point file (output_reader.hpp).
#include "hornet/io/output_reader.hpp"

#include "h5_attributes.hpp"
#include "h5_datasets.hpp"
#include "h5_reading.hpp"
#include "h5_schema.hpp"

namespace hornet::io {

struct OutputReader::Impl {
    std::string name;
    h5::File file;
};

OutputReader::OutputReader(const std::filesystem::path& path) : impl_(std::make_unique<Impl>()) {
    impl_->name = path.string();
    impl_->file = h5::open_for_reading(impl_->name);
    const hid_t root = impl_->file.get();
    h5::check_magic(root, impl_->name);
    if (!h5::has_attribute(root, schema::steps))
        throw IoError(impl_->name + ": unfinished hornet output (no '" + schema::steps +
                      "' attribute); the run that wrote it did not finish");
}

OutputReader::~OutputReader() = default;
OutputReader::OutputReader(OutputReader&&) noexcept = default;
OutputReader& OutputReader::operator=(OutputReader&&) noexcept = default;

std::uint64_t OutputReader::seed() const {
    return h5::read_attribute<std::uint64_t>(impl_->file.get(), schema::seed, impl_->name);
}

double OutputReader::duration_ms() const {
    return h5::read_attribute<double>(impl_->file.get(), schema::duration, impl_->name);
}

double OutputReader::wall_time_total_s() const {
    return h5::read_attribute<double>(impl_->file.get(), schema::wall_time_total, impl_->name);
}

bool OutputReader::has_timeline() const { return h5::has_link(impl_->file.get(), "timeline"); }

namespace {

h5::Group spike_group(hid_t root, const std::string& name, const std::string& population) {
    const std::string where = h5::object_where(name, "/spikes/" + population);
    if (!h5::has_link(root, schema::spikes)) throw IoError(where + ": no spikes were recorded");
    const h5::Group spikes = h5::open_group(root, schema::spikes, name);
    if (!h5::has_link(spikes.get(), population.c_str()))
        throw IoError(where + ": spikes of \"" + population +
                      "\" were not recorded (add it to [recording] spikes)");
    return h5::open_group(spikes.get(), population.c_str(), where);
}

} // namespace

std::uint64_t OutputReader::spike_count(const std::string& population) const {
    const h5::Group group = spike_group(impl_->file.get(), impl_->name, population);
    const std::string where = h5::object_where(impl_->name, "/spikes/" + population);
    const h5::Dataset timestamps = h5::open_dataset(group.get(), schema::timestamps, where);
    const auto dims = h5::shape(timestamps.get(), where);
    return dims.empty() ? 0 : dims.front();
}

std::uint64_t OutputReader::n_nodes(const std::string& population) const {
    const h5::Group group = spike_group(impl_->file.get(), impl_->name, population);
    return h5::read_attribute<std::uint64_t>(
        group.get(), schema::n_nodes, h5::object_where(impl_->name, "/spikes/" + population));
}

TimeSeries OutputReader::series(const std::string& dataset) const {
    const std::string where = h5::object_where(impl_->name, "/" + dataset);
    const auto slash = dataset.rfind('/');
    const std::string group_path = slash == std::string::npos ? "" : dataset.substr(0, slash);
    const std::string leaf = dataset.substr(slash == std::string::npos ? 0 : slash + 1);
    const hid_t root = impl_->file.get();
    if (group_path.empty() || H5Lexists(root, group_path.c_str(), H5P_DEFAULT) <= 0 ||
        H5Lexists(root, dataset.c_str(), H5P_DEFAULT) <= 0) {
        (void)h5::take_error_detail();
        throw IoError(where + ": no such dataset");
    }
    const h5::Group group = h5::open_group(root, group_path.c_str(), where);
    if (!h5::has_link(group.get(), schema::time))
        throw IoError(where + ": its group has no 'time' dataset to reduce over");
    TimeSeries s;
    const h5::Dataset time = h5::open_dataset(group.get(), schema::time, where);
    s.time_ms = h5::read_doubles(time.get(), where);
    const h5::Dataset data = h5::open_dataset(group.get(), leaf.c_str(), where);
    const auto dims = h5::shape(data.get(), where);
    if (dims.size() > 2 || (dims.size() == 2 && dims[1] != 1))
        throw IoError(where + ": a table of " + std::to_string(dims.size() == 2 ? dims[1] : 0) +
                      " columns; a metric reduces one series");
    s.values = h5::read_doubles(data.get(), where);
    if (s.values.size() != s.time_ms.size())
        throw IoError(where + ": " + std::to_string(s.values.size()) + " values against " +
                      std::to_string(s.time_ms.size()) + " times");
    if (h5::has_attribute(data.get(), schema::units))
        s.units = h5::read_string_attribute(data.get(), schema::units, where);
    return s;
}

} // namespace hornet::io
