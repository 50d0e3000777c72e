# SPDX-License-Identifier: MIT
"""End-to-end tests of `hornet sweep` (docs/sweeps.md).

- A sweep killed with SIGKILL at random moments, then resumed until it completes, ends with every
  point present exactly once and results identical to an uninterrupted sweep: every dataset of
  every point file byte for byte, and the sweep table (parameters, seeds, status, metrics).
  Only what measures the machine differs: the wall-time attributes and the command line (which
  names the sweep directory).
- A killed sweep leaves no point process behind (they die with it).
- Shards 0..n-1 together run every point exactly once; a resume then assembles the table and
  runs nothing.
- A failing point is recorded with its error and does not stop the sweep; --resume reruns it.
- A metric that cannot be computed is reported at once; fixing it and resuming recomputes it from
  the point files without rerunning them.
- A bad axis key or unit is an error naming the sweep file, line and key before anything runs.
- Under mpirun (when hornet was built with MPI) the table equals the local sweep's.

Run by CTest with HORNET_EXE, HORNET_SOURCE_DIR and HORNET_MPIRUN (empty without MPI) set.
"""
import glob
import os
import random
import shutil
import signal
import subprocess
import tempfile
import time
import unittest

import h5py
import numpy as np

EXE = os.environ["HORNET_EXE"]
SRC = os.environ["HORNET_SOURCE_DIR"]
MPIRUN = os.environ.get("HORNET_MPIRUN", "")
CONFIGS = os.path.join(SRC, "configs")

# The dorsal-horn wind-up protocol shortened to 4 s: a point takes a few tenths of a second, so
# a kill lands in the middle of points, and 12 points make a sweep of a few seconds.
SWEEP = f"""
scenario = "{CONFIGS}/windup.toml"
replicates = 2
seed = 5
[set]
"simulation.duration" = "4 s"
[[axes]]
key = "pharmacology.concentration"
name = "ketamine"
linspace = {{ start = "0 uM", stop = "1 uM", num = 3 }}
[[axes]]
key = "stimuli.windup.frequency"
values = ["1 Hz", "2 Hz"]
[[metrics]]
name = "windup_index"
dataset = "readout/windup/windup_index"
reduce = "last"
[[metrics]]
name = "projection_rate"
mean_rate = "projection"
"""
N_POINTS = 12

# Attributes that describe the machine or the invocation, not the result.
VOLATILE_ATTRIBUTES = {"wall_time_build", "wall_time_simulation", "wall_time_total",
                       "command_line"}


def sweep(*args, timeout=600, env=None):
    return subprocess.run([EXE, "sweep", *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


def write(directory, text, name="sweep.toml"):
    path = os.path.join(directory, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def point_files(directory):
    return sorted(os.path.basename(p) for p in glob.glob(os.path.join(directory, "point-*.h5")))


def comparable(value):
    """An attribute or dataset value as something == compares by content (strings decoded,
    numbers by their bytes, so NaNs compare equal)."""
    if isinstance(value, bytes):
        return value.decode()
    if isinstance(value, str):
        return value
    array = np.asarray(value)
    if array.dtype.kind == "O":
        return tuple(comparable(v) for v in array.ravel())
    return (array.dtype.str, array.shape, array.tobytes())


def file_contents(path):
    """Every dataset and every non-volatile attribute of an HDF5 file, by path."""
    contents = {}

    def visit(name, obj):
        for key, value in obj.attrs.items():
            if key not in VOLATILE_ATTRIBUTES:
                contents[f"{name}@{key}"] = comparable(value)
        if isinstance(obj, h5py.Dataset):
            contents[name] = comparable(obj[()])

    with h5py.File(path, "r") as f:
        for key, value in f.attrs.items():
            if key not in VOLATILE_ATTRIBUTES:
                contents[f"/@{key}"] = comparable(value)
        f.visititems(visit)
    return contents


def table(directory):
    """The result columns of sweep.h5 (everything but the wall time and the file links)."""
    with h5py.File(os.path.join(directory, "sweep.h5"), "r") as f:
        out = {name: f[f"points/{name}"][()].tobytes()
               for name in ("index", "replicate", "seed")}
        out["status"] = tuple(f["points/status"].asstr()[()])
        out["error"] = tuple(f["points/error"].asstr()[()])
        for group in ("parameters", "metrics"):
            for name, d in f[group].items():
                out[f"{group}/{name}"] = tuple(d.asstr()[()]) if d.dtype.kind == "O" else \
                    d[()].tobytes()
                out[f"{group}/{name}@units"] = d.attrs.get("units", "")
        out["complete"] = int(f.attrs["complete"])
        return out


def hornet_processes_in(directory):
    """Point processes still writing into `directory`."""
    r = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True)
    return [line for line in r.stdout.splitlines() if directory in line and " run " in line]


class SweepTestCase(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="hornet-sweep-")
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)
        self.sweep_file = write(self.tmp, SWEEP)

    def reference(self):
        """An uninterrupted sweep, run once per test class."""
        cls = type(self)
        if getattr(cls, "_reference", None) is None:
            cls._reference_dir = tempfile.mkdtemp(prefix="hornet-sweep-ref-")
            out = os.path.join(cls._reference_dir, "run")
            r = sweep(write(cls._reference_dir, SWEEP), "-o", out, "--jobs", "2", "--quiet")
            assert r.returncode == 0, r.stderr + r.stdout
            cls._reference = out
        return cls._reference

    @classmethod
    def tearDownClass(cls):
        if getattr(cls, "_reference_dir", None):
            shutil.rmtree(cls._reference_dir, ignore_errors=True)


class ResumeAfterKill(SweepTestCase):
    def test_sigkill_at_random_moments_then_resume_gives_identical_results(self):
        reference = self.reference()
        out = os.path.join(self.tmp, "killed")
        rng = random.Random(2026)
        kills = 0
        # Kill at random moments, each round resuming what the last one left, until the sweep
        # has been killed three times while points were running; then let a resume finish. The
        # moments scale with how long a point takes on this build (Debug builds are slower).
        started = time.time()
        r = sweep(self.sweep_file, "-o", os.path.join(self.tmp, "timing"), "--jobs", "2",
                  "--quiet", "--shard", f"0/{N_POINTS // 2}")
        self.assertEqual(r.returncode, 0, r.stderr)
        pair = time.time() - started  # two points side by side
        log = open(os.path.join(self.tmp, "stderr.txt"), "w+")
        self.addCleanup(log.close)
        while kills < 3:
            args = [EXE, "sweep", self.sweep_file, "-o", out, "--jobs", "2", "--quiet"]
            if os.path.exists(os.path.join(out, "plan.txt")):
                args.append("--resume")
            p = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=log)
            try:
                p.wait(timeout=rng.uniform(0.3, 2.5) * pair)
            except subprocess.TimeoutExpired:
                p.send_signal(signal.SIGKILL)
                p.wait()
                kills += 1
                # The point processes die with the sweep: none may finish a point later.
                deadline = time.time() + 5
                while hornet_processes_in(out) and time.time() < deadline:
                    time.sleep(0.05)
                self.assertEqual(hornet_processes_in(out), [])
                continue
            self.assertEqual(p.returncode, 0)
            shutil.rmtree(out)  # finished before three kills: start over
        partial = len(point_files(out))
        r = sweep(self.sweep_file, "-o", out, "--resume", "--quiet")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn(f"ran          {N_POINTS - partial} points", r.stdout)
        self.assertEqual(point_files(out), [f"point-{i:06d}.h5" for i in range(N_POINTS)])
        self.assertEqual(glob.glob(os.path.join(out, "*.partial")), [])
        self.assertEqual(glob.glob(os.path.join(out, "*.failed")), [])
        self.assertEqual(table(out), table(reference))
        for name in point_files(reference):
            self.assertEqual(file_contents(os.path.join(out, name)),
                             file_contents(os.path.join(reference, name)), name)

    def test_resume_of_a_complete_sweep_runs_nothing_and_rebuilds_the_table(self):
        reference = self.reference()
        out = os.path.join(self.tmp, "copy")
        shutil.copytree(reference, out)
        os.remove(os.path.join(out, "sweep.h5"))
        r = sweep(self.sweep_file, "-o", out, "--resume", "--quiet")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("ran          0 points", r.stdout)
        self.assertEqual(table(out), table(reference))
        with h5py.File(os.path.join(out, "sweep.h5"), "r") as f:
            # External links reach each point's file.
            self.assertEqual(int(f["files/point-000003"].attrs["seed"]),
                             int(f["points/seed"][3]))

    def test_threads_per_point_do_not_change_the_results(self):
        out = os.path.join(self.tmp, "threads")
        r = sweep(self.sweep_file, "-o", out, "--jobs", "1", "--threads", "2", "--quiet")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(table(out), table(self.reference()))
        with h5py.File(os.path.join(out, "point-000005.h5"), "r") as f:
            self.assertEqual(int(f.attrs["threads"]), 2)

    def test_a_fresh_sweep_into_a_used_directory_is_refused(self):
        out = os.path.join(self.tmp, "used")
        self.assertEqual(sweep(self.sweep_file, "-o", out, "--quiet").returncode, 0)
        r = sweep(self.sweep_file, "-o", out, "--quiet")
        self.assertEqual(r.returncode, 2)
        self.assertIn("--resume", r.stderr)
        other = write(self.tmp, SWEEP.replace("num = 3", "num = 4"), "other.toml")
        r = sweep(other, "-o", out, "--resume", "--quiet")
        self.assertEqual(r.returncode, 2)
        self.assertIn("holds another sweep", r.stderr)


class Shards(SweepTestCase):
    def test_shards_cover_every_point_exactly_once(self):
        reference = self.reference()
        out = os.path.join(self.tmp, "sharded")
        n = 3
        for i in range(n):
            r = sweep(self.sweep_file, "-o", out, "--shard", f"{i}/{n}", "--jobs", "1",
                      "--quiet")
            self.assertEqual(r.returncode, 0, r.stderr)
            expected = [f"point-{k:06d}.h5" for k in range(N_POINTS) if k % n <= i]
            self.assertEqual(point_files(out), expected)  # exactly its own points, no more
            with h5py.File(os.path.join(out, "sweep.h5"), "r") as f:
                status = list(f["points/status"].asstr()[()])
            self.assertEqual(status, ["done" if k % n <= i else "pending"
                                      for k in range(N_POINTS)])
        r = sweep(self.sweep_file, "-o", out, "--collect", "--quiet")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("ran          0 points", r.stdout)
        self.assertEqual(table(out), table(reference))

    def test_the_slurm_array_script_runs_its_shard(self):
        # tools/cluster/sweep.slurm as SLURM would start tasks 1 and 0 of a 2-task array.
        out = os.path.join(self.tmp, "slurm")
        script = os.path.join(SRC, "tools", "cluster", "sweep.slurm")
        for task in (1, 0):
            env = dict(os.environ, HORNET=EXE, SLURM_ARRAY_TASK_ID=str(task),
                       SLURM_ARRAY_TASK_COUNT="2", SLURM_CPUS_PER_TASK="2")
            r = subprocess.run(["bash", script, self.sweep_file, out], capture_output=True,
                               text=True, timeout=600, env=env)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn(f"in shard {task}/2", r.stdout)
        r = sweep(self.sweep_file, "-o", out, "--collect", "--quiet")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(table(out), table(self.reference()))

    def test_collect_without_a_sweep_is_an_error(self):
        r = sweep(self.sweep_file, "-o", os.path.join(self.tmp, "empty"), "--collect")
        self.assertEqual(r.returncode, 2)
        self.assertIn("no plan.txt", r.stderr)

    def test_a_bad_shard_is_an_error(self):
        for bad in ("3/3", "1", "a/2", "-1/2", "0/0"):
            r = sweep(self.sweep_file, "-o", os.path.join(self.tmp, "x"), "--shard", bad)
            self.assertEqual(r.returncode, 2, bad)
            self.assertIn("--shard", r.stderr)


class Failures(SweepTestCase):
    def test_a_failing_point_is_recorded_and_the_rest_run(self):
        out = os.path.join(self.tmp, "failing")
        shutil.copytree(self.reference(), out)
        for lost in (4, 7):
            os.remove(os.path.join(out, f"point-{lost:06d}.h5"))
        # A directory where point 4's output should go, with a file in it so that the sweep
        # cannot clear it: the point's run cannot create its file and fails; point 7 runs.
        blocker = os.path.join(out, "point-000004.h5.partial")
        os.makedirs(blocker)
        write(blocker, "x", "keep")
        r = sweep(self.sweep_file, "-o", out, "--resume", "--jobs", "2", "--quiet")
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("ran          2 points", r.stdout)
        self.assertIn("1 failed", r.stdout)
        self.assertEqual(len(point_files(out)), N_POINTS - 1)
        with open(os.path.join(out, "point-000004.failed")) as f:
            record = f.read()
        self.assertIn("exit status 1", record)
        self.assertIn("point-000004.h5", record)  # the end of the point's log: hornet's error
        with h5py.File(os.path.join(out, "sweep.h5"), "r") as f:
            status = list(f["points/status"].asstr()[()])
            self.assertEqual(status[4], "failed")
            self.assertEqual(status.count("done"), N_POINTS - 1)
            self.assertIn("exit status 1", f["points/error"].asstr()[4])
            self.assertTrue(np.isnan(f["metrics/windup_index"][4]))
            self.assertTrue(np.isnan(f["points/wall_time"][4]))
            self.assertEqual(int(f.attrs["complete"]), 1)
        shutil.rmtree(blocker)
        mtimes = {p: os.path.getmtime(os.path.join(out, p)) for p in point_files(out)}
        r = sweep(self.sweep_file, "-o", out, "--resume", "--quiet")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("ran          1 points", r.stdout)
        self.assertFalse(os.path.exists(os.path.join(out, "point-000004.failed")))
        for p, t in mtimes.items():
            self.assertEqual(os.path.getmtime(os.path.join(out, p)), t, p)
        self.assertEqual(table(out), table(self.reference()))

    def test_point_files_without_a_plan_are_never_adopted(self):
        out = os.path.join(self.tmp, "stray")
        os.makedirs(out)
        write(out, "", "point-000001.h5")
        r = sweep(self.sweep_file, "-o", out, "--quiet")
        self.assertEqual(r.returncode, 2)
        self.assertIn("no plan.txt", r.stderr)

    def test_a_bad_metric_is_reported_and_recomputed_after_a_fix(self):
        out = os.path.join(self.tmp, "metric")
        bad = write(self.tmp, SWEEP.replace("readout/windup/windup_index",
                                            "readout/windup/wind_up_index"), "bad_metric.toml")
        r = sweep(bad, "-o", out, "--jobs", "2")
        self.assertEqual(r.returncode, 1)
        self.assertIn("metric windup_index", r.stderr)
        self.assertIn("no such dataset", r.stderr)
        self.assertIn("--resume", r.stderr)
        mtimes = {p: os.path.getmtime(os.path.join(out, p)) for p in point_files(out)}
        self.assertEqual(len(mtimes), N_POINTS)
        # Metrics are not part of the plan: the corrected file resumes the same sweep.
        r = sweep(self.sweep_file, "-o", out, "--resume", "--quiet")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("ran          0 points", r.stdout)
        for p, t in mtimes.items():
            self.assertEqual(os.path.getmtime(os.path.join(out, p)), t, p)
        self.assertEqual(table(out), table(self.reference()))


class BadInput(SweepTestCase):
    def check_error(self, text, line, key, message):
        path = write(self.tmp, text, "bad.toml")
        out = os.path.join(self.tmp, "never")
        r = sweep(path, "-o", out)
        self.assertEqual(r.returncode, 2, r.stdout + r.stderr)
        self.assertIn(f"{path}:{line}:", r.stderr)
        self.assertIn(key, r.stderr)
        self.assertIn(message, r.stderr)
        self.assertFalse(os.path.exists(out), "nothing may run before the checks pass")

    @staticmethod
    def line_of(text, needle):
        return next(i for i, l in enumerate(text.splitlines(), 1) if needle in l)

    def test_an_unknown_axis_key_names_file_line_and_key(self):
        text = SWEEP.replace('key = "stimuli.windup.frequency"',
                             'key = "stimulus.windup.frequency"')
        self.check_error(text, self.line_of(text, "stimulus.windup"), "stimulus", "unknown")

    def test_a_wrong_unit_names_file_line_and_key(self):
        # Read by the scenario: a voltage where the stimulus wants a frequency.
        text = SWEEP.replace('values = ["1 Hz", "2 Hz"]', 'values = ["1 mV", "2 mV"]')
        self.check_error(text, self.line_of(text, 'key = "stimuli.windup.frequency"'),
                         "stimuli.windup.frequency", "1 mV")

    def test_values_of_two_dimensions_name_file_line_and_key(self):
        # Read by the sweep reader: one axis, two dimensions.
        text = SWEEP.replace('values = ["1 Hz", "2 Hz"]', 'values = ["1 Hz", "2 mV"]')
        self.check_error(text, self.line_of(text, '"2 mV"'), "axes[1].values[1]", "voltage")

    def test_a_range_of_two_dimensions_names_file_line_and_key(self):
        text = SWEEP.replace('stop = "1 uM"', 'stop = "1 ms"')
        self.check_error(text, self.line_of(text, "linspace"), "axes[0].linspace.stop", "time")

    def test_dry_run_prints_the_plan_and_runs_nothing(self):
        out = os.path.join(self.tmp, "dry")
        r = sweep(self.sweep_file, "-o", out, "--dry-run")
        self.assertEqual(r.returncode, 0, r.stderr)
        lines = r.stdout.splitlines()
        self.assertIn("ketamine [uM]", lines[0])
        self.assertEqual(len(lines), N_POINTS + 2)
        self.assertIn("12 points (grid of 2 axes, 2 replicates), master seed 5", lines[-1])
        self.assertFalse(os.path.exists(out))


# Overrides that cut each example sweep's points to a few seconds of wall time. The pain-reset
# course runs to the day after the first infusion (about 8 s): its metrics need pain tests from
# day 21 on, and a metric whose window holds no data is an error, not a 0.
SHORT_EXAMPLES = {
    "pain_reset_dose.toml": ["simulation.duration=day 22"],
}
SHORT_DEFAULT = ["simulation.duration=1.5 s"]  # one wind-up pulse at 1 s and its window


class ExampleSweeps(unittest.TestCase):
    def test_every_example_sweep_checks_and_its_first_point_runs(self):
        examples = sorted(glob.glob(os.path.join(CONFIGS, "sweeps", "*.toml")))
        self.assertGreaterEqual(len(examples), 2)
        with tempfile.TemporaryDirectory() as tmp:
            for path in examples:
                name = os.path.basename(path)
                with self.subTest(sweep=name):
                    r = sweep(path, "--dry-run")
                    self.assertEqual(r.returncode, 0, r.stderr)
                    n = int(r.stdout.splitlines()[-1].split()[0])
                    short = [a for o in SHORT_EXAMPLES.get(name, SHORT_DEFAULT)
                             for a in ("--set", o)]
                    out = os.path.join(tmp, name)
                    r = sweep(path, "-o", out, "--shard", f"0/{n}", "--quiet", *short)
                    self.assertEqual(r.returncode, 0, r.stderr + r.stdout)
                    with h5py.File(os.path.join(out, "sweep.h5"), "r") as f:
                        self.assertEqual(f["points/status"].asstr()[0], "done")
                        for metric in f["metrics"].values():
                            self.assertTrue(np.isfinite(metric[0]), metric.name)


@unittest.skipUnless(MPIRUN, "hornet was built without MPI")
class MpiTaskFarm(SweepTestCase):
    def test_mpi_mode_gives_the_local_table(self):
        reference = self.reference()
        out = os.path.join(self.tmp, "mpi")
        # CI runs as root in a container: allow root, more ranks than cores, and no
        # cross-memory attach (ptrace may be restricted), which Open MPI 4.1 would warn about.
        env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
                   OMPI_MCA_rmaps_base_oversubscribe="1",
                   OMPI_MCA_btl_vader_single_copy_mechanism="none")
        r = subprocess.run([MPIRUN, "-n", "3", EXE, "sweep", self.sweep_file, "-o", out,
                            "--quiet"], capture_output=True, text=True, timeout=600, env=env)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        self.assertIn("on 3 slots", r.stdout)  # rank 0's own slot and two worker ranks
        self.assertEqual(r.stdout.count("hornet sweep"), 1)  # only rank 0 reports
        self.assertEqual(point_files(out), point_files(reference))
        self.assertEqual(table(out), table(reference))


if __name__ == "__main__":
    unittest.main()
