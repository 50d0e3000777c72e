#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The main job: install what is missing, build (release), and run the demo scenarios:
#   results/coba.h5             the COBA benchmark network (extra arguments go to this run)
#   results/coba_nmda_0uM.h5    COBA with NMDA receptors, no ketamine
#   results/coba_nmda_1uM.h5    the same with 1 uM ketamine at the receptors: lower rates
#   results/ketamine_infusion.h5  pharmacokinetics of a 4 h infusion (milliseconds)
# The "pain reset" course with figures replaces this demo once the multiscale scheduler exists.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target hornet
mkdir -p results
hornet=build/release/tools/hornet/hornet
"$hornet" run configs/coba.toml -o results/coba.h5 "$@"
for c in 0 1; do
    "$hornet" run configs/coba_nmda.toml -o "results/coba_nmda_${c}uM.h5" --quiet \
        --set "pharmacology.concentration=\"$c uM\""
done
"$hornet" run configs/ketamine_infusion.toml -o results/ketamine_infusion.h5
