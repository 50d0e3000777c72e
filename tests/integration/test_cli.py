# SPDX-License-Identifier: MIT
"""End-to-end tests of the hornet command line: every config runs, output files are SONATA
and readable from Python, results do not depend on the thread count, bad input gives exit
code 2 with file:line:column and key, and an interrupted run never leaves a finished-looking file.

Run by CTest with HORNET_EXE (the binary) and HORNET_SOURCE_DIR set.
"""
import glob
import os
import signal
import subprocess
import tempfile
import time
import unittest

import h5py
import numpy as np

import hornet

EXE = os.environ["HORNET_EXE"]
SRC = os.environ["HORNET_SOURCE_DIR"]


def run(*args, timeout=300):
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=timeout)


# Timeline scenarios cannot be cut to 20 ms (their phases end at calendar times): each is cut
# to a few seconds here instead, keeping every phase kind.
SHORT_TIMELINES = {
    "pain_reset.toml": ["simulation.duration=\"day 0 11:00:03\"",
                        "phases.injury.until=\"day 0 11:00:02\"",
                        "stimuli.injury.start=\"day 0 11:00:01\"",
                        "stimuli.injury.trains=1"],
}


class EveryConfig(unittest.TestCase):
    def test_every_config_validates_and_runs(self):
        # Sweep files (configs/sweeps/) are run by test_sweep.ExampleSweeps.
        configs = sorted(c for c in glob.glob(os.path.join(SRC, "configs", "**", "*.toml"),
                                              recursive=True)
                         if os.sep + "sweeps" + os.sep not in c)
        self.assertGreater(len(configs), 0)
        with tempfile.TemporaryDirectory() as tmp:
            for cfg in configs:
                with self.subTest(config=os.path.relpath(cfg, SRC)):
                    v = run("validate", cfg)
                    self.assertEqual(v.returncode, 0, v.stderr)
                    self.assertIn("OK", v.stdout)
                    out = os.path.join(tmp, os.path.basename(cfg) + ".h5")
                    short = ["--set", "simulation.duration=20 ms"]
                    if "[[phases]]" in open(cfg).read():
                        self.assertIn(os.path.basename(cfg), SHORT_TIMELINES,
                                      "add the timeline config to SHORT_TIMELINES")
                        short = [a for o in SHORT_TIMELINES[os.path.basename(cfg)]
                                 for a in ("--set", o)]
                    r = run("run", cfg, "-o", out, "--quiet", "--threads", "2", *short)
                    self.assertEqual(r.returncode, 0, r.stderr)
                    self.assertTrue(os.path.exists(out))
                    self.assertFalse(os.path.exists(out + ".partial"))


class Output(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.out = os.path.join(cls.tmp.name, "coba.h5")
        r = run("run", os.path.join(SRC, "configs", "coba.toml"), "-o", cls.out, "--quiet",
                "--threads", "2", "--seed", "3", "--set", "simulation.duration=200 ms")
        assert r.returncode == 0, r.stderr
        cls.stdout = r.stdout

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_summary_names_populations_rates_and_real_time_factor(self):
        for word in ("exc", "inh", "Hz", "real-time factor", "wall time"):
            self.assertIn(word, self.stdout)

    def test_sonata_spikes_are_sorted_by_time_and_readable(self):
        t, ids = hornet.load_spikes(self.out, "exc")
        self.assertGreater(len(t), 100)
        self.assertTrue(np.all(np.diff(t) >= 0))
        self.assertTrue(np.all(ids < 3200))
        with h5py.File(self.out, "r") as f:
            self.assertEqual(f.attrs["magic"], 0x0A7A)
            self.assertEqual(f["spikes/exc"].attrs["sorting"], "by_time")
            self.assertEqual(f["spikes/exc/timestamps"].attrs["units"], "ms")
            self.assertEqual(f["spikes/exc/node_ids"].dtype, np.uint64)
        # within a time step, node ids ascend
        same = np.diff(t) == 0
        self.assertTrue(np.all(np.diff(ids.astype(np.int64))[same] > 0))

    def test_reports_and_provenance(self):
        rep = hornet.load_report(self.out, "exc", "V_m")
        self.assertEqual(rep.data.shape, (200, 10))  # 200 ms at 1 ms, first 10 neurons
        self.assertEqual(rep.units, "mV")
        self.assertTrue(np.all(rep.data <= -50.0 + 1e-9))  # reset below threshold
        prov = hornet.provenance(self.out)
        self.assertEqual(int(prov["seed"]), 3)
        self.assertEqual(int(prov["threads"]), 2)
        self.assertIn("[[populations]]", prov["config_toml"])
        self.assertIn("duration", prov["config_toml"])

    def test_inspect_describes_the_file(self):
        r = run("inspect", self.out)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("exc", r.stdout)
        self.assertIn("3200", r.stdout)


class Determinism(unittest.TestCase):
    def test_spike_datasets_are_byte_identical_for_1_2_and_4_threads(self):
        with tempfile.TemporaryDirectory() as tmp:
            datasets = {}
            for threads in (1, 2, 4):
                out = os.path.join(tmp, f"t{threads}.h5")
                r = run("run", os.path.join(SRC, "configs", "coba.toml"), "-o", out, "--quiet",
                        "--threads", str(threads), "--set", "simulation.duration=300 ms")
                self.assertEqual(r.returncode, 0, r.stderr)
                with h5py.File(out, "r") as f:
                    datasets[threads] = {
                        f"{p}/{d}": f[f"spikes/{p}/{d}"][()].tobytes()
                        for p in ("exc", "inh") for d in ("timestamps", "node_ids")}
            self.assertGreater(len(datasets[1]["exc/timestamps"]), 1000)
            self.assertEqual(datasets[1], datasets[2])
            self.assertEqual(datasets[1], datasets[4])


class BadInput(unittest.TestCase):
    def write(self, tmp, text):
        path = os.path.join(tmp, "bad.toml")
        with open(path, "w") as f:
            f.write(text)
        return path

    def test_validate_reports_every_problem_with_location_and_exit_code_2(self):
        base = open(os.path.join(SRC, "configs", "coba.toml")).read()
        text = base.replace('tau_syn_ex = "5 ms"  # Vogels & Abbott 2005', 'tau_syn_ex = "5 mV"', 1)
        text = text.replace("size = 800", "size = -8", 1)
        text = text.replace('t_ref = "5 ms"', 't_rfe = "5 ms"', 1)
        with tempfile.TemporaryDirectory() as tmp:
            path = self.write(tmp, text)
            r = run("validate", path)
            self.assertEqual(r.returncode, 2)
            err = r.stderr
            self.assertIn("bad.toml:", err)
            self.assertIn("tau_syn_ex", err)
            self.assertIn("size", err)
            self.assertIn("t_rfe", err)
            self.assertIn("t_ref", err)  # did-you-mean
            # run refuses too, and leaves nothing behind
            out = os.path.join(tmp, "x.h5")
            r = run("run", path, "-o", out)
            self.assertEqual(r.returncode, 2)
            self.assertFalse(os.path.exists(out))
            self.assertFalse(os.path.exists(out + ".partial"))

    def test_toml_syntax_error_names_line_and_column(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = self.write(tmp, "[simulation]\ndt = \"0.1 ms\n")
            r = run("validate", path)
            self.assertEqual(r.returncode, 2)
            self.assertRegex(r.stderr, r"bad\.toml:\d+:\d+")

    def test_unknown_option_is_exit_code_2(self):
        self.assertEqual(run("run", "--frobnicate").returncode, 2)


class Divergence(unittest.TestCase):
    def test_runaway_state_stops_with_exit_1_naming_population_neuron_and_time(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "bad.h5")
            r = run("run", os.path.join(SRC, "configs", "coba.toml"), "-o", out, "--quiet",
                    "--set", "populations.inh.initial.V_m=-1e6 mV")
            self.assertEqual(r.returncode, 1, r.stderr)
            self.assertIn("population 'inh'", r.stderr)
            self.assertIn("neuron 0", r.stderr)
            self.assertIn("by t = 0.2 ms", r.stderr)  # found at the end of the first slice
            self.assertFalse(os.path.exists(out))
            with h5py.File(out + ".partial", "r") as f:
                self.assertEqual(int(f.attrs["interrupted"]), 1)


class Interruption(unittest.TestCase):
    def test_killed_run_leaves_no_finished_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "long.h5")
            p = subprocess.Popen([EXE, "run", os.path.join(SRC, "configs", "coba.toml"), "-o", out,
                                  "--quiet", "--set", "simulation.duration=600 s"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(2.0)
            p.send_signal(signal.SIGKILL)
            p.wait()
            self.assertFalse(os.path.exists(out))
            self.assertTrue(os.path.exists(out + ".partial"))

    def test_ctrl_c_stops_cleanly_with_a_readable_partial_file(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "long.h5")
            p = subprocess.Popen([EXE, "run", os.path.join(SRC, "configs", "coba.toml"), "-o", out,
                                  "--quiet", "--set", "simulation.duration=600 s"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            time.sleep(2.0)
            p.send_signal(signal.SIGINT)
            _, err = p.communicate(timeout=60)
            self.assertEqual(p.returncode, 130)
            self.assertIn("interrupted", err)
            self.assertFalse(os.path.exists(out))
            with h5py.File(out + ".partial", "r") as f:
                self.assertGreater(f["spikes/exc/timestamps"].shape[0], 0)


if __name__ == "__main__":
    unittest.main()
