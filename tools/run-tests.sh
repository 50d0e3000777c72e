#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The whole test suite: install what is missing, build with assertions on, run unit,
# integration and validation tests, then the benchmarks in smoke mode (so they keep working).
# Options: --fast skips the validation label (Brian2 comparisons).
set -euo pipefail
cd "$(dirname "$0")/.."
labels="unit|integration|validation"
[[ "${1:-}" == "--fast" ]] && labels="unit|integration"
tools/install-deps.sh
cmake --preset ci >/dev/null
cmake --build --preset ci
tools/check-includes.sh
tools/check-format.sh
ctest --preset ci -L "$labels" -j2
bench/run-smoke.sh build/ci
