# SPDX-License-Identifier: MIT
"""Readers for hornet's HDF5 output files.

The layout (SONATA where SONATA has a convention) is documented in
``engine/io/include/hornet/io/hdf5_recorder.hpp``; in short::

    /                     attrs magic = 0x0A7A, version, provenance (config_toml, seed, ...)
    /spikes/<population>  timestamps [ms], node_ids (0-based), attrs sorting, n_nodes
    /report/<group>       data (samples x nodes) + mapping/{node_ids, time = [start, stop, dt]}
                          or <variable>/data + <variable>/mapping when several variables
    /pharmacology         time [ms] and one series per quantity (plasma, effect_site, ... with
                          attrs units, description; nmda_block has attr columns = populations)
    /readout/<name>       the same kind of table per [[readouts]] entry; pain_signal in a course
    /slow/<var>/<proj>    the same kind of table: summaries of a plastic projection (rho, scale)
    /timeline/windows     the same kind of table in a multiscale run: one row per simulated
                          window (calendar start; engine_start, length, kind, macro_step)

A parameter sweep (``hornet sweep``, docs/sweeps.md) writes ``DIR/sweep.h5``: root attribute
``kind = "sweep"``, one row per point in /points (index, replicate, seed, status, ...), the
axis values in /parameters/<axis> and the metrics in /metrics/<metric>; :func:`load_sweep`.

Every reader checks the file's ``magic`` attribute first and raises ``ValueError`` naming
the path when the file is not a hornet output file. Only h5py and numpy are used.
"""

import os
from collections import namedtuple
from contextlib import contextmanager
from dataclasses import dataclass, field

import h5py
import numpy as np

#: Value of the root attribute ``magic`` in every hornet output file.
MAGIC = 0x0A7A
#: Major format version these readers understand.
FORMAT_MAJOR = 0

Report = namedtuple("Report", ["times", "node_ids", "data", "units", "variable"])
Series = namedtuple("Series", ["values", "units", "description", "columns"])
Series.__doc__ = """One series of a table such as /pharmacology.

values:      float64, shape (n_times,) or (n_times, len(columns))
units:       e.g. "ng/mL"
description: one line saying what it is
columns:     column names (e.g. populations for nmda_block), or () for a 1-D series
"""
Report.__doc__ = """One recorded variable of one report.

times:    sample times in ms, shape (n_samples,)
node_ids: population-local ids of the recorded neurons, shape (n_nodes,)
data:     float32 values, shape (n_samples, n_nodes): data[i, j] is node_ids[j] at times[i]
units:    unit of data, e.g. "mV"
variable: state variable name, e.g. "V_m"
"""


def _decode(value):
    """Turns h5py attribute values into plain Python values (str, int, float, tuple)."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray):
        if value.ndim == 0:
            return _decode(value[()])
        return tuple(_decode(v) for v in value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    return value


@contextmanager
def _open(path, what="hornet output file"):
    """Opens ``path`` read-only after checking that it is a hornet file (``what`` names the
    kind of file in the messages)."""
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path}: no such file")
    if not h5py.is_hdf5(path):
        raise ValueError(f"{path}: not an HDF5 file, so not a {what}")
    with h5py.File(path, "r") as f:
        magic = f.attrs.get("magic")
        if magic is None:
            raise ValueError(f"{path}: not a {what} (no 'magic' attribute)")
        if int(magic) != MAGIC:
            raise ValueError(
                f"{path}: not a {what} "
                f"(magic = 0x{int(magic):04X}; expected 0x{MAGIC:04X})")
        version = _decode(f.attrs.get("version", (0, 0)))
        if not isinstance(version, tuple):  # a scalar major version
            version = (version, 0)
        if version[0] > FORMAT_MAJOR:
            raise ValueError(
                f"{path}: hornet file format {version[0]}.{version[1]} is newer than "
                f"these readers ({FORMAT_MAJOR}.x)")
        yield f


def _names(group):
    return list(group.keys()) if group is not None else []


def _read_spikes(group):
    return (np.asarray(group["timestamps"][...], dtype=np.float64),
            np.asarray(group["node_ids"][...], dtype=np.uint64))


def _spikes_frame(spikes):
    """A pandas DataFrame (population, node_id, time_ms) from {name: (times, ids)}."""
    try:
        import pandas as pd
    except ImportError as error:
        raise ImportError("load_spikes(..., as_dataframe=True) needs pandas: "
                          "apt-get install python3-pandas") from error
    frames = [pd.DataFrame({"population": pd.Categorical([name] * len(t), categories=list(spikes)),
                            "node_id": ids, "time_ms": t})
              for name, (t, ids) in spikes.items()]
    if not frames:
        return pd.DataFrame({"population": pd.Categorical([]), "node_id": np.array([], np.uint64),
                             "time_ms": np.array([], np.float64)})
    return pd.concat(frames, ignore_index=True)


def load_spikes(path, population=None, as_dataframe=False):
    """Spike times and neuron ids.

    With ``population``: a tuple ``(timestamps_ms, node_ids)`` of numpy arrays (float64 and
    uint64, sorted by time, ties by node id). Without: a dict population name -> such a tuple.
    A population whose spikes were not recorded raises KeyError listing the recorded ones.
    With ``as_dataframe=True``: one pandas DataFrame with columns ``population``, ``node_id``
    and ``time_ms`` instead (pandas is optional: ``apt-get install python3-pandas``).

    >>> t, ids = load_spikes("out.h5", "exc")                # doctest: +SKIP
    >>> rate_hz = len(t) / n_exc / (t_stop_ms / 1000.0)      # doctest: +SKIP
    >>> for name, (t, ids) in load_spikes("out.h5").items():  # doctest: +SKIP
    ...     print(name, len(t))
    """
    with _open(path) as f:
        spikes = f.get("spikes")
        names = _names(spikes)
        if population is None:
            result = {name: _read_spikes(spikes[name]) for name in names}
            return _spikes_frame(result) if as_dataframe else result
        if population not in names:
            raise KeyError(f"{os.fspath(path)}: no spikes recorded for population "
                           f"{population!r}; recorded: {', '.join(names) or 'none'}")
        result = _read_spikes(spikes[population])
        return _spikes_frame({population: result}) if as_dataframe else result


def _report_variables(group):
    """Variable names of a report group and the group holding each one's data."""
    if "data" in group:
        return {_decode(group["data"].attrs["variable"]): group}
    return {name: group[name] for name in group.keys()}


def _pick_variable(path, report, variables, variable):
    available = ", ".join(variables)
    if variable is None:
        if len(variables) == 1:
            return next(iter(variables))
        raise KeyError(f"{path}: report {report!r} records several variables ({available}); "
                       f"pass variable=<one of them>")
    if variable not in variables:
        raise KeyError(f"{path}: report {report!r} has no variable {variable!r}; "
                       f"available: {available}")
    return variable


def load_report(path, population, variable=None):
    """One variable of a state report, as a :class:`Report`.

    ``population`` names the report group: the population's name, or ``<name>_1``,
    ``<name>_2``, ... for further reports of the same population (see :func:`reports`).
    ``variable`` may be left out when the report records a single variable; a variable the
    report does not have raises KeyError listing the available ones.

    Times are ``start + i * interval`` from ``mapping/time``, in ms.

    >>> r = load_report("out.h5", "exc", "V_m")              # doctest: +SKIP
    >>> r.data.shape == (len(r.times), len(r.node_ids))      # doctest: +SKIP
    True
    >>> import matplotlib.pyplot as plt                      # doctest: +SKIP
    >>> plt.plot(r.times, r.data[:, 0]); plt.ylabel(r.units) # doctest: +SKIP
    """
    path = os.fspath(path)
    with _open(path) as f:
        groups = f.get("report")
        names = _names(groups)
        if population not in names:
            raise KeyError(f"{path}: no report {population!r}; reports: "
                           f"{', '.join(names) or 'none'}")
        variables = _report_variables(groups[population])
        name = _pick_variable(path, population, variables, variable)
        group = variables[name]
        data = np.asarray(group["data"][...])
        start, _stop, interval = (float(v) for v in group["mapping/time"][...])
        times = start + np.arange(data.shape[0], dtype=np.float64) * interval
        return Report(times=times,
                      node_ids=np.asarray(group["mapping/node_ids"][...], dtype=np.uint64),
                      data=data,
                      units=_decode(group["data"].attrs.get("units", "")),
                      variable=name)


def provenance(path):
    """All root attributes as a dict of plain Python values (strings decoded, arrays as tuples).

    Keys include ``hornet_version``, ``git_sha``, ``config_toml`` (the resolved scenario
    text), ``scenario_path``, ``command_line``, ``compiler``, ``flags``, ``seed``,
    ``threads``, ``dt`` (ms), ``version``; finished runs add ``steps``, ``duration`` (ms),
    ``interrupted`` and ``wall_time_*`` (s).

    >>> p = provenance("out.h5")                              # doctest: +SKIP
    >>> print(p["config_toml"])                               # doctest: +SKIP
    """
    with _open(path) as f:
        return {key: _decode(value) for key, value in f.attrs.items()}


def populations(path):
    """Names of every population with recorded spikes or a report, sorted.

    >>> populations("out.h5")                                 # doctest: +SKIP
    ['exc', 'inh']
    """
    with _open(path) as f:
        names = set(_names(f.get("spikes")))
        reports_group = f.get("report")
        for group in _names(reports_group):
            names.add(_decode(reports_group[group].attrs.get("population", group)))
        return sorted(names)


def reports(path):
    """Report groups as a dict group name -> list of recorded variable names.

    >>> reports("out.h5")                                     # doctest: +SKIP
    {'exc': ['V_m'], 'exc_1': ['g_in'], 'inh': ['V_m', 'g_ex']}
    """
    with _open(path) as f:
        groups = f.get("report")
        return {name: list(_report_variables(groups[name])) for name in _names(groups)}


def _load_table(path, group_path, missing_hint):
    """A SeriesTable group: ``(times_ms, {name: Series})``."""
    path = os.fspath(path)
    with _open(path) as f:
        group = f.get(group_path)
        if group is None:
            raise KeyError(f"{path}: no /{group_path} ({missing_hint})")
        times = np.asarray(group["time"][...], dtype=np.float64)
        series = {}
        for name in _names(group):
            if name == "time":
                continue
            d = group[name]
            series[name] = Series(values=np.asarray(d[...], dtype=np.float64),
                                  units=_decode(d.attrs.get("units", "")),
                                  description=_decode(d.attrs.get("description", "")),
                                  columns=_decode(d.attrs["columns"]) if "columns" in d.attrs
                                  else ())
        return times, series


def load_pharmacology(path):
    """The /pharmacology table: ``(times_ms, {name: Series})``.

    Series of a pharmacokinetic run: ``plasma``, ``effect_site``, ``norketamine`` (ng/mL),
    ``dosed``, ``body_content``, ``eliminated`` (mg), ``receptor_ketamine``,
    ``receptor_norketamine`` (uM at the receptors); with a network also ``nmda_block`` (mean
    unblocked NMDA fraction, one column per population). Raises KeyError if the file has none.

    >>> t, s = load_pharmacology("infusion.h5")                  # doctest: +SKIP
    >>> plt.plot(t / 3.6e6, s["plasma"].values); plt.ylabel(s["plasma"].units)  # doctest: +SKIP
    """
    return _load_table(path, "pharmacology", "the scenario has no [pharmacology] table")


def load_readout(path, name):
    """The /readout/<name> table of a [[readouts]] entry: ``(times_ms, {name: Series})``.

    A ``stimulus_response`` readout has one row per stimulus event (its time) with ``response``
    (spikes of the population in the window), ``response_per_neuron`` and ``windup_index``
    (response / first response); a ``rate`` readout has ``rate`` [Hz] per window start.

    >>> t, s = load_readout("windup.h5", "windup")               # doctest: +SKIP
    >>> plt.plot(s["windup_index"].values, "o-")                 # doctest: +SKIP
    """
    return _load_table(path, f"readout/{name}", "no [[readouts]] entry of that name")


def load_slow(path, projection, variable="rho"):
    """Summaries of a plastic projection, /slow/<variable>/<projection>: ``(times_ms, series)``
    with ``mean`` (of rho for Graupner-Brunel, W for Shouval) and ``potentiated`` (fraction)."""
    return _load_table(path, f"slow/{variable}/{projection}",
                       "no plastic projection of that name, or another rule's variable")


def load_timeline(path):
    """The /timeline/windows table of a multiscale run: ``(times_ms, {name: Series})``.

    One row per simulated window; ``times_ms`` is the calendar time at which it starts. Series:
    ``engine_start`` and ``length`` (ms: the window covers engine times [engine_start,
    engine_start + length), the clock of /spikes), ``kind`` (0 a full-resolution phase, 1 a
    multiscale micro window, 2 a pain-test window) and ``macro_step`` (ms: the calendar span
    the window stands for). Raises KeyError if the file has none.

    >>> t, w = load_timeline("course.h5")                         # doctest: +SKIP
    >>> days = t / 86_400_000.0                                   # doctest: +SKIP
    """
    return _load_table(path, "timeline/windows", "not a multiscale (timeline) run")


def load_pain_signal(path):
    """The /readout/pain_signal table of a treatment course: ``(times_ms, {name: Series})``.

    One row per daily pain test (calendar time) with ``response`` (spikes per projection
    neuron in the test window), ``pain_index`` (response / the first test's response, so 1 is
    the healthy baseline) and ``receptor_ketamine`` (uM at the receptors during the test).
    Raises KeyError if the file has none.

    >>> t, s = load_pain_signal("course.h5")                      # doctest: +SKIP
    >>> plt.plot(t / 86_400_000.0, s["pain_index"].values, "o-")  # doctest: +SKIP
    """
    return _load_table(path, "readout/pain_signal", "not a treatment-course run")


#: Root attribute ``kind`` of the table of a parameter sweep, and its name in the sweep's DIR.
SWEEP_KIND = "sweep"
SWEEP_FILE = "sweep.h5"
#: Statuses of a sweep point, in the order figures and summaries count them.
SWEEP_STATUSES = ("done", "failed", "pending")
_POINT_COLUMNS = ("index", "replicate", "seed", "status", "wall_time", "error", "file")


@dataclass(repr=False)
class Sweep:
    """The table of a parameter sweep (``DIR/sweep.h5``, see docs/sweeps.md): one row per point.

    Per point, numpy arrays of length ``n_points`` in point order:

    index, replicate, seed:  uint64 (0 .. N-1; 0 .. replicates-1; the seed the point ran with)
    status:      object array of str: "done", "failed" or "pending"
    wall_time:   float64 [s], NaN unless done
    error:       object array of str: why a point failed ("" otherwise)
    file:        object array of str: the point file's name, relative to ``directory``
    parameters:  {axis name: float64 array, or object array of str for string values}, in the
                 order of ``axes``; ``parameter_units`` ("" for string axes) and
                 ``parameter_keys`` (the dotted scenario key) per axis
    metrics:     {metric name: float64 array}, NaN unless done; ``metric_units``,
                 ``metric_descriptions`` per metric

    About the sweep: ``path`` (of sweep.h5), ``directory``, ``axes`` (axis names, in order),
    ``combine`` ("grid" or "zip"), ``replicates``, ``master_seed``, ``seed_mode``,
    ``n_points``, ``complete`` (no point pending), ``sweep_path`` and ``scenario_path``.
    """
    path: str
    directory: str
    index: np.ndarray
    replicate: np.ndarray
    seed: np.ndarray
    status: np.ndarray
    wall_time: np.ndarray
    error: np.ndarray
    file: np.ndarray
    parameters: dict
    parameter_units: dict
    parameter_keys: dict
    metrics: dict
    metric_units: dict
    metric_descriptions: dict
    axes: list
    master_seed: int
    combine: str
    replicates: int
    complete: bool
    n_points: int
    seed_mode: str = ""
    sweep_path: str = ""
    scenario_path: str = ""
    attributes: dict = field(default_factory=dict)

    def counts(self):
        """Number of points per status: ``{"done": ..., "failed": ..., "pending": ...}``."""
        result = {name: int(np.count_nonzero(self.status == name)) for name in SWEEP_STATUSES}
        others = len(self.status) - sum(result.values())
        if others:
            result["other"] = others
        return result

    def point_path(self, i):
        """The path of point ``i``'s output file (it exists only when the point is done)."""
        return os.path.join(self.directory, self.file[i])

    def __repr__(self):
        counts = ", ".join(f"{n} {name}" for name, n in self.counts().items())
        return (f"Sweep({self.path!r}: {self.n_points} points ({counts}), {self.combine} of "
                f"axes {self.axes}, {self.replicates} replicate(s), metrics {list(self.metrics)})")


def _sweep_file(path):
    """``path`` itself, or ``path/sweep.h5`` when ``path`` is a directory."""
    path = os.fspath(path)
    if os.path.isdir(path):
        candidate = os.path.join(path, SWEEP_FILE)
        if not os.path.exists(candidate):
            raise FileNotFoundError(
                f"{path}: no {SWEEP_FILE} in this directory (hornet sweep writes it when the "
                f"sweep ends; 'hornet sweep SWEEP.toml -o {path} --resume' rebuilds it)")
        return candidate
    return path


def is_sweep(path):
    """True when ``path`` is a sweep table (root attribute kind = "sweep") or a directory
    holding one (``DIR/sweep.h5``); False for any other file, including non-hornet files."""
    path = os.fspath(path)
    if os.path.isdir(path):
        path = os.path.join(path, SWEEP_FILE)
    try:
        with _open(path) as f:
            return _decode(f.attrs.get("kind", "")) == SWEEP_KIND
    except (OSError, ValueError):
        return False


def _name_list(f, attribute):
    """A root attribute holding names (a 1-D string array, or one string) as a list."""
    value = f.attrs.get(attribute)
    if value is None or isinstance(value, h5py.Empty):
        return None
    value = _decode(value)
    return [value] if isinstance(value, str) else list(value)


def _is_string(dataset):
    return h5py.check_string_dtype(dataset.dtype) is not None or dataset.dtype.kind in "SUO"


def _strings(dataset):
    """A string dataset as an object array of str (h5py gives UTF-8 strings as bytes)."""
    values = [_decode(v) for v in np.asarray(dataset[...]).ravel().tolist()]
    result = np.empty(len(values), dtype=object)
    result[:] = values
    return result


def _column(path, group, name, rows):
    """One per-point dataset: float64 or an object array of str, checked to have ``rows`` rows."""
    d = group[name]
    values = _strings(d) if _is_string(d) else np.asarray(d[...], dtype=np.float64)
    if values.shape != (rows,):
        raise ValueError(f"{path}: /{d.name.lstrip('/')} has shape {values.shape}; "
                         f"expected ({rows},), one value per point")
    return values


def _ordered(path, group, listed, where):
    """Dataset names of ``group`` (at ``/where``): those ``listed`` in the root attribute of the
    same name first, then the rest (axes by their attribute ``axis`` when nothing is listed)."""
    present = _names(group)
    if listed is None:
        if where == "parameters":
            return sorted(present, key=lambda n: (int(_decode(group[n].attrs.get("axis", 0))), n))
        return present
    missing = [name for name in listed if name not in present]
    if missing:
        attribute = "axes" if where == "parameters" else where
        raise ValueError(f"{path}: {', '.join(map(repr, missing))} in the root attribute "
                         f"{attribute!r} but not in /{where}")
    return list(listed) + [name for name in present if name not in listed]


def _read_sweep(path, f):
    points = f.get("points")
    if points is None or "index" not in points:
        raise ValueError(f"{path}: a sweep file without /points/index")
    rows = points["index"].shape[0] if points["index"].ndim == 1 else -1
    if rows < 0:
        raise ValueError(f"{path}: /points/index is not one-dimensional")
    n_points = int(_decode(f.attrs.get("n_points", rows)))
    if n_points != rows:
        raise ValueError(f"{path}: root attribute n_points = {n_points} but /points/index has "
                         f"{rows} rows")
    columns = {}
    for name in _POINT_COLUMNS:
        if name not in points:
            raise ValueError(f"{path}: a sweep file without /points/{name}")
        columns[name] = _column(path, points, name, rows)
    for name in ("index", "replicate", "seed"):
        columns[name] = np.asarray(points[name][...], dtype=np.uint64)
    for name in ("status", "error", "file"):
        if columns[name].dtype != object:
            raise ValueError(f"{path}: /points/{name} is not a string dataset")

    group = f.get("parameters")
    axes = _ordered(path, group, _name_list(f, "axes"), "parameters")
    parameters, parameter_units, parameter_keys = {}, {}, {}
    for name in axes:
        d = group[name]
        parameters[name] = _column(path, group, name, rows)
        parameter_units[name] = _decode(d.attrs.get("units", ""))
        parameter_keys[name] = _decode(d.attrs.get("key", name))

    group = f.get("metrics")
    metrics, metric_units, metric_descriptions = {}, {}, {}
    for name in _ordered(path, group, _name_list(f, "metrics"), "metrics"):
        d = group[name]
        if _is_string(d):
            raise ValueError(f"{path}: /metrics/{name} is a string dataset; metrics are numbers")
        metrics[name] = _column(path, group, name, rows)
        metric_units[name] = _decode(d.attrs.get("units", ""))
        metric_descriptions[name] = _decode(d.attrs.get("description", ""))

    attributes = {key: _decode(value) for key, value in f.attrs.items()
                  if not isinstance(value, h5py.Empty)}
    return Sweep(path=path, directory=os.path.dirname(os.path.abspath(path)), **columns,
                 parameters=parameters, parameter_units=parameter_units,
                 parameter_keys=parameter_keys, metrics=metrics, metric_units=metric_units,
                 metric_descriptions=metric_descriptions, axes=axes,
                 master_seed=int(attributes.get("master_seed", 0)),
                 combine=str(attributes.get("combine", "grid")),
                 replicates=int(attributes.get("replicates", 1)),
                 complete=bool(attributes.get("complete", 0)), n_points=n_points,
                 seed_mode=str(attributes.get("seed_mode", "")),
                 sweep_path=str(attributes.get("sweep_path", "")),
                 scenario_path=str(attributes.get("scenario_path", "")), attributes=attributes)


def _sweep_frame(sweep):
    """A pandas DataFrame of a :class:`Sweep`: point columns, then axes, then metrics."""
    try:
        import pandas as pd
    except ImportError as error:
        raise ImportError("load_sweep(..., as_frame=True) needs pandas: "
                          "apt-get install python3-pandas") from error
    columns = {name: getattr(sweep, name) for name in _POINT_COLUMNS}
    # NOTE: an axis or metric may share a name with a point column (an axis "seed" over
    # simulation.seed) or with each other; the later one gets a suffix instead of replacing it.
    for suffix, values in ((" (parameter)", sweep.parameters), (" (metric)", sweep.metrics)):
        for name, column in values.items():
            columns[name + suffix if name in columns else name] = column
    return pd.DataFrame(columns)


def load_sweep(path, as_frame=False):
    """The table of a parameter sweep, as a :class:`Sweep` (or a pandas DataFrame).

    ``path`` is the sweep's output directory or its ``sweep.h5`` (docs/sweeps.md). Points are
    in point order; failed and pending points have NaN metrics and wall time. With
    ``as_frame=True``: one pandas DataFrame row per point with columns index, replicate, seed,
    status, wall_time, error, file, one per axis and one per metric (pandas is optional:
    ``apt-get install python3-pandas``).

    Raises FileNotFoundError for a missing file (or a directory without sweep.h5) and
    ValueError naming the path for a file that is not a hornet sweep file (no magic, or root
    attribute kind other than "sweep", such as a single run's output file).

    >>> s = load_sweep("results/windup_sweep")                   # doctest: +SKIP
    >>> done = s.status == "done"                                 # doctest: +SKIP
    >>> plt.plot(s.parameters["pharmacology.concentration"][done],
    ...          s.metrics["windup_index"][done], "o")            # doctest: +SKIP
    >>> df = load_sweep("results/windup_sweep", as_frame=True)   # doctest: +SKIP
    >>> df.groupby("pharmacology.concentration").windup_index.mean()  # doctest: +SKIP
    """
    path = _sweep_file(path)
    with _open(path, "hornet sweep file") as f:
        kind = _decode(f.attrs.get("kind", ""))
        if kind != SWEEP_KIND:
            found = f"kind = {kind!r}" if kind else "no 'kind' attribute: a run's output file?"
            raise ValueError(f"{path}: not a hornet sweep file ({found}; a sweep's table "
                             f"has kind = 'sweep' and is DIR/{SWEEP_FILE} of 'hornet sweep "
                             f"... -o DIR')")
        sweep = _read_sweep(path, f)
    return _sweep_frame(sweep) if as_frame else sweep
