#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The main job: install what is missing, build (release), run the "pain reset" course and draw
# its figure:
#   results/pain_reset.h5       120 days: injury, chronic pain, two 5-day courses of ketamine
#                               infusions, follow-up; reset hypothesis ltd_window (the default)
#   results/pain_reset_none.h5  the same under the hypothesis "none" (pure block)
#   results/pain_reset.png      the course: ketamine, C-fibre potentiation, pain index (both
#                               hypotheses), spike rasters of chosen windows
# and two smaller figures of the same chain:
#   results/windup.png          wind-up of the projection neurons at 1 Hz, 0 and 1 uM ketamine
#   results/ketamine_course.png pharmacokinetics of a 10-day CRPS infusion course
# Extra arguments go to the pain-reset run (e.g. --threads 1, --set slow.ltd_time=\"1 h\").
# Every mechanism of lasting relief here is a hypothesis; see docs/pain-reset.md.
set -euo pipefail
cd "$(dirname "$0")/.."
tools/install-deps.sh
cmake --preset release >/dev/null
cmake --build --preset release --target hornet
mkdir -p results
hornet=build/release/tools/hornet/hornet
# The two hypotheses side by side, one core each (409 neurons run on one thread by default).
"$hornet" run configs/pain_reset.toml -o results/pain_reset_none.h5 --quiet \
    --set 'slow.hypothesis="none"' "$@" >/dev/null &
none_run=$!
"$hornet" run configs/pain_reset.toml -o results/pain_reset.h5 "$@"
wait "$none_run"
"$hornet" plot results/pain_reset.h5 results/pain_reset_none.h5 -o results/pain_reset.png
for c in 0 1; do
    "$hornet" run configs/windup.toml -o "results/windup_${c}uM.h5" --quiet \
        --set "pharmacology.concentration=\"$c uM\"" >/dev/null
done
"$hornet" plot results/windup_0uM.h5 results/windup_1uM.h5 -o results/windup.png
"$hornet" run configs/ketamine_course.toml -o results/ketamine_course.h5 >/dev/null
"$hornet" plot results/ketamine_course.h5 -o results/ketamine_course.png
echo "open results/pain_reset.png (docs/pain-reset.md explains it)"
