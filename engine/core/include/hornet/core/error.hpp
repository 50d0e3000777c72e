// SPDX-License-Identifier: MIT
#pragma once
/// Error types. `Error` and its subclasses are problems a user can act on (bad input, a missing
/// file, a run that diverged); `InternalError` is a bug in hornet. Messages follow
/// `<where>: <what> (<value with unit>); <expected>` so the user can find and fix the cause.
#include <stdexcept>
#include <string>

namespace hornet {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A scenario or sweep file is malformed or inconsistent.
class ConfigError : public Error {
public:
    using Error::Error;
};

/// A model parameter is out of its bounds or inconsistent with another parameter.
class ParamError : public Error {
public:
    using Error::Error;
};

/// A quantity string could not be parsed or has the wrong dimension.
class UnitError : public Error {
public:
    using Error::Error;
};

/// A file could not be read or written.
class IoError : public Error {
public:
    using Error::Error;
};

/// The simulation itself failed (NaN or runaway state, interrupted run).
class RunError : public Error {
public:
    using Error::Error;
};

/// A broken invariant inside hornet: a bug, never the user's fault.
class InternalError : public std::logic_error {
public:
    using std::logic_error::logic_error;
};

[[noreturn]] void assertion_failed(const char* condition, const char* message, const char* file,
                                   int line);

} // namespace hornet

#if defined(HORNET_ENABLE_ASSERTIONS)
#define HORNET_ASSERT(cond, msg)                                                                   \
    do {                                                                                           \
        if (!(cond)) ::hornet::assertion_failed(#cond, msg, __FILE__, __LINE__);                   \
    } while (false)
#else
#define HORNET_ASSERT(cond, msg)                                                                   \
    do {                                                                                           \
    } while (false)
#endif
