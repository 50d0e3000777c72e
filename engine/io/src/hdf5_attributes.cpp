// SPDX-License-Identifier: MIT
// HDF5 attribute helpers (h5_attributes.hpp).
#include "h5_attributes.hpp"

#include <string>

namespace hornet::io::h5 {
namespace {

std::string action(std::string_view verb, const char* name) {
    std::string text(verb);
    text += " attribute '";
    text += name;
    text += "'";
    return text;
}

Attribute create_attribute(hid_t object, const char* name, hid_t file_type, hid_t space,
                           std::string_view where) {
    // NOTE: attributes cannot be resized or retyped in place; replacing one (setup() rewrites
    // `dt` with the network's step) means deleting it first.
    if (has_attribute(object, name))
        check_status(H5Adelete(object, name), where, action("replace", name));
    return Attribute(check_id(H5Acreate2(object, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT),
                              where, action("create", name)));
}

Attribute open_attribute(hid_t object, const char* name, std::string_view where) {
    if (!has_attribute(object, name))
        throw IoError(std::string(where) + ": attribute '" + name + "' is missing");
    return Attribute(check_id(H5Aopen(object, name, H5P_DEFAULT), where, action("open", name)));
}

hssize_t element_count(hid_t attribute, std::string_view where, const char* name) {
    const Dataspace space(check_id(H5Aget_space(attribute), where, action("read", name)));
    const hssize_t n = H5Sget_simple_extent_npoints(space.get());
    if (n < 0) throw_error(where, action("read", name));
    return n;
}

std::string read_fixed_string(hid_t attribute, hid_t type, std::string_view where,
                              const char* name) {
    const std::size_t size = H5Tget_size(type);
    std::string text(size, '\0');
    const Datatype memory(check_id(H5Tcopy(type), where, action("read", name)));
    check_status(H5Aread(attribute, memory.get(), text.data()), where, action("read", name));
    text.resize(text.find('\0') == std::string::npos ? size : text.find('\0'));
    if (H5Tget_strpad(type) == H5T_STR_SPACEPAD) text.erase(text.find_last_not_of(' ') + 1);
    return text;
}

} // namespace

Datatype utf8_string_type(std::string_view where) {
    Datatype type(check_id(H5Tcopy(H5T_C_S1), where, "create a string type"));
    check_status(H5Tset_size(type.get(), H5T_VARIABLE), where, "create a string type");
    check_status(H5Tset_cset(type.get(), H5T_CSET_UTF8), where, "create a string type");
    return type;
}

bool has_attribute(hid_t object, const char* name) { return H5Aexists(object, name) > 0; }

void write_attribute(hid_t object, const char* name, const std::string& value,
                     std::string_view where) {
    const Datatype type = utf8_string_type(where);
    const Dataspace space(check_id(H5Screate(H5S_SCALAR), where, action("write", name)));
    const Attribute attribute = create_attribute(object, name, type.get(), space.get(), where);
    const char* text = value.c_str();
    check_status(H5Awrite(attribute.get(), type.get(), &text), where, action("write", name));
}

void write_string_array_attribute(hid_t object, const char* name,
                                  const std::vector<std::string>& values, std::string_view where) {
    const Datatype type = utf8_string_type(where);
    const hsize_t dims = values.size();
    const Dataspace space(
        check_id(H5Screate_simple(1, &dims, nullptr), where, action("write", name)));
    const Attribute attribute = create_attribute(object, name, type.get(), space.get(), where);
    std::vector<const char*> texts;
    texts.reserve(values.size());
    for (const auto& v : values) texts.push_back(v.c_str());
    // An empty array (a sweep without --set) has nothing to write; HDF5 rejects a null buffer.
    if (!texts.empty())
        check_status(H5Awrite(attribute.get(), type.get(), texts.data()), where,
                     action("write", name));
}

void write_numeric_attribute(hid_t object, const char* name, hid_t memory_type, hid_t file_type,
                             const void* data, std::size_t n, std::string_view where) {
    const hsize_t dims = n;
    const hid_t space_id = n == 0 ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &dims, nullptr);
    const Dataspace space(check_id(space_id, where, action("write", name)));
    const Attribute attribute = create_attribute(object, name, file_type, space.get(), where);
    check_status(H5Awrite(attribute.get(), memory_type, data), where, action("write", name));
}

std::string read_string_attribute(hid_t object, const char* name, std::string_view where) {
    const Attribute attribute = open_attribute(object, name, where);
    const Datatype type(check_id(H5Aget_type(attribute.get()), where, action("read", name)));
    if (H5Tget_class(type.get()) != H5T_STRING || element_count(attribute.get(), where, name) != 1)
        throw IoError(std::string(where) + ": attribute '" + name + "' is not a string");
    if (H5Tis_variable_str(type.get()) <= 0)
        return read_fixed_string(attribute.get(), type.get(), where, name);
    // NOTE: reading with the file's own string type avoids a character-set conversion, which
    // HDF5 refuses between ASCII and UTF-8 strings.
    const Datatype memory(check_id(H5Tcopy(type.get()), where, action("read", name)));
    char* text = nullptr;
    check_status(H5Aread(attribute.get(), memory.get(), &text), where, action("read", name));
    std::string value = text != nullptr ? text : "";
    H5free_memory(text);
    return value;
}

std::vector<std::string> read_string_array_attribute(hid_t object, const char* name,
                                                     std::string_view where) {
    const Attribute attribute = open_attribute(object, name, where);
    const Datatype type(check_id(H5Aget_type(attribute.get()), where, action("read", name)));
    if (H5Tget_class(type.get()) != H5T_STRING || H5Tis_variable_str(type.get()) <= 0)
        throw IoError(std::string(where) + ": attribute '" + name +
                      "' is not an array of variable-length strings");
    const auto n = static_cast<std::size_t>(element_count(attribute.get(), where, name));
    const Datatype memory(check_id(H5Tcopy(type.get()), where, action("read", name)));
    std::vector<char*> texts(n, nullptr);
    if (n > 0)
        check_status(H5Aread(attribute.get(), memory.get(), texts.data()), where,
                     action("read", name));
    std::vector<std::string> values;
    for (char* text : texts) {
        values.emplace_back(text != nullptr ? text : "");
        H5free_memory(text);
    }
    return values;
}

std::vector<unsigned char> read_numeric_attribute(hid_t object, const char* name, hid_t memory_type,
                                                  std::size_t size, std::string_view where) {
    const Attribute attribute = open_attribute(object, name, where);
    const Datatype type(check_id(H5Aget_type(attribute.get()), where, action("read", name)));
    const H5T_class_t type_class = H5Tget_class(type.get());
    if (type_class != H5T_INTEGER && type_class != H5T_FLOAT)
        throw IoError(std::string(where) + ": attribute '" + name + "' is not a number");
    const auto n = static_cast<std::size_t>(element_count(attribute.get(), where, name));
    std::vector<unsigned char> bytes(n * size);
    if (n > 0)
        check_status(H5Aread(attribute.get(), memory_type, bytes.data()), where,
                     action("read", name));
    return bytes;
}

} // namespace hornet::io::h5
