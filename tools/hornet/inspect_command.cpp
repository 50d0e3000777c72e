// SPDX-License-Identifier: MIT
// `hornet inspect`: what an output file holds, or what models exist.
#include "commands.hpp"

#include "hornet/io/file_summary.hpp"
#include "hornet/io/model_catalog.hpp"
#include "models/builtin.hpp"

#include <cstdio>

namespace hornet::cli {

int inspect_file_command(const std::string& file) {
    std::fputs(io::format_summary(io::summarize_file(file)).c_str(), stdout);
    return kOk;
}

int inspect_models_command(const std::string& model) {
    ModelRegistry registry;
    models::register_builtin_models(registry);
    std::fputs(io::format_model_catalog(registry, model).c_str(), stdout);
    return kOk;
}

} // namespace hornet::cli
