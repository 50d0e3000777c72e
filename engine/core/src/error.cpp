// SPDX-License-Identifier: MIT
#include "hornet/core/error.hpp"

#include <string>

namespace hornet {

void assertion_failed(const char* condition, const char* message, const char* file, int line) {
    throw InternalError(std::string(file) + ":" + std::to_string(line) + ": internal error: " +
                        message + " (assertion '" + condition + "' failed); please report this");
}

} // namespace hornet
