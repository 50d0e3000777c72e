// SPDX-License-Identifier: MIT
// The writer thread of Hdf5Recorder and its bounded command queue (h5_writer_link.hpp).
#include "h5_writer_link.hpp"

#include <utility>

namespace hornet::io::detail {
namespace {
// Two spares cover the steady state: one being filled while one is written.
constexpr std::size_t max_spares = 2;
} // namespace

WriterLink::WriterLink(std::filesystem::path path, Provenance provenance,
                       const Hdf5RecorderOptions& options)
    : max_bytes_(options.max_buffered_bytes) {
    std::promise<void> created;
    std::future<void> ready = created.get_future();
    const h5::ChunkSettings chunks{options.chunk_elements, options.gzip_level};
    // NOTE: the promise moves into the thread, so it outlives this constructor's wait.
    thread_ = std::thread(&WriterLink::run, this, std::move(path), std::move(provenance), chunks,
                          std::move(created));
    try {
        ready.get();
    } catch (...) {
        thread_.join();
        throw;
    }
}

WriterLink::~WriterLink() {
    if (!thread_.joinable()) return;
    {
        const std::lock_guard lock(mutex_);
        stop_ = true;
    }
    writer_wake_.notify_all();
    thread_.join();
}

void WriterLink::run(const std::filesystem::path& path, const Provenance& provenance,
                     h5::ChunkSettings chunks, std::promise<void> created) {
    h5::silence_errors();
    // NOTE: the FileWriter is created and destroyed on this thread, so the HDF5 calls that open
    // and close the file happen here too, also when the recorder is abandoned.
    std::optional<FileWriter> writer;
    try {
        writer.emplace(path, provenance, chunks);
    } catch (...) {
        created.set_exception(std::current_exception());
        return;
    }
    created.set_value();
    try {
        serve(*writer);
    } catch (...) {
        fail(std::current_exception());
    }
}

void WriterLink::serve(FileWriter& writer) {
    while (std::unique_ptr<Item> item = pop()) {
        bool finished = false;
        if (const auto* layout = std::get_if<RecordingLayout>(&item->command)) {
            writer.setup(*layout);
        } else if (const auto* batch = std::get_if<std::unique_ptr<Batch>>(&item->command)) {
            writer.write(**batch);
        } else if (const auto* table = std::get_if<SeriesTable>(&item->command)) {
            writer.write_table(*table);
        } else {
            writer.finish(std::get<FinalInfo>(item->command));
            finished = true;
        }
        release(*item);
        if (finished) return;
    }
}

void WriterLink::push(Command command, std::size_t bytes) {
    std::unique_lock lock(mutex_);
    note_peak(queued_bytes_ + bytes);
    producer_wake_.wait(
        lock, [&] { return stop_ || queued_bytes_ == 0 || queued_bytes_ + bytes <= max_bytes_; });
    if (stop_) return; // the writer failed; the caller sees failed() and rethrows
    queued_bytes_ += bytes;
    queue_.push_back(std::make_unique<Item>(Item{std::move(command), bytes}));
    lock.unlock();
    writer_wake_.notify_one();
}

std::unique_ptr<WriterLink::Item> WriterLink::pop() {
    std::unique_lock lock(mutex_);
    writer_wake_.wait(lock, [&] { return stop_ || !queue_.empty(); });
    if (stop_) return nullptr;
    std::unique_ptr<Item> item = std::move(queue_.front());
    queue_.pop_front();
    return item;
}

void WriterLink::release(Item& item) {
    auto* batch = std::get_if<std::unique_ptr<Batch>>(&item.command);
    if (batch != nullptr && *batch) (*batch)->clear();
    {
        const std::lock_guard lock(mutex_);
        queued_bytes_ -= item.bytes;
        if (batch != nullptr && *batch && spares_.size() < max_spares)
            spares_.push_back(std::move(*batch));
    }
    producer_wake_.notify_all();
}

std::unique_ptr<Batch> WriterLink::take_spare() {
    const std::lock_guard lock(mutex_);
    if (spares_.empty()) return nullptr;
    std::unique_ptr<Batch> spare = std::move(spares_.back());
    spares_.pop_back();
    return spare;
}

void WriterLink::finish(const FinalInfo& info) {
    push(info, 0);
    if (thread_.joinable()) thread_.join();
    if (failed()) rethrow();
}

void WriterLink::fail(std::exception_ptr error) {
    {
        const std::lock_guard lock(mutex_);
        error_ = std::move(error);
        stop_ = true;
        queue_.clear();
        queued_bytes_ = 0;
    }
    failed_.store(true, std::memory_order_release);
    producer_wake_.notify_all();
}

void WriterLink::rethrow() const {
    std::exception_ptr error;
    {
        const std::lock_guard lock(mutex_);
        error = error_;
    }
    if (!error) throw InternalError("hdf5 writer: rethrow() without a stored error");
    std::rethrow_exception(error);
}

void WriterLink::note_peak(std::size_t bytes) noexcept {
    // NOTE: only called under mutex_, so a plain load and store cannot lose an update.
    if (bytes > peak_bytes_.load(std::memory_order_relaxed))
        peak_bytes_.store(bytes, std::memory_order_relaxed);
}

} // namespace hornet::io::detail
