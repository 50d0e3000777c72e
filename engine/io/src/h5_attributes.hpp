// SPDX-License-Identifier: MIT
#pragma once
/// Reading and writing HDF5 attributes: UTF-8 strings (variable length, so a long config text
/// lives in the global heap instead of the 64 KB object header) and numbers with an explicit
/// little-endian file type, so files are the same on every machine.
#include "h5_handles.hpp"

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hornet::io::h5 {

/// The memory (native) and file (little-endian standard) types of T. Both are owned by the
/// library and are never closed.
template <class T>
struct TypeOf;
template <>
struct TypeOf<double> {
    static hid_t memory() { return H5T_NATIVE_DOUBLE; }
    static hid_t file() { return H5T_IEEE_F64LE; }
};
template <>
struct TypeOf<float> {
    static hid_t memory() { return H5T_NATIVE_FLOAT; }
    static hid_t file() { return H5T_IEEE_F32LE; }
};
template <>
struct TypeOf<std::uint8_t> {
    static hid_t memory() { return H5T_NATIVE_UINT8; }
    static hid_t file() { return H5T_STD_U8LE; }
};
template <>
struct TypeOf<std::int32_t> {
    static hid_t memory() { return H5T_NATIVE_INT32; }
    static hid_t file() { return H5T_STD_I32LE; }
};
template <>
struct TypeOf<std::uint32_t> {
    static hid_t memory() { return H5T_NATIVE_UINT32; }
    static hid_t file() { return H5T_STD_U32LE; }
};
template <>
struct TypeOf<std::int64_t> {
    static hid_t memory() { return H5T_NATIVE_INT64; }
    static hid_t file() { return H5T_STD_I64LE; }
};
template <>
struct TypeOf<std::uint64_t> {
    static hid_t memory() { return H5T_NATIVE_UINT64; }
    static hid_t file() { return H5T_STD_U64LE; }
};

/// A variable-length UTF-8 string type (owned; closed by the handle).
Datatype utf8_string_type(std::string_view where);

bool has_attribute(hid_t object, const char* name);

/// Writes (or replaces) a scalar string attribute. `where` names the object for messages.
void write_attribute(hid_t object, const char* name, const std::string& value,
                     std::string_view where);

/// Writes a 1-D attribute of UTF-8 strings (e.g. the column names of a table).
void write_string_array_attribute(hid_t object, const char* name,
                                  const std::vector<std::string>& values, std::string_view where);

/// Writes (or replaces) a numeric attribute of `n` elements of `memory_type` stored as
/// `file_type`; n == 0 writes a scalar.
void write_numeric_attribute(hid_t object, const char* name, hid_t memory_type, hid_t file_type,
                             const void* data, std::size_t n, std::string_view where);

template <class T>
void write_attribute(hid_t object, const char* name, T value, std::string_view where) {
    write_numeric_attribute(object, name, TypeOf<T>::memory(), TypeOf<T>::file(), &value, 0, where);
}

template <class T>
void write_array_attribute(hid_t object, const char* name, std::span<const T> values,
                           std::string_view where) {
    write_numeric_attribute(object, name, TypeOf<T>::memory(), TypeOf<T>::file(), values.data(),
                            values.size(), where);
}

/// Reads a string attribute, fixed or variable length. Throws IoError if missing or not a string.
std::string read_string_attribute(hid_t object, const char* name, std::string_view where);

/// Reads a 1-D attribute of variable-length strings. Throws IoError if it is something else.
std::vector<std::string> read_string_array_attribute(hid_t object, const char* name,
                                                     std::string_view where);

/// Reads every element of a numeric attribute, converted to `memory_type` elements of `size`
/// bytes. Throws IoError if missing or not a number.
std::vector<unsigned char> read_numeric_attribute(hid_t object, const char* name, hid_t memory_type,
                                                  std::size_t size, std::string_view where);

template <class T>
std::vector<T> read_array_attribute(hid_t object, const char* name, std::string_view where) {
    const auto bytes = read_numeric_attribute(object, name, TypeOf<T>::memory(), sizeof(T), where);
    std::vector<T> values(bytes.size() / sizeof(T));
    std::memcpy(values.data(), bytes.data(), values.size() * sizeof(T));
    return values;
}

/// Reads a numeric attribute that must hold exactly one value.
template <class T>
T read_attribute(hid_t object, const char* name, std::string_view where) {
    const auto values = read_array_attribute<T>(object, name, where);
    if (values.size() != 1)
        throw IoError(std::string(where) + ": attribute '" + name + "' holds " +
                      std::to_string(values.size()) + " values; expected one");
    return values.front();
}

} // namespace hornet::io::h5
