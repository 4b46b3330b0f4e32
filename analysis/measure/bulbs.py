"""Diffusion cells: bulb trajectories of runs with `bulb` ends, their replica means against the
continuum cell (analysis.theory.two_bulb), and D_AB from the two-bulb decay (docs/method.md,
"Diffusion cells")."""
from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from analysis.measure.fluxes import flux_series
from analysis.theory import maxwell_stefan as ms
from analysis.theory.two_bulb import Cell


def trajectories(run) -> pd.DataFrame:
    """Bulb mole fractions and pressures against time: one row per (time, end), columns
    time_s, end, p_Pa and y_<species>."""
    b = run.bulbs
    if b is None or not len(b):
        raise ValueError("this run has no bulb ends")
    y = b.pivot_table(index=["time_s", "end"], columns="species", values="mole_fraction", observed=True)
    y.columns = [f"y_{s}" for s in y.columns]
    p = b.groupby(["time_s", "end"], observed=True)["p_Pa"].first()
    return y.join(p).reset_index()


def replica_mean(runs) -> pd.DataFrame:
    """Mean over replicas (runs of one config with different seeds) of every trajectory column,
    with its standard error (`<column>_err`: spread / sqrt(replicas)) and `replicas`."""
    frames = [trajectories(r) for r in runs]
    allr = pd.concat(frames, keys=range(len(frames)), names=["replica"]).reset_index(level=0)
    cols = [c for c in frames[0].columns if c.startswith("y_") or c == "p_Pa"]
    g = allr.groupby(["time_s", "end"], observed=True)[cols]
    out = g.mean()
    err = g.std(ddof=1) / np.sqrt(g.count())
    out = out.join(err.add_suffix("_err"))
    out["replicas"] = g.count()[cols[0]]
    return out.reset_index()


def compare(mean: pd.DataFrame, cell: Cell, model=None, junction="kinetic") -> pd.DataFrame:
    """DSMC replica means against the continuum cell: per (time, end, species) the DSMC value,
    its error, the model value and the deviation in standard errors (z)."""
    t = np.unique(mean["time_s"])
    pred = cell.table(t, model, junction)
    rows = []
    for s in cell.species:
        m = mean[["time_s", "end", f"y_{s}", f"y_{s}_err"]].merge(pred[["time_s", "end", f"y_{s}"]],
                                                                    on=["time_s", "end"], suffixes=("", "_model"))
        m = m.rename(columns={f"y_{s}": "dsmc", f"y_{s}_err": "err", f"y_{s}_model": "model"})
        m["species"] = s
        rows.append(m)
    out = pd.concat(rows, ignore_index=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["z"] = (out["dsmc"] - out["model"]) / out["err"]
    return out


def mid_tube(run, width=0.4) -> pd.DataFrame:
    """What the tube does at its middle, per profile block: for every species the molar flux N_i
    (crossing tallies of the planes within the middle `width` of the tube, over the block's
    intervals) and the gradient dy_i/dz (a straight line through the cells there). Columns
    time_s, N_<sp> (mol m^-2 s^-1), grad_<sp> (1/m), y_<sp>."""
    s = run.summary
    L = float(s.length_m)
    planes = np.asarray(s.planes_m)
    inner = np.abs(planes - 0.5 * L) <= 0.5 * width * L
    x = flux_series(run)[:, inner, :].mean(axis=1)  # (interval, species), mol m^-2 s^-1
    prof = run.profiles
    nb = int(prof["block"].max()) + 1
    steps_total = int(s.steps) - int(s.start_step)
    t_int = (int(s.start_step) + (np.arange(x.shape[0]) + 0.5) * int(s.interval_steps)) * float(s.dt_s)
    edges = (int(s.start_step) + np.arange(nb + 1) * steps_total / nb) * float(s.dt_s)
    n = prof.pivot_table(index=["block", "cell"], columns="species", values="n_m3", observed=True)
    z = prof.drop_duplicates("cell").set_index("cell")["z_m"].sort_index().to_numpy()
    sel = np.abs(z - 0.5 * L) <= 0.5 * width * L
    rows = []
    for b in range(nb):
        nn = n.loc[b].to_numpy()
        y = nn / nn.sum(axis=1, keepdims=True)
        inb = (t_int >= edges[b]) & (t_int < edges[b + 1])
        row = {"time_s": 0.5 * (edges[b] + edges[b + 1])}
        for k, sp in enumerate(s.species):
            slope, icpt = np.polyfit(z[sel], y[sel, k], 1)
            row[f"N_{sp}"] = float(x[inb, k].mean()) if inb.any() else np.nan
            row[f"grad_{sp}"] = float(slope)
            row[f"y_{sp}"] = float(slope * 0.5 * L + icpt)
        rows.append(row)
    return pd.DataFrame(rows)


def _log_slope(t, dy, window):
    """-d ln|dy| / dt over the window, weighted by |dy| (the bulbs' noise is about constant in
    dy, so ln|dy| has standard deviation 1 / |dy| in its units): the faint tail counts less."""
    m = (t >= window[0]) & (t <= window[1])
    return -np.polyfit(t[m], np.log(np.abs(dy[m])), 1, w=np.abs(dy[m]))[0]


def decay_diffusion(runs, species=None, t_min_modes=3.0, floor=0.05, junction="kinetic"):
    """D_AB of a binary two-bulb cell from the decay of the bulbs' composition difference.
    Each run's slope of ln(dy) against t (weighted by dy) over one window (after the faster modes have decayed,
    t_min_modes over their rate, until dy falls to `floor` of its start), combined over the
    replicas (mean, spread / sqrt(R)). Three readings of the same rate:

    - D_qs: the quasi-steady formula tau = L V1 V2 / (A D (V1 + V2)) (ignores the tube's volume);
    - D_tube: the tube's volume exact (`maxwell_stefan.decay_rate`), no junction correction;
    - D_kinetic: the continuum cell with the kinetic jump at each junction
      (`maxwell_stefan.two_bulb_kinetic`, the converged Chapman-Enskog D(y) scaled by s) whose
      bulbs decay at the same rate over the same window: D = s D_CE(y_mean), so ratio = s.

    Returns a dict with those, their errors, the per-run rates and the window."""
    runs = list(runs)
    cell = Cell(runs[0].summary)
    if isinstance(junction, str):
        junction = cell.junction
    sp = species or cell.species[0]
    i = cell.species.index(sp)
    L, A, V = cell.length, cell.area, cell.volumes
    y_mean = 0.5 * (cell.y0[0] + cell.y0[1])
    D_ce = float(cell.D(y_mean)[0, 1])
    lam2 = ms.decay_rate(L, A, V, D_ce, cells=100, mode=2)
    tr = trajectories(runs[0])
    t = np.unique(tr["time_s"])
    lam1 = ms.decay_rate(L, A, V, D_ce)
    window = (t_min_modes / lam2, min(t.max(), np.log(1.0 / floor) / lam1))
    rates = []
    for r in runs:
        tr = trajectories(r)
        a = tr[tr["end"] == "left"].set_index("time_s")[f"y_{sp}"]
        b = tr[tr["end"] == "right"].set_index("time_s")[f"y_{sp}"]
        rates.append(_log_slope(a.index.to_numpy(), (a - b).to_numpy(), window))
    rates = np.array(rates)
    rate = float(rates.mean())
    rate_err = float(rates.std(ddof=1) / np.sqrt(rates.size)) if rates.size > 1 else float("nan")
    unit = ms.decay_rate(L, A, V, 1.0)  # with the tube's volume the rate is proportional to D
    qs = A * (V[0] + V[1]) / (L * V[0] * V[1])
    tt = t[(t >= window[0]) & (t <= window[1])]
    tt = np.concatenate([[0.0], tt[:: max(1, tt.size // 60)]])

    def model_rate(scale):
        D = lambda y: cell.D(y) * scale
        b1, b2, *_ = ms.two_bulb_kinetic(L, A, V, cell.T, cell.summary.molar_mass_kg_mol, cell.c, D, cell.y0, tt,
                                         cells=30, junction=junction)
        return _log_slope(tt, b1[:, i] - b2[:, i], window)

    if (runs[0].summary.section or "unbounded") != "unbounded":
        s = ds = float("nan")  # side walls: the continuum cell here is wall-less
    else:
        f = lambda x: model_rate(x) - rate
        lo, hi = 0.7, 1.4
        if f(lo) * f(hi) > 0:
            lo, hi = 0.3, 3.0
        s = brentq(f, lo, hi, xtol=1e-5) if f(lo) * f(hi) < 0 else float("nan")
        ds = (model_rate(s * 1.01) - model_rate(s * 0.99)) / (0.02 * s) if s == s else float("nan")
    return {"rate": rate, "rate_err": rate_err, "rates": rates, "window_s": window, "species": sp, "y_mean": y_mean,
            "D_ce": D_ce, "D_qs": rate / qs, "D_tube": rate / unit, "D_tube_err": rate_err / unit,
            "D_kinetic": s * D_ce, "D_kinetic_err": rate_err / ds * D_ce, "ratio_kinetic": s,
            "ratio_kinetic_err": rate_err / ds}
