// SPDX-License-Identifier: MIT
#pragma once
#include "hornet/core/model_registry.hpp"

namespace hornet::models {

/// Registers every model that ships with hornet.
void register_builtin_models(ModelRegistry& registry);

} // namespace hornet::models
