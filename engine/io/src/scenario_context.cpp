// SPDX-License-Identifier: MIT
#include "scenario_context.hpp"

#include <algorithm>
#include <tuple>

namespace hornet::io::detail {

std::string TableAt::child(std::string_view key) const {
    return path.empty() ? std::string(key) : path + "." + std::string(key);
}

bool ReadContext::from_override(const toml::source_region& where) const {
    // NOTE: every node parsed from a file carries the file's name; nodes parsed from --set
    // carry "--set", and tables created to hold an override carry none.
    if (!where.path) return true;
    return *where.path != source_name_ &&
           std::find(base_files_.begin(), base_files_.end(), *where.path) == base_files_.end();
}

void ReadContext::add(const toml::source_region& where, std::string key, std::string message,
                      std::string hint) {
    Diagnostic d;
    d.key = std::move(key);
    d.message = std::move(message);
    d.hint = std::move(hint);
    if (from_override(where)) {
        d.file = std::string(override_source);
    } else {
        d.file = *where.path;
        d.line = static_cast<int>(where.begin.line);
        d.column = static_cast<int>(where.begin.column);
    }
    diagnostics_.push_back(std::move(d));
}

void ReadContext::error(const toml::node& node, std::string key, std::string message,
                        std::string hint) {
    add(node.source(), std::move(key), std::move(message), std::move(hint));
}

void ReadContext::error_at_key(const toml::key& key, const toml::node& value, std::string path,
                               std::string message, std::string hint) {
    // An override's key has no position of its own; its value tells where it came from.
    const toml::source_region& where =
        from_override(value.source()) ? value.source() : key.source();
    add(where, std::move(path), std::move(message), std::move(hint));
}

void ReadContext::error_in_file(std::string key, std::string message, std::string hint) {
    diagnostics_.push_back(
        {source_name_, 0, 0, std::move(key), std::move(message), std::move(hint)});
}

void ReadContext::error_in_override(std::string override_text, std::string message,
                                    std::string hint) {
    diagnostics_.push_back({std::string(override_source), 0, 0, std::move(override_text),
                            std::move(message), std::move(hint)});
}

std::string ReadContext::describe_location(const toml::node& node) const {
    if (from_override(node.source())) return "by " + std::string(override_source);
    const std::string line = "line " + std::to_string(node.source().begin.line);
    if (*node.source().path != source_name_) return "at " + *node.source().path + " " + line;
    return "at " + line;
}

std::vector<Diagnostic> ReadContext::take_sorted() {
    const auto rank = [this](const Diagnostic& d) {
        return std::make_tuple(d.file == source_name_ ? 0 : 1, d.line, d.column);
    };
    std::stable_sort(diagnostics_.begin(), diagnostics_.end(),
                     [&](const Diagnostic& a, const Diagnostic& b) { return rank(a) < rank(b); });
    return std::move(diagnostics_);
}

} // namespace hornet::io::detail
