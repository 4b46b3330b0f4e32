"""Diffusion cells: bulb trajectories of runs with `bulb` ends, their replica means, the
continuum (Maxwell-Stefan or Fick) prediction for the same cell, and D_AB from the two-bulb
decay (docs/method.md, "Diffusion cells")."""
from __future__ import annotations

import numpy as np
import pandas as pd

from particlesim.constants import K_B, N_AV

from . import maxwell_stefan as ms
from .theory import EXACT_ORDER


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


class Cell:
    """The continuum model of a run's two-bulb cell (its summary): tube length and area, bulb
    volumes, total molar concentration and temperature of the initial gas, initial bulb and
    tube compositions, and the species' Chapman-Enskog binary D_ij."""

    def __init__(self, summary, order=EXACT_ORDER):
        s = summary
        if s.get("ends") != ["bulb", "bulb"]:
            raise ValueError("the continuum cell needs bulbs at both ends")
        self.summary = s
        self.species = list(s["species"])
        self.length, self.area = float(s["length_m"]), float(s["area_m2"])
        self.volumes = tuple(float(v) for v in s["bulb_volume_m3"])
        self.T = float(s["temperatures_K"][0])
        n = s["bulb_initial_number_density_m3"]
        self.n = float(np.mean(n))
        self.c = self.n / N_AV
        self.y0 = tuple(np.asarray(v, dtype=float) for v in s["bulb_initial_mole_fractions"])
        self.order = order
        self.D = ms.PairCoefficients(s, self.n, self.T, order)

    @property
    def pressure_Pa(self) -> float:
        return self.n * K_B * self.T

    def solve(self, t, model="maxwell-stefan", end_length=0.0, cells=40):
        """Bulb mole fractions at times t (s): (y_bulb1[t, species], y_bulb2[t, species], y_tube,
        J at mid-tube). end_length (m): the extra diffusion length at each junction."""
        return ms.two_bulb(self.length, self.area, self.volumes, self.c, self.D, self.y0, t, cells=cells,
                           end_lengths=(end_length, end_length), model=model)

    def table(self, t, model="maxwell-stefan", end_length=0.0, cells=40) -> pd.DataFrame:
        """`solve` as rows (time, end) with columns y_<species>, like `trajectories`."""
        b1, b2, _, _ = self.solve(t, model, end_length, cells)
        rows = []
        for k, tt in enumerate(np.asarray(t, dtype=float)):
            for end, y in (("left", b1[k]), ("right", b2[k])):
                rows.append({"time_s": tt, "end": end, **{f"y_{s}": v for s, v in zip(self.species, y)}})
        return pd.DataFrame(rows)

    def mean_free_path(self) -> float:
        """The mean free path of the initial mixture (all species' mean, by mole fraction)."""
        from .theory import effective_diameters, mean_free_paths
        y = 0.5 * (self.y0[0] + self.y0[1])
        m = np.asarray(self.summary["molar_mass_kg_mol"]) / N_AV
        lam = mean_free_paths(self.n * y, m, effective_diameters(self.summary, self.T))
        return float(np.sum(y * lam))


def compare(mean: pd.DataFrame, cell: Cell, model="maxwell-stefan", end_length=0.0) -> pd.DataFrame:
    """DSMC replica means against the continuum cell: per (time, end, species) the DSMC value,
    its error, the model value and the deviation in standard errors (z)."""
    t = np.unique(mean["time_s"])
    pred = cell.table(t, model, end_length)
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


def fit_end_length(mean: pd.DataFrame, cell: Cell, t_max=None, bounds=(0.0, None)) -> tuple[float, float]:
    """The junction length (m) that brings the Maxwell-Stefan cell closest to the DSMC replica
    means (least squares in standard errors over every bulb, species and time after t = 0), and
    its standard error from the curvature of chi^2. One number for both ends and all species."""
    from scipy.optimize import minimize_scalar
    L = cell.length
    sel = mean[mean["time_s"] > 0]
    if t_max is not None:
        sel = sel[sel["time_s"] <= t_max]
    t = np.unique(sel["time_s"])
    # a coarse time grid is enough for the fit; the table is compared at the DSMC times
    def chi2(x):
        c = compare(sel, cell, end_length=x * L)
        return float(np.nansum(c["z"] ** 2))
    hi = bounds[1] / L if bounds[1] else 0.5
    res = minimize_scalar(chi2, bounds=(bounds[0] / L, hi), method="bounded", options={"xatol": 1e-4})
    x, h = res.x, 0.01
    curv = (chi2(x + h) - 2 * res.fun + chi2(max(x - h, 0.0))) / h ** 2
    err = np.sqrt(2.0 / curv) if curv > 0 else np.nan
    del t
    return x * L, err * L


def decay_rate_fit(mean: pd.DataFrame, species: str, t_min: float, t_max: float | None = None):
    """The decay rate (1/s) of the bulbs' difference in y_<species> between t_min and t_max:
    weighted least squares of ln(dy) against t with the replica errors. Returns (rate, error)."""
    y1 = mean[mean["end"] == "left"].set_index("time_s")
    y2 = mean[mean["end"] == "right"].set_index("time_s")
    dy = (y1[f"y_{species}"] - y2[f"y_{species}"]).to_numpy()
    err = np.hypot(y1[f"y_{species}_err"], y2[f"y_{species}_err"]).to_numpy()
    t = y1.index.to_numpy()
    m = (t >= t_min) & (dy > 5 * err)
    if t_max is not None:
        m &= t <= t_max
    w = (dy[m] / err[m]) ** 2  # var(ln dy) = (err / dy)^2
    A = np.vstack([np.ones(m.sum()), t[m]]).T
    cov = np.linalg.inv(A.T @ (A * w[:, None]))
    coef = cov @ (A.T @ (w * np.log(dy[m])))
    return -coef[1], float(np.sqrt(cov[1, 1]))


def mid_tube(run, width=0.4) -> pd.DataFrame:
    """What the tube does at its middle, per profile block: for every species the molar flux N_i
    (crossing tallies of the planes within the middle `width` of the tube, over the block's
    intervals) and the gradient dy_i/dz (a straight line through the cells there). Columns
    time_s, N_<sp> (mol m^-2 s^-1), grad_<sp> (1/m), y_<sp>."""
    from .fluxes import flux_series
    s = run.summary
    L = float(s["length_m"])
    planes = np.asarray(s["planes_m"])
    inner = np.abs(planes - 0.5 * L) <= 0.5 * width * L
    x = flux_series(run)[:, inner, :].mean(axis=1)  # (interval, species), mol m^-2 s^-1
    prof = run.profiles
    nb = int(prof["block"].max()) + 1
    steps_total = int(s["steps"]) - int(s["start_step"])
    t_int = (int(s["start_step"]) + (np.arange(x.shape[0]) + 0.5) * int(s["interval_steps"])) * float(s["dt_s"])
    edges = (int(s["start_step"]) + np.arange(nb + 1) * steps_total / nb) * float(s["dt_s"])
    n = prof.pivot_table(index=["block", "cell"], columns="species", values="n_m3", observed=True)
    z = prof.drop_duplicates("cell").set_index("cell")["z_m"].sort_index().to_numpy()
    sel = np.abs(z - 0.5 * L) <= 0.5 * width * L
    rows = []
    for b in range(nb):
        nn = n.loc[b].to_numpy()
        y = nn / nn.sum(axis=1, keepdims=True)
        inb = (t_int >= edges[b]) & (t_int < edges[b + 1])
        row = {"time_s": 0.5 * (edges[b] + edges[b + 1])}
        for k, sp in enumerate(s["species"]):
            slope, icpt = np.polyfit(z[sel], y[sel, k], 1)
            row[f"N_{sp}"] = float(x[inb, k].mean()) if inb.any() else np.nan
            row[f"grad_{sp}"] = float(slope)
            row[f"y_{sp}"] = float(slope * 0.5 * L + icpt)
        rows.append(row)
    return pd.DataFrame(rows)


def decay_diffusion(runs, species=None, t_min_modes=3.0, floor=0.05):
    """D_AB of a binary two-bulb cell from the decay of the bulbs' composition difference,
    run by run (each run's slope of ln(dy) against t, after the faster modes have decayed
    (t_min_modes / their rate) and while dy stays above `floor` of its start), combined over
    the replicas (mean, spread / sqrt(R)). The tube volume is accounted for exactly (the
    method-of-lines eigenvalue, `maxwell_stefan.decay_rate`), the junctions not (their Knudsen
    layers make the cell look longer). Returns dict with rate, rate_err, D (m^2/s), D_err,
    D_qs (the quasi-steady formula tau = L V1 V2 / (A D (V1 + V2))), and per-run rates."""
    runs = list(runs)
    cell = Cell(runs[0].summary)
    sp = species or cell.species[0]
    L, A, V = cell.length, cell.area, cell.volumes
    # the second mode's rate at the theory D sets when the first mode is alone
    D_guess = float(cell.D(0.5 * (cell.y0[0] + cell.y0[1]))[0, 1])
    lam2 = ms.decay_rate(L, A, V, D_guess, cells=100, mode=2)
    rates = []
    for r in runs:
        tr = trajectories(r)
        a = tr[tr["end"] == "left"].set_index("time_s")[f"y_{sp}"]
        b = tr[tr["end"] == "right"].set_index("time_s")[f"y_{sp}"]
        dy = (a - b).to_numpy()
        t = a.index.to_numpy()
        m = (t >= t_min_modes / lam2) & (np.abs(dy) > floor * abs(dy[0]))
        if m.sum() < 5:
            raise ValueError("the run is too short for a decay fit (fewer than 5 records after the faster modes)")
        rates.append(-np.polyfit(t[m], np.log(np.abs(dy[m])), 1)[0])
    rates = np.array(rates)
    rate = float(rates.mean())
    rate_err = float(rates.std(ddof=1) / np.sqrt(rates.size)) if rates.size > 1 else float("nan")
    unit = ms.decay_rate(L, A, V, 1.0)  # the rate is proportional to D
    qs = A * (V[0] + V[1]) / (L * V[0] * V[1])
    return {"rate": rate, "rate_err": rate_err, "D": rate / unit, "D_err": rate_err / unit, "D_qs": rate / qs,
            "rates": rates, "species": sp, "y_mean": 0.5 * (cell.y0[0] + cell.y0[1])}
