// SPDX-License-Identifier: MIT
#pragma once
/// Groups and datasets: growing (chunked, extendible) datasets for spikes and report rows, small
/// fixed datasets for mappings, and whole-dataset reads for the summary.
#include "h5_handles.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace hornet::io::h5 {

/// How growing datasets are chunked and compressed.
struct ChunkSettings {
    std::size_t chunk_elements = 65536; ///< elements per chunk
    int gzip_level = 4;                 ///< 0 = uncompressed
};

/// A dataset that grows along its first dimension: 1-D (a spike column) or 2-D with a fixed
/// number of columns (report rows). `where` ("<file>: <path>") names it in every message.
class AppendableDataset {
public:
    AppendableDataset() = default;
    /// Creates `name` in `location` with 0 rows; `n_columns` == 0 makes it 1-D.
    static AppendableDataset create(hid_t location, const char* name, hid_t file_type,
                                    std::size_t n_columns, const ChunkSettings& chunks,
                                    std::string where);

    /// Appends `n` elements to a 1-D dataset.
    void append(const void* data, hid_t memory_type, std::size_t n);
    /// Appends `n_rows` rows to a 2-D dataset, taken from a row-major block `block_width`
    /// elements wide, starting at column `first_column` of each block row.
    void append_rows(const void* data, hid_t memory_type, std::size_t n_rows,
                     std::size_t block_width, std::size_t first_column);

    hid_t get() const noexcept { return dataset_.get(); }
    std::size_t rows() const noexcept { return rows_; }
    void close() { dataset_.close(where_, "close the dataset"); }

private:
    void write_block(const void* data, hid_t memory_type, std::size_t n_rows,
                     std::size_t block_width, std::size_t first_column);

    Dataset dataset_;
    std::size_t rows_ = 0;
    std::size_t columns_ = 0;
    bool two_dimensional_ = false;
    std::string where_;
};

Group create_group(hid_t location, const char* name, std::string_view where);
/// Like create_group for a path ("slow/rho/c_to_wdr"), creating its missing parents.
Group create_group_path(hid_t location, const char* path, std::string_view where);
Group open_group(hid_t location, const char* name, std::string_view where);
Dataset open_dataset(hid_t location, const char* name, std::string_view where);

/// Writes a small fixed-size 1-D dataset in one call and returns it open.
Dataset write_vector(hid_t location, const char* name, hid_t file_type, hid_t memory_type,
                     const void* data, std::size_t n, std::string_view where);

/// Overwrites all of an existing dataset.
void overwrite(hid_t dataset, hid_t memory_type, const void* data, std::string_view where);

/// Extent of a dataset, one entry per dimension.
std::vector<std::size_t> shape(hid_t dataset, std::string_view where);

/// Reads all of a dataset of any numeric type as doubles (small datasets only).
std::vector<double> read_doubles(hid_t dataset, std::string_view where);

/// Names of the links directly inside `group`, in name order.
std::vector<std::string> child_names(hid_t group, std::string_view where);

} // namespace hornet::io::h5
