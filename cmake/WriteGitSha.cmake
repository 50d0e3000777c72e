# SPDX-License-Identifier: MIT
# Run at build time (cmake -P): writes OUT with the current commit, "-dirty" when the work tree
# has uncommitted changes, so provenance never names a commit the binary was not built from.
# The file is rewritten only when the text changes, so an unchanged commit rebuilds nothing.
execute_process(COMMAND git describe --always --dirty=-dirty --abbrev=12 --match=^
                WORKING_DIRECTORY ${SOURCE_DIR}
                OUTPUT_VARIABLE sha OUTPUT_STRIP_TRAILING_WHITESPACE
                ERROR_QUIET RESULT_VARIABLE result)
if(NOT result EQUAL 0 OR sha STREQUAL "")
  set(sha "unknown")
endif()
set(text "// Generated at build time by cmake/WriteGitSha.cmake.\n#pragma once\nnamespace hornet::build_info {\ninline constexpr const char* git_sha = \"${sha}\";\n} // namespace hornet::build_info\n")
if(EXISTS ${OUT})
  file(READ ${OUT} old)
endif()
if(NOT "${old}" STREQUAL "${text}")
  file(WRITE ${OUT} "${text}")
endif()
