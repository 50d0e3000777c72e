#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fails if any C++ file differs from .clang-format (STYLE.md section 7). Fix with:
#   git ls-files '*.cpp' '*.hpp' | xargs clang-format -i
set -uo pipefail
cd "$(dirname "$0")/.."
if ! command -v clang-format >/dev/null; then
  echo "format: clang-format not installed (tools/install-deps.sh installs it)" >&2
  exit 1
fi
bad=$(git ls-files '*.cpp' '*.hpp' | while read -r f; do
  clang-format --dry-run -Werror "$f" >/dev/null 2>&1 || echo "$f"
done)
if [[ -n "$bad" ]]; then
  echo "format: these files differ from .clang-format:"
  echo "$bad"
  exit 1
fi
echo "format: every C++ file follows .clang-format"
