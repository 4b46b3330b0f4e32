"""What the collision step carries from one step to the next: each cell's (sigma g)_max and NTC
remainder, the id of each chunk's latest collision, the reactions counted per cell; and the
molecular model and reactions the collision kernel reads."""
from __future__ import annotations

import numpy as np

from . import gases
from .config import Config
from .constants import K_B, N_AV
from .kernels.collide import Model, Reactions
from .owned import Owned


class CollisionState(Owned):
    def __init__(self, cfg: Config, mass: np.ndarray, weight: float, ncc: int, nbins: int, cchunks: int):
        pairs = cfg.pair_models
        temps = [cfg.initial.temperature_K] + [e.temperature_K for e in (cfg.left, cfg.right) if e.temperature_K > 0]
        g_ref = gases.mean_relative_speed(mass, max(temps))
        pot = cfg.potentials
        # (sigma g)_max starts at 2.5 times the largest mean; raised whenever a pair exceeds it
        sigma = pot.sigma_t_m2() if pot else gases.pair_cross_sections(pairs.diameters_at(max(temps)))
        self.sgmax = np.full(ncc, 2.5 * float((sigma * g_ref).max()))
        self.remainder = np.zeros(ncc)
        self.last_tag = np.zeros(cchunks, dtype=np.int64)  # latest collision id per chunk (tags 1 .. 65535)
        coeff = weight * cfg.dt_s / (cfg.tube.cell_volume / nbins) if cfg.collisions.enabled else 0.0
        # molecules from a potential: the constant sigma_T, in the hard-sphere form (sigma g)^2 = sigma^2 g^2
        sig2, expo = (sigma ** 2, np.ones_like(sigma)) if pot else pairs.ntc(mass)
        table, cos_chi, tpar = deflection_tables(pot, mass)
        self._model = Model(sig2, expo, pairs.alpha.copy(), not pairs.hard_spheres, mass, coeff,
                            cfg.collisions.partners == "nearest", table, cos_chi, tpar)
        # reactions: per species pair the reaction index, per reaction its parameters
        nsp, names = len(cfg.species), list(cfg.species_names)
        rx_of = np.full((nsp, nsp), -1, dtype=np.int64)
        rx_par = np.zeros((max(1, len(cfg.reactions)), 5))
        for r, rx in enumerate(cfg.reactions):
            a, b = (names.index(x) for x in rx.reactants)
            rx_of[a, b] = rx_of[b, a] = r
            prods = [names.index(x) for x in rx.products] + [-1]
            rx_par[r] = (rx.steric_factor, rx.activation_energy_J_mol / N_AV, rx.heat_released_J_mol / N_AV,
                         prods[0], prods[1])
        self.rx_cell = np.zeros((max(1, len(cfg.reactions)), cfg.tube.cells))  # reactions per cell
        # what reactions consume (-1) and make (+1) per chunk, cell row (as the face tallies) and
        # species: the particle counts from which the faces' crossings follow must not count them
        self.rx_faces = np.zeros((cchunks, cfg.tube.cells + 2, nsp) if cfg.reactions else (1, 1, 1), dtype=np.int64)
        self._rx = Reactions(rx_of, rx_par, self.rx_cell, self.rx_faces, 1.0 / cfg.tube.dz)

    @property
    def model(self) -> Model:
        return self._model

    @property
    def reactions(self) -> Reactions:
        return self._rx


def deflection_tables(pot, mass):
    """The kernel's view of the pairs' deflection tables (kernels/collide.Model): table[si, sj]
    the index into cos_chi (padded to the longest energy axis) and tpar; one dummy table and
    every index -1 for molecules without a potential."""
    n = len(mass)
    index = np.full((n, n), -1, dtype=np.int64)
    if pot is None:
        return index, np.zeros((1, 2, 2)), np.zeros((1, 4))
    keys = sorted(pot.tables)
    tabs = [pot.tables[k] for k in keys]
    ne, nr = max(t.cos_chi.shape[0] for t in tabs), tabs[0].cos_chi.shape[1]
    cos_chi = np.zeros((len(tabs), ne, nr))
    tpar = np.zeros((len(tabs), 4))
    for t, ((i, j), tab) in enumerate(zip(keys, tabs)):
        index[i, j] = index[j, i] = t
        k = tab.cos_chi.shape[0]
        cos_chi[t, :k] = tab.cos_chi
        mr = mass[i] * mass[j] / (mass[i] + mass[j])
        tpar[t] = (tab.ln_e0, 1.0 / tab.d_ln_e, 0.5 * mr / (K_B * pot.pairs[i][j].epsilon_K), k - 1)
    return index, cos_chi, tpar
