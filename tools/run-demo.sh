#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The main job: install what is missing, build (release), and run the demo scenarios:
#   results/coba.h5             the COBA benchmark network (extra arguments go to this run)
#   results/coba_nmda_0uM.h5    COBA with NMDA receptors, no ketamine
#   results/coba_nmda_1uM.h5    the same with 1 uM ketamine at the receptors: lower rates
#   results/ketamine_infusion.h5  pharmacokinetics of a 4 h infusion (milliseconds)
#   results/windup_0uM.h5 / windup_1uM.h5  16 C-fibre pulses at 1 Hz on the dorsal horn: the
#                               projection neurons wind up; 1 uM ketamine removes most of it
#   results/sensitization.h5    HFS conditioning potentiates the C-fibre synapses (/slow/rho)
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
for c in 0 1; do
    "$hornet" run configs/windup.toml -o "results/windup_${c}uM.h5" --quiet \
        --set "pharmacology.concentration=\"$c uM\""
done
"$hornet" run configs/sensitization.toml -o results/sensitization.h5 --quiet
/usr/bin/python3 - <<'PY'
import sys
sys.path.insert(0, "tools/python")
import hornet
for c in (0, 1):
    _, s = hornet.load_readout(f"results/windup_{c}uM.h5", "windup")
    idx = " ".join(f"{x:.1f}" for x in s["windup_index"].values)
    print(f"wind-up index, {c} uM ketamine: {idx}")
_, rho = hornet.load_slow("results/sensitization.h5", "c_fibres_to_projection")
print(f"sensitization: C-fibre synapses potentiated {rho['potentiated'].values[0]:.2f} -> "
      f"{rho['potentiated'].values[-1]:.2f} after HFS")
PY
