#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs what hornet needs from Debian's packages, and nothing else. Idempotent: when every
# package is present it prints nothing and changes nothing. Needs root (or sudo) only to install.
set -euo pipefail

packages=(
  cmake g++ make pkg-config clang-format clang-tidy   # build, format and lint checks
  libhdf5-dev hdf5-tools             # HDF5 1.10 C API (output files)
  libeigen3-dev                      # Eigen 3.4 (state arrays, matrix exponential)
  libtomlplusplus-dev                # toml++ 3 (scenario files)
  libcli11-dev                       # CLI11 (command line)
  librandom123-dev                   # Random123 (Philox counter-based RNG)
  libgtest-dev                       # GoogleTest
  libbenchmark-dev                   # Google Benchmark
  python3 python3-h5py python3-numpy python3-matplotlib   # readers and figures
  python3-brian                      # Brian2, the peer the validation tests compare against
  libopenmpi-dev openmpi-bin         # optional: the MPI task farm of hornet sweep (mpirun)
  python3-pandas                     # optional: load_sweep(..., as_frame=True)
)

missing=()
for p in "${packages[@]}"; do
  [[ "$p" == \#* ]] && continue
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "hornet: installing ${missing[*]}" >&2
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null || { echo "hornet: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "hornet: dependencies installed" >&2
