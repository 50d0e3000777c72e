# SPDX-License-Identifier: MIT
"""The treatment-course figure: ketamine, C-fibre potentiation and the pain index over days,
one file per reset hypothesis, with raster snapshots of simulated windows underneath.

A course file (a multiscale "timeline" run) holds /pharmacology, /slow/rho/<projection>,
optionally /slow/scale/<projection>, /readout/pain_signal, /timeline/windows and /spikes; the
root attribute ``hypothesis`` names the reset hypothesis. Spike times are engine time: window
``i`` covers engine times [engine_start, engine_start + length) and starts at calendar time
``time[i]``.
"""

import os

import numpy as np
from matplotlib.figure import Figure

from . import readers
from .figure_style import (DAY_MS, HOUR_MS, NothingToPlot, clock, courses, infusions,
                           population_colors, shade_days, shade_infusions, stem)

TITLE = "Ketamine 'pain reset' course \N{EM DASH} a hypothesis, not an established effect"
FOOTNOTE = ("Simulated; reset mechanisms are hypotheses (see docs/pain-reset.md). "
            "Clinical evidence is mixed.")
HYPOTHESES = {"none": "none (NMDA block only)", "ltd_window": "LTD window",
              "homeostatic": "homeostatic scaling"}
HYPOTHESIS_COLORS = ["tab:red", "tab:blue", "tab:green", "tab:purple", "tab:brown"]
PROJECTION = "c_fibres_to_projection"
SNAPSHOT_POPULATIONS = ("c_fibres", "projection")
MAX_SNAPSHOT_MS = 10_000.0
WINDOW_KINDS = {0: "full resolution", 1: "micro window", 2: "pain test"}


def _table(path, group):
    """``(times_ms, series)`` of a SeriesTable group, or None when the file has none."""
    try:
        return readers._load_table(path, group, "")
    except KeyError:
        return None


def _projection(f, variable):
    group = f.get(f"slow/{variable}")
    if group is None or not len(group):
        return None
    return PROJECTION if PROJECTION in group else sorted(group.keys())[0]


def _course(path, label):
    """What the figure needs from one hypothesis' file."""
    with readers._open(path) as f:
        hypothesis = readers._decode(f.attrs.get("hypothesis", ""))
        rho_name, scale_name = _projection(f, "rho"), _projection(f, "scale")
    if not label:
        label = HYPOTHESES.get(hypothesis, hypothesis) or stem(path)
    pain_t, pain = readers.load_pain_signal(path)
    rho = _table(path, f"slow/rho/{rho_name}") if rho_name else None
    scale = _table(path, f"slow/scale/{scale_name}") if scale_name else None
    if scale is not None and ("value" not in scale[1] or
                              np.allclose(scale[1]["value"].values, 1.0)):
        scale = None
    return {"path": path, "label": label, "pain_t": pain_t, "pain": pain, "rho": rho,
            "scale": scale}


def _ketamine_panel(ax, pharmacology, periods):
    t, s = pharmacology
    days = t / DAY_MS
    handles = []
    # Effect site dashed over plasma: over days the two nearly coincide (ke0 is ~1/min).
    for name, label, color, style in (("plasma", "plasma", "tab:purple", "-"),
                                      ("effect_site", "effect site", "tab:cyan", "--")):
        if name in s:
            handles += ax.plot(days, s[name].values, lw=1.6, color=color, ls=style, label=label)
    peak = max((float(np.max(s[n].values)) for n in ("plasma", "effect_site") if n in s),
               default=1.0)
    ax.set_ylim(0, max(peak, 1.0) * 1.5)
    units = s["plasma"].units if "plasma" in s else "ng/mL"
    ax.set_ylabel(f"ketamine\n({units})")
    if periods:
        handles.append(shade_infusions(ax, periods, DAY_MS, alpha=0.6,
                                       label=f"infusion ({_hours(periods)})"))
    for i, group in enumerate(courses(periods)):
        first, last = group[0][0] / DAY_MS, group[-1][1] / DAY_MS
        ax.text((first + last) / 2, 0.95, f"course {i + 1}", transform=ax.get_xaxis_transform(),
                ha="center", va="top", fontsize=12, fontweight="bold", color="0.25")
    ax.set_title("(a) Ketamine infusions: plasma and effect-site concentration", loc="left")
    return handles


def _hours(periods):
    hours = float(np.median([(b - a) / HOUR_MS for a, b in periods]))
    return f"{hours:.0f} h a day" if abs(hours - round(hours)) < 0.05 else f"{hours:.1f} h a day"


def _potentiation_panel(ax, runs):
    handles, twin = [], None
    for i, run in enumerate(runs):
        if run["rho"] is None or "potentiated" not in run["rho"][1]:
            continue
        t, s = run["rho"]
        width = 2.2 + 1.5 * (len(runs) - 1 - i)  # earlier lines wider: equal curves stay visible
        handles += ax.plot(t / DAY_MS, 100.0 * s["potentiated"].values, lw=width,
                           color=run["color"], label=run["label"])
    for run in runs:
        if run["scale"] is None:
            continue
        if twin is None:
            twin = ax.twinx()
            twin.set_ylabel("homeostatic scale (x)")
        t, s = run["scale"]
        handles += twin.plot(t / DAY_MS, s["value"].values, lw=1.8, ls=":",
                             color=run["color"],
                             label=f"scale, right axis: {run['label']}")
    if twin is not None:
        low = min(float(np.min(r["scale"][1]["value"].values)) for r in runs if r["scale"])
        twin.set_ylim(min(low, 1.0) - 0.1, max(1.1, 1.0 + (1.0 - low) * 0.3))
    if not handles:
        ax.text(0.5, 0.5, "no plastic C-fibre synapses recorded (/slow/rho)", ha="center",
                va="center", transform=ax.transAxes)
    ax.set_ylim(0, 105)
    ax.set_ylabel("C-fibre synapses\npotentiated (%)")
    ax.set_title("(b) C-fibre synaptic potentiation onto projection neurons", loc="left")
    return handles


def _pain_panel(ax, runs):
    handles, top = [], 2.0
    for run in runs:
        index = run["pain"]["pain_index"].values
        handles += ax.plot(run["pain_t"] / DAY_MS, index, "o-", ms=4, lw=1.4,
                           color=run["color"], label=run["label"])
        top = max(top, float(np.nanmax(index)) * 1.15 if len(index) else top)
    handles.append(ax.axhline(1.0, color="k", ls="--", lw=1.5, label="healthy baseline"))
    ax.set_ylim(0, top)
    ax.set_ylabel("pain index\n(1 = healthy)")
    ax.set_xlabel("time (days)")
    ax.set_title("(c) Pain index: daily test response / first (healthy) response", loc="left")
    return handles


def _windows_near(times, windows, t_ms):
    """Index of the window containing calendar time ``t_ms``, else the one starting nearest."""
    ends = times + windows["length"].values
    inside = np.flatnonzero((times <= t_ms) & (t_ms < ends))
    if inside.size:
        return int(inside[-1])
    return int(np.argmin(np.abs(times - t_ms)))


def _default_snapshots(times, windows, periods):
    """(window index, caption) for: before the first infusion, during it, 2 weeks after."""
    if not periods:
        return [(0, "first window"), (len(times) // 2, "middle"), (len(times) - 1, "last window")]
    start, stop = periods[0]
    ends = times + windows["length"].values
    before = np.flatnonzero(ends <= start)
    during = np.flatnonzero((times >= start) & (times < stop))
    mid = (start + stop) / 2
    chosen = [(int(before[-1]) if before.size else _windows_near(times, windows, start - 1),
               "before treatment"),
              (int(during[np.argmin(np.abs(times[during] - mid))]) if during.size
               else _windows_near(times, windows, mid), "during the first infusion")]
    after = courses(periods)[0][-1][1] + 14 * DAY_MS
    if after <= ends[-1]:
        chosen.append((_windows_near(times, windows, after), "2 weeks after course 1"))
    return chosen


def _snapshot(ax, spikes, sizes, colors, times, windows, index, caption, t_request=None):
    """One raster of the chosen populations in window ``index`` (at most 10 s of it)."""
    e0 = float(windows["engine_start"].values[index])
    length = float(windows["length"].values[index])
    kind = int(windows["kind"].values[index]) if "kind" in windows else -1
    offset, span = 0.0, min(length, MAX_SNAPSHOT_MS)
    if t_request is not None and kind == 0:  # full resolution: calendar and engine run together
        offset = float(np.clip(t_request - times[index], 0.0, length - span))
    e0 += offset
    in_ms = span <= 2000.0
    for band, name in enumerate(spikes):
        t, ids = spikes[name]
        keep = (t >= e0) & (t < e0 + span)
        x = (t[keep] - e0) / (1.0 if in_ms else 1000.0)
        y = band + 0.05 + 0.9 * (ids[keep].astype(float) + 0.5) / max(sizes[name], 1)
        ax.scatter(x, y, s=12, marker="|", lw=1.0, color=colors[name], rasterized=True)
    ax.set_yticks(np.arange(len(spikes)) + 0.5,
                  [f"{n.replace('_', ' ')}\n({sizes[n]})" for n in spikes])
    ax.set_ylim(0, len(spikes))
    ax.set_xlim(0, span / (1.0 if in_ms else 1000.0))
    ax.set_xlabel("time in window (ms)" if in_ms else "time in window (s)")
    what = WINDOW_KINDS.get(kind, "window")
    ax.set_title(f"{caption}\n{clock(times[index] + offset)} ({what})", fontsize=12)


def _snapshot_plan(run, periods, snapshot_days):
    """What the snapshot row shows from ``run``'s file, or None without /timeline/windows."""
    timeline = _table(run["path"], "timeline/windows")
    with readers._open(run["path"]) as f:
        recorded = sorted(f["spikes"].keys()) if "spikes" in f else []
    names = [n for n in SNAPSHOT_POPULATIONS if n in recorded] or recorded[:2]
    if timeline is None or not len(timeline[0]) or not names:
        return None
    # NOTE: only the two populations shown are read; a long course records many spikes.
    spikes = {n: readers.load_spikes(run["path"], n) for n in names}
    times, windows = timeline
    if snapshot_days:
        chosen = [(_windows_near(times, windows, d * DAY_MS), f"requested day {d:g}", d * DAY_MS)
                  for d in snapshot_days]
    else:
        chosen = [(i, caption, None) for i, caption in _default_snapshots(times, windows, periods)]
    with readers._open(run["path"]) as f:
        sizes = {n: int(f["spikes"][n].attrs.get("n_nodes", 0)) for n in names}
    for n in names:
        sizes[n] = max(sizes[n], int(spikes[n][1].max()) + 1 if len(spikes[n][1]) else 1)
    return {"label": run["label"], "times": times, "windows": windows, "chosen": chosen,
            "spikes": spikes, "sizes": sizes}


def _snapshot_row(subfig, plan):
    """Raster snapshots of the chosen windows, side by side."""
    names = list(plan["spikes"])
    colors = {"c_fibres": "tab:orange", "projection": "tab:blue"}
    colors.update({n: c for n, c in population_colors(names).items() if n not in colors})
    axes = subfig.subplots(1, len(plan["chosen"]), squeeze=False)[0]
    for ax, (index, caption, t_request) in zip(axes, plan["chosen"]):
        _snapshot(ax, plan["spikes"], plan["sizes"], colors, plan["times"], plan["windows"],
                  index, caption, t_request)
    subfig.suptitle(f"Spikes in simulated windows (hypothesis: {plan['label']})", fontsize=13)


def pain_course_figure(paths, labels=None, snapshots=None, show_snapshots=True):
    """The course figure for one file per hypothesis (overlaid). ``snapshots``: calendar days
    of the raster snapshots (default: before, during and 2 weeks after the first course)."""
    runs = [_course(p, labels[i] if labels else None) for i, p in enumerate(paths)]
    for i, run in enumerate(runs):
        run["color"] = HYPOTHESIS_COLORS[i % len(HYPOTHESIS_COLORS)]
    pharmacology = next((tab for tab in (_table(r["path"], "pharmacology") for r in runs)
                         if tab is not None), None)
    if pharmacology is None:
        raise NothingToPlot(f"{os.fspath(paths[0])}: a pain course without /pharmacology")
    t, s = pharmacology
    periods = infusions(t, s["dosed"].values) if "dosed" in s else []
    plan = _snapshot_plan(runs[0], periods, snapshots) if show_snapshots else None
    fig = Figure(figsize=(12, 12.5 if plan else 10), dpi=120, layout="constrained")
    top, bottom = fig.subfigures(2, 1, height_ratios=[3.0, 1.1]) if plan else (fig, None)
    axes = top.subplots(3, 1, sharex=True, height_ratios=[1, 1, 1.2])
    panels = [_ketamine_panel(axes[0], pharmacology, periods),
              _potentiation_panel(axes[1], runs), _pain_panel(axes[2], runs)]
    end_day = max([t[-1]] + [r["pain_t"][-1] for r in runs if len(r["pain_t"])]) / DAY_MS
    for ax, handles in zip(axes, panels):
        day_patch = shade_days(ax, periods)
        if day_patch is not None and ax is axes[2]:
            handles = handles + [day_patch]
        ax.set_xlim(0, end_day)
        ax.grid(alpha=0.3)
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.08, 1.02),
                  borderaxespad=0.0)
    if plan:
        _snapshot_row(bottom, plan)
    fig.suptitle(TITLE, fontsize=16, fontweight="bold")
    fig.supxlabel(FOOTNOTE, fontsize=11, style="italic", color="0.3")
    return fig
