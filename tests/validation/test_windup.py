# SPDX-License-Identifier: MIT
"""SCIENCE.md V12, wind-up shape, on configs/windup.toml (the dorsal-horn circuit of
configs/dorsal_horn.toml driven by 16 C-strength pulses, Dickenson & Sullivan 1987 [S43]).

No per-stimulus spike counts were retrieved (SCIENCE.md §4.4, Open questions 7), so the test is
on the shape [S42,S43,S47a,S47b]: the response of the projection neurons stays flat at 0.1 Hz,
rises over the first ~10 pulses at 0.5 and 1 Hz, and ketamine at an analgesic concentration
(1 uM free at the receptors, the top of the 0.3-1 uM range; steady-state block, IC50 1 uM [S14])
removes most of the rise while barely changing the first response. Two seeds each.

Run by CTest with HORNET_EXE and HORNET_SOURCE_DIR set.
"""
import os
import subprocess
import tempfile
import unittest

import numpy as np

import hornet

EXE = os.environ["HORNET_EXE"]
WINDUP = os.path.join(os.environ["HORNET_SOURCE_DIR"], "configs", "windup.toml")
SEEDS = (1, 2)


def responses(tmp, frequency_hz, ketamine_uM=0.0, seed=1):
    """Spikes per projection neuron after each of the 16 pulses."""
    duration_s = 1 + 16 / frequency_hz + 1
    out = os.path.join(tmp, f"windup_{frequency_hz}_{ketamine_uM}_{seed}.h5")
    r = subprocess.run([EXE, "run", WINDUP, "-o", out, "--quiet", "--seed", str(seed),
                        "--set", f'stimuli.windup.frequency="{frequency_hz} Hz"',
                        "--set", f'simulation.duration="{duration_s} s"',
                        "--set", f'pharmacology.concentration="{ketamine_uM} uM"'],
                       capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        raise AssertionError(r.stderr)
    _, series = hornet.load_readout(out, "windup")
    values = series["response_per_neuron"].values
    assert len(values) == 16, values
    return values


class WindUpShape(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.r = {}
        for seed in SEEDS:
            for f, k in ((0.1, 0.0), (0.5, 0.0), (1.0, 0.0), (1.0, 1.0)):
                cls.r[(f, k, seed)] = responses(cls.tmp.name, f, k, seed)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_flat_at_a_tenth_of_a_hertz(self):
        for seed in SEEDS:
            r = self.r[(0.1, 0.0, seed)]
            self.assertGreater(r[0], 1.0, "the first pulse evokes a response")
            np.testing.assert_allclose(r / r[0], 1.0, atol=0.1, err_msg=f"seed {seed}: {r}")

    def test_rises_over_the_first_ten_pulses_at_half_and_one_hertz(self):
        for seed in SEEDS:
            for f, least in ((0.5, 1.15), (1.0, 2.0)):
                r = self.r[(f, 0.0, seed)]
                # Monotone up to the count noise of the 10 cells (a dip of up to 3 spikes in
                # all, 0.3 per neuron, once the plateau is reached), and never below the first.
                self.assertTrue(np.all(np.diff(r[:10]) > -0.3), f"{f} Hz seed {seed}: {r}")
                self.assertTrue(np.all(r[1:10] >= r[0]), f"{f} Hz seed {seed}: {r}")
                self.assertGreater(r[9] / r[0], least, f"{f} Hz seed {seed}: {r}")

    def test_ketamine_removes_most_of_the_rise_and_spares_the_first_response(self):
        for seed in SEEDS:
            free, ket = self.r[(1.0, 0.0, seed)], self.r[(1.0, 1.0, seed)]
            self.assertGreater(ket[0] / free[0], 0.85, f"seed {seed}: {free[0]} vs {ket[0]}")
            rise_free = free[8:12].mean() - free[0]
            rise_ket = ket[8:12].mean() - ket[0]
            self.assertLess(rise_ket, 0.5 * rise_free, f"seed {seed}: {free} vs {ket}")


if __name__ == "__main__":
    unittest.main()
