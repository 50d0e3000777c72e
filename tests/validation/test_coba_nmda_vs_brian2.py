# SPDX-License-Identifier: MIT
"""COBA + NMDA with steady-state ketamine block: hornet against Brian2 (C++ standalone).

At each ketamine concentration of KETAMINE_UM and each seed, hornet runs configs/coba_nmda.toml
(1 s, 2 threads, ``--set pharmacology.concentration="<c> uM"``) and Brian2 runs the same
network (bench/network/brian2_coba_nmda.py, which reads every parameter from that scenario;
1 thread, delay = hornet's minus one step; see that script's docstring). The networks are
different random draws, so only statistics are compared, as in test_coba_vs_brian2.py:

* rate: at each concentration, the mean excitatory rate of the runs with self-sustained
  activity (exc rate > 1 Hz over the last 500 ms), averaged over seeds, agrees within 10 %
  with Brian2's;
* block: in both simulators that mean rate is lower at the higher concentration (blocking
  NMDA removes recurrent excitation).

Per-run exc/inh rates and ISI CVs are printed. Environment: see brian2_support.py (HORNET_EXE
required; HORNET_VALIDATION_SEEDS, default 8 seeds: the rate varies ~9 % between seeds at 0 uM,
so fewer seeds would test luck). Brian2 compiles once; another seed or
concentration regenerates only main.cpp (the concentration is a run-time constant there).
"""

import tempfile
import unittest
from pathlib import Path

import brian2_support as b2s

SCENARIO = "configs/coba_nmda.toml"
KETAMINE_UM = (0.0, 2.0)  # [uM] no drug; twice the IC50 (NMDA conductance x 1/3)
RATE_TOLERANCE = 0.10  # relative to Brian2
DURATION_MS = 1000.0
HORNET_THREADS = 2


class CobaNmdaVsBrian2(unittest.TestCase):
    hornet = {}  # {(concentration, seed): result}
    brian2 = {}

    @classmethod
    def setUpClass(cls):
        exe = b2s.hornet_exe_or_skip()
        cls.seeds = b2s.validation_seeds(8)
        cls._tmp = tempfile.TemporaryDirectory(prefix="hornet_coba_nmda_vs_brian2_")
        cls.addClassCleanup(cls._tmp.cleanup)
        tmp = Path(cls._tmp.name)
        build_dir = tmp / "brian2-build"
        for c in KETAMINE_UM:
            for seed in cls.seeds:
                cls.hornet[c, seed] = b2s.run_hornet(
                    exe, SCENARIO, tmp / f"hornet-{c:g}uM-seed{seed}.h5", seed, HORNET_THREADS,
                    overrides=[f"pharmacology.concentration={c:g} uM"])
                cls.brian2[c, seed] = b2s.run_brian2(
                    "brian2_coba_nmda.py",
                    ["--config", str(b2s.SOURCE_DIR / SCENARIO), "--ketamine-uM", repr(c),
                     "--seed", str(seed), "--threads", "1", "--duration-ms", repr(DURATION_MS),
                     "--build-dir", str(build_dir)])
        cls._report()

    @classmethod
    def runs(cls, simulator, c):
        results = cls.hornet if simulator == "hornet" else cls.brian2
        return [results[c, seed] for seed in cls.seeds]

    @classmethod
    def mean_rate(cls, simulator, c):
        return b2s.mean_sustained_rate(cls.runs(simulator, c))

    @classmethod
    def _report(cls):
        first = cls.brian2[KETAMINE_UM[0], cls.seeds[0]]
        lines = [f"\nCOBA + NMDA ({SCENARIO}), {DURATION_MS:g} ms; hornet {HORNET_THREADS} "
                 f"threads, Brian2 1 thread ({first['method']}, delay {first['delay_ms']:g} ms, "
                 f"NMDA weight {first['nmda_weight_nS']} nS)",
                 f"{'uM':>4} {'seed':>4} {'simulator':9} {b2s.TABLE_HEADER}"]
        for c in KETAMINE_UM:
            for seed in cls.seeds:
                for name, r in (("hornet", cls.hornet[c, seed]), ("brian2", cls.brian2[c, seed])):
                    lines.append(f"{c:4g} {seed:4d} {name:9} {b2s.table_row(r)}")
        for c in KETAMINE_UM:
            h, b = cls.mean_rate("hornet", c), cls.mean_rate("brian2", c)
            diff = f"{100 * (h - b) / b:+.1f} %" if b else "-"
            lines.append(f"{c:g} uM: sustained hornet {len(b2s.sustained(cls.runs('hornet', c)))}"
                         f"/{len(cls.seeds)}, Brian2 {len(b2s.sustained(cls.runs('brian2', c)))}"
                         f"/{len(cls.seeds)}; mean exc rate of the sustained state: hornet "
                         f"{h:.2f} Hz, Brian2 {b:.2f} Hz, difference {diff} "
                         f"(tolerance {100 * RATE_TOLERANCE:.0f} %)")
        lines.append(b2s.compile_note(first))
        print("\n".join(lines), flush=True)

    def test_mean_exc_rate_agrees_with_brian2(self):
        for c in KETAMINE_UM:
            with self.subTest(ketamine_uM=c):
                h, b = self.mean_rate("hornet", c), self.mean_rate("brian2", c)
                self.assertGreater(b, 0.0, f"Brian2: no seed sustained activity at {c:g} uM")
                self.assertGreater(h, 0.0, f"hornet: no seed sustained activity at {c:g} uM")
                self.assertLessEqual(abs(h - b) / b, RATE_TOLERANCE,
                                     f"{c:g} uM ketamine, mean exc rate of the sustained state "
                                     f"over seeds {self.seeds}: hornet {h:.2f} Hz vs Brian2 "
                                     f"{b:.2f} Hz")

    def test_ketamine_lowers_the_rate(self):
        low, high = min(KETAMINE_UM), max(KETAMINE_UM)
        for simulator in ("hornet", "brian2"):
            with self.subTest(simulator=simulator):
                r_low, r_high = self.mean_rate(simulator, low), self.mean_rate(simulator, high)
                self.assertLess(r_high, r_low,
                                f"{simulator}: mean exc rate {r_high:.2f} Hz at {high:g} uM, "
                                f"{r_low:.2f} Hz at {low:g} uM")

    def test_duration_is_one_second(self):
        for key, r in self.hornet.items():
            self.assertAlmostEqual(r["duration_ms"], DURATION_MS, msg=f"hornet run {key}")


if __name__ == "__main__":
    unittest.main(verbosity=2)
