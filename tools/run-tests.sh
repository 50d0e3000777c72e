#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The whole test suite: install what is missing, build with assertions on, run unit,
# integration and validation tests, then the benchmarks in smoke mode (so they keep working).
# Then clang-tidy, the unit tests again under AddressSanitizer + UndefinedBehaviorSanitizer, and
# the threading tests under ThreadSanitizer.
# Options: --fast skips the validation label (Brian2 comparisons), clang-tidy and the sanitizers.
set -euo pipefail
cd "$(dirname "$0")/.."
labels="unit|integration|validation"
fast=0
[[ "${1:-}" == "--fast" ]] && { labels="unit|integration"; fast=1; }
tools/install-deps.sh
cmake --preset ci >/dev/null
cmake --build --preset ci
tools/check-includes.sh
tools/check-format.sh
ctest --preset ci -L "$labels" -j2
bench/run-smoke.sh build/ci
[[ $fast -eq 1 ]] && exit 0

echo "== clang-tidy"
tools/check-tidy.sh build/ci

echo "== sanitizers: ASan + UBSan (unit tests)"
cmake --preset asan >/dev/null
cmake --build --preset asan
ctest --preset asan -L unit -j2
echo "== sanitizers: TSan (simulator, network and recorder threading)"
cmake --preset tsan >/dev/null
cmake --build --preset tsan --target test_core test_hdf5_recorder
ctest --preset tsan -R "SliceGate|Simulator|Network|PlasticProjections|Hdf5Recorder|MultiscaleScheduler.ResultsAreBitwise" -j2
