# SPDX-License-Identifier: MIT
"""Accuracy of the multiscale scheduler (issue 5): on two hours of the C-fibre -> projection
pathway with a one-hour ketamine infusion (tests/data/scenarios/multiscale_check.toml, reset
hypothesis ltd_window), the slow variables of a `multiscale` run (macro steps of 2-10 min,
8-s micro windows of the full network) agree with a `full` run (every step simulated) within
5 %, and the error shrinks as the micro windows grow (0.5, 2, 8 s): the error is dominated by
how well a window samples the presynaptic rate that the slow drive is proportional to. The reference is the full simulation itself:
the heterogeneous multiscale method (E & Engquist 2003) converges to it as the windows sample
the fast dynamics better.

Run by CTest with HORNET_EXE and HORNET_SOURCE_DIR set.
"""
import os
import subprocess
import tempfile
import unittest

import numpy as np

import hornet

EXE = os.environ["HORNET_EXE"]
SCENARIO = os.path.join(os.environ["HORNET_SOURCE_DIR"], "tests", "data", "scenarios",
                        "multiscale_check.toml")
PROJECTION = "c_fibres_to_projection"
WINDOWS_S = (0.5, 2.0, 8.0)  # 2 s: as many presynaptic spikes as pain_reset's 1 s


def run(tmp, name, *sets):
    out = os.path.join(tmp, name + ".h5")
    args = [EXE, "run", SCENARIO, "-o", out, "--quiet", "--threads", "1"]
    for s in sets:
        args += ["--set", s]
    r = subprocess.run(args, capture_output=True, text=True, timeout=1200)
    if r.returncode != 0:
        raise AssertionError(r.stderr)
    t, rho = hornet.load_slow(out, PROJECTION)
    return t / 6e4, rho["mean"].values, rho["potentiated"].values


class MultiscaleAccuracy(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.full = run(cls.tmp.name, "full")
        cls.multi = {w: run(cls.tmp.name, f"multiscale_{w}",
                            'phases.check.resolution="multiscale"',
                            f'phases.check.micro_window="{w} s"') for w in WINDOWS_S}

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def errors(self, w):
        """Largest deviation of mean rho and of the fraction potentiated from the full run, at
        the multiscale run's sample times (the full run is sampled every second)."""
        t_full, rho_full, up_full = self.full
        t, rho, up = self.multi[w]
        ref_rho = np.interp(t, t_full, rho_full)
        ref_up = np.interp(t, t_full, up_full)
        return np.max(np.abs(rho - ref_rho)), np.max(np.abs(up - ref_up))

    def test_the_full_run_depotentiates_during_the_infusion(self):
        # Otherwise the comparison would be between two flat lines.
        t, rho, _ = self.full
        self.assertGreater(rho[0], 0.99)
        self.assertLess(rho[-1], 0.6, "ltd_window should depotentiate in this scenario")

    def test_multiscale_agrees_with_full_within_5_percent(self):
        # 5 % of the full scale of rho (0..1): the acceptance bound.
        e_rho, e_up = self.errors(8.0)
        print(f"8 s windows: max |d rho| = {e_rho:.4f}, max |d potentiated| = {e_up:.4f}")
        self.assertLess(e_rho, 0.05)
        self.assertLess(e_up, 0.05)

    def test_error_shrinks_as_micro_windows_grow(self):
        errs = [self.errors(w)[0] for w in WINDOWS_S]
        print("max |d rho| for windows " +
              ", ".join(f"{w} s: {e:.4f}" for w, e in zip(WINDOWS_S, errs)))
        self.assertLess(errs[1], errs[0])
        self.assertLess(errs[2], errs[1])


if __name__ == "__main__":
    unittest.main()
