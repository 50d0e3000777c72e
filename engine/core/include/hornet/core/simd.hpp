// SPDX-License-Identifier: MIT
#pragma once
/// HORNET_SIMD_KERNEL marks a step kernel to be compiled for several instruction sets (x86-64
/// baseline SSE2, AVX2 and AVX-512 levels) and chosen once at load time for the CPU it runs on
/// (GCC function multiversioning). The binary stays portable (no -march=native), and the hot
/// loops still use the machine's full vector width.
///
/// NOTE: hornet compiles with -ffp-contract=off, so no clone fuses a multiply and an add: every
/// clone performs the same IEEE operations in the same order, and results are bitwise the same
/// on every CPU, not only for every thread count.
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) &&                             \
    !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define HORNET_SIMD_KERNEL                                                                         \
    __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define HORNET_SIMD_KERNEL
#endif
