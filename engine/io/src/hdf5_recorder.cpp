// SPDX-License-Identifier: MIT
// Hdf5Recorder, simulation-thread side: fills batches in memory and hands them to the writer
// thread (hdf5_writer_link.cpp), which does every HDF5 call (hdf5_file_writer.cpp).
#include "hornet/io/hdf5_recorder.hpp"

#include "h5_writer_link.hpp"

#include "hornet/core/network.hpp"

#include <algorithm>
#include <set>
#include <system_error>

namespace hornet::io {
namespace {

// About 1 MB per batch: large enough that the queue lock and the HDF5 call overhead vanish per
// spike, small enough to stay in L2/L3 while the writer converts it.
constexpr std::size_t target_batch_bytes = std::size_t{1} << 20;

void check_options(const Hdf5RecorderOptions& options) {
    if (options.chunk_elements == 0)
        throw ConfigError("hdf5 output: chunk_elements = 0; must be > 0");
    if (options.gzip_level < 0 || options.gzip_level > 9)
        throw ConfigError("hdf5 output: gzip_level = " + std::to_string(options.gzip_level) +
                          "; must be in [0, 9]");
    if (options.max_buffered_bytes == 0)
        throw ConfigError("hdf5 output: max_buffered_bytes = 0; must be > 0");
}

std::string population_names(const Network& network) {
    std::string names;
    for (std::size_t p = 0; p < network.n_populations(); ++p)
        names += (p == 0 ? "" : ", ") + network.population(p).name();
    return names;
}

// "<population>", or "<population>_<k>" with the smallest k not taken yet (see the header).
std::string unique_group_name(const std::string& population, std::set<std::string>& taken) {
    if (taken.insert(population).second) return population;
    for (std::size_t k = 1;; ++k) {
        std::string candidate = population + "_" + std::to_string(k);
        if (taken.insert(candidate).second) return candidate;
    }
}

detail::ReportStreamLayout report_stream(const Network& network, const ReportLayout& report,
                                         std::set<std::string>& taken) {
    if (report.population >= network.n_populations())
        throw InternalError("hdf5 output: report of population index " +
                            std::to_string(report.population) + " out of range");
    const Population& population = network.population(report.population);
    detail::ReportStreamLayout stream;
    stream.population = population.name();
    const std::string where = "hdf5 output: report of population '" + stream.population + "'";
    if (report.node_ids.empty() || report.variables.empty())
        throw ConfigError(where + " records no neurons or no variables");
    const auto states = population.state_variables();
    std::set<std::size_t> seen;
    for (const std::size_t v : report.variables) {
        if (v >= states.size()) throw InternalError(where + ": variable index out of range");
        if (!seen.insert(v).second)
            throw ConfigError(where + ": variable '" + std::string(states[v].name) +
                              "' is listed twice");
        stream.variables.push_back({std::string(states[v].name), std::string(states[v].unit)});
    }
    stream.group = unique_group_name(stream.population, taken);
    stream.node_ids = report.node_ids;
    stream.interval_steps = report.interval_steps;
    return stream;
}

} // namespace

Hdf5Recorder::Hdf5Recorder(std::filesystem::path output, Provenance provenance,
                           Hdf5RecorderOptions options)
    : output_(std::move(output)), batch_(std::make_unique<detail::Batch>()),
      spike_population_names_(std::move(options.spike_populations)), dt_ms_(provenance.dt_ms) {
    check_options(options);
    batch_bytes_limit_ =
        std::min(target_batch_bytes, std::max<std::size_t>(options.max_buffered_bytes / 2, 1));
    const std::filesystem::path partial = partial_path();
    // NOTE: a stale .partial is what a crashed run leaves; HDF5 would truncate it anyway, but a
    // leftover lock or a file of another owner gives a clearer error from remove().
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    writer_ = std::make_unique<detail::WriterLink>(partial, std::move(provenance), options);
}

Hdf5Recorder::~Hdf5Recorder() = default;

std::filesystem::path Hdf5Recorder::partial_path() const {
    std::filesystem::path partial = output_;
    partial += ".partial";
    return partial;
}

std::size_t Hdf5Recorder::peak_buffered_bytes() const noexcept { return writer_->peak_bytes(); }

void Hdf5Recorder::throw_if_writer_failed() const {
    if (writer_->failed()) writer_->rethrow();
}

void Hdf5Recorder::begin(const Network& network, const std::vector<ReportLayout>& reports,
                         std::int64_t first_step, std::int64_t /*n_steps*/) {
    throw_if_writer_failed();
    if (began_) {
        continue_recording(network, reports);
        return;
    }
    // NOTE: built in locals and committed at the end, so a ConfigError leaves the recorder
    // as it was (recording nothing) instead of half set up.
    detail::RecordingLayout layout;
    layout.dt_ms = network.dt_ms();
    layout.first_step = first_step;
    std::vector<int> streams(network.n_populations(), -1);
    for (const std::string& name : spike_population_names_) {
        const std::size_t pop = network.find_population(name);
        if (pop >= network.n_populations())
            throw ConfigError("hdf5 output: spike population '" + name +
                              "' is not in the network; populations: " + population_names(network));
        if (streams[pop] >= 0) continue; // listed twice: record once
        streams[pop] = static_cast<int>(layout.spikes.size());
        layout.spikes.push_back({name, network.population(pop).size()});
    }
    std::set<std::string> taken;
    std::vector<std::size_t> widths;
    for (const ReportLayout& report : reports) {
        layout.reports.push_back(report_stream(network, report, taken));
        widths.push_back(report.node_ids.size() * report.variables.size());
    }
    batch_->spikes.assign(layout.spikes.size(), {});
    batch_->samples.assign(layout.reports.size(), {});
    batch_->bytes = 0;
    stream_of_population_ = std::move(streams);
    report_widths_ = std::move(widths);
    dt_ms_ = layout.dt_ms;
    began_ = true;
    writer_->push(std::move(layout), 0);
}

void Hdf5Recorder::continue_recording(const Network& network,
                                      const std::vector<ReportLayout>& reports) {
    // NOTE: a Simulator calls begin() at every run(); a scenario with several phases runs the
    // same network and reports again, and the file simply continues. Anything else would mix
    // two recordings in one file.
    bool same = network.n_populations() == stream_of_population_.size() &&
                reports.size() == report_widths_.size();
    for (std::size_t r = 0; same && r < reports.size(); ++r)
        same = reports[r].node_ids.size() * reports[r].variables.size() == report_widths_[r];
    if (!same)
        throw InternalError("hdf5 output: a later run records a different network or reports");
}

bool Hdf5Recorder::wants_spikes(std::size_t pop) const {
    return pop < stream_of_population_.size() && stream_of_population_[pop] >= 0;
}

void Hdf5Recorder::spikes(std::size_t pop, std::int64_t step, std::span<const std::uint32_t> ids) {
    throw_if_writer_failed();
    if (ids.empty() || !wants_spikes(pop)) return;
    auto& chunk = batch_->spikes[static_cast<std::size_t>(stream_of_population_[pop])];
    if (chunk.runs.empty() || chunk.runs.back().step != step) {
        chunk.runs.push_back({step, 0});
        batch_->bytes += sizeof(detail::SpikeChunk::StepRun);
    }
    chunk.runs.back().count += ids.size();
    chunk.ids.insert(chunk.ids.end(), ids.begin(), ids.end());
    batch_->bytes += ids.size_bytes();
    if (batch_->bytes >= batch_bytes_limit_) hand_off();
}

void Hdf5Recorder::sample(std::size_t report, std::int64_t step, std::span<const double> values) {
    throw_if_writer_failed();
    if (report >= report_widths_.size() || values.size() != report_widths_[report])
        throw InternalError("hdf5 output: sample of report " + std::to_string(report) + " has " +
                            std::to_string(values.size()) + " values; expected " +
                            (report < report_widths_.size() ? std::to_string(report_widths_[report])
                                                            : std::string("a known report")));
    auto& chunk = batch_->samples[report];
    chunk.steps.push_back(step);
    const std::size_t offset = chunk.values.size();
    chunk.values.resize(offset + values.size());
    std::transform(values.begin(), values.end(), chunk.values.begin() + offset,
                   [](double v) { return static_cast<float>(v); });
    batch_->bytes += sizeof(step) + values.size() * sizeof(float);
    if (batch_->bytes >= batch_bytes_limit_) hand_off();
}

void Hdf5Recorder::end(const RunStatistics& statistics) {
    // NOTE: sums over runs (see continue_recording): the file covers all of them.
    steps_ += statistics.steps;
    simulation_seconds_ += statistics.wall_seconds;
    interrupted_ = interrupted_ || statistics.interrupted;
    hand_off();
    throw_if_writer_failed();
}

void Hdf5Recorder::write_table(SeriesTable table) {
    for (const auto& s : table.series) {
        const std::size_t width = std::max<std::size_t>(1, s.columns.size());
        if (s.values.size() != table.time_ms.size() * width)
            throw ConfigError("table /" + table.group + "/" + s.name + ": " +
                              std::to_string(s.values.size()) + " values for " +
                              std::to_string(table.time_ms.size()) + " times x " +
                              std::to_string(width) + " columns");
    }
    hand_off(); // keeps the file's order of events
    writer_->push(std::move(table), 0);
    throw_if_writer_failed();
}

void Hdf5Recorder::set_wall_times(double build_seconds, double total_seconds) {
    build_seconds_ = build_seconds;
    total_seconds_ = total_seconds;
}

void Hdf5Recorder::hand_off() {
    if (batch_->empty()) return;
    std::unique_ptr<detail::Batch> next = writer_->take_spare();
    if (!next) {
        next = std::make_unique<detail::Batch>();
        next->spikes.resize(batch_->spikes.size());
        next->samples.resize(batch_->samples.size());
    }
    const std::size_t bytes = batch_->bytes;
    writer_->push(std::move(batch_), bytes);
    batch_ = std::move(next);
    throw_if_writer_failed();
}

void Hdf5Recorder::close_file() {
    if (closed_) return;
    hand_off();
    writer_->finish({steps_, interrupted_, build_seconds_, simulation_seconds_, total_seconds_});
    closed_ = true;
}

void Hdf5Recorder::close_unfinished() { close_file(); }

void Hdf5Recorder::finalize() {
    if (finalized_) return;
    close_file();
    const std::filesystem::path partial = partial_path();
    std::error_code error;
    // NOTE: rename() within one directory is atomic on POSIX: readers see either no file or the
    // complete one under the final name.
    std::filesystem::rename(partial, output_, error);
    if (error)
        throw IoError(partial.string() + ": cannot rename to '" + output_.string() + "' (" +
                      error.message() + ")");
    finalized_ = true;
}

} // namespace hornet::io
