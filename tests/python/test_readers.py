# SPDX-License-Identifier: MIT
"""Tests of the Python readers (tools/python/hornet) against the file that the C++ test
Hdf5Fixture.WritesRoundTripFile writes (CTest fixture hdf5_roundtrip). The expected values
mirror tests/unit/io/test_hdf5_support.cpp (write_fixture, fixture_value); keep both in sync.

Run through CTest, which sets PYTHONPATH and HORNET_TEST_DATA.
"""

import os
import tempfile
import unittest

import h5py
import numpy as np

import hornet

DATA = os.environ.get("HORNET_TEST_DATA", "")
FIXTURE = os.path.join(DATA, "recorder_roundtrip.h5")
DT_MS = 0.1
# Under CTest (HORNET_TEST_DATA set) a missing fixture is a failure; run by hand without it,
# the fixture tests are skipped.
NEED_FIXTURE = unittest.skipUnless(DATA or os.path.exists(FIXTURE),
                                   "HORNET_TEST_DATA not set; run through CTest")


def fixture_value(variable, node, step):
    # Same operations in the same order as the C++ side, so the float32 values match exactly.
    return -70.0 + float(node) + 0.01 * float(step) + 1000.0 * float(variable)


def expected_data(variable, nodes, steps):
    return np.array([[fixture_value(variable, n, s) for n in nodes] for s in steps],
                    dtype=np.float32)


@NEED_FIXTURE
class SpikeReaders(unittest.TestCase):
    def test_one_population_gives_times_and_ids(self):
        t, ids = hornet.load_spikes(FIXTURE, "exc")
        steps = np.array([3, 3, 3, 10, 57, 57, 57, 99])
        np.testing.assert_array_equal(t, steps * DT_MS)  # exact: step * dt on both sides
        np.testing.assert_array_equal(ids, [1, 4, 6, 0, 2, 3, 7, 5])
        self.assertEqual(t.dtype, np.float64)
        self.assertEqual(ids.dtype, np.uint64)

    def test_without_population_gives_every_population(self):
        every = hornet.load_spikes(FIXTURE)
        self.assertEqual(sorted(every), ["exc", "inh"])
        t, ids = every["inh"]
        self.assertEqual(len(t), 0)
        self.assertEqual(len(ids), 0)

    def test_dataframe_when_pandas_is_installed_else_a_clear_error(self):
        try:
            import pandas  # noqa: F401
        except ImportError:
            with self.assertRaises(ImportError) as raised:
                hornet.load_spikes(FIXTURE, as_dataframe=True)
            self.assertIn("python3-pandas", str(raised.exception))
            return
        frame = hornet.load_spikes(FIXTURE, as_dataframe=True)
        self.assertEqual(list(frame.columns), ["population", "node_id", "time_ms"])
        exc = frame[frame.population == "exc"]
        np.testing.assert_array_equal(exc.node_id, [1, 4, 6, 0, 2, 3, 7, 5])
        self.assertEqual(len(frame[frame.population == "inh"]), 0)

    def test_unknown_population_lists_the_recorded_ones(self):
        with self.assertRaises(KeyError) as raised:
            hornet.load_spikes(FIXTURE, "pyramidal")
        self.assertIn("exc, inh", str(raised.exception))

    def test_populations_and_reports(self):
        self.assertEqual(hornet.populations(FIXTURE), ["exc", "inh"])
        self.assertEqual(hornet.reports(FIXTURE),
                         {"exc": ["V_m"], "exc_1": ["g_in"], "inh": ["V_m", "g_ex"]})


@NEED_FIXTURE
class ReportReaders(unittest.TestCase):
    def test_single_variable_layout(self):
        r = hornet.load_report(FIXTURE, "exc")
        self.assertEqual(r.variable, "V_m")
        self.assertEqual(r.units, "mV")
        np.testing.assert_array_equal(r.node_ids, [0, 2, 5])
        steps = np.arange(0, 100, 2)
        np.testing.assert_allclose(r.times, steps * DT_MS, rtol=0, atol=1e-12)
        self.assertEqual(r.data.dtype, np.float32)
        np.testing.assert_array_equal(r.data, expected_data(0, [0, 2, 5], steps))
        # Naming the only variable is fine too.
        self.assertEqual(hornet.load_report(FIXTURE, "exc", "V_m").variable, "V_m")

    def test_per_variable_layout(self):
        steps = np.arange(0, 100, 5)
        for index, (name, units) in enumerate([("V_m", "mV"), ("g_ex", "nS")]):
            r = hornet.load_report(FIXTURE, "inh", name)
            self.assertEqual((r.variable, r.units), (name, units))
            np.testing.assert_array_equal(r.node_ids, [0, 1, 2, 3])
            np.testing.assert_allclose(r.times, steps * DT_MS, rtol=0, atol=1e-12)
            np.testing.assert_array_equal(r.data, expected_data(index, [0, 1, 2, 3], steps))

    def test_second_report_of_a_population_is_suffixed(self):
        r = hornet.load_report(FIXTURE, "exc_1")
        self.assertEqual(r.variable, "g_in")
        np.testing.assert_array_equal(r.node_ids, [7])
        np.testing.assert_array_equal(r.data, expected_data(2, [7], np.arange(0, 100, 10)))

    def test_missing_variable_lists_the_available_ones(self):
        with self.assertRaises(KeyError) as raised:
            hornet.load_report(FIXTURE, "inh", "g_in")
        self.assertIn("V_m, g_ex", str(raised.exception))
        with self.assertRaises(KeyError) as raised:
            hornet.load_report(FIXTURE, "inh")  # several variables: one must be named
        self.assertIn("V_m, g_ex", str(raised.exception))
        with self.assertRaises(KeyError) as raised:
            hornet.load_report(FIXTURE, "exc", "g_ex")
        self.assertIn("V_m", str(raised.exception))

    def test_missing_report_lists_the_reports(self):
        with self.assertRaises(KeyError) as raised:
            hornet.load_report(FIXTURE, "drive")
        self.assertIn("exc, exc_1, inh", str(raised.exception))


@NEED_FIXTURE
class ProvenanceReader(unittest.TestCase):
    def test_root_attributes_are_plain_python_values(self):
        p = hornet.provenance(FIXTURE)
        self.assertEqual(p["magic"], 0x0A7A)
        self.assertEqual(p["version"], (0, 1))
        self.assertEqual(p["seed"], 42)
        self.assertEqual(p["threads"], 2)
        self.assertEqual(p["dt"], DT_MS)
        self.assertEqual(p["steps"], 100)
        self.assertEqual(p["interrupted"], 0)
        self.assertAlmostEqual(p["duration"], 10.0)
        self.assertEqual(p["scenario_path"], "configs/test/roundtrip.toml")
        self.assertEqual(p["command_line"], "hornet run 'round trip.toml' -o out.h5")
        self.assertEqual(p["config_toml"],
                         '[simulation]\ndt = "0.1 ms"\n# g in \u00b5S, not ASCII\n')
        for key in ("hornet_version", "git_sha", "compiler", "flags"):
            self.assertIsInstance(p[key], str, key)
        self.assertEqual(p["wall_time_simulation"], 1.25)


class Refusals(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)

    def path(self, name):
        return os.path.join(self.dir.name, name)

    def assert_refused(self, path, message):
        for read in (lambda: hornet.load_spikes(path), lambda: hornet.load_report(path, "exc"),
                     lambda: hornet.provenance(path), lambda: hornet.populations(path)):
            with self.assertRaises(ValueError) as raised:
                read()
            self.assertIn(path, str(raised.exception))
            self.assertIn(message, str(raised.exception))

    def test_wrong_magic(self):
        path = self.path("foreign.h5")
        with h5py.File(path, "w") as f:
            f.attrs["magic"] = np.uint32(0x1234)
            f.create_group("spikes/exc")
        self.assert_refused(path, "0x1234")

    def test_no_magic(self):
        path = self.path("plain.h5")
        with h5py.File(path, "w") as f:
            f.create_dataset("x", data=[1, 2, 3])
        self.assert_refused(path, "no 'magic' attribute")

    def test_not_hdf5(self):
        path = self.path("notes.h5")
        with open(path, "w") as f:
            f.write("not hdf5")
        self.assert_refused(path, "not an HDF5 file")

    def test_missing_file(self):
        with self.assertRaises(FileNotFoundError):
            hornet.load_spikes(self.path("missing.h5"))


if __name__ == "__main__":
    unittest.main()
