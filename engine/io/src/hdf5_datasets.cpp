// SPDX-License-Identifier: MIT
// Group and dataset helpers (h5_datasets.hpp).
#include "h5_datasets.hpp"

#include <algorithm>
#include <array>

namespace hornet::io::h5 {
namespace {

std::string action(std::string_view verb, const char* name) {
    std::string text(verb);
    text += " '";
    text += name;
    text += "'";
    return text;
}

// Chunk shape for `n_columns` (0 = 1-D): about `chunk_elements` elements, whole rows when a
// row fits, so that appending a row touches as few chunks as possible.
std::array<hsize_t, 2> chunk_shape(std::size_t n_columns, std::size_t chunk_elements) {
    if (n_columns == 0) return {chunk_elements, 1};
    const std::size_t columns = std::min(n_columns, chunk_elements);
    return {std::max<std::size_t>(1, chunk_elements / columns), columns};
}

PropertyList growing_creation_list(std::size_t n_columns, const ChunkSettings& chunks,
                                   std::string_view where) {
    PropertyList list(check_id(H5Pcreate(H5P_DATASET_CREATE), where, "create the dataset"));
    const auto chunk = chunk_shape(n_columns, chunks.chunk_elements);
    check_status(H5Pset_chunk(list.get(), n_columns == 0 ? 1 : 2, chunk.data()), where,
                 "set the chunk shape");
    // NOTE: every element is written before it is read, so filling new chunks with a fill
    // value first would only cost time.
    check_status(H5Pset_fill_time(list.get(), H5D_FILL_TIME_NEVER), where, "set the fill time");
    if (chunks.gzip_level > 0) {
        if (H5Zfilter_avail(H5Z_FILTER_DEFLATE) <= 0)
            throw IoError(std::string(where) + ": gzip compression is not available in this "
                                               "HDF5 library; set gzip_level = 0");
        // NOTE: shuffling bytes first groups the slowly varying high bytes of timestamps and
        // ids, which roughly halves the gzip output for spike data.
        check_status(H5Pset_shuffle(list.get()), where, "enable the shuffle filter");
        check_status(H5Pset_deflate(list.get(), static_cast<unsigned>(chunks.gzip_level)), where,
                     "enable gzip compression");
    }
    return list;
}

} // namespace

AppendableDataset AppendableDataset::create(hid_t location, const char* name, hid_t file_type,
                                            std::size_t n_columns, const ChunkSettings& chunks,
                                            std::string where) {
    AppendableDataset result;
    result.two_dimensional_ = n_columns > 0;
    result.columns_ = n_columns;
    const int rank = result.two_dimensional_ ? 2 : 1;
    const std::array<hsize_t, 2> dims = {0, n_columns};
    const std::array<hsize_t, 2> max_dims = {H5S_UNLIMITED, n_columns};
    const Dataspace space(check_id(H5Screate_simple(rank, dims.data(), max_dims.data()), where,
                                   "create the dataset"));
    const PropertyList creation = growing_creation_list(n_columns, chunks, where);
    result.dataset_ = Dataset(check_id(H5Dcreate2(location, name, file_type, space.get(),
                                                  H5P_DEFAULT, creation.get(), H5P_DEFAULT),
                                       where, "create the dataset"));
    result.where_ = std::move(where);
    return result;
}

void AppendableDataset::append(const void* data, hid_t memory_type, std::size_t n) {
    write_block(data, memory_type, n, 1, 0);
}

void AppendableDataset::append_rows(const void* data, hid_t memory_type, std::size_t n_rows,
                                    std::size_t block_width, std::size_t first_column) {
    write_block(data, memory_type, n_rows, block_width, first_column);
}

void AppendableDataset::write_block(const void* data, hid_t memory_type, std::size_t n_rows,
                                    std::size_t block_width, std::size_t first_column) {
    if (n_rows == 0 || (two_dimensional_ && columns_ == 0)) return;
    const int rank = two_dimensional_ ? 2 : 1;
    const std::array<hsize_t, 2> extent = {rows_ + n_rows, columns_};
    check_status(H5Dset_extent(dataset_.get(), extent.data()), where_, "extend the dataset");
    const Dataspace file_space(check_id(H5Dget_space(dataset_.get()), where_, "write"));
    const std::array<hsize_t, 2> start = {rows_, 0};
    const std::array<hsize_t, 2> count = {n_rows, columns_};
    check_status(H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr,
                                     count.data(), nullptr),
                 where_, "select rows to write");
    // NOTE: for a report with several variables, a sample row holds all of them side by side;
    // selecting one variable's columns in memory lets HDF5 gather them without a copy.
    const std::array<hsize_t, 2> block = {n_rows, block_width};
    const Dataspace memory_space(
        check_id(H5Screate_simple(rank, block.data(), nullptr), where_, "write"));
    const std::array<hsize_t, 2> memory_start = {0, first_column};
    check_status(H5Sselect_hyperslab(memory_space.get(), H5S_SELECT_SET, memory_start.data(),
                                     nullptr, count.data(), nullptr),
                 where_, "select data to write");
    check_status(H5Dwrite(dataset_.get(), memory_type, memory_space.get(), file_space.get(),
                          H5P_DEFAULT, data),
                 where_, "write");
    rows_ += n_rows;
}

Group create_group(hid_t location, const char* name, std::string_view where) {
    return Group(check_id(H5Gcreate2(location, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), where,
                          action("create group", name)));
}

Group create_group_path(hid_t location, const char* path, std::string_view where) {
    const PropertyList links(check_id(H5Pcreate(H5P_LINK_CREATE), where, "create group"));
    check_status(H5Pset_create_intermediate_group(links.get(), 1), where, "create group");
    return Group(check_id(H5Gcreate2(location, path, links.get(), H5P_DEFAULT, H5P_DEFAULT), where,
                          action("create group", path)));
}

Group open_group(hid_t location, const char* name, std::string_view where) {
    if (!has_link(location, name))
        throw IoError(std::string(where) + ": group '" + name + "' is missing");
    return Group(
        check_id(H5Gopen2(location, name, H5P_DEFAULT), where, action("open group", name)));
}

Dataset open_dataset(hid_t location, const char* name, std::string_view where) {
    if (!has_link(location, name))
        throw IoError(std::string(where) + ": dataset '" + name + "' is missing");
    return Dataset(
        check_id(H5Dopen2(location, name, H5P_DEFAULT), where, action("open dataset", name)));
}

Dataset write_vector(hid_t location, const char* name, hid_t file_type, hid_t memory_type,
                     const void* data, std::size_t n, std::string_view where) {
    const hsize_t dims = n;
    const Dataspace space(
        check_id(H5Screate_simple(1, &dims, nullptr), where, action("create dataset", name)));
    Dataset dataset(check_id(
        H5Dcreate2(location, name, file_type, space.get(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
        where, action("create dataset", name)));
    if (n > 0)
        check_status(H5Dwrite(dataset.get(), memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data),
                     where, action("write dataset", name));
    return dataset;
}

void overwrite(hid_t dataset, hid_t memory_type, const void* data, std::string_view where) {
    check_status(H5Dwrite(dataset, memory_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), where,
                 "write");
}

std::vector<std::size_t> shape(hid_t dataset, std::string_view where) {
    const Dataspace space(check_id(H5Dget_space(dataset), where, "read the dataset's shape"));
    const int rank = H5Sget_simple_extent_ndims(space.get());
    if (rank < 0) throw_error(where, "read the dataset's shape");
    std::vector<hsize_t> dims(static_cast<std::size_t>(rank));
    if (rank > 0 && H5Sget_simple_extent_dims(space.get(), dims.data(), nullptr) < 0)
        throw_error(where, "read the dataset's shape");
    return {dims.begin(), dims.end()};
}

std::vector<double> read_doubles(hid_t dataset, std::string_view where) {
    std::size_t n = 1;
    for (const std::size_t d : shape(dataset, where)) n *= d;
    std::vector<double> values(n);
    if (n > 0)
        check_status(
            H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()),
            where, "read");
    return values;
}

namespace {
herr_t collect_name(hid_t /*group*/, const char* name, const H5L_info_t* /*info*/, void* names) {
    static_cast<std::vector<std::string>*>(names)->emplace_back(name);
    return 0;
}
} // namespace

std::vector<std::string> child_names(hid_t group, std::string_view where) {
    std::vector<std::string> names;
    hsize_t index = 0;
    check_status(H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, &index, collect_name, &names), where,
                 "list the group");
    return names;
}

} // namespace hornet::io::h5
