"""The continuum model of a two-bulb diffusion cell: the jump of each species at a bulb's
junction (a half-space problem of kinetic theory) and the cell (tube, bulbs, initial gas and
the species' Chapman-Enskog D_ij) that Maxwell-Stefan or Fick evolve (docs/method.md,
"Diffusion cells")."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.theory import maxwell_stefan as ms
from analysis.theory.chapman_enskog import EXACT_ORDER, effective_diameters, hard_spheres, mean_free_paths
from analysis.theory.multicomponent import FickMatrix
from particlesim.constants import K_B, N_AV
from particlesim.summary import Summary

# The jump at a bulb's junction (maxwell_stefan.two_bulb_kinetic): the bulb's end emits the
# half-Maxwellian of the bulb's gas and absorbs whatever reaches it, a half-space problem of
# kinetic theory, N_i = j_i c_bar_i (c_i,bulb - c_i,end). Two limits are known:
# - like molecules: the linearized evaporation-condensation problem for hard spheres,
#   (n_wall - n_gas) / n = -C4* N / (n c_mp), C4* = -2.1320 (Sone, Ohwada and Aoki, Phys.
#   Fluids A 1, 363, 1989; BGK -2.1412), so j = sqrt(pi) / (2 |C4*|) = 0.4157;
# - a light species among heavy ones (Lorentz gas, a mean free path independent of speed for
#   hard spheres): Milne's problem, extrapolation length 0.7104 lambda, so j = 1 / (3 x 0.7104).
# Between them j_i is interpolated linearly in the partner-averaged mass share
# f_i = sum_j y_j m_i / (m_i + m_j) (0 Lorentz, 1/2 like molecules; heavier than the mixture:
# the like value). The interpolation is a modelling choice, checked in docs/method.md.
JUNCTION = math.sqrt(math.pi) / (2.0 * 2.1320)
JUNCTION_LORENTZ = 1.0 / (3.0 * 0.7104)


def junction_factors(molar_masses, y) -> np.ndarray:
    """j_i of each species at a junction whose gas has mole fractions y (see above)."""
    M = np.asarray(molar_masses, dtype=float)
    y = np.asarray(y, dtype=float) / np.sum(y)
    f = np.array([np.sum(y * M[i] / (M[i] + M)) for i in range(M.size)])
    return JUNCTION_LORENTZ + (JUNCTION - JUNCTION_LORENTZ) * np.minimum(f / 0.5, 1.0)


class Cell:
    """The continuum model of a run's two-bulb cell (its summary): tube length and area, bulb
    volumes, total molar concentration and temperature of the initial gas, initial bulb and
    tube compositions, and the species' Chapman-Enskog binary D_ij."""

    def __init__(self, summary, order=EXACT_ORDER):
        s = Summary.of(summary)
        if s.ends != ["bulb", "bulb"]:
            raise ValueError("the continuum cell needs bulbs at both ends")
        self.summary = s
        self.species = list(s.species)
        self.length, self.area = float(s.length_m), float(s.area_m2)
        self.volumes = tuple(float(v) for v in s.bulb_volume_m3)
        self.T = float(s.temperatures_K[0])
        n = s.bulb_initial_number_density_m3
        self.n = float(np.mean(n))
        self.c = self.n / N_AV
        self.y0 = tuple(np.asarray(v, dtype=float) for v in s.bulb_initial_mole_fractions)
        self.order = order
        self.D = ms.PairCoefficients(s, self.n, self.T, order)
        self._fick = None

    @property
    def default_model(self) -> str:
        """The most complete continuum model for these molecules: the N-species Chapman-Enskog
        solution for hard spheres, Maxwell-Stefan with binary D_ij otherwise."""
        return "multicomponent" if hard_spheres(self.summary) else "maxwell-stefan"

    def fick_matrix(self):
        """The N-species Chapman-Enskog [D](y) at this order (multicomponent.FickMatrix; hard
        spheres), built on first use."""
        if self._fick is None:
            self._fick = FickMatrix(self.summary, self.n, self.T, self.order)
        return self._fick

    @property
    def pressure_Pa(self) -> float:
        return self.n * K_B * self.T

    @property
    def junction(self) -> np.ndarray:
        """The species' jump factors j_i (`junction_factors`) at the cell's mean composition."""
        return junction_factors(self.summary.molar_mass_kg_mol, 0.5 * (self.y0[0] + self.y0[1]))

    def solve(self, t, model=None, junction="kinetic", cells=40):
        """The continuum cell at times t (s): (y_bulb1[t, species], y_bulb2[t, species], y_tube,
        N at mid-tube, c_bulb1[t], c_bulb2[t]). model: "multicomponent" (the N-species
        Chapman-Enskog [D], `fick_matrix`), "maxwell-stefan" (binary D_ij of each pair) or "fick"
        (pseudo-binary D). junction: "kinetic" (the species' jump factors, `junction`), a factor
        or one per species (`maxwell_stefan.two_bulb_kinetic`; 1/2: Marshak), or None for no jump,
        N = 0 and uniform pressure (`maxwell_stefan.two_bulb`; the bulbs' pressures then stay
        equal)."""
        if junction is None:
            b1, b2, yt, J = ms.two_bulb(self.length, self.area, self.volumes, self.c, self.D, self.y0, t,
                                        cells=cells, model=model)
            flat = np.full(len(np.atleast_1d(t)), self.c)
            return b1, b2, yt, J, flat, flat
        model = model or self.default_model
        if isinstance(junction, str):
            junction = self.junction
        fick = self.fick_matrix() if model == "multicomponent" else None
        return ms.two_bulb_kinetic(self.length, self.area, self.volumes, self.T, self.summary.molar_mass_kg_mol,
                                   self.c, self.D, self.y0, t, cells=cells, junction=junction,
                                   model="maxwell-stefan" if fick is not None else model, fick=fick)

    def table(self, t, model=None, junction="kinetic", cells=40) -> pd.DataFrame:
        """`solve` as rows (time, end) with columns y_<species> and p_Pa, like `trajectories`."""
        b1, b2, _, _, c1, c2 = self.solve(t, model, junction, cells)
        rows = []
        RT = self.pressure_Pa / self.c
        for k, tt in enumerate(np.asarray(t, dtype=float)):
            for end, y, c in (("left", b1[k], c1[k]), ("right", b2[k], c2[k])):
                rows.append({"time_s": tt, "end": end, **{f"y_{s}": v for s, v in zip(self.species, y)},
                             "p_Pa": c * RT})
        return pd.DataFrame(rows)

    def mean_free_path(self) -> float:
        """The mean free path of the initial mixture (all species' mean, by mole fraction)."""
        y = 0.5 * (self.y0[0] + self.y0[1])
        m = np.asarray(self.summary.molar_mass_kg_mol) / N_AV
        lam = mean_free_paths(self.n * y, m, effective_diameters(self.summary, self.T))
        return float(np.sum(y * lam))
