// SPDX-License-Identifier: MIT
#pragma once
/// Hdf5Recorder: writes spikes and state reports to an HDF5 file, following SONATA where SONATA
/// has a convention.
///
/// Threading. Every HDF5 call happens on one writer thread that the recorder owns. The
/// simulation thread only appends to a batch in memory (no HDF5, no system call per spike); a
/// full batch (about 1 MB) is handed to the writer through a small bounded queue, one lock per
/// batch. When more than `max_buffered_bytes` wait in the queue the simulation thread waits for
/// the writer (backpressure), so memory stays bounded however long the run. An error on the
/// writer thread is kept and rethrown by the next recorder call on the simulation thread, and by
/// finalize().
///
/// Files. The recorder writes "<output>.partial" and finalize() renames it to `output` (an atomic
/// rename in the same directory), so a file under the final name is always complete. A recorder
/// destroyed without finalize() leaves only the ".partial" file.
///
/// Layout (times in ms, computed as step * dt, never accumulated):
///   /                       attrs: magic (uint32 0x0A7A), version (uint32[2] = {0, 1}),
///                           hornet_version, git_sha, config_toml, scenario_path, command_line,
///                           compiler, flags (UTF-8 strings), seed (uint64), threads (int32),
///                           dt (float64, ms); written by finalize(): steps (int64),
///                           duration (float64, ms = steps * dt), interrupted (uint8),
///                           wall_time_build, wall_time_simulation, wall_time_total (float64, s)
///   /spikes/<population>    attrs: sorting = "by_time" (ties by node id), n_nodes (uint64)
///       timestamps          float64 [n_spikes], attr units = "ms"
///       node_ids            uint64 [n_spikes], population-local, 0-based
///   /report/<group>         attr population (name); one group per report. <group> is the
///                           population's name; a second report of the same population gets
///                           "<name>_1", a third "<name>_2", and so on (skipping taken names).
///       data                float32 [n_samples, n_nodes], attrs units, variable  (one variable)
///       <variable>/data     the same, one group per variable          (several variables)
///       mapping/            next to each data: node_ids (uint64 [n_nodes]), index_pointers
///                           (uint64 [n_nodes + 1] = 0..n_nodes), element_ids (uint32 zeros),
///                           time (float64[3] = {start, stop, interval}, attr units = "ms"),
///                           start = first sample time, stop = last sample time + interval
/// Growing datasets are chunked (`chunk_elements` per chunk) and, with gzip_level > 0,
/// compressed with shuffle + gzip.
#include "hornet/core/recorder.hpp"
#include "hornet/io/provenance.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace hornet::io {

/// Time series known as a whole when written (pharmacokinetics, slow variables), stored under
/// /<group>: `time` (float64 [n], attr units = "ms") and one float64 dataset per series, 1-D
/// [n] or, with columns, 2-D [n, columns] with attr `columns` (their names); attrs `units` and
/// `description` on each. Optionally wide float32 matrices [n, width] whose columns are
/// described by uint64 index vectors [width] (every synapse of a projection, with its source and
/// target ids).
struct SeriesTable {
    struct Series {
        std::string name;
        std::string unit;
        std::string description;
        std::vector<std::string> columns; ///< empty: one value per time
        std::vector<double> values;       ///< time-major: [time][column]
    };
    struct Matrix {
        std::string name;
        std::string unit;
        std::string description;
        std::size_t width = 0;
        std::vector<float> values; ///< time-major: [time][width]
    };
    struct Index {
        std::string name;
        std::string description;
        std::vector<std::uint64_t> values;
    };
    std::string group;
    std::vector<double> time_ms;
    std::vector<Series> series;
    std::vector<Matrix> matrices;
    std::vector<Index> indices;
};

struct Hdf5RecorderOptions {
    std::vector<std::string> spike_populations; ///< names of populations whose spikes are written
    std::size_t chunk_elements = 65536;         ///< elements per chunk of a growing dataset, > 0
    int gzip_level = 4;                         ///< 0 = uncompressed, 1 (fast) .. 9 (small)
    std::size_t max_buffered_bytes = 64 << 20;  ///< queued batch bytes before the producer waits
};

namespace detail {
struct Batch;
class WriterLink;
} // namespace detail

class Hdf5Recorder final : public Recorder {
public:
    /// Creates "<output>.partial" now, replacing a stale one. Throws IoError if it cannot, and
    /// ConfigError for invalid options.
    Hdf5Recorder(std::filesystem::path output, Provenance provenance, Hdf5RecorderOptions options);
    /// Without finalize(): stops the writer, closes the file and leaves only "<output>.partial".
    ~Hdf5Recorder() override;
    Hdf5Recorder(const Hdf5Recorder&) = delete;
    Hdf5Recorder& operator=(const Hdf5Recorder&) = delete;

    /// Throws ConfigError if a name in `spike_populations` is not a population of `network`.
    /// Called again (a Simulator calls it at every run()), the file continues: steps and
    /// simulation wall time add up over the runs, which must record the same network and reports.
    void begin(const Network& network, const std::vector<ReportLayout>& reports,
               std::int64_t first_step, std::int64_t n_steps) override;
    bool wants_spikes(std::size_t pop) const override;
    void spikes(std::size_t pop, std::int64_t step, std::span<const std::uint32_t> ids) override;
    void sample(std::size_t report, std::int64_t step, std::span<const double> values) override;
    void end(const RunStatistics& statistics) override;

    /// Queues `table` for writing (on the writer thread, like everything else). Throws
    /// ConfigError if a series does not have one row per time.
    void write_table(SeriesTable table);

    /// Wall times [s] written as root attributes by finalize().
    void set_wall_times(double build_seconds, double total_seconds);
    /// After end(): waits for the writer, writes the final attributes, closes the file and
    /// renames "<output>.partial" to `output`. Throws IoError; then only the .partial remains.
    /// A second call does nothing.
    void finalize();
    /// For a run that stopped early (Ctrl-C): writes everything recorded so far and the final
    /// attributes (with `interrupted` = 1), closes the file, and keeps the ".partial" name so
    /// that it never looks finished. finalize() after this is not allowed.
    void close_unfinished();

    const std::filesystem::path& output() const noexcept { return output_; }
    /// "<output>.partial", where the file lives until finalize().
    std::filesystem::path partial_path() const;
    /// Largest number of batch bytes held at once (queued, being written, or being filled);
    /// stays near `max_buffered_bytes` plus one batch however long the run.
    std::size_t peak_buffered_bytes() const noexcept;

private:
    void close_file();
    void continue_recording(const Network& network, const std::vector<ReportLayout>& reports);
    void hand_off();
    void throw_if_writer_failed() const;

    std::filesystem::path output_;
    std::size_t batch_bytes_limit_ = 0;
    std::vector<int> stream_of_population_;  ///< spike stream per population, -1 = not recorded
    std::vector<std::size_t> report_widths_; ///< values per sample of each report
    std::unique_ptr<detail::Batch> batch_;   ///< being filled by the simulation thread
    std::unique_ptr<detail::WriterLink> writer_;
    std::vector<std::string> spike_population_names_;
    double build_seconds_ = 0.0;
    double total_seconds_ = 0.0;
    double dt_ms_ = 0.1;
    std::int64_t steps_ = 0;
    double simulation_seconds_ = 0.0;
    bool interrupted_ = false;
    bool began_ = false;
    bool finalized_ = false;
    bool closed_ = false;
};

} // namespace hornet::io
