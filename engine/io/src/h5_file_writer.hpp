// SPDX-License-Identifier: MIT
#pragma once
/// The writer-thread side of Hdf5Recorder: owns the open HDF5 file and its datasets and turns
/// the commands of h5_batch.hpp into HDF5 calls. Lives and dies on the writer thread, so every
/// HDF5 call, including the closing ones in its destructor, happens there.
#include "h5_batch.hpp"
#include "h5_datasets.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace hornet::io::detail {

class FileWriter {
public:
    /// Creates `path` (truncating it) and writes the provenance root attributes.
    FileWriter(const std::filesystem::path& path, const Provenance& provenance,
               const h5::ChunkSettings& chunks);
    FileWriter(const FileWriter&) = delete;
    FileWriter& operator=(const FileWriter&) = delete;

    /// Creates every spike and report group and dataset of the recording.
    void setup(const RecordingLayout& layout);
    void write(const Batch& batch);
    void write_table(const SeriesTable& table);
    /// Writes the final attributes and report times and closes the file, checking every close.
    void finish(const FinalInfo& info);

private:
    struct SpikeStream {
        h5::AppendableDataset timestamps;
        h5::AppendableDataset node_ids;
    };
    struct ReportData {
        h5::AppendableDataset data;
        h5::Dataset time; ///< mapping/time, rewritten by finish()
        std::string time_where;
    };
    struct ReportStream {
        std::vector<ReportData> variables;
        std::size_t width = 0; ///< nodes per variable
        std::int64_t interval_steps = 1;
        std::optional<std::int64_t> first_step;
        std::int64_t last_step = 0;
    };

    std::string where(std::string_view object) const;
    void setup_spikes(hid_t spikes, const SpikeStreamLayout& layout);
    void setup_report(hid_t reports, const ReportStreamLayout& layout);
    ReportData setup_report_data(hid_t group, const ReportStreamLayout& layout,
                                 const ReportVariable& variable, const std::string& path);
    void write_spikes(SpikeStream& stream, const SpikeChunk& chunk);
    void write_samples(ReportStream& stream, const SampleChunk& chunk);
    void write_report_times(ReportStream& stream);

    // NOTE: declared first so it is destroyed last, after every dataset inside it.
    h5::File file_;
    std::string file_name_;
    h5::ChunkSettings chunks_;
    double dt_ms_ = 0.1;
    std::int64_t first_step_ = 0;
    std::vector<SpikeStream> spikes_;
    std::vector<ReportStream> reports_;
    std::vector<double> timestamps_; ///< scratch for write_spikes, reused across batches
    std::vector<std::uint64_t> node_ids_;
};

} // namespace hornet::io::detail
