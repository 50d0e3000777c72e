# SPDX-License-Identifier: MIT
"""Helpers shared by the validation tests against Brian2 (test_coba_vs_brian2.py,
test_coba_nmda_vs_brian2.py): prerequisites, running hornet and a Brian2 reference script,
the sustained-state mean rate, and the per-run table.

Environment: HORNET_EXE (hornet binary, required), HORNET_SOURCE_DIR (repository root; default:
found from this file), HORNET_VALIDATION_SEEDS (a count, e.g. "3" = seeds 1..3, or a list
"4,7,9"), HORNET_PYTHON_BRIAN2 (interpreter with brian2; default /usr/bin/python3).
"""

import json
import os
import subprocess
import sys
import time
import unittest
from pathlib import Path

SOURCE_DIR = Path(os.environ.get("HORNET_SOURCE_DIR", Path(__file__).resolve().parents[2]))
BENCH_DIR = SOURCE_DIR / "bench" / "network"
sys.path.insert(0, str(BENCH_DIR))
sys.dont_write_bytecode = True
import brian2_coba  # noqa: E402  (hornet_stats: both simulators summarised by the same code)

BRIAN2_PYTHON = os.environ.get("HORNET_PYTHON_BRIAN2", "/usr/bin/python3")
MIN_LATE_RATE_HZ = 1.0  # a run is "sustained" above this exc rate over the last 500 ms


def validation_seeds(default):
    """Seeds from HORNET_VALIDATION_SEEDS: a count n (seeds 1..n) or a comma-separated list."""
    spec = os.environ.get("HORNET_VALIDATION_SEEDS", str(default)).strip()
    if "," in spec:
        return [int(s) for s in spec.split(",") if s.strip()]
    return list(range(1, int(spec) + 1))


def hornet_exe_or_skip():
    """The hornet executable (HORNET_EXE, else RuntimeError); SkipTest if brian2 is missing."""
    exe = os.environ.get("HORNET_EXE")
    if not exe or not os.access(exe, os.X_OK):
        raise RuntimeError(f"HORNET_EXE must name the hornet executable (got {exe!r})")
    proc = subprocess.run([BRIAN2_PYTHON, "-c", "import brian2"], capture_output=True, text=True)
    if proc.returncode != 0:
        err = (proc.stderr.strip().splitlines()[-1:] or [""])[0]
        raise unittest.SkipTest(f"brian2 is not importable by {BRIAN2_PYTHON} ({err}); "
                                f"install python3-brian")
    return exe


def run_hornet(exe, scenario, out, seed, threads, overrides=()):
    """Runs `hornet run scenario` and returns brian2_coba.hornet_stats of its output, plus
    process_seconds. overrides: KEY=VALUE strings passed as --set."""
    cmd = [exe, "run", str(SOURCE_DIR / scenario), "-o", str(out), "--threads", str(threads),
           "--seed", str(seed), "--quiet"]
    for kv in overrides:
        cmd += ["--set", kv]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=SOURCE_DIR, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"hornet failed (exit {proc.returncode}): {' '.join(cmd)}\n"
                           f"{proc.stderr}")
    res = brian2_coba.hornet_stats(out)
    res["process_seconds"] = time.perf_counter() - t0
    return res


def run_brian2(script, args):
    """Runs bench/network/<script> --json <args> and returns its JSON object."""
    cmd = [BRIAN2_PYTHON, str(BENCH_DIR / script), "--json", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"Brian2 failed (exit {proc.returncode}): {' '.join(cmd)}\n"
                           f"{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def sustained(runs):
    """The runs (dicts, or a dict of them) whose exc rate over the last 500 ms shows
    self-sustained activity."""
    runs = runs.values() if isinstance(runs, dict) else runs
    return [r for r in runs if r["rate_exc_late_hz"] > MIN_LATE_RATE_HZ]


def mean_sustained_rate(runs, key="rate_exc_hz"):
    """Mean of `key` over the sustained runs (0 if none): a run that never ignited has no
    asynchronous state to compare."""
    s = sustained(runs)
    return sum(r[key] for r in s) / len(s) if s else 0.0


TABLE_HEADER = (f"{'exc Hz':>7} {'exc late':>8} {'inh Hz':>7} {'inh late':>8} {'CV exc':>6} "
                f"{'CV inh':>6} {'sim s':>6} {'total s':>7}")


def table_row(r):
    """The columns of TABLE_HEADER for one result dict."""
    def f(v, spec=".2f"):
        return "-" if v is None else format(v, spec)

    return (f"{f(r['rate_exc_hz']):>7} {f(r['rate_exc_late_hz']):>8} {f(r['rate_inh_hz']):>7} "
            f"{f(r['rate_inh_late_hz']):>8} {f(r['cv_exc']):>6} {f(r['cv_inh']):>6} "
            f"{f(r['sim_seconds'], '.3f'):>6} {f(r['total_seconds']):>7}")


def compile_note(first):
    """One line on the first (compiling) Brian2 run."""
    c = first.get("compile_seconds")
    return (f"Brian2 first run: compile {'-' if c is None else format(c, '.1f')} s, "
            f"total {first['total_seconds']:.1f} s")
