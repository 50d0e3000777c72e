#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Brian2 (C++ standalone) reference for the COBA benchmark.

Benchmark 1 of Brette et al. (2007), after Vogels & Abbott (2005):

* N = 4000 leaky integrate-and-fire neurons, 3200 excitatory and 800 inhibitory,
  ``dv/dt = (g_L (E_L - v) + ge (E_e - v) + gi (E_i - v)) / C``, C = 200 pF,
  g_L = 10 nS (tau_m = 20 ms), E_L = V_reset = -60 mV, V_th = -50 mV, refractory 5 ms
  (v clamped), E_e = 0 mV, E_i = -80 mV, ``dge/dt = -ge / 5 ms``, ``dgi/dt = -gi / 10 ms``;
* every excitatory neuron projects to every neuron with p = 0.02 (+6 nS on ge), every
  inhibitory neuron with p = 0.02 (+67 nS on gi); autapses allowed (Brian2's default);
  ``--indegree-exc K --indegree-inh K`` switches to fixed in-degree instead (each target
  draws K distinct sources, Brian2 ``connect(i='k for k in sample(N_pre, size=K)')``);
* dt = 0.1 ms, no external input; initial v ~ U[-60, -50] mV, ge ~ N(40, 15) nS,
  gi ~ N(200, 120) nS (not clipped, so a few conductances start negative, as in the
  original benchmark).

Delay convention (read this before comparing with hornet)
---------------------------------------------------------
hornet delivers a spike emitted at step n with a delay of d steps at the *start* of step
n + d, before the neuron update. Brian2 runs its ``synapses`` slot *after* the state update
and the threshold of the same step, so a Brian2 delay of 0 already reaches the next update.
A hornet delay D therefore corresponds to a Brian2 delay of D - dt. The hornet scenario
``configs/coba.toml`` uses 0.2 ms, so the comparison runs Brian2 with ``--delay-ms 0.1``
(the default here).

Integration: ``--method`` (default ``exponential_euler``: the conductances decay exactly, v is
advanced exactly with the conductances held over the step). ``euler`` is also accepted.

Timing
------
``sim_seconds`` is Brian2's own measurement of the network run loop (``device._last_run_time``,
read from ``results/last_run_info.txt``); it excludes code generation, compilation, synapse
creation and initialisation. The project is built with OpenMP (``openmp_threads`` =
``--threads``, also for one thread) because without OpenMP Brian2 times the loop with
``std::clock()``, i.e. CPU time, which would hide a competing load. ``--no-openmp`` builds the
serial code instead (about 10 % faster at one thread on the development machine, same spikes);
its ``sim_seconds`` is then CPU time (``sim_clock`` = ``cpu`` in the JSON). ``total_seconds`` is the
wall time of the whole script from importing Brian2 to reading the results, including code
generation and compilation; ``compile_seconds`` is the ``make`` step alone and ``binary_seconds``
the whole run of the compiled program. Brian2's default compiler flags are kept and reported.

Seeds: Brian2 2.5.1 writes the seed into ``main.cpp``. Re-running with another seed in the same
``--build-dir`` regenerates only ``main.cpp`` (Brian2 rewrites files only when their content
changes), so ``make`` recompiles one file and relinks.

Usage::

    /usr/bin/python3 bench/network/brian2_coba.py --threads 2 --seed 1 --json

The helpers ``spike_stats`` and ``hornet_stats`` are imported by ``compare_brian2`` and by
the validation tests (``tests/validation/brian2_support.py``) so that both simulators are
summarised by the same code. ``brian2_coba_nmda.py`` reuses the standalone harness
(``run_standalone``: device, threads, seed, build, timing and the result dict), the shared
options (``add_run_arguments``) and ``print_result``.
"""

import argparse
import json
import math
import os
import shutil
import sys
import tempfile
import time

# --- summaries shared with compare_brian2 and the validation test --------------------------


def spike_stats(times_ms, ids, n_nodes, duration_ms, late_window_ms=500.0):
    """Summarise the spikes of one population.

    times_ms, ids: sequences of spike times [ms] and 0-based node ids within the population.
    Returns n_spikes, rate_hz (mean over the whole run), rate_late_hz (mean over the last
    ``late_window_ms``, or the second half if the run is shorter than twice that), cv_isi
    (mean over neurons with at least 3 spikes of std(ISI)/mean(ISI), NaN if none) and
    n_cv_neurons.
    """
    import numpy as np

    times_ms = np.asarray(times_ms, dtype=np.float64)
    ids = np.asarray(ids, dtype=np.int64)
    n_spikes = int(times_ms.size)
    window = late_window_ms if duration_ms >= 2.0 * late_window_ms else 0.5 * duration_ms
    t_late = duration_ms - window
    n_late = int(np.count_nonzero(times_ms >= t_late))
    denom = max(n_nodes, 1)
    rate = n_spikes / denom / (duration_ms * 1e-3) if duration_ms > 0 else float("nan")
    rate_late = n_late / denom / (window * 1e-3) if window > 0 else float("nan")

    cvs = []
    if n_spikes:
        order = np.lexsort((times_ms, ids))
        t_sorted, id_sorted = times_ms[order], ids[order]
        bounds = np.flatnonzero(np.diff(id_sorted)) + 1
        for t in np.split(t_sorted, bounds):
            if t.size >= 3:
                isi = np.diff(t)
                m = isi.mean()
                if m > 0:
                    cvs.append(isi.std() / m)
    return {
        "n_spikes": n_spikes,
        "rate_hz": rate,
        "rate_late_hz": rate_late,
        "late_window_ms": window,
        "cv_isi": float(np.mean(cvs)) if cvs else float("nan"),
        "n_cv_neurons": len(cvs),
    }


def summarise(pops, duration_ms):
    """pops: {name: (times_ms, ids, n_nodes)} -> flat dict with <name>_ prefixed keys."""
    out = {}
    for name, (times, ids, n_nodes) in pops.items():
        s = spike_stats(times, ids, n_nodes, duration_ms)
        out[f"n_{name}"] = int(n_nodes)
        out[f"n_spikes_{name}"] = s["n_spikes"]
        out[f"rate_{name}_hz"] = s["rate_hz"]
        out[f"rate_{name}_late_hz"] = s["rate_late_hz"]
        out[f"cv_{name}"] = s["cv_isi"]
        out[f"n_cv_{name}"] = s["n_cv_neurons"]
        out["late_window_ms"] = s["late_window_ms"]
    return out


def hornet_stats(h5_path, populations=("exc", "inh")):
    """Read a hornet output file and summarise it like the Brian2 run.

    Expects root attributes wall_time_simulation, wall_time_total, wall_time_build [s],
    duration [ms], threads, and /spikes/<pop>/{timestamps [ms], node_ids} with the group
    attribute n_nodes.
    """
    import h5py
    import numpy as np

    def scalar(v):
        v = np.asarray(v).reshape(-1)[0] if np.ndim(v) else v
        return v.item() if hasattr(v, "item") else v

    with h5py.File(h5_path, "r") as f:
        attrs = f.attrs
        missing = [k for k in ("wall_time_simulation", "wall_time_total", "duration")
                   if k not in attrs]
        if missing:
            raise KeyError(f"{h5_path}: missing root attribute(s) {', '.join(missing)}")
        duration_ms = float(scalar(attrs["duration"]))
        pops = {}
        for name in populations:
            key = f"spikes/{name}"
            if key not in f:
                raise KeyError(f"{h5_path}: no group /{key}")
            g = f[key]
            if "n_nodes" not in g.attrs:
                raise KeyError(f"{h5_path}: /{key} has no attribute n_nodes")
            pops[name] = (g["timestamps"][()], g["node_ids"][()], int(scalar(g.attrs["n_nodes"])))
        out = {
            "simulator": "hornet",
            "sim_seconds": float(scalar(attrs["wall_time_simulation"])),
            "total_seconds": float(scalar(attrs["wall_time_total"])),
            "build_seconds": (float(scalar(attrs["wall_time_build"]))
                              if "wall_time_build" in attrs else float("nan")),
            "duration_ms": duration_ms,
            "threads": int(scalar(attrs["threads"])) if "threads" in attrs else None,
            "seed": int(scalar(attrs["seed"])) if "seed" in attrs else None,
        }
    out.update(summarise(pops, duration_ms))
    return out


# --- the Brian2 model -----------------------------------------------------------------------


def add_run_arguments(p, methods, default_method, default_duration_ms=1000.0, default_dt_ms=0.1):
    """Options shared by the Brian2 reference scripts: duration, dt, method, seed, threads,
    OpenMP, build directory and output."""
    p.add_argument("--duration-ms", type=float, default=default_duration_ms)
    p.add_argument("--dt-ms", type=float, default=default_dt_ms)
    p.add_argument("--method", default=default_method, choices=methods)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--threads", type=int, default=1, help="OpenMP threads (>= 1)")
    p.add_argument("--no-openmp", action="store_true",
                   help="with --threads 1: build without OpenMP (Brian2 then times the run "
                        "loop in CPU time, which hides a competing load)")
    p.add_argument("--build-dir", default=None,
                   help="standalone project directory (kept; reuse it to avoid recompiling); "
                        "default: a temporary directory removed afterwards")
    p.add_argument("--clean", action="store_true", help="force a full rebuild (make clean)")
    p.add_argument("--save-spikes", default=None, metavar="FILE.npz",
                   help="also save spike times [ms] and ids per population")
    p.add_argument("--json", action="store_true", help="print one JSON object to stdout")


def check_run_arguments(p, a):
    """Rejects inconsistent options added by add_run_arguments (p.error exits)."""
    if a.threads < 1:
        p.error("--threads must be >= 1")
    if a.no_openmp and a.threads != 1:
        p.error("--no-openmp needs --threads 1")
    if a.duration_ms <= 0 or a.dt_ms <= 0:
        p.error("--duration-ms and --dt-ms must be positive")


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        description="COBA benchmark (Brette et al. 2007, benchmark 1) in Brian2 C++ standalone.")
    p.add_argument("--n-exc", type=int, default=3200)
    p.add_argument("--n-inh", type=int, default=800)
    p.add_argument("--indegree-exc", type=int, default=None,
                   help="fixed excitatory in-degree per target (needs --indegree-inh too)")
    p.add_argument("--indegree-inh", type=int, default=None,
                   help="fixed inhibitory in-degree per target")
    p.add_argument("--p-connect", type=float, default=0.02,
                   help="connection probability when no fixed in-degree is given")
    p.add_argument("--delay-ms", type=float, default=0.1,
                   help="Brian2 synaptic delay; hornet delay D corresponds to D - dt here")
    add_run_arguments(p, ["exponential_euler", "euler", "rk2", "rk4"], "exponential_euler")
    a = p.parse_args(argv)
    if (a.indegree_exc is None) != (a.indegree_inh is None):
        p.error("--indegree-exc and --indegree-inh must be given together")
    check_run_arguments(p, a)
    if a.n_exc < 1 or a.n_inh < 1:
        p.error("--n-exc and --n-inh must be positive")
    if a.delay_ms < 0:
        p.error("--delay-ms must be >= 0")
    return a


def import_brian2():
    try:
        import brian2  # noqa: F401
    except ImportError as e:
        sys.exit(f"brian2_coba.py: cannot import brian2 ({e}); install python3-brian "
                 f"(Debian: apt-get install python3-brian) and run with /usr/bin/python3")
    return brian2


def run_standalone(a, build_network, prefix="hornet_brian2_coba_"):
    """Generate, compile and run a network in C++ standalone mode; returns the result dict.

    Sets up the device (OpenMP threads, make -j), dt and seed from ``a`` (the options of
    add_run_arguments), then calls ``build_network(brian2)``, which creates the network in
    returns ``(group, n_exc, objects, info)``: the NeuronGroup whose first n_exc neurons are the
    excitatory population (the rest inhibitory, monitored together), the other objects of the
    network (synapses; they go into an explicit Network, since Brian2's magic network would only
    see the objects named in the caller's frame), and a function returning the model-specific
    result keys, called after the run (e.g. synapse counts).
    """
    t0 = time.perf_counter()
    b2 = import_brian2()
    from brian2 import Network, SpikeMonitor, defaultclock, device, ms, prefs, seed, set_device
    import numpy as np

    own_dir = a.build_dir is None
    build_dir = tempfile.mkdtemp(prefix=prefix) if own_dir else a.build_dir
    os.makedirs(build_dir, exist_ok=True)
    try:
        set_device("cpp_standalone", build_on_run=False)
        prefs.devices.cpp_standalone.openmp_threads = 0 if a.no_openmp else a.threads
        # Compile in parallel on at most the available cores (Brian2's default is a bare
        # "make -j"); this does not change the generated binary.
        prefs.devices.cpp_standalone.extra_make_args_unix = [f"-j{os.cpu_count() or 1}"]
        compiler_flags = list(prefs.codegen.cpp.extra_compile_args_gcc)
        defaultclock.dt = a.dt_ms * ms
        seed(a.seed)
        P, n_exc, objects, info = build_network(b2)
        n_inh = len(P) - n_exc
        mon = SpikeMonitor(P, name="spikes")

        Network(P, *objects, mon).run(a.duration_ms * ms)
        t_build = time.perf_counter()
        device.build(directory=build_dir, compile=True, run=True, clean=a.clean,
                     with_output=False)
        t_done = time.perf_counter()

        i_all = np.asarray(mon.i[:], dtype=np.int64)
        t_all = np.asarray(mon.t[:] / ms, dtype=np.float64)
        exc = i_all < n_exc
        pops = {"exc": (t_all[exc], i_all[exc], n_exc),
                "inh": (t_all[~exc], i_all[~exc] - n_exc, n_inh)}
        if a.save_spikes:
            np.savez(a.save_spikes, exc_times_ms=pops["exc"][0], exc_ids=pops["exc"][1],
                     inh_times_ms=pops["inh"][0], inh_ids=pops["inh"][1])
        timers = device.timers
        total = time.perf_counter() - t0
        res = {
            "simulator": "brian2",
            "brian2_version": b2.__version__,
            "sim_seconds": float(device._last_run_time),
            "total_seconds": total,
            "build_and_run_seconds": t_done - t_build,
            "compile_seconds": (timers["compile"]["make"] if timers["compile"]["make"]
                                is not None else float("nan")),
            "binary_seconds": (timers["run_binary"] if timers["run_binary"] is not None
                               else float("nan")),
            "threads": a.threads,
            "openmp_threads": int(prefs.devices.cpp_standalone.openmp_threads),
            "sim_clock": "cpu" if a.no_openmp else "wall",
            "seed": a.seed,
            "duration_ms": a.duration_ms,
            "dt_ms": a.dt_ms,
        }
        res.update(info())
        res["compiler_flags"] = compiler_flags
        res["build_dir"] = None if own_dir else os.path.abspath(build_dir)
        res.update(summarise(pops, a.duration_ms))
        return res
    finally:
        if own_dir:
            shutil.rmtree(build_dir, ignore_errors=True)


def run_coba(a):
    """Build, compile and run the network; returns the result dict."""

    def build_network(b2):
        from brian2 import NeuronGroup, Synapses, mV, ms, nS, pF

        ns = dict(C=200 * pF, g_L=10 * nS, E_L=-60 * mV, V_th=-50 * mV, V_reset=-60 * mV,
                  E_e=0 * mV, E_i=-80 * mV, tau_e=5 * ms, tau_i=10 * ms,
                  w_e=6 * nS, w_i=67 * nS)
        eqs = """
        dv/dt = (g_L*(E_L - v) + ge*(E_e - v) + gi*(E_i - v)) / C : volt (unless refractory)
        dge/dt = -ge / tau_e : siemens
        dgi/dt = -gi / tau_i : siemens
        """
        n = a.n_exc + a.n_inh
        P = NeuronGroup(n, eqs, threshold="v > V_th", reset="v = V_reset",
                        refractory=5 * ms, method=a.method, namespace=ns, name="neurons")
        Pe, Pi = P[:a.n_exc], P[a.n_exc:]
        Ce = Synapses(Pe, P, on_pre="ge += w_e", delay=a.delay_ms * ms, namespace=ns,
                      name="syn_exc")
        Ci = Synapses(Pi, P, on_pre="gi += w_i", delay=a.delay_ms * ms, namespace=ns,
                      name="syn_inh")
        if a.indegree_exc is None:
            Ce.connect(p=a.p_connect)
            Ci.connect(p=a.p_connect)
            connectivity = {"rule": "pairwise_bernoulli", "p": a.p_connect}
        else:
            if a.indegree_exc > a.n_exc or a.indegree_inh > a.n_inh:
                sys.exit("brian2_coba.py: in-degree larger than the source population")
            Ce.connect(i="k for k in sample(N_pre, size=K_e)",
                       namespace={"K_e": a.indegree_exc})
            Ci.connect(i="k for k in sample(N_pre, size=K_i)",
                       namespace={"K_i": a.indegree_inh})
            connectivity = {"rule": "fixed_indegree", "k_exc": a.indegree_exc,
                            "k_inh": a.indegree_inh}
        P.v = "E_L + rand() * (V_th - E_L)"
        P.ge = "(40 + 15 * randn()) * nS"
        P.gi = "(200 + 120 * randn()) * nS"

        def info():
            return {"delay_ms": a.delay_ms, "method": a.method, "connectivity": connectivity,
                    "n_synapses_exc": int(len(Ce)), "n_synapses_inh": int(len(Ci))}

        return P, a.n_exc, [Ce, Ci], info

    return run_standalone(a, build_network)


def _fmt(v):
    return f"{v:.4g}" if isinstance(v, float) else str(v)


def print_result(res, as_json):
    """One JSON object (NaN written as null, which JSON lacks), or one aligned line per key."""
    if as_json:
        clean = {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in res.items()}
        print(json.dumps(clean))
    else:
        for k, v in res.items():
            print(f"{k:>22}: {_fmt(v)}")


def main(argv=None):
    a = parse_args(argv)
    print_result(run_coba(a), a.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
