# SPDX-License-Identifier: MIT
"""Tests of hornet.readers.load_sweep on synthetic sweep tables written here with h5py,
following the layout of docs/sweeps.md (section "sweep.h5"). ``write_sweep`` is also used by
tests/python/test_figures.py for the sweep figure.

Run through CTest (python_readers sets PYTHONPATH), or by hand:
    PYTHONPATH=tools/python /usr/bin/python3 -m unittest discover -s tests/python \
        -p 'test_readers_sweep.py'
"""

import itertools
import os
import tempfile
import unittest

import h5py
import numpy as np

import hornet
from hornet.readers import Sweep, is_sweep, load_sweep

try:
    import pandas  # noqa: F401
    HAVE_PANDAS = True
except ImportError:
    HAVE_PANDAS = False

STRING = h5py.string_dtype("utf-8")
MASK63 = (1 << 63) - 1


def splitmix64(x):
    """One SplitMix64 step (a stand-in for the seed derivation; the readers only copy seeds)."""
    x = (x + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return x ^ (x >> 31)


def plan(axes, replicates=1, combine="grid"):
    """The points of a sweep in point order: ``[(values per axis, replicate), ...]``.

    ``grid``: every combination, the last axis fastest; ``zip``: the i-th values together;
    replicates innermost (docs/sweeps.md, "Combination").
    """
    lists = [a["values"] for a in axes]
    combos = list(itertools.product(*lists)) if combine == "grid" else list(zip(*lists))
    return [(combo, r) for combo in combos for r in range(replicates)]


def axis(name, values, units="", key=None):
    """An axis for :func:`write_sweep`: numbers (written as float64 with ``units``) or str."""
    return {"name": name, "values": list(values), "units": units, "key": key or name}


def write_sweep(path, axes, metrics, replicates=1, combine="grid", statuses=None,
                master_seed=11, wall_time=2.5, sweep_path="configs/sweeps/test.toml"):
    """A sweep.h5 as hornet sweep writes it (docs/sweeps.md, section "sweep.h5").

    ``metrics``: {name: (f(values_by_axis_name, replicate) -> float, units, description)}.
    ``statuses``: {point index: "failed" or "pending"}; the other points are done. Metrics and
    wall time are NaN unless done. Returns the list of points (see :func:`plan`).
    """
    statuses = statuses or {}
    points = plan(axes, replicates, combine)
    n = len(points)
    status = [statuses.get(i, "done") for i in range(n)]
    done = np.array([s == "done" for s in status])
    names = [a["name"] for a in axes]
    with h5py.File(path, "w") as f:
        f.attrs["magic"] = np.uint32(hornet.MAGIC)
        f.attrs["version"] = np.array([hornet.FORMAT_MAJOR, 1], dtype=np.uint32)
        f.attrs["kind"] = "sweep"
        f.attrs["hornet_version"] = "0.1.0"
        f.attrs["git_sha"] = "0123456789ab"
        f.attrs["sweep_path"] = sweep_path
        f.attrs["sweep_toml"] = 'scenario = "../windup.toml"\n'
        f.attrs["scenario_path"] = "configs/windup.toml"
        f.attrs["combine"] = combine
        f.attrs["replicates"] = np.uint64(replicates)
        f.attrs["master_seed"] = np.uint64(master_seed)
        f.attrs["seed_mode"] = "per_point"
        f.attrs["n_points"] = np.uint64(n)
        f.attrs.create("axes", data=names, dtype=STRING)
        f.attrs.create("metrics", data=list(metrics), dtype=STRING)
        f.attrs["complete"] = np.uint8(0 if "pending" in status else 1)
        p = f.create_group("points")
        p.create_dataset("index", data=np.arange(n, dtype=np.uint64))
        p.create_dataset("replicate", data=np.array([r for _, r in points], dtype=np.uint64))
        seeds = [splitmix64(master_seed ^ splitmix64(i)) & MASK63 for i in range(n)]
        p.create_dataset("seed", data=np.array(seeds, dtype=np.uint64))
        p.create_dataset("status", data=status, dtype=STRING)
        wall = p.create_dataset("wall_time", data=np.where(done, wall_time, np.nan))
        wall.attrs["units"] = "s"
        p.create_dataset("error", data=["exit status 1: no dataset readout/windup"
                                        if s == "failed" else "" for s in status], dtype=STRING)
        p.create_dataset("file", data=[f"point-{i:06d}.h5" for i in range(n)], dtype=STRING)
        g = f.create_group("parameters")
        for position, a in enumerate(axes):
            column = [combo[position] for combo, _ in points]
            if isinstance(a["values"][0], str):
                d = g.create_dataset(a["name"], data=column, dtype=STRING)
            else:
                d = g.create_dataset(a["name"], data=np.array(column, dtype=np.float64))
                d.attrs["units"] = a["units"]
            d.attrs["key"] = a["key"]
            d.attrs["axis"] = np.uint64(position)
        g = f.create_group("metrics")
        for name, (function, units, description) in metrics.items():
            values = [function(dict(zip(names, combo)), r) if ok else np.nan
                      for (combo, r), ok in zip(points, done)]
            d = g.create_dataset(name, data=np.array(values, dtype=np.float64))
            d.attrs["units"] = units
            d.attrs["description"] = description
        links = f.create_group("files")
        for i in np.flatnonzero(done):
            links[f"point-{i:06d}"] = h5py.ExternalLink(f"point-{i:06d}.h5", "/")
    return points


class SweepTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)

    def path(self, *names):
        return os.path.join(self.dir.name, *names)

    def grid(self, name="sweep.h5", statuses=None):
        """2 concentrations x 3 frequencies x 2 replicates = 12 points."""
        axes = [axis("concentration", [0.0, 1.0], "uM", "pharmacology.concentration"),
                axis("frequency", [0.2, 0.5, 1.0], "Hz", "stimuli.windup.frequency")]
        metrics = {"windup_index": (lambda v, r: 1.0 + 2.0 / (1.0 + v["concentration"])
                                    + v["frequency"] + 0.1 * r, "1", "last windup index"),
                   "projection_rate": (lambda v, r: 10.0 * v["frequency"] + r, "Hz",
                                       "spikes / neurons / duration")}
        path = self.path(name)
        points = write_sweep(path, axes, metrics, replicates=2, statuses=statuses)
        return path, points


class LoadSweep(SweepTest):
    def test_point_columns(self):
        path, points = self.grid(statuses={3: "failed", 11: "pending"})
        s = load_sweep(path)
        self.assertIsInstance(s, Sweep)
        self.assertEqual(s.n_points, 12)
        np.testing.assert_array_equal(s.index, np.arange(12))
        self.assertEqual(s.index.dtype, np.uint64)
        np.testing.assert_array_equal(s.replicate, [0, 1] * 6)
        self.assertEqual(s.seed.dtype, np.uint64)
        self.assertEqual(len(set(s.seed.tolist())), 12)
        self.assertTrue(all(int(v) <= MASK63 for v in s.seed))
        self.assertEqual(s.status[3], "failed")
        self.assertEqual(s.status[11], "pending")
        self.assertEqual(list(s.status).count("done"), 10)
        self.assertIsInstance(s.status[0], str)  # decoded, not bytes
        self.assertEqual(s.counts(), {"done": 10, "failed": 1, "pending": 1})
        self.assertEqual(s.error[3], "exit status 1: no dataset readout/windup")
        self.assertEqual(s.error[0], "")
        self.assertEqual(s.file[5], "point-000005.h5")
        self.assertIsInstance(s.file[5], str)
        self.assertEqual(s.point_path(5), self.path("point-000005.h5"))
        self.assertEqual(s.wall_time[0], 2.5)
        self.assertTrue(np.isnan(s.wall_time[3]) and np.isnan(s.wall_time[11]))

    def test_parameters_in_grid_order(self):
        path, points = self.grid()
        s = load_sweep(path)
        self.assertEqual(s.axes, ["concentration", "frequency"])
        self.assertEqual(list(s.parameters), ["concentration", "frequency"])
        # grid: the last axis varies fastest, replicates innermost
        np.testing.assert_array_equal(s.parameters["concentration"], [0.0] * 6 + [1.0] * 6)
        np.testing.assert_array_equal(s.parameters["frequency"],
                                      [0.2, 0.2, 0.5, 0.5, 1.0, 1.0] * 2)
        self.assertEqual(s.parameters["frequency"].dtype, np.float64)
        self.assertEqual(s.parameter_units, {"concentration": "uM", "frequency": "Hz"})
        self.assertEqual(s.parameter_keys, {"concentration": "pharmacology.concentration",
                                            "frequency": "stimuli.windup.frequency"})

    def test_metrics_nan_unless_done(self):
        path, points = self.grid(statuses={3: "failed", 11: "pending"})
        s = load_sweep(path)
        self.assertEqual(list(s.metrics), ["windup_index", "projection_rate"])
        expected = np.array([1.0 + 2.0 / (1.0 + c) + fr + 0.1 * r for (c, fr), r in points])
        expected[[3, 11]] = np.nan
        np.testing.assert_allclose(s.metrics["windup_index"], expected)
        self.assertEqual(s.metrics["windup_index"].dtype, np.float64)
        self.assertEqual(s.metric_units, {"windup_index": "1", "projection_rate": "Hz"})
        self.assertEqual(s.metric_descriptions["projection_rate"], "spikes / neurons / duration")

    def test_sweep_attributes(self):
        path, _ = self.grid(statuses={11: "pending"})
        s = load_sweep(path)
        self.assertEqual((s.combine, s.replicates, s.master_seed, s.seed_mode),
                         ("grid", 2, 11, "per_point"))
        self.assertIs(s.complete, False)
        self.assertEqual(s.sweep_path, "configs/sweeps/test.toml")
        self.assertEqual(s.scenario_path, "configs/windup.toml")
        self.assertEqual(s.directory, self.dir.name)
        self.assertEqual(s.attributes["kind"], "sweep")
        self.assertIn("12 points", repr(s))
        path, _ = self.grid("complete.h5")
        self.assertIs(load_sweep(path).complete, True)

    def test_string_axis_and_zip(self):
        axes = [axis("model", ["lif", "adex", "lif µ"], key="populations.exc.model"),
                axis("tau", [1.0, 2.0, 4.0], "ms", "populations.exc.params.tau_syn_ex")]
        path = self.path("sweep.h5")
        write_sweep(path, axes, {"rate": (lambda v, r: v["tau"] * 3, "Hz", "")},
                    combine="zip")
        s = load_sweep(path)
        self.assertEqual(s.combine, "zip")
        self.assertEqual(s.n_points, 3)
        self.assertEqual(list(s.parameters["model"]), ["lif", "adex", "lif µ"])
        self.assertTrue(all(isinstance(v, str) for v in s.parameters["model"]))
        self.assertEqual(s.parameter_units["model"], "")
        np.testing.assert_array_equal(s.metrics["rate"], [3.0, 6.0, 12.0])

    def test_axis_order_from_the_root_attribute(self):
        # /parameters lists its members alphabetically; the root attribute axes keeps order.
        axes = [axis("zeta", [1.0, 2.0]), axis("alpha", [5.0, 6.0, 7.0])]
        path = self.path("sweep.h5")
        write_sweep(path, axes, {"m": (lambda v, r: v["zeta"] * 10 + v["alpha"], "", "")})
        s = load_sweep(path)
        self.assertEqual(s.axes, ["zeta", "alpha"])
        self.assertEqual(list(s.parameters), ["zeta", "alpha"])
        np.testing.assert_array_equal(s.metrics["m"], [15, 16, 17, 25, 26, 27])

    def test_a_directory_reads_its_sweep_h5(self):
        path, _ = self.grid()
        s = load_sweep(self.dir.name)
        self.assertEqual(s.path, path)
        self.assertEqual(s.n_points, 12)
        self.assertTrue(is_sweep(self.dir.name))
        self.assertTrue(is_sweep(path))

    def test_no_axes_only_replicates(self):
        path = self.path("sweep.h5")
        write_sweep(path, [], {"m": (lambda v, r: float(r), "", "")}, replicates=4)
        s = load_sweep(path)
        self.assertEqual(s.axes, [])
        self.assertEqual(s.parameters, {})
        np.testing.assert_array_equal(s.metrics["m"], [0, 1, 2, 3])

    @unittest.skipUnless(HAVE_PANDAS, "pandas is not installed (apt-get install python3-pandas)")
    def test_data_frame(self):
        path, points = self.grid(statuses={3: "failed"})
        df = load_sweep(path, as_frame=True)
        self.assertEqual(list(df.columns),
                         ["index", "replicate", "seed", "status", "wall_time", "error", "file",
                          "concentration", "frequency", "windup_index", "projection_rate"])
        self.assertEqual(len(df), 12)
        self.assertEqual(df.status[3], "failed")
        self.assertEqual(df.file[0], "point-000000.h5")
        means = df[df.status == "done"].groupby("frequency").projection_rate.mean()
        # point 3 (0 uM, 0.5 Hz, replicate 1: rate 6) failed, so 0.5 Hz has 5, 5 and 6
        np.testing.assert_allclose(means.values, [2.5, 16.0 / 3.0, 10.5])
        self.assertTrue(np.isnan(df.windup_index[3]))

    @unittest.skipIf(HAVE_PANDAS, "pandas is installed")
    def test_data_frame_without_pandas_says_what_to_install(self):
        path, _ = self.grid()
        with self.assertRaises(ImportError) as raised:
            load_sweep(path, as_frame=True)
        self.assertIn("python3-pandas", str(raised.exception))


class SweepRefusals(SweepTest):
    def test_missing_file(self):
        with self.assertRaises(FileNotFoundError) as raised:
            load_sweep(self.path("gone.h5"))
        self.assertIn(self.path("gone.h5"), str(raised.exception))

    def test_directory_without_sweep_h5(self):
        with self.assertRaises(FileNotFoundError) as raised:
            load_sweep(self.dir.name)
        self.assertIn(self.dir.name, str(raised.exception))
        self.assertIn("sweep.h5", str(raised.exception))
        self.assertFalse(is_sweep(self.dir.name))

    def test_a_run_output_file(self):
        path = self.path("run.h5")
        with h5py.File(path, "w") as f:
            f.attrs["magic"] = np.uint32(hornet.MAGIC)
            f.attrs["version"] = np.array([hornet.FORMAT_MAJOR, 1], dtype=np.uint32)
            f.create_group("spikes/exc")
        with self.assertRaises(ValueError) as raised:
            load_sweep(path)
        self.assertIn(path, str(raised.exception))
        self.assertIn("not a hornet sweep file", str(raised.exception))
        self.assertFalse(is_sweep(path))

    def test_another_kind(self):
        path, _ = self.grid()
        with h5py.File(path, "a") as f:
            f.attrs["kind"] = "run"
        with self.assertRaises(ValueError) as raised:
            load_sweep(path)
        self.assertIn("kind = 'run'", str(raised.exception))

    def test_no_magic(self):
        path = self.path("plain.h5")
        with h5py.File(path, "w") as f:
            f.attrs["kind"] = "sweep"
            f.create_dataset("points/index", data=np.arange(3, dtype=np.uint64))
        with self.assertRaises(ValueError) as raised:
            load_sweep(path)
        self.assertIn(path, str(raised.exception))
        self.assertIn("not a hornet sweep file (no 'magic' attribute)", str(raised.exception))

    def test_wrong_magic(self):
        path, _ = self.grid()
        with h5py.File(path, "a") as f:
            f.attrs["magic"] = np.uint32(0x1234)
        with self.assertRaises(ValueError) as raised:
            load_sweep(path)
        self.assertIn("0x1234", str(raised.exception))

    def test_not_hdf5(self):
        path = self.path("sweep.h5")
        with open(path, "w") as f:
            f.write("index,status\n")
        with self.assertRaises(ValueError) as raised:
            load_sweep(self.dir.name)
        self.assertIn(path, str(raised.exception))
        self.assertIn("not an HDF5 file", str(raised.exception))

    def test_inconsistent_tables(self):
        path, _ = self.grid()
        with h5py.File(path, "a") as f:
            f.attrs["n_points"] = np.uint64(13)
        with self.assertRaises(ValueError) as raised:
            load_sweep(path)
        self.assertIn("n_points = 13", str(raised.exception))
        path, _ = self.grid("short.h5")
        with h5py.File(path, "a") as f:
            del f["metrics/windup_index"]
            f["metrics/windup_index"] = np.zeros(5)
        with self.assertRaises(ValueError) as raised:
            load_sweep(path)
        self.assertIn("/metrics/windup_index has shape (5,)", str(raised.exception))
        path, _ = self.grid("lost_axis.h5")
        with h5py.File(path, "a") as f:
            del f["parameters/frequency"]
        with self.assertRaises(ValueError) as raised:
            load_sweep(path)
        self.assertIn("'frequency' in the root attribute 'axes' but not in /parameters",
                      str(raised.exception))


if __name__ == "__main__":
    unittest.main()
