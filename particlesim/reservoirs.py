"""The gas beyond the tube's ends: reservoirs (their density and drift, the inflow of simulated
molecules they send per step, and the feedback that may adjust them before sampling) and bulbs
(closed volumes whose inventories empty into the tube and fill from it)."""
from __future__ import annotations

import numpy as np

from . import gases
from .config import Config
from .constants import N_AV
from .owned import Owned


class Reservoirs(Owned):
    """Per end (0 left, 1 right) and species: the inflow (mean simulated molecules per step), the
    reservoir state (n, drift u along +z, the drift towards the interior, T) and the bulbs'
    inventories; the records of the bulbs and of the feedback."""

    def __init__(self, cfg: Config, mass: np.ndarray, weight: float):
        nsp = len(cfg.species)
        self._cfg, self._mass, self._weight = cfg, mass, weight
        self._ends = (cfg.left, cfg.right)
        self.inflow = np.zeros((2, nsp))
        self.T = np.ones(2)
        self.drift = np.zeros(2)  # towards the interior
        self.n = np.array([e.number_density_m3 for e in self._ends])
        self.u = np.array([e.drift_m_s for e in self._ends])
        # bulbs: the inventory of simulated molecules, and the chance per step that one of them
        # leaves into the tube (effusion: c_bar A dt / (4 V))
        self._bulbs = [e for e, end in enumerate(self._ends) if end.type == "bulb"]
        self.bulb_count = np.zeros((2, nsp), dtype=np.int64)
        self._bulb_rate = np.zeros((2, nsp))
        self.bulb_steps: list = []   # the bulbs' record: steps, and the inventories then
        self.bulb_counts: list = []
        self.control_history: list = []  # (step, measured flux, n, u) of each feedback adjustment
        for e in range(2):
            self.set_inflow(e)
        self._fill_bulbs()

    @property
    def bulbs(self) -> list:
        """The ends that are bulbs."""
        return self._bulbs

    def set_inflow(self, e: int):
        """The inflow of reservoir end e from its n, drift and T (drifting effusion flux); an
        interface emits alpha_e n_sat sqrt(kT/2 pi m) of each species of its condensed phase."""
        end = self._ends[e]
        cfg = self._cfg
        if end.type == "interface":
            drift = 0.0
            flux = gases.effusion_flux(np.array(end.saturation_m3) * np.array(end.evaporation), self._mass,
                                       end.temperature_K)
        elif end.type == "reservoir":
            drift = (1.0 if e == 0 else -1.0) * self.u[e]
            n_i = self.n[e] * np.array(end.mole_fractions)
            flux = gases.drifting_effusion_flux(n_i, self._mass, end.temperature_K, drift)
        else:
            return
        self.inflow[e] = flux * cfg.tube.area_m2 * cfg.dt_s / self._weight
        self.T[e] = end.temperature_K
        self.drift[e] = drift

    def _fill_bulbs(self):
        """Each bulb's initial inventory: n_i V / weight simulated molecules, rounded at random
        (numpy's generator from the run seed, as the initial particles)."""
        cfg = self._cfg
        gen = np.random.Generator(np.random.PCG64(np.random.SeedSequence([cfg.seed, 2])))
        for e in self._bulbs:
            end = self._ends[e]
            mean = end.number_density_m3 * np.array(end.mole_fractions) * end.volume_m3 / self._weight
            self.bulb_count[e] = np.floor(mean + gen.random(mean.shape)).astype(np.int64)
            self._bulb_rate[e] = gases.mean_speed(self._mass, end.temperature_K) * cfg.tube.area_m2 * cfg.dt_s \
                / (4.0 * end.volume_m3)
            self.T[e] = end.temperature_K
        if self._bulbs:
            self._record(0)

    def bulb_inflow(self):
        """A bulb's inflow this step follows its inventory."""
        for e in self._bulbs:
            self.inflow[e] = self.bulb_count[e] * self._bulb_rate[e]

    def take_from_bulbs(self, counts: np.ndarray):
        """A bulb emits what it holds, no more: caps the drawn counts and empties the bulbs by them."""
        for e in self._bulbs:
            counts[e] = np.minimum(counts[e], self.bulb_count[e])
            self.bulb_count[e] -= counts[e]

    def absorb(self, exits: np.ndarray, step: int, record: bool):
        """Molecules that left the tube through a bulb's end (exits: per end and species) join
        its inventory; record: keep the inventories in the bulbs' record at this step."""
        for e in self._bulbs:
            self.bulb_count[e] += np.rint(exits[e]).astype(np.int64)
        if record:
            self._record(step)

    def _record(self, step: int):
        self.bulb_steps.append(step)
        self.bulb_counts.append(self.bulb_count.copy())

    def record(self) -> list:
        """The bulbs' record: (step, inventories per end and species)."""
        return list(zip(self.bulb_steps, self.bulb_counts))

    def control(self, step: int, N_i: np.ndarray):
        """One feedback adjustment (config.control) from the molar fluxes N_i measured over the
        last window: move the chosen reservoir's pressure or drift against the total molar flux
        (equimolar) or the mass flux (zero_mass_flux)."""
        ctl = self._cfg.control
        M = self._mass * N_AV
        q = N_i.sum() if ctl.target == "equimolar" else (M * N_i).sum() / M.mean()  # mol m^-2 s^-1
        side, what = ctl.adjust.split(".")
        e = 0 if side == "left" else 1
        c = self.n[e] / N_AV
        if what == "pressure":
            # one-way effusion molar flux of the reservoir sets the scale; more pressure on the
            # left pushes N towards +z, on the right towards -z
            gamma = float(gases.effusion_flux(c, self._mass.mean(), self.T[e]))
            sign = -1.0 if e == 0 else 1.0
            self.n[e] *= float(np.clip(1.0 + ctl.gain * sign * q / gamma, 0.5, 1.5))
        else:
            self.u[e] += ctl.gain * (-q / c)  # a drift along +z pushes N towards +z
        self.set_inflow(e)
        self.control_history.append((step, float(q), float(self.n[e]), float(self.u[e])))

    def freeze_control(self):
        """End of the feedback: freeze the reservoir at the mean of the second half of the
        adjustments (Polyak averaging, which removes most of the last steps' noise)."""
        hist = np.array(self.control_history)
        if len(hist):
            e = 0 if self._cfg.control.adjust.startswith("left") else 1
            late = hist[len(hist) // 2:]
            self.n[e], self.u[e] = late[:, 2].mean(), late[:, 3].mean()
            self.set_inflow(e)
