"""What the collision step carries from one step to the next: each cell's (sigma g)_max and NTC
remainder, the id of each chunk's latest collision, the reactions counted per cell; and the
molecular model and reactions the collision kernel reads."""
from __future__ import annotations

import numpy as np

from . import gases
from .config import Config
from .constants import N_AV
from .kernels.collide import Model, Reactions
from .owned import Owned


class CollisionState(Owned):
    def __init__(self, cfg: Config, mass: np.ndarray, weight: float, ncc: int, nbins: int, cchunks: int):
        pairs = cfg.pair_models
        temps = [cfg.initial.temperature_K] + [e.temperature_K for e in (cfg.left, cfg.right) if e.temperature_K > 0]
        g_ref = gases.mean_relative_speed(mass, max(temps))
        # (sigma g)_max starts at 2.5 times the largest mean; raised whenever a pair exceeds it
        sigma = gases.pair_cross_sections(pairs.diameters_at(max(temps)))
        self.sgmax = np.full(ncc, 2.5 * float((sigma * g_ref).max()))
        self.remainder = np.zeros(ncc)
        self.last_tag = np.zeros(cchunks, dtype=np.int64)  # latest collision id per chunk (tags 1 .. 65535)
        coeff = weight * cfg.dt_s / (cfg.tube.cell_volume / nbins) if cfg.collisions.enabled else 0.0
        sig2, expo = pairs.ntc(mass)
        self._model = Model(sig2, expo, pairs.alpha.copy(), not pairs.hard_spheres, mass, coeff,
                            cfg.collisions.partners == "nearest")
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
        self._rx = Reactions(rx_of, rx_par, self.rx_cell)

    @property
    def model(self) -> Model:
        return self._model

    @property
    def reactions(self) -> Reactions:
        return self._rx
