# SPDX-License-Identifier: MIT
# Records the version, git commit, compiler and flags that every output file carries as provenance.
execute_process(COMMAND git rev-parse --short=12 HEAD
                WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
                OUTPUT_VARIABLE HORNET_GIT_SHA OUTPUT_STRIP_TRAILING_WHITESPACE
                ERROR_QUIET RESULT_VARIABLE _git_result)
if(NOT _git_result EQUAL 0 OR HORNET_GIT_SHA STREQUAL "")
  set(HORNET_GIT_SHA "unknown")
endif()
string(TOUPPER "${CMAKE_BUILD_TYPE}" _bt)
set(HORNET_COMPILER "${CMAKE_CXX_COMPILER_ID} ${CMAKE_CXX_COMPILER_VERSION}")
list(JOIN HORNET_CODEGEN_FLAGS " " _codegen)
set(HORNET_FLAGS "${CMAKE_CXX_FLAGS} ${CMAKE_CXX_FLAGS_${_bt}} ${_codegen}")
if(HORNET_NATIVE_ARCH)
  string(APPEND HORNET_FLAGS " -march=native")
endif()
if(HORNET_SANITIZE)
  string(APPEND HORNET_FLAGS " -fsanitize=${HORNET_SANITIZE}")
endif()
string(STRIP "${HORNET_FLAGS}" HORNET_FLAGS)
configure_file(${CMAKE_CURRENT_SOURCE_DIR}/cmake/build_info.hpp.in
               ${CMAKE_CURRENT_BINARY_DIR}/generated/hornet/build_info.hpp @ONLY)
