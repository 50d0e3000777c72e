# SPDX-License-Identifier: MIT
"""The sweep figure: the metrics of a parameter sweep (``hornet sweep``, ``DIR/sweep.h5``)
against its axes, one panel per metric.

- One axis (or ``x`` alone): the metric against the axis. Each point as a faint dot, the mean
  over replicates as a line with a band of +-1 SD; a geometric (logspace) axis spanning more
  than a factor 20 is drawn on a log scale; string values are categories.
- Two axes (or ``x`` and ``y``): a heatmap of the replicate mean, the value printed in each
  cell; cells without data (failed or pending points) are grey and hatched.
- More axes: choose ``x`` (and ``y``); the remaining axes are averaged over, and the panel
  title says so. A "zip" sweep varies its axes together, so it is drawn against ``x`` (default
  the first axis) with the values of the other axes under each tick.

Failed and pending points have no metric values (NaN) and are left out of every mean.
"""

import os

import numpy as np
from matplotlib.colors import to_rgb
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from . import readers
from .figure_style import NothingToPlot, stem

#: Heatmaps with at most this many cells print each cell's value.
MAX_ANNOTATED_CELLS = 100
#: An axis with more levels than this gets matplotlib's ticks instead of one per value.
MAX_VALUE_TICKS = 12
MISSING_COLOR = "0.86"
MISSING_HATCH = "//"
LINE_COLOR = "tab:blue"
HEATMAP = "viridis"


class _Axis:
    """One sweep axis as the figure uses it: distinct values (levels) and each point's level."""

    def __init__(self, sweep, name):
        self.name = name
        values = sweep.parameters[name]
        self.unit = sweep.parameter_units.get(name, "")
        self.categorical = values.dtype == object
        if self.categorical:
            self.levels = list(dict.fromkeys(values.tolist()))  # the sweep file's order
            lookup = {v: i for i, v in enumerate(self.levels)}
            self.codes = np.array([lookup[v] for v in values.tolist()], dtype=np.int64)
        else:
            self.levels, self.codes = np.unique(values, return_inverse=True)
            self.codes = self.codes.reshape(-1).astype(np.int64)
        self.log = not self.categorical and _geometric(np.asarray(self.levels, dtype=float))
        self.digits = 3 if self.categorical else _digits(np.asarray(self.levels, dtype=float))

    @property
    def label(self):
        return _label(self.name, self.unit)

    def text(self, i, unit=True):
        """Level ``i`` as a tick label, with the unit when ``unit``."""
        value = self.levels[i]
        if self.categorical:
            return str(value)
        text = f"{float(value):.{self.digits}g}"
        return f"{text} {self.unit}" if unit and _shown_unit(self.unit) else text

    def positions(self):
        """Where the levels go on a line plot's x axis: the values, or 0..n-1 for categories."""
        return (np.arange(len(self.levels), dtype=float) if self.categorical
                else np.asarray(self.levels, dtype=float))


def _shown_unit(unit):
    return bool(unit) and unit != "1"


def _label(name, unit):
    """"name [unit]", without a dimensionless unit."""
    return f"{name} [{unit}]" if _shown_unit(unit) else name


def _digits(levels):
    """Significant digits that keep every level's tick label distinct (3 at least)."""
    for digits in range(3, 10):
        if len({f"{v:.{digits}g}" for v in levels}) == len(levels):
            return digits
    return 10


def _geometric(levels):
    """True for values > 0 spanning more than a factor 20 and spaced about evenly in log."""
    if len(levels) < 2 or np.any(levels <= 0) or levels.max() / levels.min() <= 20:
        return False
    if len(levels) == 2:
        return True
    log_steps, steps = np.diff(np.log(levels)), np.diff(levels)
    spread_log = np.std(log_steps) / np.mean(log_steps)
    spread_linear = np.std(steps) / np.mean(steps)
    return bool(spread_log < 0.5 and spread_log < spread_linear)


def _cell_stats(values, cells, n_cells):
    """Mean, SD (ddof 1; NaN below 2 values) and count of ``values`` per cell, NaNs left out."""
    ok = np.isfinite(values)
    count = np.bincount(cells[ok], minlength=n_cells).astype(float)
    total = np.bincount(cells[ok], weights=values[ok], minlength=n_cells)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count > 0, total / count, np.nan)
        squares = np.bincount(cells[ok], weights=(values[ok] - mean[cells[ok]]) ** 2,
                              minlength=n_cells)
        sd = np.where(count > 1, np.sqrt(squares / (count - 1)), np.nan)
    return mean, sd, count.astype(int)


def _varies_within(axis, cells):
    """True when ``axis`` takes more than one value among the points of some cell."""
    pairs = np.unique(cells * len(axis.levels) + axis.codes)
    return len(pairs) > len(np.unique(cells))


def _choose_axes(sweep, x, y):
    """Names of the horizontal and vertical axes (y None: a line plot)."""
    axes = list(sweep.axes)
    for option, name in (("--x", x), ("--y", y)):
        if name is not None and name not in axes:
            raise KeyError(f"{sweep.path}: the sweep has no axis {name!r} ({option}); axes: "
                           f"{', '.join(axes) or 'none (replicates only)'}")
    if x is not None and x == y:
        raise ValueError(f"{sweep.path}: --x and --y name the same axis {x!r}; choose two of "
                         f"{', '.join(axes)}")
    if y is not None and x is None:
        if len(axes) < 2:
            raise ValueError(f"{sweep.path}: --y needs a second axis; the sweep has one "
                             f"({y})")
        x = next(name for name in axes if name != y)
    if x is not None:
        return x, y
    if sweep.combine == "zip" or len(axes) <= 1:
        return (axes[0] if axes else None), None
    if len(axes) == 2:
        return axes[0], axes[1]
    raise ValueError(f"{sweep.path}: the sweep has {len(axes)} axes ({', '.join(axes)}); choose "
                     f"the horizontal one with --x and, for a heatmap, the vertical one with --y "
                     f"(the others are averaged over)")


def _metric_names(sweep, metrics):
    if isinstance(metrics, str):
        metrics = [metrics]
    available = list(sweep.metrics)
    if not available:
        raise NothingToPlot(f"{sweep.path}: the sweep has no metrics ([[metrics]] in the sweep "
                            f"file)")
    if not metrics:
        return available
    unknown = [m for m in metrics if m not in sweep.metrics]
    if unknown:
        raise KeyError(f"{sweep.path}: no metric {', '.join(map(repr, unknown))} in the sweep; "
                       f"metrics: {', '.join(available)}")
    return list(dict.fromkeys(metrics))


def _mean_over(sweep, averaged):
    """The panel title's note on what each value averages."""
    parts = []
    if sweep.replicates > 1:
        parts.append(f"{sweep.replicates} replicates")
    parts += averaged
    if len(parts) > 1:
        parts = [", ".join(parts[:-1]), parts[-1]]
    return f"mean over {' and '.join(parts)}" if parts else ""


def _line_panel(ax, sweep, metric, xa, others, cells_note):
    """The metric against one axis: points, the mean and a +-1 SD band."""
    values = sweep.metrics[metric]
    if xa is None:  # no axes: every point at one position
        codes, positions, n_levels = np.zeros(sweep.n_points, np.int64), np.zeros(1), 1
    else:
        codes, positions, n_levels = xa.codes, xa.positions(), len(xa.levels)
    mean, sd, count = _cell_stats(values, codes, n_levels)
    averaged = [a.name for a in others if _varies_within(a, codes)]
    categorical = xa is None or xa.categorical
    ok = np.isfinite(values)
    # NOTE: beside the error bar of a category, not under it.
    shift = -0.12 if categorical else 0.0
    dots = ax.scatter(positions[codes[ok]] + shift, values[ok], s=22, color=LINE_COLOR,
                      alpha=0.35, lw=0,
                      label="each point" if count.max(initial=0) > 1 else "point", zorder=2)
    handles = [dots]
    has = count > 0
    spread = count.max(initial=0) > 1
    if categorical:
        handles.append(ax.errorbar(positions[has], mean[has],
                                   yerr=np.nan_to_num(sd[has]) if spread else None, fmt="o",
                                   ms=8, lw=2, capsize=6, color=LINE_COLOR,
                                   label="mean \N{PLUS-MINUS SIGN}1 SD" if spread else "mean",
                                   zorder=3))
    else:
        handles += ax.plot(positions[has], mean[has], "o-", lw=2.2, ms=6, color=LINE_COLOR,
                           label="mean", zorder=3)
        if spread:
            band = has & np.isfinite(sd)
            ax.fill_between(positions[band], (mean - sd)[band], (mean + sd)[band],
                            color=LINE_COLOR, alpha=0.18, lw=0, zorder=1)
            handles.append(Patch(color=LINE_COLOR, alpha=0.18, label="\N{PLUS-MINUS SIGN}1 SD"))
    if xa is None:
        ax.set_xticks([0], ["all points"])
        ax.set_xlim(-1, 1)
    else:
        _line_ticks(ax, xa, others, averaged)
    ax.set_ylabel(_label(metric, sweep.metric_units.get(metric, "")))
    ax.grid(alpha=0.3)
    if not ok.any():
        ax.text(0.5, 0.5, "no values yet (every point failed or pending)", ha="center",
                va="center", transform=ax.transAxes, color="0.3")
        if not categorical and len(positions) > 1:
            low, high = float(positions.min()), float(positions.max())
            pad = (high / low) ** 0.05 if xa.log else 0.05 * (high - low)
            ax.set_xlim(*((low / pad, high * pad) if xa.log else (low - pad, high + pad)))
    else:
        ax.legend(handles=handles, loc="best", fontsize=10)
    _panel_title(ax, sweep, metric, averaged)
    cells_note.append(int(np.count_nonzero(~has)))


def _line_ticks(ax, xa, others, averaged):
    """x scale, ticks and label; a zip sweep shows its other axes' values under each tick."""
    zipped = [a for a in others if a.name not in averaged]
    few = len(xa.levels) <= MAX_VALUE_TICKS
    if xa.log:
        ax.set_xscale("log")
    label = xa.label
    if xa.categorical or (few and (zipped or xa.log)):
        positions = xa.positions()
        texts = [xa.text(i, unit=False) for i in range(len(xa.levels))]
        for other in zipped:  # one value per level: the first point's
            first = [other.codes[np.flatnonzero(xa.codes == i)[0]] for i in range(len(texts))]
            texts = [f"{t}\n{other.text(j, unit=False)}" for t, j in zip(texts, first)]
            label += f" / {other.label}"
        ax.set_xticks(positions, texts)
        if xa.log:
            ax.xaxis.set_minor_formatter("")
        if xa.categorical:
            ax.set_xlim(-0.5, len(positions) - 0.5)
            if max((len(t) for t in texts), default=0) > 10:
                ax.tick_params(axis="x", labelrotation=25)
    ax.set_xlabel(label)


def _panel_title(ax, sweep, metric, averaged):
    note = _mean_over(sweep, averaged)
    ax.set_title(f"{metric}" + (f" ({note})" if note else ""), loc="left")


def _text_color(rgba):
    r, g, b = to_rgb(rgba)
    return "black" if 0.299 * r + 0.587 * g + 0.114 * b > 0.55 else "white"


def _heatmap_panel(fig, ax, sweep, metric, xa, ya, others, cells_note):
    """A heatmap of the replicate mean, x across and y up."""
    nx, ny = len(xa.levels), len(ya.levels)
    cells = ya.codes * nx + xa.codes
    mean, _sd, count = _cell_stats(sweep.metrics[metric], cells, nx * ny)
    grid = mean.reshape(ny, nx)
    averaged = [a.name for a in others if _varies_within(a, cells)]
    image = ax.imshow(np.ma.masked_invalid(grid), origin="lower", aspect="auto", cmap=HEATMAP,
                      interpolation="nearest")
    missing = np.argwhere(~np.isfinite(grid))
    for j, i in missing:
        ax.add_patch(Rectangle((i - 0.5, j - 0.5), 1, 1, facecolor=MISSING_COLOR,
                               edgecolor="0.55", hatch=MISSING_HATCH, lw=0, zorder=0.5))
    if nx * ny <= MAX_ANNOTATED_CELLS:
        statuses = _cell_statuses(sweep, cells, nx * ny)
        size = 11 if nx <= 6 else 9
        for j in range(ny):
            for i in range(nx):
                value = grid[j, i]
                if np.isfinite(value):
                    ax.text(i, j, f"{value:.3g}", ha="center", va="center", fontsize=size,
                            color=_text_color(image.cmap(image.norm(value))))
                else:
                    ax.text(i, j, statuses[j * nx + i], ha="center", va="center",
                            fontsize=size - 1, color="0.25", style="italic",
                            bbox=dict(facecolor=MISSING_COLOR, edgecolor="none", pad=1.5))
    xticks, yticks = _tick_levels(nx), _tick_levels(ny)
    ax.set_xticks(xticks, [xa.text(i) for i in xticks])
    ax.set_yticks(yticks, [ya.text(j) for j in yticks])
    if len(xticks) > 6 or max(len(xa.text(i)) for i in xticks) > 8:
        ax.tick_params(axis="x", labelrotation=30)
        for label in ax.get_xticklabels():
            label.set_horizontalalignment("right")
            label.set_rotation_mode("anchor")
    ax.set_xlabel(xa.label)
    ax.set_ylabel(ya.label)
    ax.spines[["top", "right"]].set_visible(False)
    bar = fig.colorbar(image, ax=ax, shrink=0.9, pad=0.02)
    bar.set_label(_label(metric, sweep.metric_units.get(metric, "")))
    _panel_title(ax, sweep, metric, averaged)
    cells_note.append(int(np.count_nonzero(count == 0)))
    return image


def _tick_levels(n):
    """Levels that get a tick: all, or every k-th of a long axis (at most about 24)."""
    step = -(-n // (2 * MAX_VALUE_TICKS))
    return list(range(0, n, step))


def _cell_statuses(sweep, cells, n_cells):
    """Why a cell has no value: "failed", "pending", "failed/pending" or "no value"."""
    result = []
    for c in range(n_cells):
        found = set(sweep.status[cells == c].tolist()) - {"done"}
        if found == {"failed"} or found == {"pending"}:
            result.append(found.pop())
        elif found:
            result.append("failed/\npending")
        else:
            result.append("no value")
    return result


def _name(sweep):
    """What the sweep is called: its sweep file's name, else its directory's."""
    if sweep.sweep_path:
        return os.path.basename(sweep.sweep_path)
    return f"{stem(sweep.directory) or sweep.directory}/{os.path.basename(sweep.path)}"


def _footnote(sweep, heatmap, cells_without_data):
    counts = sweep.counts()
    failed, pending = counts["failed"], counts["pending"]
    if not (failed or pending or any(cells_without_data)):
        return ""
    parts = [f"{n} point{'s' if n != 1 else ''} {what}"
             for n, what in ((failed, "failed"), (pending, "pending")) if n]
    note = ", ".join(parts) + " (left out of the means)" if parts else ""
    if heatmap and any(cells_without_data):
        note += ("; " if note else "") + "grey hatched cells: no data"
    elif any(cells_without_data) and not parts:  # NaN metrics of done points
        note = f"{max(cells_without_data)} value(s) of the x axis without data"
    errors = [(int(i), e) for i, e in zip(sweep.index, sweep.error) if e]
    if errors:
        i, error = errors[0]
        error = error if len(error) <= 90 else error[:87] + "..."
        note += f"\nfirst error, point {i}: {error}"
    return note


def sweep_figure(path, metrics=None, x=None, y=None):
    """The figure of a sweep (``DIR`` or ``DIR/sweep.h5``): one panel per metric.

    ``metrics``: metric names to draw (default: all of the sweep's). ``x``, ``y``: axis names
    for the horizontal and vertical axes (see the module docstring for the defaults). Raises
    KeyError for an unknown metric or axis, ValueError when a sweep of more than two axes is
    given neither ``x`` nor ``y``.
    """
    sweep = readers.load_sweep(path)
    if sweep.n_points == 0:
        raise NothingToPlot(f"{sweep.path}: the sweep has no points")
    names = _metric_names(sweep, metrics)
    x, y = _choose_axes(sweep, x, y)
    xa = _Axis(sweep, x) if x is not None else None
    ya = _Axis(sweep, y) if y is not None else None
    others = [_Axis(sweep, a) for a in sweep.axes if a not in (x, y)]
    heatmap = ya is not None
    n = len(names)
    ncols = 1 if n == 1 else 2 if n <= 4 else 3
    nrows = -(-n // ncols)
    width = 11.0 if ncols == 1 else 12.0 if ncols == 2 else 15.0
    if heatmap:
        fig = Figure(figsize=(width, 1.4 + (6.0 if ncols == 1 else 4.9) * nrows), dpi=120,
                     layout="constrained")
        # NOTE: room between a colorbar's label and the next panel's axis label.
        fig.get_layout_engine().set(wspace=0.08)
    else:
        fig = Figure(figsize=(width, 1.4 + (5.4 if ncols == 1 else 4.3) * nrows), dpi=120,
                     layout="constrained")
    axes = fig.subplots(nrows, ncols, squeeze=False).ravel()
    cells_without_data = []
    for ax, metric in zip(axes, names):
        if heatmap:
            _heatmap_panel(fig, ax, sweep, metric, xa, ya, others, cells_without_data)
        else:
            _line_panel(ax, sweep, metric, xa, others, cells_without_data)
    for ax in axes[n:]:
        fig.delaxes(ax)
    counts = sweep.counts()
    status = ", ".join(f"{counts[s]} {s}" for s in readers.SWEEP_STATUSES if counts[s] or
                       s == "done")
    replicates = f", {sweep.replicates} replicates" if sweep.replicates > 1 else ""
    fig.suptitle(f"Sweep {_name(sweep)} ({sweep.combine}{replicates}): {sweep.n_points} points, "
                 f"{status}", fontsize=15)
    note = _footnote(sweep, heatmap, cells_without_data)
    if note:
        fig.supxlabel(note, fontsize=11, color="0.3", style="italic")
    return fig
