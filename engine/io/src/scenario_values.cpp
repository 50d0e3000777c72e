// SPDX-License-Identifier: MIT
#include "scenario_values.hpp"

#include <algorithm>
#include <sstream>
#include <vector>

namespace hornet::io::detail {
namespace {

std::string type_phrase(toml::node_type type) {
    switch (type) {
    case toml::node_type::string:
        return "a string";
    case toml::node_type::integer:
        return "an integer";
    case toml::node_type::floating_point:
        return "a floating-point number";
    case toml::node_type::boolean:
        return "a boolean";
    case toml::node_type::table:
        return "a table";
    case toml::node_type::array:
        return "an array";
    case toml::node_type::date:
        return "a date";
    case toml::node_type::time:
        return "a time of day";
    case toml::node_type::date_time:
        return "a date-time";
    case toml::node_type::none:
        break;
    }
    return "nothing";
}

bool is_name(std::string_view s) {
    const auto alpha = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    };
    if (s.empty() || !alpha(s.front())) return false;
    for (const char c : s)
        if (!alpha(c) && !(c >= '0' && c <= '9')) return false;
    return true;
}

} // namespace

void wrong_type(ReadContext& ctx, const ValueAt& v, std::string_view expected, std::string hint) {
    std::string got = type_phrase(v.node.type());
    if (!v.node.is_table() && !v.node.is_array()) got += " (" + render(v.node) + ")";
    ctx.error(v.node, v.path, "expected " + std::string(expected) + ", got " + got,
              std::move(hint));
}

std::string render(const toml::node& node) {
    if (const auto* s = node.as_string()) return "\"" + s->get() + "\"";
    std::ostringstream out;
    out << toml::node_view<const toml::node>(node);
    return out.str();
}

void check_keys(ReadContext& ctx, const TableAt& t, std::span<const std::string_view> allowed,
                std::string_view what, std::string_view owner) {
    for (const auto& [key, value] : t.table) {
        const std::string_view k = key.str();
        if (std::find(allowed.begin(), allowed.end(), k) != allowed.end()) continue;
        std::string hint;
        if (const auto near = did_you_mean(k, allowed))
            hint = "did you mean \"" + *near + "\"?";
        else
            hint = "allowed: " + join_names(allowed);
        std::string message = "unknown " + std::string(what) + " \"" + std::string(k) + "\"";
        if (!owner.empty()) message += " of " + std::string(owner);
        ctx.error_at_key(key, value, t.child(k), std::move(message), std::move(hint));
    }
}

std::optional<ValueAt> find(const TableAt& t, std::string_view key) {
    if (const toml::node* n = t.table.get(key)) return ValueAt{*n, t.child(key)};
    return std::nullopt;
}

std::optional<ValueAt> require(ReadContext& ctx, const TableAt& t, std::string_view key,
                               std::string_view example) {
    auto v = find(t, key);
    if (!v) {
        ctx.error(t.table, t.child(key), "missing required key \"" + std::string(key) + "\"",
                  "add " + std::string(example));
    }
    return v;
}

std::optional<std::string> as_string(ReadContext& ctx, const ValueAt& v) {
    if (const auto* s = v.node.as_string()) return s->get();
    wrong_type(ctx, v, "a string");
    return std::nullopt;
}

std::optional<std::int64_t> as_integer(ReadContext& ctx, const ValueAt& v) {
    if (const auto* i = v.node.as_integer()) return i->get();
    wrong_type(ctx, v, "an integer");
    return std::nullopt;
}

std::optional<double> as_number(ReadContext& ctx, const ValueAt& v) {
    if (const auto* i = v.node.as_integer()) return static_cast<double>(i->get());
    if (const auto* f = v.node.as_floating_point()) return f->get();
    wrong_type(ctx, v, "a number");
    return std::nullopt;
}

std::optional<bool> as_bool(ReadContext& ctx, const ValueAt& v) {
    if (const auto* b = v.node.as_boolean()) return b->get();
    wrong_type(ctx, v, "a boolean (true or false)");
    return std::nullopt;
}

std::optional<TableAt> as_table(ReadContext& ctx, const ValueAt& v) {
    if (const auto* t = v.node.as_table()) return TableAt{*t, v.path};
    wrong_type(ctx, v, "a table");
    return std::nullopt;
}

const toml::array* as_array(ReadContext& ctx, const ValueAt& v) {
    if (const auto* a = v.node.as_array()) return a;
    wrong_type(ctx, v, "an array");
    return nullptr;
}

std::optional<std::string> as_name(ReadContext& ctx, const ValueAt& v) {
    auto s = as_string(ctx, v);
    if (s && !is_name(*s)) {
        ctx.error(v.node, v.path, "\"" + *s + "\" is not a valid name",
                  "use letters, digits and '_', starting with a letter or '_'");
        return std::nullopt;
    }
    return s;
}

std::optional<std::int64_t> as_count(ReadContext& ctx, const ValueAt& v, std::int64_t lowest,
                                     std::int64_t highest) {
    const auto i = as_integer(ctx, v);
    if (!i) return std::nullopt;
    if (*i < lowest || *i > highest) {
        std::string expected = highest == INT64_MAX ? "must be >= " + std::to_string(lowest)
                                                    : "must be in [" + std::to_string(lowest) +
                                                          ", " + std::to_string(highest) + "]";
        ctx.error(v.node, v.path, std::to_string(*i) + " is out of bounds; " + expected);
        return std::nullopt;
    }
    return i;
}

void for_each_table(ReadContext& ctx, const TableAt& t, std::string_view key,
                    const std::function<std::string(const toml::table&, std::size_t)>& path_of,
                    const std::function<void(const TableAt&, std::size_t)>& visit) {
    const auto v = find(t, key);
    if (!v) return;
    const toml::array* array = v->node.as_array();
    if (!array) {
        wrong_type(ctx, *v, "an array of tables",
                   "write each entry as [[" + v->path + "]] followed by its keys");
        return;
    }
    for (std::size_t i = 0; i < array->size(); ++i) {
        const toml::node& element = *array->get(i);
        if (const auto* table = element.as_table()) {
            visit(TableAt{*table, path_of(*table, i)}, i);
        } else {
            wrong_type(ctx, ValueAt{element, v->path + "[" + std::to_string(i) + "]"}, "a table");
        }
    }
}

std::optional<std::size_t> as_choice(ReadContext& ctx, const ValueAt& v,
                                     std::span<const std::string_view> choices,
                                     std::string_view what) {
    const auto name = as_string(ctx, v);
    if (!name) return std::nullopt;
    for (std::size_t i = 0; i < choices.size(); ++i)
        if (choices[i] == *name) return i;
    std::string hint = "one of " + join_names(choices);
    if (const auto near = did_you_mean(*name, choices))
        hint = "did you mean \"" + *near + "\"? " + hint;
    ctx.error(v.node, v.path, "unknown " + std::string(what) + " \"" + *name + "\"",
              std::move(hint));
    return std::nullopt;
}

} // namespace hornet::io::detail
