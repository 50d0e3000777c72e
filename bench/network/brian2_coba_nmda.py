#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Brian2 (C++ standalone) reference for the COBA + NMDA scenario with steady-state ketamine block.

The network of ``configs/coba_nmda.toml``: the COBA benchmark (Brette et al. 2007, benchmark 1;
see brian2_coba.py) with an NMDA conductance added to every excitatory synapse. Per neuron
(both populations, hornet's ``lif_cond`` with receptors exc, inh and nmda)::

    C_m dV_m/dt = g_L (E_L - V_m) + g_ex (E_ex - V_m) + g_in (E_in - V_m)
                  + g_nmda B(V_m) u_ket (E_nmda - V_m)
    dg_ex/dt = -g_ex / tau_syn_ex          dg_in/dt = -g_in / tau_syn_in
    da/dt = -a / tau_nmda_rise             db/dt = -b / tau_nmda_decay        g_nmda = b - a
    B(V) = 1 / (1 + Mg_o / 3.57 mM * exp(-0.062 V / mV))      (Jahr & Stevens 1990)
    u_ket = 1 - K^n / (K^n + IC50^n)                          (steady-state Hill block)

A spike of an excitatory neuron adds the "exc" weight to g_ex and ``w_nmda * f_norm`` to both a
and b of its targets, f_norm = 1 / (exp(-t_pk / tau_d) - exp(-t_pk / tau_r)) with
t_pk = tau_r tau_d / (tau_d - tau_r) ln(tau_d / tau_r), so that one event alone peaks at w_nmda
(hornet's models/synapses/dual_exponential.hpp); tau_nmda_rise = 0 gives the single exponential
g_nmda = b. Both receptors of a projection (``receptor = ["exc", "nmda"]``) sit on the same
Brian2 synapse. An inhibitory spike adds its weight to g_in. V_m is clamped at V_reset for t_ref
after a spike. K is constant during a run, so u_ket is a constant (a shared variable of the
group, so that another concentration only changes ``main.cpp``, like another seed).

Parameters
----------
Everything is read from the scenario (``--config``, default ``configs/coba_nmda.toml``) with
tomllib, so the two simulators cannot drift apart: the neuron parameters of both populations
(which must be equal: one Brian2 group), the initial-state distributions (uniform / normal /
constant), the projections (source, target, receptors, weights, delay, fixed-probability
connectivity with autapses allowed unless ``allow_autapses = false``), dt, duration and the
ketamine block (``[pharmacology] concentration``; ``IC50_ket`` and ``n_ket`` from
``[pharmacology.block]``, where a population's own params take precedence, as in hornet).
Anything this script does not model (another Mg-block form or ketamine model, norketamine,
distributed weights or delays, other receptors or rules) is an error rather than silently
ignored. Overrides: ``--ketamine-uM X`` (the concentration), ``--nmda-weight W`` (nS, every NMDA
weight), ``--duration-ms``, ``--dt-ms``.

Conventions shared with brian2_coba.py (read its docstring): a hornet delay D corresponds to a
Brian2 delay D - dt (0.2 ms in the scenario -> 0.1 ms here); ``sim_seconds`` is Brian2's own
timing of the run loop; the project is built with OpenMP (``--threads``) unless ``--no-openmp``;
reuse ``--build-dir`` to avoid recompiling (a new seed or concentration regenerates only
``main.cpp``; a new ``--nmda-weight`` also recompiles the synapse code).

Integration: ``--method euler`` (default; forward Euler for V and every conductance).
``exponential_euler``, ``rk2`` and ``rk4`` are also accepted (``linear`` is not: dV/dt is
nonlinear in V through the Mg block). Brian2 2.5.1 accepts ``exponential_euler`` although B(V)
depends on V: it treats dV/dt = A(V) V + C(V) as conditionally linear and freezes A and C at
V(t_n), i.e. the block is taken at the start of the step, conductances decay exactly and V is
advanced exactly with them held over the step. That is hornet's scheme except that hornet holds
the conductances at their mid-step values (lif_cond.hpp: exponential midpoint, block at V(t_n)).
With dt = 0.1 ms the simulators agree in statistics only.

Usage::

    /usr/bin/python3 bench/network/brian2_coba_nmda.py --threads 2 --seed 1 --ketamine-uM 2 --json

Output: the keys of brian2_coba.py (rates, late rates, ISI CVs, sim_seconds, compile_seconds,
total_seconds, ...) plus ketamine_uM, u_ket, nmda_weight_nS, hornet_delay_ms and config.
"""

import argparse
import math
import re
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(HERE))
sys.dont_write_bytecode = True
import brian2_coba  # noqa: E402  (standalone harness and summaries)

DEFAULT_CONFIG = REPO / "configs" / "coba_nmda.toml"
METHODS = ["euler", "exponential_euler", "rk2", "rk4"]

# Conversion to the unit each quantity is used in.
_SCALE = {
    "ms": {"ms": 1.0, "s": 1e3, "us": 1e-3},
    "mV": {"mV": 1.0, "V": 1e3},
    "nS": {"nS": 1.0, "uS": 1e3, "pS": 1e-3},
    "pF": {"pF": 1.0, "nF": 1e3},
    "mM": {"mM": 1.0, "M": 1e3, "uM": 1e-3},
    "uM": {"uM": 1.0, "nM": 1e-3, "mM": 1e3},
}
_QUANTITY = re.compile(r"^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([A-Za-z]+)\s*$")

# Neuron parameters of lif_cond used by the model, with their units. Others in the scenario
# are an error (a parameter this script does not know would be a silent drift).
NEURON_PARAMS = {"C_m": "pF", "g_L": "nS", "E_L": "mV", "V_th": "mV", "V_reset": "mV",
                 "t_ref": "ms", "E_ex": "mV", "E_in": "mV", "tau_syn_ex": "ms",
                 "tau_syn_in": "ms", "tau_nmda_rise": "ms", "tau_nmda_decay": "ms",
                 "E_nmda": "mV", "Mg_o": "mM"}
# Steady-state block parameters and their units; choice parameters with the only value
# modelled here (also hornet's default, so they may be left out).
BLOCK_PARAMS = {"IC50_ket": "uM", "n_ket": "1"}
CHOICES = {"ketamine_block": "steady_state", "mg_block": "jahr_stevens"}
# Receptor -> on_pre statement (w: the weight in nS).
RECEPTORS = {
    "exc": "g_ex_post += {w}*nS",
    "inh": "g_in_post += {w}*nS",
    "nmda": "a_nmda_post += {w}*f_norm*nS\nb_nmda_post += {w}*f_norm*nS",
}
STATE_UNITS = {"V_m": "mV", "g_ex": "nS", "g_in": "nS"}


class ConfigError(ValueError):
    pass


def quantity(value, unit, where):
    """'6 nS' -> 6.0 in `unit` (numbers are taken as already in `unit`; unit '1': a number)."""
    if isinstance(value, bool):
        raise ConfigError(f"{where}: expected a quantity in {unit}, got {value!r}")
    if isinstance(value, (int, float)):
        return float(value)
    if unit == "1":
        raise ConfigError(f"{where}: expected a number, got {value!r}")
    m = _QUANTITY.match(str(value))
    if not m or m.group(2) not in _SCALE[unit]:
        raise ConfigError(f"{where}: cannot read {value!r} as a quantity in {unit} "
                          f"(known units: {', '.join(_SCALE[unit])})")
    return float(m.group(1)) * _SCALE[unit][m.group(2)]


def as_list(v):
    return v if isinstance(v, list) else [v]


def _read_params(table, where):
    """{hornet name: value in its unit} of one params or block table."""
    units = NEURON_PARAMS | BLOCK_PARAMS
    out = {}
    for name, value in table.items():
        at = f"{where}.{name}"
        if name in units:
            out[name] = quantity(value, units[name], at)
        elif name in CHOICES:
            if value != CHOICES[name]:
                raise ConfigError(f"{at} = {value!r}: only {CHOICES[name]!r} is modelled")
        else:
            raise ConfigError(f"{at}: parameter not modelled by brian2_coba_nmda.py")
    return out


def _neuron_params(pop, block):
    """The parameters of one population: [pharmacology.block], overridden by its own params."""
    name = pop["name"]
    if pop.get("model") != "lif_cond":
        raise ConfigError(f"populations.{name}: model {pop.get('model')!r}, expected lif_cond")
    out = _read_params(block, "pharmacology.block")
    out.update(_read_params(pop.get("params", {}), f"populations.{name}.params"))
    missing = [k for k in NEURON_PARAMS | BLOCK_PARAMS if k not in out]
    if missing:
        raise ConfigError(f"populations.{name}: missing {', '.join(missing)} (the reference "
                          f"reads every value from the scenario, none from hornet's defaults)")
    return out


def _initial(pop):
    """{variable: Brian2 expression string} of one population's initial state."""
    out = {}
    for var, spec in pop.get("initial", {}).items():
        where = f"populations.{pop['name']}.initial.{var}"
        if var not in STATE_UNITS:
            raise ConfigError(f"{where}: state variable not modelled here")
        u = STATE_UNITS[var]
        if not isinstance(spec, dict):
            out[var] = f"{quantity(spec, u, where)!r} * {u}"
            continue
        dist = spec.get("distribution")
        if dist == "uniform" and set(spec) == {"distribution", "low", "high"}:
            lo, hi = (quantity(spec[k], u, f"{where}.{k}") for k in ("low", "high"))
            out[var] = f"({lo!r} + rand() * {hi - lo!r}) * {u}"
        elif dist == "normal" and set(spec) == {"distribution", "mean", "std"}:
            mean, std = (quantity(spec[k], u, f"{where}.{k}") for k in ("mean", "std"))
            out[var] = f"({mean!r} + {std!r} * randn()) * {u}"
        else:
            raise ConfigError(f"{where}: only uniform(low, high), normal(mean, std) or a "
                              f"constant are modelled")
    return out


def _projection(proj, dt_ms, nmda_weight_nS):
    where = f"projections.{proj.get('name', proj['source'] + '_to_' + proj['target'])}"
    receptors, weights = as_list(proj["receptor"]), as_list(proj["weight"])
    if len(receptors) != len(weights):
        raise ConfigError(f"{where}: {len(receptors)} receptors but {len(weights)} weights")
    syn = {}
    for r, w in zip(receptors, weights):
        if r not in RECEPTORS:
            raise ConfigError(f"{where}: receptor {r!r} not modelled (known: {list(RECEPTORS)})")
        w = quantity(w, "nS", f"{where}.weight")
        syn[r] = nmda_weight_nS if (r == "nmda" and nmda_weight_nS is not None) else w
    delay = quantity(proj["delay"], "ms", f"{where}.delay")
    steps = round(delay / dt_ms)
    if steps < 1 or abs(steps * dt_ms - delay) > 1e-9 * max(delay, 1.0):
        raise ConfigError(f"{where}: delay {delay} ms is not a positive multiple of dt")
    conn = dict(proj["connectivity"])
    autapses = conn.pop("allow_autapses", True)
    if conn.pop("rule", None) != "fixed_probability" or set(conn) != {"p"}:
        raise ConfigError(f"{where}: only connectivity = {{ rule = \"fixed_probability\", p }} "
                          f"(optionally allow_autapses) is modelled")
    return {"name": where.split(".", 1)[1], "source": proj["source"], "target": proj["target"],
            "weights": syn, "delay_steps": steps, "p": float(conn["p"]),
            "autapses": bool(autapses) or proj["source"] != proj["target"]}


def load_scenario(path, ketamine_uM=None, nmda_weight_nS=None, dt_ms=None):
    """Reads everything the reference needs from a hornet scenario; raises ConfigError.
    ketamine_uM, nmda_weight_nS, dt_ms: overrides (None: the scenario's)."""
    with open(path, "rb") as fh:
        doc = tomllib.load(fh)
    sim = doc.get("simulation", {})
    if dt_ms is None:
        dt_ms = quantity(sim.get("dt", "0.1 ms"), "ms", "simulation.dt")
    duration_ms = quantity(sim["duration"], "ms", "simulation.duration")
    pops = {p["name"]: p for p in doc.get("populations", [])}
    if list(pops) != ["exc", "inh"]:
        raise ConfigError(f"populations {list(pops)}: expected exc then inh")
    pharm = doc.get("pharmacology", {})
    block = pharm.get("block", {})
    params = {name: _neuron_params(p, block) for name, p in pops.items()}
    if params["exc"] != params["inh"]:
        diff = sorted(k for k in params["exc"] if params["exc"][k] != params["inh"][k])
        raise ConfigError(f"exc and inh differ in {diff}: the reference uses one Brian2 group")
    nk = pharm.get("norketamine_concentration")
    if nk is not None and quantity(nk, "uM", "pharmacology.norketamine_concentration") != 0:
        raise ConfigError("pharmacology.norketamine_concentration: not modelled")
    if "doses" in pharm:
        raise ConfigError("pharmacology.doses: only a fixed concentration is modelled")
    if ketamine_uM is None:
        if "concentration" not in pharm:
            raise ConfigError("pharmacology.concentration is missing (or pass --ketamine-uM)")
        ketamine_uM = quantity(pharm["concentration"], "uM", "pharmacology.concentration")
    if ketamine_uM < 0:
        raise ConfigError(f"ketamine concentration {ketamine_uM} uM < 0")
    par = params["exc"]
    k_n = ketamine_uM ** par["n_ket"]
    return {
        "config": str(path),
        "dt_ms": dt_ms,
        "duration_ms": duration_ms,
        "sizes": {name: int(p["size"]) for name, p in pops.items()},
        "params": par,
        "initial": {name: _initial(p) for name, p in pops.items()},
        "projections": [_projection(p, dt_ms, nmda_weight_nS) for p in doc.get("projections", [])],
        "ketamine_uM": ketamine_uM,
        "u_ket": 1.0 - k_n / (k_n + par["IC50_ket"] ** par["n_ket"]),
    }


def nmda_peak_normalisation(tau_rise_ms, tau_decay_ms):
    """f_norm of models/synapses/dual_exponential.hpp: one event of weight w peaks at w."""
    if tau_rise_ms == 0:
        return 1.0
    if not 0 < tau_rise_ms < tau_decay_ms:
        raise ConfigError(f"need 0 <= tau_nmda_rise < tau_nmda_decay "
                          f"(got {tau_rise_ms}, {tau_decay_ms} ms)")
    t_pk = (tau_rise_ms * tau_decay_ms / (tau_decay_ms - tau_rise_ms)
            * math.log(tau_decay_ms / tau_rise_ms))
    return 1.0 / (math.exp(-t_pk / tau_decay_ms) - math.exp(-t_pk / tau_rise_ms))


def equations(par):
    rise = ("da_nmda/dt = -a_nmda / tau_nmda_rise : siemens" if par["tau_nmda_rise"] > 0
            else "a_nmda : siemens (constant)")
    return f"""
    dV_m/dt = (g_L*(E_L - V_m) + g_ex*(E_ex - V_m) + g_in*(E_in - V_m)
               + g_nmda*B_mg*u_ket*(E_nmda - V_m)) / C_m : volt (unless refractory)
    B_mg = 1 / (1 + mg_ratio * exp(-0.062 * V_m / mV)) : 1
    g_nmda = b_nmda - a_nmda : siemens
    dg_ex/dt = -g_ex / tau_syn_ex : siemens
    dg_in/dt = -g_in / tau_syn_in : siemens
    {rise}
    db_nmda/dt = -b_nmda / tau_nmda_decay : siemens
    u_ket : 1 (shared, constant)
    """


def _synapse_groups(sc):
    """Projections merged per (source, weights, delay, p, autapses) when together they reach
    every population (one Synapses object onto the whole group, as brian2_coba.py does),
    otherwise one per projection. Order of first appearance is kept."""
    groups = {}
    for pr in sc["projections"]:
        key = (pr["source"], tuple(sorted(pr["weights"].items())), pr["delay_steps"], pr["p"],
               pr["autapses"])
        groups.setdefault(key, []).append(pr)
    out = []
    for members in groups.values():
        targets = [m["target"] for m in members]
        if sorted(targets) == sorted(sc["sizes"]) and all(m["autapses"] for m in members):
            out.append((members, None))
        else:
            out += [([m], m["target"]) for m in members]
    return out


def run_coba_nmda(a, sc):
    def build_network(b2):
        from brian2 import NeuronGroup, Synapses, mM, ms, mV, nS, pF, uM  # noqa: F401

        par = sc["params"]
        units = {"ms": ms, "mV": mV, "nS": nS, "pF": pF, "mM": mM, "uM": uM}
        ns = {k: v * units[NEURON_PARAMS[k]] for k, v in par.items() if k in NEURON_PARAMS}
        ns["mg_ratio"] = par["Mg_o"] / 3.57
        ns["f_norm"] = nmda_peak_normalisation(par["tau_nmda_rise"], par["tau_nmda_decay"])
        n_exc, n_inh = sc["sizes"]["exc"], sc["sizes"]["inh"]
        P = NeuronGroup(n_exc + n_inh, equations(par), threshold="V_m > V_th",
                        reset="V_m = V_reset", refractory=par["t_ref"] * ms, method=a.method,
                        namespace=ns, name="neurons")
        sub = {"exc": P[:n_exc], "inh": P[n_exc:]}
        synapses, n_syn = [], {"exc": [], "inh": []}
        for members, target in _synapse_groups(sc):
            pr = members[0]
            on_pre = "\n".join(RECEPTORS[r].format(w=repr(w)) for r, w in pr["weights"].items())
            tag = pr["name"] if target else f"from_{pr['source']}"
            S = Synapses(sub[pr["source"]], P if target is None else sub[target], on_pre=on_pre,
                         delay=(pr["delay_steps"] - 1) * a.dt_ms * ms, namespace=ns,
                         name=f"syn_{tag}")
            S.connect(p=pr["p"]) if pr["autapses"] else S.connect(condition="i != j", p=pr["p"])
            synapses.append(S)
            n_syn[pr["source"]].append(S)
        # Initial state: on the whole group when the populations agree (the same random
        # stream as brian2_coba.py), else per population.
        init = sc["initial"]
        for var in dict.fromkeys(list(init["exc"]) + list(init["inh"])):
            if init["exc"].get(var) == init["inh"].get(var):
                setattr(P, var, init["exc"][var])
            else:
                for name, g in sub.items():
                    if var in init[name]:
                        setattr(g, var, init[name][var])
        P.u_ket = sc["u_ket"]

        def info():
            delays = sorted({pr["delay_steps"] for pr in sc["projections"]})
            nmda = sorted({pr["weights"]["nmda"] for pr in sc["projections"]
                           if "nmda" in pr["weights"]})
            return {"delay_ms": [(d - 1) * a.dt_ms for d in delays] if len(delays) > 1
                    else (delays[0] - 1) * a.dt_ms,
                    "hornet_delay_ms": [d * a.dt_ms for d in delays] if len(delays) > 1
                    else delays[0] * a.dt_ms,
                    "method": a.method,
                    "connectivity": {"rule": "pairwise_bernoulli",
                                     "p": sorted({pr["p"] for pr in sc["projections"]})},
                    "n_synapses_exc": sum(int(len(S)) for S in n_syn["exc"]),
                    "n_synapses_inh": sum(int(len(S)) for S in n_syn["inh"]),
                    "ketamine_uM": sc["ketamine_uM"], "u_ket": sc["u_ket"],
                    "nmda_weight_nS": nmda[0] if len(nmda) == 1 else nmda,
                    "config": sc["config"]}

        return P, n_exc, synapses, info

    return brian2_coba.run_standalone(a, build_network, prefix="hornet_brian2_coba_nmda_")


def parse_args(argv=None):
    p = argparse.ArgumentParser(
        description="COBA + NMDA with steady-state ketamine block (configs/coba_nmda.toml) in "
                    "Brian2 C++ standalone.")
    p.add_argument("--config", default=str(DEFAULT_CONFIG), help="hornet scenario (TOML)")
    p.add_argument("--ketamine-uM", type=float, default=None,
                   help="ketamine concentration [uM] (default: [pharmacology] concentration)")
    p.add_argument("--nmda-weight", type=float, default=None, metavar="NS",
                   help="override every NMDA weight [nS]")
    brian2_coba.add_run_arguments(p, METHODS, "euler", default_duration_ms=None,
                                  default_dt_ms=None)
    a = p.parse_args(argv)
    if a.nmda_weight is not None and a.nmda_weight < 0:
        p.error("--nmda-weight must be >= 0")
    if a.dt_ms is not None and a.dt_ms <= 0:
        p.error("--dt-ms must be positive")
    try:
        sc = load_scenario(a.config, a.ketamine_uM, a.nmda_weight, a.dt_ms)
    except (OSError, KeyError, ConfigError, tomllib.TOMLDecodeError) as e:
        p.error(f"{a.config}: {e!s}" if not isinstance(e, KeyError) else
                f"{a.config}: missing key {e}")
    a.dt_ms = sc["dt_ms"]
    if a.duration_ms is None:
        a.duration_ms = sc["duration_ms"]
    brian2_coba.check_run_arguments(p, a)
    return a, sc


def main(argv=None):
    a, sc = parse_args(argv)
    brian2_coba.print_result(run_coba_nmda(a, sc), a.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
