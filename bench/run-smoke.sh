#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Runs every micro benchmark for a moment so that they keep compiling and running (CI). Numbers
# from a smoke run mean nothing; see bench/README.md for real measurements.
set -euo pipefail
build=${1:-build/release}
for b in "$build"/bench/micro/bench_*; do
  [[ -x "$b" ]] || continue
  echo "smoke: $(basename "$b")"
  "$b" --benchmark_min_time=0.01 >/dev/null
done
echo "benchmarks: smoke run passed"
