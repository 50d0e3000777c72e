// SPDX-License-Identifier: MIT
#pragma once
/// Private to the scenario reader: where a value sits (node + key path) and the collector of
/// diagnostics that turns toml++ source positions into file:line:column messages.
#include "hornet/io/diagnostics.hpp"

#include <toml++/toml.h>

#include <string>
#include <string_view>
#include <vector>

namespace hornet::io::detail {

/// The file name under which --set overrides are parsed and reported.
inline constexpr std::string_view override_source = "--set";

/// A value in the document and the dotted key path that leads to it.
struct ValueAt {
    const toml::node& node;
    std::string path;
};

/// A table in the document and its dotted key path ("" for the root).
struct TableAt {
    const toml::table& table;
    std::string path;

    /// Path of `key` inside this table: "populations.exc" + "size" -> "populations.exc.size".
    std::string child(std::string_view key) const;
};

/// Collects the diagnostics of one scenario read.
class ReadContext {
public:
    explicit ReadContext(std::string source_name) : source_name_(std::move(source_name)) {}

    const std::string& source_name() const noexcept { return source_name_; }
    /// A file the scenario was merged from (`base = "..."`): its nodes are located in it.
    void add_base_file(std::string name) { base_files_.push_back(std::move(name)); }

    /// A problem with the value `node` (or with the table `node` that lacks a key).
    void error(const toml::node& node, std::string key, std::string message, std::string hint = {});
    /// A problem with the key `key` itself (an unknown key): located at the key, not its value.
    void error_at_key(const toml::key& key, const toml::node& value, std::string path,
                      std::string message, std::string hint = {});
    /// A problem of the whole file, with no line (a missing top-level table).
    void error_in_file(std::string key, std::string message, std::string hint = {});
    /// A problem with an override itself (its path does not resolve, it has no '=').
    void error_in_override(std::string override_text, std::string message, std::string hint);

    /// "at line 5" (or "by --set", "at base.toml line 5"): where `node` is, for messages that
    /// mention a second place.
    std::string describe_location(const toml::node& node) const;

    std::size_t n_errors() const noexcept { return diagnostics_.size(); }
    /// The diagnostics in reading order of the file (line, column), then those of --set.
    std::vector<Diagnostic> take_sorted();

private:
    bool from_override(const toml::source_region& where) const;
    void add(const toml::source_region& where, std::string key, std::string message,
             std::string hint);

    std::string source_name_;
    std::vector<std::string> base_files_;
    std::vector<Diagnostic> diagnostics_;
};

} // namespace hornet::io::detail
