// SPDX-License-Identifier: MIT
#pragma once
/// Private RAII layer over the HDF5 C API. Each kind of hid_t gets one move-only handle type that
/// closes with its own H5?close, and every fallible call goes through `check_id` /
/// `check_status`, which turn a failure into an IoError naming the file and the object together
/// with the innermost message of HDF5's error stack. HDF5's own printing of that stack is turned
/// off per thread (`silence_errors`), so the user sees one line from us instead of a trace.
#include "hornet/core/error.hpp"

#include <hdf5.h>

#include <string>
#include <string_view>
#include <utility>

namespace hornet::io::h5 {

using CloseFunction = herr_t (*)(hid_t);

/// Owns one HDF5 identifier and closes it with `Close` on destruction.
template <CloseFunction Close>
class Handle {
public:
    Handle() noexcept = default;
    explicit Handle(hid_t id) noexcept : id_(id) {}
    ~Handle() { reset(); }
    Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
    Handle& operator=(Handle&& other) noexcept {
        if (this != &other) {
            reset();
            id_ = std::exchange(other.id_, H5I_INVALID_HID);
        }
        return *this;
    }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;

    hid_t get() const noexcept { return id_; }
    bool is_open() const noexcept { return id_ >= 0; }
    /// Closes silently; for destructors and error paths, where a failure cannot be reported.
    void reset() noexcept {
        if (id_ >= 0) (void)Close(id_);
        id_ = H5I_INVALID_HID;
    }
    /// Closes and reports a failure: closing a file flushes it, which can fail (disk full).
    void close(std::string_view where, std::string_view action);

private:
    hid_t id_ = H5I_INVALID_HID;
};

using File = Handle<H5Fclose>;
using Group = Handle<H5Gclose>;
using Dataset = Handle<H5Dclose>;
using Dataspace = Handle<H5Sclose>;
using Datatype = Handle<H5Tclose>; ///< only for types we created (H5Tcopy), never H5T_NATIVE_*
using Attribute = Handle<H5Aclose>;
using PropertyList = Handle<H5Pclose>;

/// Turns off HDF5's automatic error printing for the calling thread (the library keeps that
/// setting per thread in its thread-safe build). Cheap after the first call on a thread.
void silence_errors() noexcept;

/// The innermost message on the calling thread's HDF5 error stack ("" if empty); clears it.
std::string take_error_detail();

/// Throws IoError "<where>: cannot <action> (<HDF5 detail>)".
[[noreturn]] void throw_error(std::string_view where, std::string_view action);

/// Returns `id`, or throws IoError "<where>: cannot <action> (...)" when it is negative.
inline hid_t check_id(hid_t id, std::string_view where, std::string_view action) {
    if (id < 0) throw_error(where, action);
    return id;
}

/// Throws IoError "<where>: cannot <action> (...)" when `status` is negative.
inline void check_status(herr_t status, std::string_view where, std::string_view action) {
    if (status < 0) throw_error(where, action);
}

template <CloseFunction Close>
void Handle<Close>::close(std::string_view where, std::string_view action) {
    const hid_t id = std::exchange(id_, H5I_INVALID_HID);
    if (id >= 0) check_status(Close(id), where, action);
}

/// "<file>: <object>", the `where` of every message about an object inside a file.
std::string object_where(std::string_view file, std::string_view object);

/// Whether `name` is a link (group or dataset) directly inside `location`.
bool has_link(hid_t location, const char* name);

} // namespace hornet::io::h5
