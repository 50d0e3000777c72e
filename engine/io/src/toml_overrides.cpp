// SPDX-License-Identifier: MIT
#include "toml_overrides.hpp"

#include "scenario_sections.hpp"

#include <charconv>
#include <optional>
#include <vector>

namespace hornet::io::detail {
namespace {

struct Override {
    std::string text;              ///< as given, for messages
    std::vector<std::string> path; ///< key path segments
    std::string value;             ///< text after '='
};

std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

std::optional<Override> split(ReadContext& ctx, const std::string& text) {
    const auto eq = text.find('=');
    if (eq == std::string::npos) {
        ctx.error_in_override(text, "an override needs a value", "write key.path=value");
        return std::nullopt;
    }
    Override o{text, {}, std::string(trim(std::string_view(text).substr(eq + 1)))};
    // "doses[0].rate", as diagnostics name elements, means "doses.0.rate".
    std::string bracketed(trim(std::string_view(text).substr(0, eq)));
    for (std::size_t b = bracketed.find('['); b != std::string::npos; b = bracketed.find('[', b)) {
        const auto close = bracketed.find(']', b);
        if (close == std::string::npos) break;
        bracketed = bracketed.substr(0, b) + "." + bracketed.substr(b + 1, close - b - 1) +
                    bracketed.substr(close + 1);
    }
    const std::string_view path = bracketed;
    for (std::size_t pos = 0; pos <= path.size();) {
        const auto dot = std::min(path.find('.', pos), path.size());
        o.path.emplace_back(trim(path.substr(pos, dot - pos)));
        if (o.path.back().empty()) {
            ctx.error_in_override(text, "empty key in path \"" + std::string(path) + "\"",
                                  "write dotted keys, e.g. populations.exc.size=100");
            return std::nullopt;
        }
        pos = dot + 1;
    }
    return o;
}

/// The name an element of an array of tables answers to.
std::optional<std::string> element_name(const toml::table& element, std::string_view array) {
    if (const auto* name = element.get_as<std::string>("name")) return name->get();
    const auto* source = element.get_as<std::string>("source");
    const auto* target = element.get_as<std::string>("target");
    if (array == "projections" && source && target)
        return default_projection_name(source->get(), target->get());
    return std::nullopt;
}

toml::table* select_element(ReadContext& ctx, const Override& o, toml::array& array,
                            std::string_view array_key, const std::string& segment) {
    std::vector<std::string> names;
    for (auto& element : array) {
        auto* table = element.as_table();
        if (!table) continue;
        const auto name = element_name(*table, array_key);
        if (name && *name == segment) return table;
        if (name) names.push_back(*name);
    }
    std::size_t index = 0;
    const auto [end, ec] = std::from_chars(segment.data(), segment.data() + segment.size(), index);
    if (ec == std::errc{} && end == segment.data() + segment.size() && index < array.size())
        if (auto* table = array.get(index)->as_table()) return table;
    const std::vector<std::string_view> known(names.begin(), names.end());
    std::string hint =
        known.empty() ? "select elements by index, from 0" : "elements: " + join_names(known);
    if (const auto near = did_you_mean(segment, known)) hint = "did you mean \"" + *near + "\"?";
    ctx.error_in_override(o.text, "no element \"" + segment + "\" in " + std::string(array_key),
                          std::move(hint));
    return nullptr;
}

/// Follows all but the last segment; returns the table that will hold the last key.
toml::table* walk(ReadContext& ctx, const Override& o, toml::table& doc) {
    toml::table* table = &doc;
    for (std::size_t i = 0; i + 1 < o.path.size(); ++i) {
        const std::string& segment = o.path[i];
        toml::node* child = table->get(segment);
        if (!child) child = &table->insert_or_assign(segment, toml::table{}).first->second;
        if (auto* array = child->as_array()) {
            if (i + 2 == o.path.size()) {
                ctx.error_in_override(o.text, "cannot replace a whole element of " + segment,
                                      "set one of its keys, e.g. " + segment + "." + o.path[i + 1] +
                                          ".name=...");
                return nullptr;
            }
            table = select_element(ctx, o, *array, segment, o.path[++i]);
            if (!table) return nullptr;
        } else if (auto* t = child->as_table()) {
            table = t;
        } else {
            ctx.error_in_override(o.text, "\"" + segment + "\" is a value, not a table",
                                  "the path must lead through tables to a key");
            return nullptr;
        }
    }
    return table;
}

/// Stores `value` at `key`: as the TOML value it spells, or else as a string ("30 ms").
void assign(toml::table& table, const std::string& key, const std::string& value) {
    try {
        // NOTE: parsed under the name "--set", so diagnostics about the value point at the
        // override rather than at a line of the file.
        toml::table parsed = toml::parse("v = " + value, std::string(override_source));
        if (parsed.size() == 1 && parsed.contains("v")) {
            parsed.get("v")->visit(
                [&](auto& node) { table.insert_or_assign(key, std::move(node)); });
            return;
        }
    } catch (const toml::parse_error&) {
        // Not a TOML value: fall through and take the text as it is.
    }
    table.insert_or_assign(key, value);
}

} // namespace

void apply_overrides(toml::table& doc, std::span<const std::string> overrides, ReadContext& ctx) {
    for (const auto& text : overrides) {
        const auto o = split(ctx, text);
        if (!o) continue;
        if (toml::table* parent = walk(ctx, *o, doc)) assign(*parent, o->path.back(), o->value);
    }
}

} // namespace hornet::io::detail
