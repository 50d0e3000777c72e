# SPDX-License-Identifier: MIT
"""End-to-end tests of `hornet plot`: a real wind-up run drawn to PNG through the compiled-in
path of tools/python, the help text, exit codes, and arguments passed verbatim (no shell).

Run by CTest with HORNET_EXE (the binary) and HORNET_SOURCE_DIR set.
"""
import os
import shutil
import subprocess
import tempfile
import unittest

EXE = os.environ["HORNET_EXE"]
SRC = os.environ["HORNET_SOURCE_DIR"]
MIN_PNG_BYTES = 20_000


def run(*args, env=None, timeout=300):
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=timeout, env=env)


def without_pythonpath():
    """The environment minus PYTHONPATH, so hornet must find tools/python by itself."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}


class PlotCommand(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.h5 = os.path.join(cls.tmp.name, "windup.h5")
        r = run("run", os.path.join(SRC, "configs", "windup.toml"), "-o", cls.h5, "--quiet",
                "--set", "simulation.duration=4 s")
        assert r.returncode == 0, r.stderr

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.tmp.name, name)

    def assert_png(self, path):
        with open(path, "rb") as f:
            self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")
        self.assertGreater(os.path.getsize(path), MIN_PNG_BYTES)

    def test_plots_a_windup_run(self):
        out = self.path("windup.png")
        r = run("plot", self.h5, "-o", out, env=without_pythonpath())
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), out)
        self.assert_png(out)

    def test_default_output_is_the_input_with_png(self):
        copy = self.path("default.h5")
        shutil.copyfile(self.h5, copy)
        r = run("plot", copy, "--kind", "raster")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout.strip(), self.path("default.png"))
        self.assert_png(self.path("default.png"))

    def test_help_says_which_figure_for_which_file(self):
        r = run("plot", "--help")
        self.assertEqual(r.returncode, 0, r.stderr)
        for word in ("pain_course", "windup", "pharmacokinetics", "raster", "sensitization",
                     "--snapshot", "Examples", "hornet plot"):
            self.assertIn(word, r.stdout)
        self.assertIn("hornet plot", run("--help").stdout)

    def test_bad_files_exit_2_naming_the_file(self):
        missing = self.path("no such run.h5")
        r = run("plot", missing)
        self.assertEqual(r.returncode, 2)
        self.assertIn(missing, r.stderr)
        r = run("plot", self.h5, "--kind", "pain_course", "-o", self.path("x.png"))
        self.assertEqual(r.returncode, 2)
        self.assertIn(self.h5, r.stderr)
        self.assertIn("pain_signal", r.stderr)

    def test_arguments_reach_python_verbatim(self):
        # Shell metacharacters in names and a label that starts with '-': no shell, no option.
        odd = self.path("a b;$(touch INJECTED)'\".h5")
        shutil.copyfile(self.h5, odd)
        out = self.path("out; touch INJECTED.png")
        r = run("plot", odd, self.h5, "-o", out, "--label", "-1 uM", "--label", "$HOME")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assert_png(out)
        self.assertFalse(os.path.exists(self.path("INJECTED")))
        self.assertFalse(os.path.exists("INJECTED"))

    def test_missing_interpreter_is_reported(self):
        env = dict(os.environ, HORNET_PYTHON=self.path("no-python"))
        r = run("plot", self.h5, env=env)
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("no-python", r.stderr)
        self.assertIn("HORNET_PYTHON", r.stderr)


if __name__ == "__main__":
    unittest.main()
