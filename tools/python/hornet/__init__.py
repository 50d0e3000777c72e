# SPDX-License-Identifier: MIT
"""hornet: Python access to hornet's output files.

Readers (h5py + numpy only, Debian's ``python3-h5py`` and ``python3-numpy``)::

    import hornet

    t_ms, ids = hornet.load_spikes("out.h5", "exc")     # one population
    every = hornet.load_spikes("out.h5")                # {"exc": (t_ms, ids), ...}
    vm = hornet.load_report("out.h5", "exc", "V_m")     # vm.times, vm.node_ids, vm.data, vm.units
    info = hornet.provenance("out.h5")                  # {"seed": 1, "config_toml": "...", ...}
    hornet.populations("out.h5")                        # ["exc", "inh"]
    hornet.reports("out.h5")                            # {"exc": ["V_m"], ...}
    t_ms, series = hornet.load_pharmacology("out.h5")   # series["plasma"].values, .units
    t_ms, series = hornet.load_readout("out.h5", "windup")  # series["windup_index"].values
    t_ms, series = hornet.load_slow("out.h5", "c_fibres_to_projection")  # series["mean"]
    t_ms, series = hornet.load_pain_signal("course.h5") # series["pain_index"], daily tests
    t_ms, windows = hornet.load_timeline("course.h5")   # windows["engine_start"], ["length"]
    s = hornet.load_sweep("results/windup_sweep")       # s.parameters, s.metrics, s.status
    df = hornet.load_sweep("results/windup_sweep", as_frame=True)  # pandas, if installed

Figures (matplotlib, Debian's ``python3-matplotlib``), also as ``hornet plot`` on the
command line::

    python3 -m hornet.plot out.h5 -o out.png            # picks the figure from the contents

Every reader refuses a file that is not a hornet output file (ValueError naming the path).
Use Debian's ``/usr/bin/python3``, which sees these packages.
"""

from .readers import (FORMAT_MAJOR, MAGIC, Report, Series, load_pain_signal, load_pharmacology,
                      load_readout, load_report, load_slow, load_spikes, load_sweep,
                      load_timeline, populations, provenance, reports)

__all__ = ["FORMAT_MAJOR", "MAGIC", "Report", "Series", "load_pain_signal", "load_pharmacology",
           "load_readout", "load_report", "load_slow", "load_spikes", "load_sweep", "load_timeline",
           "populations", "provenance", "reports"]
