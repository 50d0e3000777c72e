// SPDX-License-Identifier: MIT
#pragma once
/// The link between Hdf5Recorder (simulation thread) and its writer thread: the thread itself
/// and a bounded queue of commands. The producer takes the lock once per batch, never per spike.
/// Backpressure: while the bytes queued or being written exceed the budget, push() waits, so
/// memory stays bounded when the disk is slower than the simulation. Written batches come back
/// as spares, so a long run stops allocating once it has warmed up.
#include "h5_batch.hpp"
#include "h5_file_writer.hpp"

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <filesystem>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace hornet::io::detail {

class WriterLink {
public:
    /// Starts the writer thread, which creates `path`; returns once it has, rethrowing its
    /// error (an IoError) if it could not.
    WriterLink(std::filesystem::path path, Provenance provenance,
               const Hdf5RecorderOptions& options);
    /// Abandons the file: the writer drops what is queued, closes the file and exits.
    ~WriterLink();
    WriterLink(const WriterLink&) = delete;
    WriterLink& operator=(const WriterLink&) = delete;

    /// Queues a command; a Batch of `bytes` payload waits while the budget is used up (unless
    /// nothing is queued, so a single oversized batch still passes). After a writer failure
    /// commands are dropped; the caller checks failed().
    void push(Command command, std::size_t bytes);
    /// A written batch to fill again, or nullptr.
    std::unique_ptr<Batch> take_spare();
    /// Queues `info`, waits until the writer has written it and closed the file, and rethrows a
    /// writer error.
    void finish(const FinalInfo& info);

    /// Cheap enough to call per spike: one relaxed atomic load.
    bool failed() const noexcept { return failed_.load(std::memory_order_relaxed); }
    [[noreturn]] void rethrow() const;
    std::size_t peak_bytes() const noexcept { return peak_bytes_.load(std::memory_order_relaxed); }

private:
    struct Item {
        Command command;
        std::size_t bytes = 0; ///< payload counted against the budget
    };

    void run(const std::filesystem::path& path, const Provenance& provenance,
             h5::ChunkSettings chunks, std::promise<void> created);
    void serve(FileWriter& writer);
    /// Next command, or null once stopped. Items are boxed: moving the variant itself through
    /// std::optional trips a GCC 12 -O3 -Wuninitialized false positive.
    std::unique_ptr<Item> pop();
    /// Returns a served item's bytes to the budget and keeps its batch as a spare.
    void release(Item& item);
    void fail(std::exception_ptr error);
    void note_peak(std::size_t bytes) noexcept;

    std::size_t max_bytes_;
    mutable std::mutex mutex_;
    std::condition_variable writer_wake_;
    std::condition_variable producer_wake_;
    std::deque<std::unique_ptr<Item>> queue_;
    std::size_t queued_bytes_ = 0; ///< queued plus being written
    std::vector<std::unique_ptr<Batch>> spares_;
    bool stop_ = false;
    std::exception_ptr error_;
    std::atomic<bool> failed_{false};
    std::atomic<std::size_t> peak_bytes_{0};
    std::thread thread_;
};

} // namespace hornet::io::detail
