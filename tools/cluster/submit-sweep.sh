#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Submits a hornet sweep to SLURM as a job array of TASKS shards, plus one small job that runs
# after all of them (afterany: also when some failed) and assembles the complete DIR/sweep.h5.
#
#   tools/cluster/submit-sweep.sh configs/sweeps/pain_reset_dose.toml /scratch/$USER/dose 16
#
# Check the sweep first on a login node: hornet sweep SWEEP.toml --dry-run
set -euo pipefail
sweep_file=${1:?usage: submit-sweep.sh SWEEP.toml DIR TASKS}
directory=${2:?usage: submit-sweep.sh SWEEP.toml DIR TASKS}
tasks=${3:?usage: submit-sweep.sh SWEEP.toml DIR TASKS}
here=$(cd "$(dirname "$0")" && pwd)
hornet=${HORNET:-hornet}

"$hornet" sweep "$sweep_file" --dry-run > /dev/null # bad input stops here, not in the queue
array=$(sbatch --parsable --array="0-$((tasks - 1))" "$here/sweep.slurm" "$sweep_file" "$directory")
sbatch --dependency="afterany:$array" --job-name=hornet-sweep-table --cpus-per-task=1 \
  --time=00:30:00 --output="hornet-sweep-table-%j.out" \
  --wrap="$hornet sweep '$sweep_file' -o '$directory' --collect"
echo "submitted job array $array ($tasks shards) and the table job after it"
