# SPDX-License-Identifier: MIT
# Records the version, git commit, compiler and flags that every output file carries as provenance.
# The commit is written at build time (target hornet_git_sha), not at configure time, so that an
# incremental build after a commit does not record the old one.
add_custom_target(hornet_git_sha
  COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${CMAKE_CURRENT_SOURCE_DIR}
          -DOUT=${CMAKE_CURRENT_BINARY_DIR}/generated/hornet/git_sha.hpp
          -P ${CMAKE_CURRENT_SOURCE_DIR}/cmake/WriteGitSha.cmake
  BYPRODUCTS ${CMAKE_CURRENT_BINARY_DIR}/generated/hornet/git_sha.hpp
  COMMENT "Recording the git commit for provenance")
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
