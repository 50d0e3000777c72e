# SPDX-License-Identifier: MIT
"""End-to-end tests of the pharmacology: a pharmacokinetics-only scenario runs in milliseconds and
writes /pharmacology with units; COBA+NMDA fires less as ketamine rises; the NMDA block output and
spikes do not depend on the thread count; bad schedules are errors naming file, line and key.

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
SRC = os.environ["HORNET_SOURCE_DIR"]
CONFIGS = os.path.join(SRC, "configs")


def read(name):
    with open(os.path.join(CONFIGS, name)) as f:
        return f.read()


def run(*args, timeout=300):
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=timeout)


class PharmacokineticsOnly(unittest.TestCase):
    def test_infusion_writes_the_pharmacology_table_with_units(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "infusion.h5")
            r = run("run", os.path.join(CONFIGS, "ketamine_infusion.toml"), "-o", out)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("peak", r.stdout)
            with h5py.File(out, "r") as f:
                g = f["pharmacology"]
                t_min = g["time"][()] / 60000.0
                self.assertEqual(g["time"].attrs["units"], "ms")
                self.assertEqual(g["plasma"].attrs["units"], "ng/mL")
                self.assertEqual(g["receptor_ketamine"].attrs["units"], "uM")
                plasma = g["plasma"][()]
                # SCIENCE.md V7 (Domino et al. 1984 model, 70 kg, 0.5 mg/kg/h for 4 h)
                for minute, expected in ((30, 151), (60, 177), (120, 215), (240, 260),
                                         (270, 116), (360, 67)):
                    i = int(np.argmin(np.abs(t_min - minute)))
                    self.assertAlmostEqual(t_min[i], minute)
                    self.assertLess(abs(plasma[i] - expected) / expected, 0.02, minute)
                # SCIENCE.md V11: mass balance of the written series
                dosed = g["dosed"][()]
                self.assertAlmostEqual(dosed[-1], 0.5 * 70 * 4, places=6)
                np.testing.assert_allclose(g["body_content"][()] + g["eliminated"][()], dosed,
                                           rtol=1e-6, atol=1e-9)
                self.assertEqual(t_min[-1], 480.0)
            t, series = hornet.load_pharmacology(out)
            self.assertEqual(series["plasma"].units, "ng/mL")
            self.assertEqual(series["plasma"].columns, ())
            np.testing.assert_array_equal(t / 60000.0, t_min)

    def test_set_switches_the_parameter_set(self):
        with tempfile.TemporaryDirectory() as tmp:
            peaks = {}
            for name in ("domino_1984", "kamp_2020"):
                out = os.path.join(tmp, name + ".h5")
                r = run("run", os.path.join(CONFIGS, "ketamine_infusion.toml"), "-o", out,
                        "--set", f"pharmacology.parameter_set={name}")
                self.assertEqual(r.returncode, 0, r.stderr)
                with h5py.File(out, "r") as f:
                    peaks[name] = f["pharmacology/plasma"][()].max()
            self.assertNotAlmostEqual(peaks["domino_1984"], peaks["kamp_2020"], delta=1.0)


def exc_rate(path, duration_ms):
    with h5py.File(path, "r") as f:
        return len(f["spikes/exc/timestamps"]) / 3200 / (duration_ms / 1000.0)


class KetamineLowersCobaNmdaRates(unittest.TestCase):
    def test_rate_falls_monotonically_with_concentration(self):
        rates = []
        with tempfile.TemporaryDirectory() as tmp:
            for c in (0, 0.5, 1, 2, 5):
                out = os.path.join(tmp, f"c{c}.h5")
                r = run("run", os.path.join(CONFIGS, "coba_nmda.toml"), "-o", out, "--quiet",
                        "--threads", "2", "--set", f'pharmacology.concentration="{c} uM"')
                self.assertEqual(r.returncode, 0, r.stderr)
                rates.append(exc_rate(out, 1000.0))
                _, series = hornet.load_pharmacology(out)
                self.assertEqual(series["nmda_block"].columns, ("exc", "inh"))
                self.assertEqual(series["nmda_block"].values.shape, (100, 2))  # every 10 ms
        print("\ncoba_nmda exc rate at 0, 0.5, 1, 2, 5 uM ketamine:",
              ", ".join(f"{x:.2f}" for x in rates), "Hz")
        self.assertTrue(all(a > b for a, b in zip(rates, rates[1:])), rates)


class Determinism(unittest.TestCase):
    def test_trapping_block_is_identical_for_1_2_and_4_threads(self):
        with tempfile.TemporaryDirectory() as tmp:
            results = {}
            for threads in (1, 2, 4):
                out = os.path.join(tmp, f"t{threads}.h5")
                r = run("run", os.path.join(CONFIGS, "coba_nmda.toml"), "-o", out, "--quiet",
                        "--threads", str(threads), "--set", 'pharmacology.concentration="1 uM"',
                        "--set", "pharmacology.block.ketamine_block=trapping",
                        "--set", "simulation.duration=300 ms")
                self.assertEqual(r.returncode, 0, r.stderr)
                with h5py.File(out, "r") as f:
                    results[threads] = [f[p][()].tobytes() for p in (
                        "spikes/exc/timestamps", "spikes/exc/node_ids", "spikes/inh/node_ids",
                        "pharmacology/nmda_block")]
            self.assertGreater(len(results[1][0]), 1000)
            self.assertEqual(results[1], results[2])
            self.assertEqual(results[1], results[4])


class BadSchedules(unittest.TestCase):
    BASE = read("ketamine_infusion.toml")

    def check(self, text, *expected):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "bad.toml")
            with open(path, "w") as f:
                f.write(text)
            r = run("validate", path)
            self.assertEqual(r.returncode, 2, r.stdout)
            for e in expected:
                self.assertRegex(r.stderr, e)

    def test_overlapping_infusions(self):
        self.check(self.BASE + '\n[[pharmacology.doses]]\nstart = "3 h"\nrate = "10 mg/h"\n'
                   'duration = "2 h"\n',
                   r"bad\.toml:\d+:\d+: pharmacology\.doses\[1\]: .*overlap")

    def test_negative_dose(self):
        self.check(self.BASE.replace('rate = "0.5 mg/kg/h"', 'rate = "-0.5 mg/kg/h"'),
                   r"bad\.toml:\d+:\d+: pharmacology\.doses\[0\]\.rate: .*negative")

    def test_unknown_parameter_set(self):
        self.check(self.BASE.replace('"domino_1984"', '"domino_1948"'),
                   r"bad\.toml:\d+:\d+: pharmacology\.parameter_set: unknown parameter set "
                   r"\"domino_1948\" \(hint: did you mean \"domino_1984\"\?")

    def test_a_dose_where_a_rate_is_needed(self):
        self.check(self.BASE.replace('rate = "0.5 mg/kg/h"', 'rate = "0.5 mg/kg"'),
                   r"bad\.toml:\d+:\d+: pharmacology\.doses\[0\]\.rate: \"0\.5 mg/kg\" is a dose, "
                   r"not a rate")

    def test_a_bare_number_concentration(self):
        base = read("coba_nmda.toml")
        self.check(base.replace('concentration = "0 uM"', 'concentration = "1 mV"'),
                   r"bad\.toml:\d+:\d+: pharmacology\.concentration: .*not a concentration")


if __name__ == "__main__":
    unittest.main()
