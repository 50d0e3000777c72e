// SPDX-License-Identifier: MIT
#pragma once
/// Renders the model registry for people: `hornet inspect --models` and the generated docs.
#include "hornet/core/model_registry.hpp"

#include <string>
#include <string_view>

namespace hornet::io {

/// Every model (or only `model`, if given) with its receptor ports, parameters (name, default,
/// unit, bounds, meaning) and state variables, as aligned plain text.
/// Throws ConfigError for an unknown `model`.
std::string format_model_catalog(const ModelRegistry& registry, std::string_view model = {});

} // namespace hornet::io
