// SPDX-License-Identifier: MIT
#pragma once
// Linking counting_allocator.cpp into a test replaces the global operator new with one that
// counts calls, so a test can assert that code does not allocate (e.g. the step loop).
namespace hornet::testing {

/// Number of global operator new calls since the program started.
long allocation_count() noexcept;

} // namespace hornet::testing
