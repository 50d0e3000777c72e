// SPDX-License-Identifier: MIT
#include "hornet/io/provenance.hpp"

#include "hornet/build_info.hpp"
#include "hornet/git_sha.hpp"

#include <string_view>

namespace hornet::io {

Provenance build_provenance() {
    Provenance p;
    p.hornet_version = build_info::version;
    p.git_sha = build_info::git_sha;
    p.compiler = build_info::compiler;
    p.flags = build_info::flags;
    return p;
}

namespace {

bool needs_quotes(std::string_view arg) {
    if (arg.empty()) return true;
    for (const char c : arg) {
        const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                           (c >= '0' && c <= '9') ||
                           std::string_view("-_./=:,+@%").find(c) != std::string_view::npos;
        if (!plain) return true;
    }
    return false;
}

} // namespace

std::string quote_command_line(std::span<const char* const> args) {
    std::string line;
    for (const char* raw : args) {
        const std::string_view arg = raw != nullptr ? raw : "";
        if (!line.empty()) line += ' ';
        if (!needs_quotes(arg)) {
            line += arg;
            continue;
        }
        // NOTE: inside single quotes nothing is special except the quote itself, which is
        // closed, escaped and reopened: ' -> '\''.
        line += '\'';
        for (const char c : arg) {
            if (c == '\'')
                line += "'\\''";
            else
                line += c;
        }
        line += '\'';
    }
    return line;
}

} // namespace hornet::io
