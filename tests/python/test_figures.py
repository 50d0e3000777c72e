# SPDX-License-Identifier: MIT
"""Tests of the figures (tools/python/hornet/figures.py, python3 -m hornet.plot) on small
synthetic hornet files written here with h5py, one per figure kind.

The treatment-course ("timeline") file mirrors the layout the multiscale C++ run writes
(tools/python/hornet/course_figure.py): /pharmacology, /slow/rho and /slow/scale of
c_fibres_to_projection, /readout/pain_signal, /timeline/windows and /spikes in engine time.
``write_course`` is also the generator of the demonstration figure (120 days, two courses).
Sweep tables (DIR/sweep.h5) are written by ``write_sweep`` of test_readers_sweep.py.

Run through CTest (sets PYTHONPATH), or by hand:
    PYTHONPATH=tools/python /usr/bin/python3 -m unittest discover -s tests/python -p 'test_fig*'
"""

import os
import subprocess
import sys
import tempfile
import unittest

import h5py
import numpy as np

import hornet
from hornet import figures
from hornet.figure_style import DAY_MS, HOUR_MS, courses, infusions
from test_readers_sweep import axis, write_sweep

MIN_PNG_BYTES = 20_000


def _root(f, **attrs):
    f.attrs["magic"] = np.uint32(hornet.MAGIC)
    f.attrs["version"] = np.array([hornet.FORMAT_MAJOR, 1], dtype=np.uint32)
    for key, value in attrs.items():
        f.attrs[key] = value


def _table(f, group, times_ms, series):
    """A SeriesTable: time [ms] plus {name: (values, units)}, as the C++ recorder writes it."""
    g = f.create_group(group)
    g.create_dataset("time", data=np.asarray(times_ms, dtype=np.float64)).attrs["units"] = "ms"
    for name, (values, units) in series.items():
        d = g.create_dataset(name, data=np.asarray(values, dtype=np.float64))
        d.attrs["units"] = units
        d.attrs["description"] = f"synthetic {name}"


def _spikes(f, name, times_ms, ids, n_nodes):
    order = np.lexsort((ids, times_ms))
    g = f.create_group(f"spikes/{name}")
    g.attrs["n_nodes"] = np.uint64(n_nodes)
    g.attrs["sorting"] = "by_time"
    times = g.create_dataset("timestamps", data=np.asarray(times_ms, np.float64)[order])
    times.attrs["units"] = "ms"
    g.create_dataset("node_ids", data=np.asarray(ids, np.uint64)[order])


def _course_pharmacology(days, course_days, step_ms=5 * 60_000.0):
    """One-compartment ketamine, 0.35 mg/kg/h x 70 kg, 09:00-13:00 on each course day."""
    t = np.arange(0.0, days * DAY_MS + step_ms / 2, step_ms)
    on_days = {d for first, last in course_days for d in range(first, last + 1)}
    hour = (t % DAY_MS) / HOUR_MS
    infusing = np.isin(np.floor(t / DAY_MS), list(on_days)) & (hour >= 9) & (hour < 13)
    k = np.log(2) / 2.0 * step_ms / HOUR_MS          # elimination, t1/2 2 h
    ke0 = np.log(2) / 0.25 * step_ms / HOUR_MS       # effect site, t1/2 15 min
    plasma, effect = np.zeros_like(t), np.zeros_like(t)
    for i in range(1, len(t)):
        target = 230.0 if infusing[i - 1] else 0.0    # ng/mL at steady state
        plasma[i] = target + (plasma[i - 1] - target) * np.exp(-k)
        effect[i] = plasma[i] + (effect[i - 1] - plasma[i]) * np.exp(-ke0)
    dosed = np.concatenate([[0.0], np.cumsum(infusing[:-1] * 24.5 * step_ms / HOUR_MS)])
    return t, plasma, effect, effect / 238.0 * 0.5, dosed


def _pharmacology_series(plasma, effect, receptor, dosed):
    return {"plasma": (plasma, "ng/mL"), "effect_site": (effect, "ng/mL"),
            "receptor_ketamine": (receptor, "uM"), "dosed": (dosed, "mg")}


def _recovery(t_days, ends, depth, tau_days):
    """1 outside treatment; drops to ``1 - depth`` over each course and recovers with tau."""
    level = np.ones_like(t_days)
    for first, last in ends:
        during = (t_days >= first) & (t_days <= last + 1)
        level[during] = np.minimum(level[during],
                                   1 - depth * (t_days[during] - first + 1) / (last - first + 2))
        after = t_days > last + 1
        level[after] = np.minimum(level[after],
                                  1 - depth * np.exp(-(t_days[after] - last - 1) / tau_days))
    return level


def _windows(days, every_h, micro_ms, test_ms, test_hour):
    """Calendar starts, lengths, kinds and macro steps of the simulated windows, by time."""
    rows = [(0.0, 60_000.0, 0, 60_000.0)]  # day 0: a minute at full resolution
    rows += [(h * HOUR_MS, micro_ms, 1, every_h * HOUR_MS)
             for h in np.arange(every_h, days * 24, every_h)]
    rows += [(d * DAY_MS + test_hour * HOUR_MS, test_ms, 2, test_ms) for d in range(days)]
    rows.sort()
    start, length, kind, macro = (np.array(c, dtype=np.float64) for c in zip(*rows))
    engine = np.concatenate([[0.0], np.cumsum(length[:-1])])
    return start, engine, length, kind, macro


def write_course(path, hypothesis, days=120, course_days=((21, 25), (81, 85)), every_h=6,
                 micro_ms=2000.0, test_ms=1000.0, seed=1):
    """A synthetic multiscale course under one reset hypothesis (see the module docstring)."""
    rng = np.random.default_rng(seed)
    t, plasma, effect, receptor, dosed = _course_pharmacology(days, course_days)
    tests = np.arange(days) * DAY_MS + 11 * HOUR_MS   # daily pain test during the infusion
    test_days = tests / DAY_MS
    slow_t = np.arange(0.0, days * DAY_MS + 1, 6 * HOUR_MS)
    slow_days = slow_t / DAY_MS
    potentiated = np.where(slow_days >= 1, 0.8, 0.0)
    scale = np.ones_like(slow_days)
    if hypothesis == "ltd_window":
        potentiated = potentiated * _recovery(slow_days, course_days, 0.88, 9.0)
    if hypothesis == "homeostatic":
        scale = _recovery(slow_days, course_days, 0.3, 14.0)
    pot_at_test = np.interp(test_days, slow_days, potentiated)
    scale_at_test = np.interp(test_days, slow_days, scale)
    block = np.interp(tests, t, receptor) / (np.interp(tests, t, receptor) + 1.0)
    response = 3.0 * (1 + pot_at_test * scale_at_test) * (1 - 0.6 * block)
    response *= 1 + rng.normal(0, 0.03, len(response))
    response[0] = 3.0
    start, engine, length, kind, macro = _windows(days, every_h, micro_ms, test_ms, 11)
    with h5py.File(path, "w") as f:
        _root(f, hypothesis=hypothesis)
        _table(f, "pharmacology", t, _pharmacology_series(plasma, effect, receptor, dosed))
        _table(f, "slow/rho/c_fibres_to_projection", slow_t,
               {"mean": (0.1 + 0.6 * potentiated, "1"), "potentiated": (potentiated, "1")})
        _table(f, "slow/scale/c_fibres_to_projection", slow_t, {"value": (scale, "1")})
        _table(f, "readout/pain_signal", tests,
               {"response": (response, "1"), "pain_index": (response / response[0], "1"),
                "receptor_ketamine": (np.interp(tests, t, receptor), "uM")})
        _table(f, "timeline/windows", start,
               {"engine_start": (engine, "ms"), "length": (length, "ms"), "kind": (kind, "1"),
                "macro_step": (macro, "ms")})
        level = 1 + np.interp(start / DAY_MS, slow_days, potentiated * scale)
        c_t, c_id, p_t, p_id = [], [], [], []
        for e0, n, k, lv in zip(engine, length, kind, level):
            n_c = rng.poisson(160 * 0.5 * n / 1000.0)
            c_t.append(e0 + rng.uniform(0, n, n_c))
            c_id.append(rng.integers(0, 160, n_c))
            n_p = rng.poisson(10 * 2.0 * lv ** 2 * n / 1000.0)
            p_t.append(e0 + rng.uniform(0, n, n_p))
            p_id.append(rng.integers(0, 10, n_p))
            if k == 2:  # the test pulse at 100 ms: every C fibre, then a projection burst
                c_t.append(e0 + 100 + rng.normal(30, 8, 160).clip(0))
                c_id.append(np.arange(160))
                burst = rng.poisson(3 * lv, 10)
                p_t.append(e0 + 150 + rng.exponential(80 * lv, burst.sum()).clip(0, n - 151))
                p_id.append(np.repeat(np.arange(10), burst))
        _spikes(f, "c_fibres", np.concatenate(c_t), np.concatenate(c_id), 160)
        _spikes(f, "projection", np.concatenate(p_t), np.concatenate(p_id), 10)
    return path


def write_windup(path, gain=1.0):
    tt = 1000.0 + 1000.0 * np.arange(16)
    response = 3.0 * (1 + gain * 3 * (1 - np.exp(-np.arange(16) / 3.0)))
    with h5py.File(path, "w") as f:
        _root(f)
        _table(f, "readout/windup", tt, {"response": (10 * response, "1"),
                                         "response_per_neuron": (response, "1"),
                                         "windup_index": (response / response[0], "1")})
        _spikes(f, "projection", np.repeat(tt, 3) + 20, np.tile(np.arange(3), 16), 10)
    return path


def write_pharmacokinetics(path, hours=30):
    t, plasma, effect, receptor, dosed = _course_pharmacology(hours / 24.0, ((0, 0),))
    with h5py.File(path, "w") as f:
        _root(f)
        _table(f, "pharmacology", t, _pharmacology_series(plasma, effect, receptor, dosed))
    return path


def write_sensitization(path):
    t = np.arange(0.0, 120_001.0, 1000.0)
    potentiated = np.where(t >= 31_000, 0.79, 0.0)
    with h5py.File(path, "w") as f:
        _root(f)
        _table(f, "slow/rho/c_fibres_to_projection", t,
               {"mean": (0.6 * potentiated / 0.79, "1"), "potentiated": (potentiated, "1")})
        for name, times, value in (("test_before", [1e3, 11e3, 21e3], 3.0),
                                   ("test_after", [90e3, 100e3, 110e3], 5.1)):
            r = np.full(3, value)
            _table(f, f"readout/{name}", times, {"response": (10 * r, "1"),
                                                 "response_per_neuron": (r, "1"),
                                                 "windup_index": (r / r[0], "1")})
    return path


def write_raster(path, seed=2):
    rng = np.random.default_rng(seed)
    with h5py.File(path, "w") as f:
        _root(f, duration=1000.0)
        for name, n, rate in (("exc", 800, 15.0), ("inh", 200, 25.0)):
            count = rng.poisson(n * rate)
            _spikes(f, name, rng.uniform(0, 1000.0, count), rng.integers(0, n, count), n)
    return path


def run_plot(*args):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    return subprocess.run([sys.executable, "-m", "hornet.plot", *args], capture_output=True,
                          text=True, timeout=120, env=env)


class FigureTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)

    def path(self, name):
        return os.path.join(self.dir.name, name)

    def assert_png(self, path):
        self.assertTrue(os.path.exists(path), path)
        with open(path, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
        self.assertGreater(os.path.getsize(path), MIN_PNG_BYTES)


class EveryKind(FigureTest):
    def test_pain_course_overlays_two_hypotheses(self):
        files = [write_course(self.path(f"{h}.h5"), h, days=40, course_days=((10, 12),),
                              every_h=12) for h in ("none", "ltd_window")]
        self.assertEqual(figures.detect_kind(files[0]), "pain_course")
        out, kind = figures.plot(files, self.path("course.png"))
        self.assertEqual((out, kind), (self.path("course.png"), "pain_course"))
        self.assert_png(out)

    def test_pain_course_legend_names_each_hypothesis(self):
        files = [write_course(self.path(f"{h}.h5"), h, days=30, course_days=((10, 11),),
                              every_h=12) for h in ("ltd_window", "homeostatic")]
        fig = figures.pain_course_figure(files)
        legends = [t.get_text() for ax in fig.axes if ax.get_legend()
                   for t in ax.get_legend().get_texts()]
        self.assertIn("LTD window", legends)
        self.assertIn("homeostatic scaling", legends)
        self.assertIn("healthy baseline", legends)
        # The homeostatic scale varies, so it gets its twin axis; the LTD window's stays at 1.
        self.assertIn("scale, right axis: homeostatic scaling", legends)
        self.assertNotIn("scale, right axis: LTD window", legends)
        titles = " ".join(ax.get_title() for ax in fig.axes)
        self.assertIn("before treatment", titles)
        self.assertIn("during the first infusion", titles)
        self.assertIn("2 weeks after course 1", titles)

    def test_windup_overlays_files(self):
        files = [write_windup(self.path("w0.h5")), write_windup(self.path("w1.h5"), gain=0.1)]
        self.assertEqual(figures.detect_kind(files[0]), "windup")
        r = run_plot(*files, "-o", self.path("windup.png"), "--label", "none", "--label", "1 uM")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), self.path("windup.png"))
        self.assert_png(self.path("windup.png"))

    def test_pharmacokinetics_without_spikes(self):
        path = write_pharmacokinetics(self.path("pk.h5"))
        self.assertEqual(figures.detect_kind(path), "pharmacokinetics")
        out, _ = figures.plot(path)  # default output: the input with .png
        self.assertEqual(out, self.path("pk.png"))
        self.assert_png(out)

    def test_sensitization_wins_over_its_test_readouts(self):
        path = write_sensitization(self.path("hfs.h5"))  # its readouts have windup_index too
        self.assertEqual(figures.detect_kind(path), "sensitization")
        self.assert_png(figures.plot(path, self.path("hfs.png"))[0])

    def test_raster_of_spikes(self):
        path = write_raster(self.path("net.h5"))
        self.assertEqual(figures.detect_kind(path), "raster")
        self.assert_png(figures.plot(path, self.path("net.png"))[0])


def _sweep_axes(fig):
    """The panels of a sweep figure (without colorbars)."""
    return [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]


def _texts(ax):
    return [t.get_text() for t in ax.texts]


def _suptitle(fig):
    # NOTE: Figure.get_suptitle is matplotlib >= 3.8; Debian 12 has 3.6.
    return fig._suptitle.get_text() if fig._suptitle is not None else ""


def _footnote(fig):
    return fig._supxlabel.get_text() if fig._supxlabel is not None else ""


class SweepFigure(FigureTest):
    def sweep_dir(self, name, axes, metrics, **kwargs):
        os.makedirs(self.path(name))
        points = write_sweep(self.path(name, "sweep.h5"), axes, metrics, **kwargs)
        return self.path(name), points

    def path(self, *names):
        return os.path.join(self.dir.name, *names)

    def test_one_axis_replicates_mean_and_band(self):
        # 3 concentrations x 3 replicates; point 4 (0.1 uM, replicate 1) failed.
        values = {(c, r): 10.0 - 2.0 * np.log10(c) + [0.0, 1.0, -0.5][r]
                  for c in (0.01, 0.1, 1.0) for r in range(3)}
        folder, _ = self.sweep_dir(
            "one", [axis("pharmacology.concentration", [0.01, 0.1, 1.0], "uM")],
            {"windup_index": (lambda v, r: values[(v["pharmacology.concentration"], r)], "1",
                              "")},
            replicates=3, statuses={4: "failed"},
            sweep_path="configs/sweeps/windup_ketamine.toml")
        self.assertEqual(figures.detect_kind(folder), "sweep")
        fig = figures.sweep_figure(folder)
        (ax,) = _sweep_axes(fig)
        expected = [np.mean([values[(c, r)] for r in range(3) if (c, r) != (0.1, 1)])
                    for c in (0.01, 0.1, 1.0)]
        (line,) = ax.lines
        np.testing.assert_allclose(line.get_xdata(), [0.01, 0.1, 1.0])
        np.testing.assert_allclose(line.get_ydata(), expected)
        # the +-1 SD band: its lower edge at the first level is mean - SD (ddof 1)
        band = ax.collections[-1].get_paths()[0].vertices
        sd = np.std([values[(0.01, r)] for r in range(3)], ddof=1)
        self.assertTrue(np.any(np.isclose(band[:, 1], expected[0] - sd)))
        self.assertTrue(np.any(np.isclose(band[:, 1], expected[0] + sd)))
        dots = ax.collections[0].get_offsets()
        self.assertEqual(len(dots), 8)  # every done point, the failed one left out
        self.assertEqual(ax.get_xscale(), "log")  # 0.01 .. 1: geometric over a factor 100
        self.assertEqual(ax.get_xlabel(), "pharmacology.concentration [uM]")
        title = _suptitle(fig)
        for words in ("windup_ketamine.toml", "grid", "9 points", "8 done", "1 failed"):
            self.assertIn(words, title)
        self.assertIn("mean over 3 replicates", ax.get_title(loc="left"))
        out, kind = figures.plot(folder)
        self.assertEqual((out, kind), (self.path("one", "sweep.png"), "sweep"))
        self.assert_png(out)

    def test_linear_axis_and_a_single_replicate(self):
        path = self.path("lin.h5")
        write_sweep(path, [axis("frequency", [0.2, 0.4, 0.6, 0.8, 1.0], "Hz")],
                    {"rate": (lambda v, r: 3.0 * v["frequency"], "Hz", "")})
        fig = figures.sweep_figure(path)
        (ax,) = _sweep_axes(fig)
        self.assertEqual(ax.get_xscale(), "linear")
        np.testing.assert_allclose(ax.lines[0].get_ydata(), [0.6, 1.2, 1.8, 2.4, 3.0])
        self.assertEqual(len(ax.collections), 1)  # the dots only: no band for one replicate
        self.assertEqual(ax.get_ylabel(), "rate [Hz]")

    def test_two_axes_heatmap_with_a_cell_without_data(self):
        # 2 concentrations x 3 frequencies x 2 replicates; both replicates of
        # (1 uM, 0.5 Hz), points 8 and 9, failed; point 11 is pending.
        folder, points = self.sweep_dir(
            "two", [axis("concentration", [0.0, 1.0], "uM", "pharmacology.concentration"),
                    axis("frequency", [0.2, 0.5, 1.0], "Hz", "stimuli.windup.frequency")],
            {"windup_index": (lambda v, r: 1 + 4 * v["frequency"] / (1 + v["concentration"])
                              + 0.2 * r, "1", ""),
             "rate": (lambda v, r: 10.0 + r, "Hz", "")},
            replicates=2, statuses={8: "failed", 9: "failed", 11: "pending"})
        out, kind = figures.plot(folder, metrics=["windup_index"])
        self.assertEqual((out, kind), (self.path("two", "sweep.png"), "sweep"))
        self.assert_png(out)
        fig = figures.sweep_figure(self.path("two", "sweep.h5"), metrics=["windup_index"])
        (ax,) = _sweep_axes(fig)
        grid = ax.images[0].get_array()
        self.assertEqual(grid.shape, (3, 2))  # frequency up, concentration across
        expected = np.array([[1 + 4 * f / (1 + c) + 0.1 for c in (0.0, 1.0)]
                             for f in (0.2, 0.5, 1.0)])
        expected[1, 1] = np.nan     # no data
        expected[2, 1] -= 0.1       # only replicate 0 (point 10) is done
        np.testing.assert_allclose(np.ma.filled(grid.astype(float), np.nan), expected)
        self.assertTrue(grid.mask[1, 1])
        self.assertEqual(int(np.count_nonzero(grid.mask)), 1)
        hatched = [p for p in ax.patches if p.get_hatch()]
        self.assertEqual(len(hatched), 1)
        self.assertEqual(hatched[0].get_xy(), (0.5, 0.5))  # the cell (1, 1)
        self.assertIn("failed", _texts(ax))
        self.assertIn(f"{expected[0, 0]:.3g}", _texts(ax))
        self.assertEqual([t.get_text() for t in ax.get_xticklabels()], ["0 uM", "1 uM"])
        self.assertEqual([t.get_text() for t in ax.get_yticklabels()],
                         ["0.2 Hz", "0.5 Hz", "1 Hz"])
        self.assertEqual((ax.get_xlabel(), ax.get_ylabel()),
                         ("concentration [uM]", "frequency [Hz]"))
        colorbar = [a for a in fig.axes if a.get_label() == "<colorbar>"]
        self.assertEqual(colorbar[0].get_ylabel(), "windup_index")
        note = _footnote(fig)
        self.assertIn("2 points failed", note)
        self.assertIn("1 point pending", note)
        self.assertIn("12 points, 9 done, 2 failed, 1 pending", _suptitle(fig))
        # --x/--y swap the heatmap
        fig = figures.sweep_figure(folder, metrics=["rate"], x="frequency", y="concentration")
        (ax,) = _sweep_axes(fig)
        self.assertEqual(ax.images[0].get_array().shape, (2, 3))
        self.assertEqual(ax.get_xlabel(), "frequency [Hz]")

    def test_every_metric_gets_a_panel(self):
        folder, _ = self.sweep_dir(
            "m", [axis("a", [1.0, 2.0]), axis("b", [1.0, 2.0, 3.0])],
            {name: (lambda v, r, k=k: k * v["a"] + v["b"], "", "") for k, name in
             enumerate(("m0", "m1", "m2"))})
        fig = figures.sweep_figure(folder)
        panels = _sweep_axes(fig)
        self.assertEqual([ax.get_title(loc="left") for ax in panels], ["m0", "m1", "m2"])
        np.testing.assert_allclose(panels[2].images[0].get_array(),
                                   [[3, 5], [4, 6], [5, 7]])
        with self.assertRaises(KeyError) as raised:
            figures.sweep_figure(folder, metrics=["m9"])
        self.assertIn("m0, m1, m2", str(raised.exception))

    def test_three_axes_need_x_and_y(self):
        folder, _ = self.sweep_dir(
            "three", [axis("a", [1.0, 2.0, 3.0], "ms"), axis("b", [10.0, 20.0], "nS"),
                      axis("c", [0.0, 1.0], "")],
            {"rate": (lambda v, r: v["a"] * v["b"] + 100 * v["c"] + r, "Hz", "")},
            replicates=2)
        with self.assertRaises(ValueError) as raised:
            figures.sweep_figure(folder)
        for words in ("a, b, c", "--x", "--y"):
            self.assertIn(words, str(raised.exception))
        fig = figures.sweep_figure(folder, x="b", y="a")
        (ax,) = _sweep_axes(fig)
        # mean over c (0 and 1: +50) and the replicates (0 and 1: +0.5)
        expected = [[a * b + 50.5 for b in (10.0, 20.0)] for a in (1.0, 2.0, 3.0)]
        np.testing.assert_allclose(ax.images[0].get_array(), expected)
        self.assertIn("mean over 2 replicates and c", ax.get_title(loc="left"))
        fig = figures.sweep_figure(folder, x="a")  # x alone: a line, b and c averaged
        (ax,) = _sweep_axes(fig)
        np.testing.assert_allclose(ax.lines[0].get_ydata(), [15 + 50.5, 30 + 50.5, 45 + 50.5])
        self.assertIn("mean over 2 replicates, b and c", ax.get_title(loc="left"))
        with self.assertRaises(KeyError) as raised:
            figures.sweep_figure(folder, x="d")
        self.assertIn("no axis 'd'", str(raised.exception))
        # through python3 -m hornet.plot: the error, then --x/--y
        r = run_plot(folder)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("--x", r.stderr)
        r = run_plot(folder, "--x", "c", "--y", "b", "--metric", "rate", "-o",
                     self.path("three.png"))
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), self.path("three.png"))
        self.assert_png(self.path("three.png"))

    def test_string_axis_is_categorical(self):
        rates = {"lif_cond": 5.0, "adex": 9.0, "izhikevich": 7.0}
        path = self.path("str.h5")
        write_sweep(path, [axis("model", list(rates), key="populations.exc.model")],
                    {"rate": (lambda v, r: rates[v["model"]] + r, "Hz", "")}, replicates=3)
        fig = figures.sweep_figure(path)
        (ax,) = _sweep_axes(fig)
        self.assertEqual([t.get_text() for t in ax.get_xticklabels()], list(rates))
        self.assertEqual(ax.get_xscale(), "linear")
        means = ax.lines[0].get_ydata()  # the error bar's markers
        np.testing.assert_allclose(means, [v + 1.0 for v in rates.values()])
        self.assert_png(figures.plot(path, self.path("str.png"))[0])

    def test_zip_sweep_is_a_line_against_the_first_axis(self):
        path = self.path("zip.h5")
        write_sweep(path, [axis("tau", [1.0, 2.0, 4.0], "ms"), axis("g", [5.0, 10.0, 20.0], "nS")],
                    {"rate": (lambda v, r: v["tau"] + v["g"], "Hz", "")}, combine="zip")
        fig = figures.sweep_figure(path)
        (ax,) = _sweep_axes(fig)
        np.testing.assert_allclose(ax.lines[0].get_ydata(), [6.0, 12.0, 24.0])
        self.assertEqual([t.get_text() for t in ax.get_xticklabels()],
                         ["1\n5", "2\n10", "4\n20"])
        self.assertEqual(ax.get_xlabel(), "tau [ms] / g [nS]")

    def test_sweep_options_on_another_figure(self):
        path = write_raster(self.path("net.h5"))
        r = run_plot(path, "--metric", "rate")
        self.assertEqual(r.returncode, 2)
        self.assertIn("sweep figure", r.stderr)
        with self.assertRaises(ValueError) as raised:
            figures.plot(path, kind="sweep")
        self.assertIn("not a hornet sweep file", str(raised.exception))


class CourseParts(FigureTest):
    def test_infusions_and_courses_from_the_cumulative_dose(self):
        t, _, _, _, dosed = _course_pharmacology(30, ((5, 7), (20, 20)))
        periods = infusions(t, dosed)
        self.assertEqual(len(periods), 4)
        for (start, stop), day in zip(periods, (5, 6, 7, 20)):
            self.assertAlmostEqual(start, day * DAY_MS + 9 * HOUR_MS)
            self.assertAlmostEqual(stop, day * DAY_MS + 13 * HOUR_MS)
        self.assertEqual([len(c) for c in courses(periods)], [3, 1])

    def test_timeline_and_pain_signal_readers(self):
        path = write_course(self.path("c.h5"), "none", days=10, course_days=((3, 4),),
                            every_h=12)
        t, w = hornet.load_timeline(path)
        self.assertEqual(sorted(w), ["engine_start", "kind", "length", "macro_step"])
        self.assertEqual(w["engine_start"].units, "ms")
        self.assertTrue(np.all(np.diff(t) > 0))
        np.testing.assert_allclose(w["engine_start"].values[1:],
                                   np.cumsum(w["length"].values)[:-1])
        t, s = hornet.load_pain_signal(path)
        self.assertEqual(len(t), 10)
        self.assertEqual(s["pain_index"].values[0], 1.0)
        with self.assertRaises(KeyError):
            hornet.load_timeline(write_raster(self.path("r.h5")))


class Errors(FigureTest):
    def assert_fails_naming(self, args, name, words=""):
        r = run_plot(*args)
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn(name, r.stderr)
        self.assertIn(words, r.stderr)
        self.assertEqual(r.stdout, "")

    def test_missing_file(self):
        self.assert_fails_naming([self.path("missing.h5")], self.path("missing.h5"),
                                 "no such file")

    def test_not_a_hornet_file(self):
        path = self.path("plain.h5")
        with h5py.File(path, "w") as f:
            f.create_dataset("x", data=[1, 2, 3])
        self.assert_fails_naming([path], path, "not a hornet output file")

    def test_nothing_to_plot(self):
        path = self.path("empty.h5")
        with h5py.File(path, "w") as f:
            _root(f)
        self.assert_fails_naming([path], path, "nothing to plot")
        self.assertFalse(os.path.exists(self.path("empty.png")))

    def test_a_kind_the_file_does_not_have(self):
        path = write_raster(self.path("net.h5"))
        self.assert_fails_naming([path, "--kind", "windup"], path, "windup_index")

    def test_a_second_file_that_is_missing(self):
        first = write_windup(self.path("w.h5"))
        self.assert_fails_naming([first, self.path("gone.h5")], self.path("gone.h5"))


if __name__ == "__main__":
    unittest.main()
