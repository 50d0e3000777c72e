# SPDX-License-Identifier: MIT
"""Shared pieces of hornet's figures: classroom style, time units, infusions and their shading."""

import os

import numpy as np
from matplotlib.patches import Patch

#: Calendar and engine times are in ms.
DAY_MS = 86_400_000.0
HOUR_MS = 3_600_000.0

#: Fonts readable from the back of a classroom at dpi 120 (11-15 pt).
STYLE = {
    "font.size": 12,
    "axes.titlesize": 13,
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "legend.framealpha": 0.9,
    "figure.titlesize": 15,
    "savefig.dpi": 120,
    "savefig.facecolor": "white",
    "axes.spines.top": False,
}

INFUSION_COLOR = "tab:orange"


class NothingToPlot(ValueError):
    """The file holds none of what the requested figure shows; the message names the file."""


def stem(path):
    """File name without directory and extension: the default legend label of a file."""
    return os.path.splitext(os.path.basename(os.fspath(path)))[0]


def infusions(times_ms, dosed_mg):
    """Periods ``[(start_ms, stop_ms), ...]`` in which the cumulative dose rises."""
    dosed = np.asarray(dosed_mg, dtype=float)
    if len(dosed) < 2:
        return []
    rising = np.flatnonzero(np.diff(dosed) > 1e-9 * max(1.0, float(np.max(np.abs(dosed)))))
    if not rising.size:
        return []
    breaks = np.flatnonzero(np.diff(rising) > 1)
    starts = np.r_[rising[0], rising[breaks + 1]]
    stops = np.r_[rising[breaks], rising[-1]] + 1
    return [(float(times_ms[a]), float(times_ms[b])) for a, b in zip(starts, stops)]


def courses(periods, gap_days=3.0):
    """Infusion periods grouped into courses: days with infusions separated by > ``gap_days``."""
    groups = []
    for period in periods:
        day = np.floor(period[0] / DAY_MS)
        if groups and day - np.floor(groups[-1][-1][0] / DAY_MS) <= gap_days:
            groups[-1].append(period)
        else:
            groups.append([period])
    return groups


def infusion_days(periods):
    """Whole calendar days with an infusion, merged into spans ``[(first_day, stop_day), ...]``."""
    days = sorted({int(np.floor(a / DAY_MS)) for a, _ in periods} |
                  {int(np.floor((b - 1e-6) / DAY_MS)) for _, b in periods})
    spans = []
    for day in days:
        if spans and day == spans[-1][1]:
            spans[-1][1] = day + 1
        else:
            spans.append([day, day + 1])
    return [tuple(s) for s in spans]


def shade_infusions(ax, periods, scale_ms, alpha=0.25, label="infusion", color=INFUSION_COLOR):
    """Shades each period on ``ax`` (x in units of ``scale_ms``); returns a legend handle."""
    for start, stop in periods:
        ax.axvspan(start / scale_ms, stop / scale_ms, color=color, alpha=alpha, lw=0)
    return Patch(color=color, alpha=alpha, label=label) if periods else None


def shade_days(ax, periods, alpha=0.12, label="infusion days", color=INFUSION_COLOR):
    """Lightly shades the whole days with an infusion (x in days); returns a legend handle."""
    spans = infusion_days(periods)
    for first, stop in spans:
        ax.axvspan(first, stop, color=color, alpha=alpha, lw=0, zorder=0)
    return Patch(color=color, alpha=alpha, label=label) if spans else None


def population_colors(names):
    """One distinct colour per population name, stable for a given list."""
    palette = ["tab:blue", "tab:red", "tab:green", "tab:purple", "tab:orange", "tab:brown",
               "tab:pink", "tab:olive", "tab:cyan", "tab:gray", "navy", "darkgoldenrod",
               "teal", "crimson", "indigo", "darkolivegreen"]
    return {name: palette[i % len(palette)] for i, name in enumerate(names)}


def clock(t_ms):
    """Calendar time as "day N, HH:MM" (day 0 starts at time 0)."""
    day = int(np.floor(t_ms / DAY_MS))
    minutes = int(round((t_ms - day * DAY_MS) / 60_000.0))
    if minutes >= 24 * 60:
        day, minutes = day + 1, minutes - 24 * 60
    return f"day {day}, {minutes // 60:02d}:{minutes % 60:02d}"
