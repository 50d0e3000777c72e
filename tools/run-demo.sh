#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The main job: install what is missing, build (release), and run the demo scenario.
# For now the demo is the COBA benchmark network; it writes results/coba.h5 and prints a summary.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target hornet
mkdir -p results
build/release/tools/hornet/hornet run configs/coba.toml -o results/coba.h5 "$@"
