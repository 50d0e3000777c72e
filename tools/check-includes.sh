#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Fails when a file includes a header its layer may not see (DESIGN.md "Layers and folders"):
#   models/       only the standard library, Eigen and hornet/core: no HDF5, toml++, OpenMP,
#                 iostreams, engine/io or tools;
#   engine/core/  no HDF5, toml++, models/, engine/io or tools;
#   HDF5 anywhere outside engine/io (and its own tests).
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
check() { # folder, regex, reason
  local hits
  hits=$(grep -rnE "^\s*#\s*include\s*[<\"]($2)" "$1" --include='*.hpp' --include='*.cpp' 2>/dev/null)
  if [[ -n "$hits" ]]; then
    echo "forbidden include in $1 ($3):"
    echo "$hits"
    status=1
  fi
}
check models 'hdf5|H5[A-Za-z]*\.h|toml\+\+|omp\.h|iostream|fstream|hornet/io/|tools/' "models are pure numerics"
check engine/core 'hdf5|H5[A-Za-z]*\.h|toml\+\+|models/|hornet/io/|tools/' "core knows models only through the registry"
# tests/unit/io checks the files engine/io writes, so it may read them with the HDF5 C API.
for dir in models engine/core engine/sweep tools tests/unit/core tests/unit/models tests/integration bench; do
  [[ -d "$dir" ]] && check "$dir" 'hdf5\.h|H5[A-Za-z]*\.h' "only engine/io touches HDF5"
done
[[ $status -eq 0 ]] && echo "includes: layering rules hold"
exit $status
