# SPDX-License-Identifier: MIT
"""Figures for hornet output files, one call per kind, sized for a classroom projector.

:func:`detect_kind` picks the figure from what a file contains; :func:`plot` draws it and
writes a PNG (``python3 -m hornet.plot`` and ``hornet plot`` call it)::

    pain_course       /readout/pain_signal: a treatment course, one file per reset hypothesis
    sensitization     /slow/rho: synaptic efficacy of plastic C-fibre synapses, test responses
    windup            a /readout table with windup_index: response per pulse, several files
    pharmacokinetics  /pharmacology and no spikes: concentrations and infusions
    raster            spikes: every recorded population and its rate
    sweep             a parameter sweep's table (root attribute kind = "sweep", DIR/sweep.h5,
                      or its directory DIR): metrics against the sweep's axes

The ``*_figure`` functions return a :class:`matplotlib.figure.Figure` (for notebooks) and use
no pyplot state, so importing this module changes no matplotlib backend.
"""

import os

import numpy as np
from matplotlib import rc_context
from matplotlib.figure import Figure

from . import readers
from .course_figure import pain_course_figure
from .figure_style import (DAY_MS, HOUR_MS, STYLE, NothingToPlot, clock, infusions,
                           population_colors, shade_infusions, stem)
from .sweep_figure import sweep_figure

KINDS = ("pain_course", "sensitization", "windup", "pharmacokinetics", "raster", "sweep")

__all__ = ["KINDS", "NothingToPlot", "detect_kind", "plot", "pain_course_figure",
           "windup_figure", "pharmacokinetics_figure", "sensitization_figure", "raster_figure",
           "sweep_figure"]


def _windup_readouts(f):
    """Names of the /readout tables with a windup_index series; "windup" first."""
    group = f.get("readout")
    names = [n for n in (group.keys() if group is not None else []) if "windup_index" in group[n]]
    return sorted(names, key=lambda n: (n != "windup", n))


def _has_spikes(f):
    group = f.get("spikes")
    return group is not None and any(group[n]["timestamps"].shape[0] > 0 for n in group)


def detect_kind(path):
    """The figure :func:`plot` draws for ``path`` with kind "auto" (one of :data:`KINDS`).

    Raises :class:`NothingToPlot` naming the file when it holds nothing these figures show.
    A sweep's directory (holding sweep.h5) is a "sweep".
    """
    if os.path.isdir(os.fspath(path)):
        readers._sweep_file(path)  # FileNotFoundError naming the directory without sweep.h5
        return "sweep"
    with readers._open(path) as f:
        if readers._decode(f.attrs.get("kind", "")) == readers.SWEEP_KIND:
            return "sweep"
        if "readout/pain_signal" in f:
            return "pain_course"
        if "slow/rho" in f:
            return "sensitization"
        if _windup_readouts(f):
            return "windup"
        spikes = _has_spikes(f)
        if "pharmacology" in f and not spikes:
            return "pharmacokinetics"
        if spikes:
            return "raster"
    raise NothingToPlot(f"{os.fspath(path)}: nothing to plot (no spikes, readouts, "
                        f"pharmacology or plasticity recorded)")


def _windup_label(path):
    """The file's stem, with the ketamine concentration when it was fixed (a bath)."""
    with readers._open(path) as f:
        d = f.get("pharmacology/receptor_ketamine")
        values = np.asarray(d[...], dtype=float) if d is not None else np.array([])
    if values.size and np.allclose(values, values[0]):
        drug = f"ketamine {values[0]:g} \N{MICRO SIGN}M" if values[0] > 0 else "no ketamine"
        return f"{stem(path)} ({drug})"
    return stem(path)


def windup_figure(paths, labels=None):
    """Response per pulse and wind-up index vs pulse number, one line per file."""
    fig = Figure(figsize=(12, 5.8), dpi=120, layout="constrained")
    ax_resp, ax_index = fig.subplots(1, 2)
    period_s = None
    for i, path in enumerate(paths):
        with readers._open(path) as f:
            names = _windup_readouts(f)
        if not names:
            raise NothingToPlot(f"{os.fspath(path)}: no /readout table with a windup_index "
                                f"series (a stimulus_response readout)")
        t, s = readers.load_readout(path, names[0])
        response = s.get("response_per_neuron", s["response"])
        pulse = np.arange(1, len(t) + 1)
        label = labels[i] if labels else _windup_label(path)
        style = dict(marker="o", lw=2, ms=6, label=label)
        ax_resp.plot(pulse, response.values, **style)
        ax_index.plot(pulse, s["windup_index"].values, **style)
        if len(t) > 1:
            period_s = float(np.median(np.diff(t))) / 1000.0
    per_neuron = "response_per_neuron" in s
    ax_resp.set_ylabel("response (spikes per neuron per pulse)" if per_neuron
                       else f"response (spikes per pulse, {response.units or '1'})")
    ax_resp.set_title("Projection-neuron response to each pulse")
    ax_index.axhline(1.0, color="0.4", ls="--", lw=1.2)
    ax_index.set_ylabel("wind-up index (response / first response)")
    ax_index.set_title("Wind-up index")
    for ax in (ax_resp, ax_index):
        ax.set_xlabel("pulse number")
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
        ax.legend(loc="lower right")  # wind-up rises to the upper right: keep clear of it
    rate = f" (one pulse every {period_s:g} s, {1.0 / period_s:g} Hz)" if period_s else ""
    fig.suptitle(f"Wind-up of projection neurons{rate}", fontsize=15)
    return fig


def _concentrations(ax, t, s, periods, scale_ms, unit, legend=True):
    """Plasma and effect site (left, ng/mL) and receptor ketamine (right, uM) on ``ax``."""
    x = t / scale_ms
    handles = []
    for name, label, color, width in (("plasma", "plasma", "tab:blue", 3.0),
                                      ("effect_site", "effect site", "tab:orange", 2.0)):
        if name in s:
            handles += ax.plot(x, s[name].values, lw=width, color=color, label=label)
    peak = max((float(np.max(s[n].values)) for n in ("plasma", "effect_site") if n in s),
               default=1.0)
    ax.set_ylim(0, max(peak, 1e-3) * 1.45)  # headroom for the legend row
    ax.set_ylabel(f"ketamine ({s['plasma'].units if 'plasma' in s else 'ng/mL'})")
    ax.set_xlabel(f"time ({unit})")
    ax.set_xlim(x[0], x[-1])
    if "receptor_ketamine" in s:
        twin = ax.twinx()
        r = s["receptor_ketamine"]
        handles += twin.plot(x, r.values, lw=1.6, ls="--", color="darkgreen",
                             label="at the receptors (right axis)")
        twin.set_ylabel(f"receptor ketamine ({r.units or 'uM'})", color="darkgreen")
        # NOTE: twice the peak, so the curve does not hide the plasma curve it tracks.
        twin.set_ylim(0, max(float(np.max(r.values)), 1e-6) * 2.0)
    patch = shade_infusions(ax, periods, scale_ms, alpha=0.25, label="infusion")
    if patch is not None:
        handles.append(patch)
    if legend:
        ax.legend(handles=handles, loc="upper center", ncol=len(handles), fontsize=11)
    ax.grid(alpha=0.3)


def pharmacokinetics_figure(path):
    """Plasma and effect-site ketamine (ng/mL), receptor ketamine (uM), infusions shaded; a
    course longer than 72 h is shown in days, with its first infusion day in hours below."""
    t, s = readers.load_pharmacology(path)
    if not len(t):
        raise NothingToPlot(f"{os.fspath(path)}: /pharmacology has no samples")
    periods = infusions(t, s["dosed"].values) if "dosed" in s else []
    in_days = t[-1] - t[0] > 72 * HOUR_MS
    zoom = in_days and bool(periods)
    fig = Figure(figsize=(12, 9.5 if zoom else 6), dpi=120, layout="constrained")
    axes = fig.subplots(2 if zoom else 1, 1, squeeze=False)[:, 0]
    _concentrations(axes[0], t, s, periods, DAY_MS if in_days else HOUR_MS,
                    "days" if in_days else "h")
    if zoom:
        day = np.floor(periods[0][0] / DAY_MS) * DAY_MS
        keep = (t >= day) & (t <= day + DAY_MS)
        _concentrations(axes[1], t[keep] - day, {k: v._replace(values=v.values[keep])
                                                 for k, v in s.items()},
                        [(a - day, b - day) for a, b in periods if a < day + DAY_MS],
                        HOUR_MS, "h since midnight", legend=False)
        axes[1].set_xticks(np.arange(0, 25, 3))
        start, stop = (clock(v).split(", ")[1] for v in periods[0])
        axes[1].set_title(f"Zoom: day {int(day / DAY_MS)}, the first infusion "
                          f"({start}\N{EN DASH}{stop})", loc="left")
    title = "Ketamine pharmacokinetics (simulated)"
    if "dosed" in s:
        n = len(periods)
        title += f": {s['dosed'].values[-1]:.0f} mg in {n} infusion{'s' if n != 1 else ''}"
    fig.suptitle(title, fontsize=15)
    return fig


_TIME_MS = {"ms": 1.0, "s": 1000.0, "min": 60_000.0, "h": HOUR_MS}
_RATE_HZ = {"Hz": 1.0, "kHz": 1000.0}
# NOTE: the hfs protocol's defaults (hornet inspect --model hfs), for keys a scenario leaves out.
_HFS_DEFAULTS = {"start": "0 ms", "count": 100, "frequency": "100 Hz", "trains": 5,
                 "train_interval": "10 s"}


def _quantity(text, units):
    value, _, unit = str(text).strip().partition(" ")
    return float(value) * units[unit.strip()]


def _conditioning(path):
    """HFS trains of the scenario as ``[(start_ms, stop_ms), ...]`` ([] if none or unreadable)."""
    trains = []
    for stimulus in _scenario(path).get("stimuli", []):
        if stimulus.get("protocol") != "hfs":
            continue
        p = {**_HFS_DEFAULTS, **stimulus}
        try:
            start = _quantity(p["start"], _TIME_MS)
            length = float(p["count"]) / _quantity(p["frequency"], _RATE_HZ) * 1000.0
            every = _quantity(p["train_interval"], _TIME_MS)
        except (KeyError, ValueError):
            continue
        trains += [(start + k * every, start + k * every + length) for k in range(int(p["trains"]))]
    return trains


def sensitization_figure(path):
    """Mean rho and fraction potentiated of every plastic projection, and test responses."""
    with readers._open(path) as f:
        projections = list(f["slow/rho"].keys())
        tables = list(f["readout"].keys()) if "readout" in f else []
    fig = Figure(figsize=(12, 8), dpi=120, layout="constrained")
    ax_rho, ax_test = fig.subplots(2, 1, sharex=True, height_ratios=[1.3, 1])
    t_end = 0.0
    for projection in projections:
        t, s = readers.load_slow(path, projection)
        t_end = max(t_end, float(t[-1]) if len(t) else 0.0)
        name = projection.replace("_", " ")
        if "mean" in s:
            ax_rho.plot(t / 1000.0, s["mean"].values, lw=2.2, label=f"mean rho, {name}")
        if "potentiated" in s:
            ax_rho.plot(t / 1000.0, s["potentiated"].values, lw=2.2, ls="--",
                        label=f"fraction potentiated, {name}")
    ax_rho.set_ylabel("rho (1) and\nfraction potentiated (1)")
    ax_rho.set_ylim(-0.02, 1.05)
    ax_rho.set_title("C-fibre synapses onto projection neurons (rho: 0 = depressed, "
                     "1 = potentiated)", loc="left")
    readouts = [(name, *readers.load_readout(path, name)) for name in tables]
    readouts = sorted((r for r in readouts if len(r[1])), key=lambda r: r[1][0])
    top = 1.0
    for name, t, s in readouts:
        values = s.get("response_per_neuron", s.get("response", s.get("rate"))).values
        ax_test.plot(t / 1000.0, values, "o", ms=10, label=name.replace("_", " "))
        t_end = max(t_end, float(t[-1]))
        top = max(top, 1.3 * float(np.nanmax(values)))
    if not readouts:
        ax_test.text(0.5, 0.5, "no test responses (/readout) in this file", ha="center",
                     transform=ax_test.transAxes)
    ax_test.set_ylabel("response\n(spikes per neuron)")
    ax_test.set_ylim(0, top)
    ax_test.set_xlabel("time (s)")
    ax_test.set_xlim(0, t_end / 1000.0 * 1.02)
    ax_test.set_title("Projection-neuron response to test pulses", loc="left")
    trains = _conditioning(path)
    for ax in (ax_rho, ax_test):
        handles, _ = ax.get_legend_handles_labels()
        patch = shade_infusions(ax, trains, 1000.0, alpha=0.3,
                                label="HFS conditioning (100 Hz trains)", color="tab:red")
        ax.legend(handles=handles + ([patch] if patch is not None else []), loc="upper left")
        ax.grid(alpha=0.3)
    fig.suptitle("Central sensitisation: HFS potentiates C-fibre synapses", fontsize=15)
    return fig


def _rates(times_ms, n, t0, t1, bin_ms=5.0, smooth_bins=2.0):
    """Population rate in Hz on 5 ms bins, smoothed with a Gaussian of ``smooth_bins`` bins."""
    edges = np.arange(t0, t1 + bin_ms, bin_ms)
    counts, _ = np.histogram(times_ms, edges)
    half = int(np.ceil(3 * smooth_bins))
    kernel = np.exp(-0.5 * (np.arange(-half, half + 1) / smooth_bins) ** 2)
    # NOTE: dividing by the smoothed ones keeps the first and last bins from sagging.
    smooth = np.convolve(counts, kernel, "same") / np.convolve(np.ones(len(counts)), kernel, "same")
    return edges[:-1] + bin_ms / 2, smooth / max(n, 1) / (bin_ms / 1000.0)


def _scenario(path):
    """The resolved scenario (root attribute config_toml) as a dict, or {} without one."""
    text = readers.provenance(path).get("config_toml", "")
    try:
        import tomllib  # Python >= 3.11
        return tomllib.loads(text) if text else {}
    except (ImportError, ValueError):
        return {}


def _scenario_order(path, names):
    """``names`` in the order the scenario declares its populations (the rest sorted after)."""
    declared = [p.get("name") for p in _scenario(path).get("populations", [])]
    rank = {name: i for i, name in enumerate(declared)}
    return sorted(names, key=lambda n: (rank.get(n, len(rank)), n))


def raster_figure(path, max_neurons=500):
    """Raster of every recorded population (about ``max_neurons`` rows in all) and rates."""
    spikes = readers.load_spikes(path)
    spikes = {n: spikes[n] for n in _scenario_order(path, list(spikes))}
    with readers._open(path) as f:
        sizes = {n: int(f["spikes"][n].attrs.get("n_nodes", 0)) for n in spikes}
        duration = float(readers._decode(f.attrs.get("duration", 0.0)) or 0.0)
    if not any(len(t) for t, _ in spikes.values()):
        raise NothingToPlot(f"{os.fspath(path)}: nothing to plot (no spikes recorded)")
    for name, (t, ids) in spikes.items():
        sizes[name] = max(sizes[name], int(ids.max()) + 1 if len(ids) else 1)
    t_stop = max(duration, max(float(t.max()) for t, _ in spikes.values() if len(t)))
    colors = population_colors(list(spikes))
    fig = Figure(figsize=(12, 9), dpi=120, layout="constrained")
    ax_r, ax_rate = fig.subplots(2, 1, sharex=True, height_ratios=[2.2, 1])
    # At most max_neurons rows in all, shared in proportion to size (each shows >= 20).
    share = max_neurons / max(sum(sizes.values()), 1)
    shown = {n: min(sizes[n], max(20, int(round(sizes[n] * share)))) for n in spikes}
    total = sum(shown.values())
    base, ticks, tick_labels = 0.0, [], []
    for name, (t, ids) in spikes.items():
        height = max(shown[name], 0.08 * total)  # small populations stay visible
        keep = ids < shown[name]
        y = base + (ids[keep].astype(float) + 0.5) * height / shown[name]
        dense = len(y) > 5000  # dots stay apart where ticks would merge into a smear
        ax_r.scatter(t[keep] / 1000.0, y, s=2.5 if dense else 6, marker="." if dense else "|",
                     lw=1, color=colors[name], rasterized=True)
        ticks.append(base + height / 2)
        tick_labels.append(f"{name}\n(first {shown[name]} of {sizes[name]})"
                           if shown[name] < sizes[name] else f"{name} ({sizes[name]})")
        base += height * 1.04
        ax_r.axhline(base - height * 0.02, color="0.85", lw=0.8)
        st, rate = _rates(t, sizes[name], 0.0, t_stop)
        ax_rate.plot(st / 1000.0, rate, lw=1.3, color=colors[name], label=name, alpha=0.85)
    ax_r.set_yticks(ticks, tick_labels, fontsize=10 if len(ticks) > 6 else 11)
    for label, name in zip(ax_r.get_yticklabels(), spikes):
        label.set_color(colors[name])
    ax_r.set_ylim(0, base)
    ax_r.set_title("Spikes (one row per neuron)")
    ax_rate.set_ylabel("population rate (Hz)\n5 ms bins, smoothed")
    ax_rate.set_xlabel("time (s)")
    ax_rate.set_xlim(0, t_stop / 1000.0)
    ax_rate.set_ylim(bottom=0)
    ax_rate.grid(alpha=0.3)
    handles, names = ax_rate.get_legend_handles_labels()  # top to bottom, as in the raster
    ax_rate.legend(handles[::-1], names[::-1], loc="upper left", bbox_to_anchor=(1.01, 1.0),
                   fontsize=10, ncol=1 if len(spikes) <= 8 else 2)
    fig.suptitle(f"Spike raster: {stem(path)}", fontsize=15)
    return fig


def _figure(kind, paths, labels, snapshots, sweep):
    if kind == "sweep":
        if len(paths) > 1:
            raise ValueError(f"{', '.join(paths)}: the sweep figure draws one sweep; give one "
                             f"sweep.h5 (or its directory)")
        return sweep_figure(paths[0], **sweep)
    if kind == "pain_course":
        return pain_course_figure(paths, labels=labels, snapshots=snapshots)
    if kind == "windup":
        return windup_figure(paths, labels=labels)
    if kind == "pharmacokinetics":
        return pharmacokinetics_figure(paths[0])
    if kind == "sensitization":
        return sensitization_figure(paths[0])
    if kind == "raster":
        return raster_figure(paths[0])
    raise ValueError(f"unknown figure kind {kind!r}; one of auto, {', '.join(KINDS)}")


def plot(paths, output=None, kind="auto", labels=None, snapshots=None, metrics=None, x=None,
         y=None):
    """Draws the figure for ``paths`` and writes it as PNG; returns ``(output, kind)``.

    ``kind`` "auto" uses :func:`detect_kind` on the first file. ``output`` defaults to the
    first file with the extension .png (a sweep: ``DIR/sweep.png`` beside ``DIR/sweep.h5``).
    ``labels`` name the files in legends (windup, pain course); ``snapshots`` are calendar
    days for the pain course's raster snapshots. ``metrics``, ``x`` and ``y`` choose what the
    sweep figure shows (see :func:`sweep_figure`). A directory stands for its sweep.h5.
    """
    paths = [os.fspath(p) for p in ([paths] if isinstance(paths, (str, os.PathLike)) else paths)]
    if not paths:
        raise ValueError("no input file")
    paths = [readers._sweep_file(p) for p in paths]  # a sweep's directory: DIR/sweep.h5
    for path in paths:
        with readers._open(path):  # every file: exists and is a hornet file
            pass
    if labels and len(labels) != len(paths):
        raise ValueError(f"{len(labels)} labels for {len(paths)} files; give one per file")
    if kind == "auto":
        kind = detect_kind(paths[0])
    sweep = {"metrics": metrics, "x": x, "y": y}
    if kind != "sweep" and any(v for v in sweep.values()):
        raise ValueError(f"{paths[0]}: --metric, --x and --y choose what the sweep figure shows; "
                         f"this is a {kind} figure")
    output = output or os.path.splitext(paths[0])[0] + ".png"
    with rc_context(STYLE):
        fig = _figure(kind, paths, labels, snapshots, sweep)
        fig.savefig(output, dpi=120)
    return output, kind
