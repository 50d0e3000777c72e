// SPDX-License-Identifier: MIT
#pragma once
/// Private to the scenario reader: typed access to TOML values. Each function reports what is
/// wrong (missing key, wrong type, unknown key) to the ReadContext and returns nullopt, so the
/// caller simply skips what it could not read and goes on to find further problems.
#include "scenario_context.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace hornet::io::detail {

/// Reports every key of `t` that is not in `allowed`, with a did-you-mean suggestion. `what`
/// names the kind of key and `owner` what it belongs to: `unknown parameter "x" of lif_cond`.
void check_keys(ReadContext& ctx, const TableAt& t, std::span<const std::string_view> allowed,
                std::string_view what = "key", std::string_view owner = {});

/// The value at `key`, or nullopt when it is absent.
std::optional<ValueAt> find(const TableAt& t, std::string_view key);
/// The value at `key`; when absent, reports a missing key at the table, hinting `example`
/// (e.g. `size = 100`).
std::optional<ValueAt> require(ReadContext& ctx, const TableAt& t, std::string_view key,
                               std::string_view example);

std::optional<std::string> as_string(ReadContext& ctx, const ValueAt& v);
std::optional<std::int64_t> as_integer(ReadContext& ctx, const ValueAt& v);
/// An integer or a floating-point number.
std::optional<double> as_number(ReadContext& ctx, const ValueAt& v);
std::optional<bool> as_bool(ReadContext& ctx, const ValueAt& v);
std::optional<TableAt> as_table(ReadContext& ctx, const ValueAt& v);
const toml::array* as_array(ReadContext& ctx, const ValueAt& v);

/// The index of the name at `v` in `choices`; reports a wrong type or an unknown name as
/// `unknown <what> "x"` with a did-you-mean hint listing the choices.
std::optional<std::size_t> as_choice(ReadContext& ctx, const ValueAt& v,
                                     std::span<const std::string_view> choices,
                                     std::string_view what);
/// A name usable as an HDF5 group and a --set path segment: [A-Za-z_][A-Za-z0-9_]*.
std::optional<std::string> as_name(ReadContext& ctx, const ValueAt& v);

/// An integer >= `lowest` (and <= `highest`), reported with its path otherwise.
std::optional<std::int64_t> as_count(ReadContext& ctx, const ValueAt& v, std::int64_t lowest,
                                     std::int64_t highest = INT64_MAX);

/// Calls `visit(element, index)` for each table of the array of tables `key` of `t`
/// (`[[populations]]`); `path_of(element, index)` gives each element's key path. Reports a
/// value that is not an array of tables.
void for_each_table(ReadContext& ctx, const TableAt& t, std::string_view key,
                    const std::function<std::string(const toml::table&, std::size_t)>& path_of,
                    const std::function<void(const TableAt&, std::size_t)>& visit);

/// Reports that `v` is not `expected` ("an integer"), naming what it is instead.
void wrong_type(ReadContext& ctx, const ValueAt& v, std::string_view expected,
                std::string hint = {});

/// The TOML text of a scalar, for messages: `"big"`, `-3`, `true`.
std::string render(const toml::node& node);

} // namespace hornet::io::detail
