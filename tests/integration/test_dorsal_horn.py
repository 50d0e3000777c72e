# SPDX-License-Identifier: MIT
"""End-to-end tests of the dorsal-horn scenarios: plasticity, stimuli and readouts give bitwise
the same spikes, efficacies and readouts for 1, 2 and 3 threads; the output has the documented
layout with units; `hornet inspect` summarises /readout and /slow.

Run by CTest with HORNET_EXE (the binary) and HORNET_SOURCE_DIR set.
"""
import os
import subprocess
import tempfile
import unittest

import h5py
import numpy as np

import hornet

EXE = os.environ["HORNET_EXE"]
CONFIGS = os.path.join(os.environ["HORNET_SOURCE_DIR"], "configs")


def run(*args, timeout=600):
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=timeout)


class PlasticityAcrossThreads(unittest.TestCase):
    """Sensitisation up to the second conditioning train (40 s): stimuli, pre and post events,
    noise of the rule and the summaries all take part."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.out = {}
        for threads in (1, 2, 3):
            out = os.path.join(cls.tmp.name, f"t{threads}.h5")
            r = run("run", os.path.join(CONFIGS, "sensitization.toml"), "-o", out, "--quiet",
                    "--threads", str(threads), "--set", 'simulation.duration="42 s"',
                    "--set", 'pharmacology.concentration="0.5 uM"',
                    "--set", 'recording.plasticity_full=["c_fibres_to_projection"]')
            if r.returncode != 0:
                raise AssertionError(r.stderr)
            cls.out[threads] = out

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_spikes_efficacies_and_readouts_are_bitwise_identical(self):
        ref = self.out[1]
        _, rho = hornet.load_slow(ref, "c_fibres_to_projection")
        self.assertGreater(rho["mean"].values[-1], rho["mean"].values[0], "plasticity acted")
        for threads in (2, 3):
            for pop in hornet.populations(ref):
                a, b = hornet.load_spikes(ref, pop), hornet.load_spikes(self.out[threads], pop)
                np.testing.assert_array_equal(a[0], b[0], err_msg=f"{pop}, {threads} threads")
                np.testing.assert_array_equal(a[1], b[1], err_msg=f"{pop}, {threads} threads")
            _, other = hornet.load_slow(self.out[threads], "c_fibres_to_projection")
            for key in ("mean", "potentiated"):
                np.testing.assert_array_equal(rho[key].values, other[key].values,
                                              err_msg=f"{key}, {threads} threads")
            with h5py.File(ref, "r") as a, h5py.File(self.out[threads], "r") as b:
                g = "slow/rho/c_fibres_to_projection/"
                for name in ("values", "source", "target"):
                    np.testing.assert_array_equal(a[g + name][()], b[g + name][()],
                                                  err_msg=f"{name}, {threads} threads")
            _, r1 = hornet.load_readout(ref, "test_before")
            _, r2 = hornet.load_readout(self.out[threads], "test_before")
            np.testing.assert_array_equal(r1["response"].values, r2["response"].values)

    def test_layout_and_units(self):
        with h5py.File(self.out[1], "r") as f:
            slow = f["slow/rho/c_fibres_to_projection"]
            self.assertEqual(slow["time"].attrs["units"], "ms")
            self.assertEqual(slow["mean"].attrs["units"], "1")
            self.assertEqual(slow["time"][0], 0.0)
            self.assertAlmostEqual(slow["time"][1], 1000.0, delta=1.0)  # slice end after 1 s
            readout = f["readout/test_before"]
            np.testing.assert_allclose(readout["time"][()], [1000.0, 11000.0, 21000.0])
            self.assertIn("window", readout["response"].attrs["description"])
            # Every synapse: the columns average to the summary's mean (float32 values).
            values = slow["values"][()]
            self.assertEqual(values.shape, (len(slow["time"]), len(slow["source"])))
            self.assertEqual(len(slow["source"]), 10 * 32)  # fixed in-degree 32 onto 10 cells
            np.testing.assert_allclose(values.mean(axis=1), slow["mean"][()], atol=1e-6)
            np.testing.assert_array_equal(np.sort(np.unique(slow["target"][()])), np.arange(10))
            self.assertTrue(np.all(np.diff(slow["target"][()]) >= 0), "target-major order")
        r = run("inspect", self.out[1])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("slow/rho/c_fibres_to_projection", r.stdout)
        self.assertIn("readout/test_before", r.stdout)


class Inspect(unittest.TestCase):
    def test_models_lists_rules_protocols_and_parameter_sets(self):
        r = run("inspect", "--models")
        self.assertEqual(r.returncode, 0, r.stderr)
        for text in ("graupner_brunel - plasticity rule", "shouval - plasticity rule",
                     "hfs - stimulus protocol", "mechanical - stimulus protocol",
                     "adex - ", "wdr - ", "afferent - ", "parameter sets"):
            self.assertIn(text, r.stdout)


if __name__ == "__main__":
    unittest.main()
