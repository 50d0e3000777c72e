// SPDX-License-Identifier: MIT
// Error translation for the HDF5 RAII layer (h5_handles.hpp).
#include "h5_handles.hpp"

#include <string>

namespace hornet::io::h5 {
namespace {

// NOTE: H5E_WALK_UPWARD visits the most specific error first; that one says what actually went
// wrong ("No such file or directory"), whereas the outer ones only say which API call failed.
herr_t keep_innermost(unsigned n, const H5E_error2_t* error, void* client) {
    auto* detail = static_cast<std::string*>(client);
    if (n == 0 && error->desc != nullptr) *detail = error->desc;
    return 0;
}

// HDF5's file-open messages embed the system error as "error message = '...'"; that quoted
// text is what the user can act on, the rest (flags, tempfile) is noise.
std::string tidy(std::string detail) {
    constexpr std::string_view key = "error message = '";
    const auto begin = detail.find(key);
    if (begin == std::string::npos) return detail;
    const auto text = begin + key.size();
    const auto end = detail.find('\'', text);
    if (end == std::string::npos) return detail;
    return detail.substr(text, end - text);
}

} // namespace

void silence_errors() noexcept {
    thread_local bool silenced = false;
    if (silenced) return;
    (void)H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    silenced = true;
}

std::string take_error_detail() {
    std::string detail;
    (void)H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, keep_innermost, &detail);
    (void)H5Eclear2(H5E_DEFAULT);
    return tidy(std::move(detail));
}

void throw_error(std::string_view where, std::string_view action) {
    std::string message(where);
    message += ": cannot ";
    message += action;
    const std::string detail = take_error_detail();
    if (!detail.empty()) message += " (" + detail + ")";
    throw IoError(message);
}

std::string object_where(std::string_view file, std::string_view object) {
    std::string where(file);
    where += ": ";
    where += object;
    return where;
}

bool has_link(hid_t location, const char* name) {
    return H5Lexists(location, name, H5P_DEFAULT) > 0;
}

} // namespace hornet::io::h5
