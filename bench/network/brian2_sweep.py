#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""The benchmark sweep of configs/sweeps/bench_coba_nmda.toml in Brian2 2.5.1 C++ standalone,
run the way Brian2 users run standalone parameter sweeps.

The sweep: the COBA + NMDA network with ketamine (configs/coba_nmda.toml, modelled by
brian2_coba_nmda.py) at 25 ketamine concentrations from 0 to 2 uM, 4 replicates each: 100
points of 1 s. The points are read from the sweep file and taken in hornet's order
(concentration outer, replicate inner; ``--points N`` runs the first N). Every point gets its
own seed (see "Seeds" below).

How Brian2 2.5.1 users run a standalone sweep
---------------------------------------------
A C++ standalone project can be built and run once per device state: a second
``device.build`` raises "The network has already been built and run before. To build several
simulations in the same script, call "device.reinit()" and "device.activate()". Note that you
will have to set build options (e.g. the directory) and defaultclock.dt again."
(brian2/devices/cpp_standalone/device.py, 2.5.1). The documented way to run several
independent simulations in one script ("Multiple builds" in the user guide, and the examples
standalone/standalone_multiplerun.py and multiprocessing/02_using_standalone.py) is therefore
one Python process with a loop::

    set_device("cpp_standalone", build_on_run=False)
    for point in points:
        device.reinit()
        device.activate(build_on_run=False)
        ...build the network for this point...
        run(1 * second)
        device.build(directory=SAME_DIR, compile=True, run=True)
        ...read the monitors...

Every point builds the network objects and generates the whole C++ project again from Python
and runs ``make`` in the project directory. Reusing one directory is meant to keep this
bearable: Brian2 rewrites only files whose contents changed, and ``make`` recompiles only
what changed. To use several cores, users run several such loops in worker processes
(``multiprocessing``), each with its own project directory (the multiprocessing example):
``--jobs K`` here, each worker taking the next point when it is free. ``--threads T`` instead
gives each point T OpenMP threads.

Object names: in this loop the reuse does not work as one would hope. Brian2 names code objects
``neurons_stateupdater_codeobject*``, i.e. with a ``_1``, ``_2`` ... suffix when an object of
that name still exists (brian2/core/names.py, ``find_name``), and the previous point's objects
are still alive when the next point is built (``device.reinit()`` drops the device's
references, but the groups, synapses and code objects form reference cycles that only
Python's cyclic garbage collector frees, at a time of its choosing). The names, and with them
``objects.h``, the makefile and most sources, change from point to point, so ``make``
recompiles nearly the whole project for every point (5-6 s with one worker, about 10 s with
two compiling at once, instead of 1.25 s).
``--gc`` calls ``gc.collect()`` right after ``device.reinit()``: then the names stay the same
and only ``main.cpp`` (which holds the seed and the value of the shared constant ``u_ket``) is
recompiled and relinked, as in a fresh process (the first point of a directory still compiles
everything). The plain loop is what the documentation shows and what users write; ``--gc`` is
the best a user who has found this out can do, and is the conservative comparison.

No recompilation-free path exists in 2.5.1. ``device.build`` and ``CPPStandaloneDevice.run``
do take a ``run_args`` argument, but in 2.5.1 it is only a list of command-line arguments
appended to ``./main``, and the generated ``main.cpp`` (template
devices/cpp_standalone/templates/main.cpp) never reads ``argc``/``argv``: every parameter
value and the seed are compiled into the program. Setting parameters at run time
(``device.run(run_args={group.var: value})``) arrived after 2.5.1 (brian-team/brian2 #1429).
The only way around recompiling in 2.5.1 is to write internal static-array files by hand
(a 2019 gist by the Brian2 authors, relying on private device machinery), which is not how the
version is meant to be used and would not cover the seed, so it is not used here.

Per point the script calls ``device.reinit()`` and ``device.activate(build_on_run=False)``
(then ``gc.collect()`` with ``--gc``) and ``brian2_coba_nmda.run_coba_nmda`` with this point's
concentration and seed: the same model code, scenario reading and standalone harness as
``brian2_coba_nmda.py``. The harness sets the device again (``set_device("cpp_standalone",
build_on_run=False)``, which only activates the active device once more), the threads, dt and
seed, builds the network, runs it with an explicit ``Network.run`` and calls
``device.build(directory=..., compile=True, run=True)``.

Seeds
-----
Brian2 seeds OpenMP thread t of a run with ``seed + t``, so consecutive integers would share
streams between points at 2 threads. Point i runs with ``splitmix64(master_seed, i) mod 2^31``,
master_seed being the sweep file's ``seed`` or the scenario's ``simulation.seed``: distinct
per point and reproducible. hornet's seeds come from its own generator; the two simulators
never share random streams anyway, so the points agree in statistics only.

Output
------
A summary on stdout (``--json OUT`` also writes every number): total wall time of the sweep
(from the start of this script, Brian2 imports and the first full compile included), points
per minute, and medians of the per-point wall time (``device.reinit()`` to the rates in
hand), the ``make`` time (Brian2's ``device.timers['compile']['make']``), the Python side
(building the objects and generating the code objects' code in ``Network.run``, plus
``device.build`` writing the project), the run of the binary (``device.timers['run_binary']``:
synapse creation, initialisation, the run loop and writing the results) and Brian2's own
timing of the run loop (``sim_seconds``). Per point: index, concentration, replicate, seed,
worker, those times, the mean exc and inh rates and the synapse counts.

Usage::

    /usr/bin/python3 bench/network/brian2_sweep.py --points 4              # develop
    /usr/bin/python3 bench/network/brian2_sweep.py --jobs 2 --json b2.json  # the full sweep
    /usr/bin/python3 bench/network/brian2_sweep.py --jobs 2 --gc
    /usr/bin/python3 bench/network/brian2_sweep.py --threads 2 --points 20
"""

import argparse
import gc
import json
import math
import multiprocessing
import os
import shutil
import statistics
import sys
import tempfile
import time
import tomllib
from pathlib import Path

T_START = time.perf_counter()

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True
import brian2_coba_nmda  # noqa: E402  (model, scenario reading, standalone harness)

DEFAULT_SWEEP = REPO / "configs" / "sweeps" / "bench_coba_nmda.toml"
AXIS_KEY = "pharmacology.concentration"
# [set] keys that do not change what Brian2 simulates (it records spikes only).
IGNORED_SET_KEYS = {"recording.reports"}

_MASK64 = (1 << 64) - 1


def splitmix64(x):
    x = (x + 0x9E3779B97F4A7C15) & _MASK64
    z = x
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & _MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & _MASK64
    return z ^ (z >> 31)


def point_seed(master_seed, index):
    """A seed per point for Brian2 (< 2^31, see "Seeds" in the docstring)."""
    return splitmix64(splitmix64(master_seed) ^ index) % (1 << 31)


def _axis_values_uM(axis, where):
    """The concentrations of the axis, in uM (values list, or linspace)."""
    def q(v, at):
        return brian2_coba_nmda.quantity(v, "uM", at)

    if "values" in axis:
        return [q(v, f"{where}.values") for v in axis["values"]]
    if "linspace" in axis:
        ls = axis["linspace"]
        start, stop, num = q(ls["start"], f"{where}.linspace.start"), \
            q(ls["stop"], f"{where}.linspace.stop"), int(ls["num"])
        if num < 1:
            raise brian2_coba_nmda.ConfigError(f"{where}.linspace.num must be >= 1")
        if num == 1:
            return [start]
        return [start + (stop - start) * i / (num - 1) for i in range(num)]
    raise brian2_coba_nmda.ConfigError(f"{where}: only `values` or `linspace` are modelled here")


def read_sweep(path):
    """The points of a sweep file in hornet's order: [{index, concentration_uM, replicate,
    seed}], and the base scenario's path. Only what the benchmark sweep uses is accepted: one
    axis over pharmacology.concentration, replicates, a seed, grid combination, and [set] keys
    that do not change the simulated network."""
    path = Path(path)
    with open(path, "rb") as fh:
        doc = tomllib.load(fh)
    err = brian2_coba_nmda.ConfigError
    scenario = (path.parent / doc["scenario"]).resolve()
    if doc.get("combine", "grid") != "grid" or doc.get("seeds", "per_point") != "per_point":
        raise err("only combine = \"grid\" and seeds = \"per_point\" are modelled")
    axes = doc.get("axes", [])
    if len(axes) != 1 or axes[0].get("key") != AXIS_KEY:
        raise err(f"expected exactly one axis, over {AXIS_KEY}")
    unknown = set(doc.get("set", {})) - IGNORED_SET_KEYS
    if unknown:
        raise err(f"[set] {sorted(unknown)}: not modelled by brian2_sweep.py")
    replicates = int(doc.get("replicates", 1))
    if "seed" in doc:
        master = int(doc["seed"])
    else:
        with open(scenario, "rb") as fh:
            master = int(tomllib.load(fh).get("simulation", {}).get("seed", 1))
    points = []
    for c in _axis_values_uM(axes[0], "axes[0]"):
        for r in range(replicates):
            i = len(points)
            points.append({"index": i, "concentration_uM": c, "replicate": r,
                           "seed": point_seed(master, i)})
    return points, scenario, master


# --- one worker: the users' loop ------------------------------------------------------------

_WORKER = {}


def _init_worker(counter, build_root, threads, method, scenario, gc_collect):
    """Runs once in every worker process: its id, its own project directory, the device."""
    with counter.get_lock():
        wid = counter.value
        counter.value += 1
    _start_worker(wid, build_root, threads, method, scenario, gc_collect)


def _start_worker(wid, build_root, threads, method, scenario, gc_collect):
    t0 = time.perf_counter()
    from brian2 import set_device  # the import (2-4 s) happens once per worker

    set_device("cpp_standalone", build_on_run=False)
    _WORKER.update(id=wid, build_dir=os.path.join(build_root, f"worker-{wid}"), threads=threads,
                   method=method, scenario=str(scenario), n_done=0,
                   gc=gc_collect,
                   import_seconds=time.perf_counter() - t0)


def run_point(pt):
    """One point: device.reinit(), device.activate(), network, run, device.build(same dir)."""
    from brian2 import device

    w = _WORKER
    t0 = time.perf_counter()
    device.reinit()
    device.activate(build_on_run=False)
    if w["gc"]:
        gc.collect()  # --gc: drop the previous point's objects (see "Object names")
    a, sc = brian2_coba_nmda.parse_args([
        "--config", w["scenario"], "--ketamine-uM", repr(pt["concentration_uM"]),
        "--seed", str(pt["seed"]), "--threads", str(w["threads"]), "--method", w["method"],
        "--build-dir", w["build_dir"]])
    res = brian2_coba_nmda.run_coba_nmda(a, sc)
    wall = time.perf_counter() - t0
    first = w["n_done"] == 0
    w["n_done"] += 1

    def num(v):
        return None if v is None or (isinstance(v, float) and math.isnan(v)) else v

    b_and_r = res["build_and_run_seconds"]
    compile_s, binary_s = num(res["compile_seconds"]), num(res["binary_seconds"])
    return dict(pt, **{
        "worker": w["id"],
        "first_in_worker": first,
        "worker_import_seconds": w["import_seconds"] if first else None,
        "wall_seconds": wall,
        # Python before device.build: objects, Network.run (generates the code objects' code)
        "network_seconds": res["total_seconds"] - b_and_r,
        "device_build_seconds": b_and_r,
        "compile_seconds": compile_s,
        "binary_seconds": binary_s,
        # device.build without make and the binary: writing the project files
        "write_project_seconds": (b_and_r - (compile_s or 0.0) - (binary_s or 0.0)),
        "sim_seconds": res["sim_seconds"],
        "rate_exc_hz": res["rate_exc_hz"],
        "rate_inh_hz": res["rate_inh_hz"],
        "n_spikes_exc": res["n_spikes_exc"],
        "n_spikes_inh": res["n_spikes_inh"],
        "n_synapses_exc": res["n_synapses_exc"],
        "n_synapses_inh": res["n_synapses_inh"],
        "u_ket": res["u_ket"],
        "t_end": time.perf_counter(),
    })


# --- driver ---------------------------------------------------------------------------------


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sweep", default=str(DEFAULT_SWEEP),
                   help="hornet sweep file giving the points (default: %(default)s)")
    p.add_argument("--points", type=int, default=None, metavar="N",
                   help="run the first N points (default: all, 100)")
    p.add_argument("--threads", type=int, default=1, help="OpenMP threads per point (default 1)")
    p.add_argument("--jobs", type=int, default=1,
                   help="worker processes, each with its own project directory (default 1)")
    p.add_argument("--method", default="euler", choices=brian2_coba_nmda.METHODS,
                   help="integration method (default euler, as compare_brian2 --nmda)")
    p.add_argument("--build-dir", default=None,
                   help="keep the project directories here (DIR/worker-K); default: a "
                        "temporary directory removed at the end. An existing one is reused "
                        "(no first full compile)")
    p.add_argument("--gc", action="store_true",
                   help="gc.collect() after device.reinit(), so that the object names and the "
                        "project stay the same and only main.cpp is recompiled per point")
    p.add_argument("--json", metavar="OUT", default=None, help="write every number here")
    p.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    a = p.parse_args(argv)
    if a.threads < 1 or a.jobs < 1:
        p.error("--threads and --jobs must be >= 1")
    try:
        a.point_list, a.scenario, a.master_seed = read_sweep(a.sweep)
    except (OSError, KeyError, ValueError, tomllib.TOMLDecodeError) as e:
        p.error(f"{a.sweep}: {e!s}")
    if a.points is not None:
        if not 1 <= a.points <= len(a.point_list):
            p.error(f"--points must be in [1, {len(a.point_list)}]")
        a.point_list = a.point_list[:a.points]
    return a


def median(vals):
    vals = [v for v in vals if v is not None and not (isinstance(v, float) and math.isnan(v))]
    return statistics.median(vals) if vals else float("nan")


def summarise(a, pts, total):
    later = [p for p in pts if not p["first_in_worker"]]
    n = len(pts)
    return {
        "n_points": n,
        "jobs": a.jobs,
        "threads": a.threads,
        "gc": a.gc,
        "total_seconds": total,
        "points_per_minute": 60.0 * n / total,
        "median_point_seconds": median([p["wall_seconds"] for p in pts]),
        "median_compile_seconds": median([p["compile_seconds"] for p in pts]),
        "median_python_seconds": median([p["network_seconds"] + p["write_project_seconds"]
                                         for p in pts]),
        "median_binary_seconds": median([p["binary_seconds"] for p in pts]),
        "median_sim_seconds": median([p["sim_seconds"] for p in pts]),
        "median_point_seconds_after_first": median([p["wall_seconds"] for p in later]),
        "median_compile_seconds_after_first": median([p["compile_seconds"] for p in later]),
        "first_point_seconds": [p["wall_seconds"] for p in pts if p["first_in_worker"]],
        "first_compile_seconds": [p["compile_seconds"] for p in pts if p["first_in_worker"]],
        "sum_point_seconds": sum(p["wall_seconds"] for p in pts),
    }


def fmt(v, spec=".2f"):
    return "-" if v is None or (isinstance(v, float) and math.isnan(v)) else format(v, spec)


def main(argv=None):
    a = parse_args(argv)
    own = a.build_dir is None
    root = tempfile.mkdtemp(prefix="hornet_brian2_sweep_") if own else a.build_dir
    os.makedirs(root, exist_ok=True)
    load_before = os.getloadavg()
    n = len(a.point_list)

    def log(msg):
        if not a.quiet:
            print(msg, file=sys.stderr, flush=True)

    pts = []

    def record(r):
        pts.append(r)
        log(f"[{len(pts)}/{n}] point {r['index']:3d} c={r['concentration_uM']:.4g} uM "
            f"rep {r['replicate']} worker {r['worker']}: {r['wall_seconds']:.2f} s "
            f"(make {fmt(r['compile_seconds'])} s, "
            f"python {r['network_seconds'] + r['write_project_seconds']:.2f} s, "
            f"sim {r['sim_seconds']:.3f} s), exc {r['rate_exc_hz']:.2f} Hz, "
            f"{time.perf_counter() - T_START:.0f} s elapsed")

    try:
        if a.jobs == 1:
            _start_worker(0, root, a.threads, a.method, a.scenario, a.gc)
            for pt in a.point_list:
                record(run_point(pt))
        else:
            ctx = multiprocessing.get_context("fork")
            counter = ctx.Value("i", 0)
            with ctx.Pool(a.jobs, initializer=_init_worker,
                          initargs=(counter, root, a.threads, a.method, a.scenario,
                                    a.gc)) as pool:
                for r in pool.imap_unordered(run_point, a.point_list, chunksize=1):
                    record(r)
        total = time.perf_counter() - T_START
    finally:
        if own:
            shutil.rmtree(root, ignore_errors=True)
    pts.sort(key=lambda p: p["index"])
    for p in pts:
        p["t_end"] -= T_START  # seconds since the start of the script
    s = summarise(a, pts, total)

    import brian2
    print(f"Brian2 {brian2.__version__} C++ standalone sweep ({a.sweep}): {n} points, "
          f"{a.jobs} job(s) x {a.threads} thread(s), method {a.method}"
          f"{', gc.collect() per point' if a.gc else ''}")
    print(f"  total wall time        {s['total_seconds']:8.1f} s  (Brian2 import and first "
          f"full compile per worker included)")
    print(f"  points per minute      {s['points_per_minute']:8.2f}")
    print(f"  median point           {s['median_point_seconds']:8.2f} s  "
          f"(after each worker's first: {fmt(s['median_point_seconds_after_first'])} s)")
    print(f"  median make            {fmt(s['median_compile_seconds'], '8.2f')} s  "
          f"(after first: {fmt(s['median_compile_seconds_after_first'])} s; first per worker: "
          f"{', '.join(fmt(v, '.1f') for v in s['first_compile_seconds'])} s)")
    print(f"  median Python side     {s['median_python_seconds']:8.2f} s  (objects, code "
          f"generation, writing the project)")
    print(f"  median binary          {fmt(s['median_binary_seconds'], '8.2f')} s  (./main: "
          f"synapses, initialisation, run loop, results)")
    print(f"  median run loop        {s['median_sim_seconds']:8.3f} s  (Brian2 sim_seconds)")
    by_c = {}
    for p in pts:
        by_c.setdefault(p["concentration_uM"], []).append(p["rate_exc_hz"])
    cs = sorted(by_c)
    for c in dict.fromkeys([cs[0], cs[-1]]):
        print(f"  exc rate at {c:.4g} uM     {statistics.fmean(by_c[c]):8.2f} Hz "
              f"(mean of {len(by_c[c])})")
    if a.json:
        doc = {
            "simulator": "brian2",
            "brian2_version": brian2.__version__,
            "sweep": str(a.sweep),
            "scenario": str(a.scenario),
            "master_seed": a.master_seed,
            "method": a.method,
            "cpus": os.cpu_count(),
            "loadavg_before": load_before,
            "loadavg_after": os.getloadavg(),
            "summary": s,
            "points": pts,
        }
        doc = json.loads(json.dumps(doc), parse_constant=lambda c: None)  # NaN -> null
        with open(a.json, "w") as fh:
            json.dump(doc, fh, indent=1)
        log(f"wrote {a.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
