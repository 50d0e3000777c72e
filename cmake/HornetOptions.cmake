# SPDX-License-Identifier: MIT
# hornet_configure_target(<target>): the warning, assertion, sanitizer and architecture settings
# that every hornet-owned target shares. Third-party code never sees these flags.
function(hornet_configure_target target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion)
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
    target_compile_options(${target} PUBLIC -fsanitize=${_san} -fno-omit-frame-pointer)
    target_link_options(${target} PUBLIC -fsanitize=${_san})
  endif()
endfunction()
