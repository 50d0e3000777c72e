#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs clang-tidy (.clang-tidy) over hornet's own sources in engine/, models/ and tools/, using
# the compile database of a configured build directory (default build/ci). Fails on any finding.
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/ci}
if ! command -v clang-tidy >/dev/null; then
  echo "tidy: clang-tidy not installed (tools/install-deps.sh installs it)" >&2
  exit 1
fi
[[ -f "$build/compile_commands.json" ]] || { echo "tidy: no $build/compile_commands.json; configure first" >&2; exit 1; }
# GCC-only warning flags in the database are unknown to clang; they are not findings.
mapfile -t files < <(git ls-files 'engine/*.cpp' 'models/*.cpp' 'tools/*.cpp')
printf '%s\n' "${files[@]}" | xargs -P 2 -n 4 clang-tidy -p "$build" --quiet \
    --extra-arg=-Wno-unknown-warning-option > "$build/clang-tidy.log" 2>&1
status=$?
if [[ $status -ne 0 ]] || grep -qE "(warning|error):" "$build/clang-tidy.log"; then
  grep -E "(warning|error):" "$build/clang-tidy.log" | sort -u
  echo "tidy: findings above (full log: $build/clang-tidy.log)"
  exit 1
fi
echo "tidy: no findings in ${#files[@]} files"
