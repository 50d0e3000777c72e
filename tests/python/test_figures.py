# SPDX-License-Identifier: MIT
"""Tests of the figures (tools/python/hornet/figures.py, python3 -m hornet.plot) on small
synthetic hornet files written here with h5py, one per figure kind.

The treatment-course ("timeline") file mirrors the layout the multiscale C++ run writes
(tools/python/hornet/course_figure.py): /pharmacology, /slow/rho and /slow/scale of
c_fibres_to_projection, /readout/pain_signal, /timeline/windows and /spikes in engine time.
``write_course`` is also the generator of the demonstration figure (120 days, two courses).

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
