// SPDX-License-Identifier: MIT
// NOTE: its own translation unit so that the compiler never sees a replaced operator new and a
// std::free inlined together (GCC 12 would warn -Wmismatched-new-delete).
#include "support/counting_allocator.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<long> g_allocations{0};
}

void* operator new(std::size_t n) {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n ? n : 1)) return p;
    throw std::bad_alloc();
}
// NOTE: the nothrow form too (std::stable_sort's temporary buffer uses it): otherwise the
// library's operator new would pair with the free() below, which ASan reports as a mismatch.
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
    g_allocations.fetch_add(1, std::memory_order_relaxed);
    return std::malloc(n ? n : 1);
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

long hornet::testing::allocation_count() noexcept { return g_allocations.load(); }
