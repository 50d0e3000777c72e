# SPDX-License-Identifier: MIT
# hornet_configure_target(<target>): the warning, assertion, sanitizer and architecture settings
# that every hornet-owned target shares. Third-party code never sees these flags.

# NOTE: flags that can change results; also recorded as provenance (HornetVersion.cmake).
# -fno-trapping-math promises that hornet never unmasks floating-point traps. It changes no IEEE
# result (unlike -ffast-math, which hornet never uses) but lets GCC if-convert the selects in the
# step kernels (clamps, refractory holds) so that they vectorise. -ffp-contract=off: no fused
# multiply-add, so the SSE2, AVX2 and AVX-512 clones of a kernel (simd.hpp) round identically
# and results do not depend on the CPU.
set(HORNET_CODEGEN_FLAGS -fno-trapping-math -ffp-contract=off)

function(hornet_configure_target target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion)
  target_compile_options(${target} PRIVATE ${HORNET_CODEGEN_FLAGS})
  # GCC 12 reports -Wrestrict falsely for std::string concatenation at -O2 (GCC bug 105329)
  # and -Wmaybe-uninitialized falsely for engaged std::optional values at -O3 (GCC bug 80635).
  # -Wuninitialized stays on, and the sanitizer presets check the real thing.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict -Wno-maybe-uninitialized)
  endif()
  if(HORNET_WARNINGS_AS_ERRORS)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  if(HORNET_ENABLE_ASSERTIONS)
    target_compile_definitions(${target} PUBLIC HORNET_ENABLE_ASSERTIONS=1)
  endif()
  if(HORNET_NATIVE_ARCH)
    target_compile_options(${target} PRIVATE -march=native)
  endif()
  if(HORNET_SANITIZE)
    string(REPLACE ";" "," _san "${HORNET_SANITIZE}")
    # -fno-sanitize-recover: an undefined-behaviour report fails the test instead of scrolling by.
    target_compile_options(${target} PUBLIC -fsanitize=${_san} -fno-omit-frame-pointer
                                            -fno-sanitize-recover=all)
    target_link_options(${target} PUBLIC -fsanitize=${_san})
  endif()
endfunction()
