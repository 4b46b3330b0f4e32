"""Reservoir ends: molecules enter with the flux-weighted (drifting) Maxwellian."""
import math

import numpy as np

from ..constants import K_B
from ..numba_config import helper, kernel
from .move import IN, fly_pending, tally_end
from .probes import tally_segment
from .rng import normal, poisson, uniform, uniform_pos
from .walls import entry_point, inside, subcell_key, wrap


@helper
def flux_normal_speed(s, rng):
    """Normal speed, in units of c_mp = sqrt(2kT/m), of a molecule crossing a plane from a
    Maxwellian drifting at s c_mp towards it: pdf ~ x exp(-(x - s)^2), x > 0.
    s = 0 is sampled exactly by inversion (Bird 1994, eq. 12.5); otherwise by rejection
    under the pdf's maximum on [0, max(s, 0) + 6] (tail mass beyond is below 1e-15)."""
    if s == 0.0:
        return math.sqrt(-math.log(uniform_pos(rng)))
    xm = 0.5 * (s + math.sqrt(s * s + 2.0))
    fmax = xm * math.exp(-(xm - s) ** 2)
    hi = max(s, 0.0) + 6.0
    while True:
        x = hi * uniform(rng)
        if uniform(rng) * fmax <= x * math.exp(-(x - s) ** 2):
            return x


@kernel
def draw_counts(means, rng):
    """Number of molecules entering through each end this step, per species (Poisson)."""
    counts = np.zeros(means.shape, dtype=np.int64)
    for e in range(means.shape[0]):
        for s in range(means.shape[1]):
            counts[e, s] = poisson(rng, means[e, s])
    return counts


@helper
def _place(p, n, x, y, z, vx, vy, vz, s):
    """A new molecule of species s at place n, with no collision yet (the caller keys it)."""
    p.x[n] = x
    p.y[n] = y
    p.z[n] = z
    p.vx[n] = vx
    p.vy[n] = vy
    p.vz[n] = vz
    p.sp[n] = s
    p.tag[n] = 0


@kernel
def inject(p, n, key, counts, res_T, res_drift, dt, mass, geo, walls, ends, planes, cross, bnd, wtal, sampling, rng):
    """Create the entering molecules at the ends, at points uniform over the section and
    uniformly spread entry times, and fly each for the rest of the step (through walls and
    ends, as `move`), and key their sub-cells for the sort. res_drift[e] is the drift
    towards the interior. Returns the new particle count."""
    one = np.empty(1, dtype=np.int32)  # the molecule that meets a wall or an end, for move.fly_pending
    for e in range(counts.shape[0]):
        for s in range(counts.shape[1]):
            m = mass[s]
            a = math.sqrt(K_B * res_T[e] / m)
            c_mp = math.sqrt(2.0) * a
            for _ in range(counts[e, s]):
                vn = c_mp * flux_normal_speed(res_drift[e] / c_mp, rng)
                vzi = vn if e == 0 else -vn
                vxi = a * normal(rng)
                vyi = a * normal(rng)
                if sampling:
                    tally_end(bnd, e, s, IN, m, vxi, vyi, vzi, -1.0)
                x0, y0 = entry_point(geo, rng)
                z0 = 0.0 if e == 0 else geo.length
                t = dt * uniform_pos(rng)
                zi = z0 + vzi * t
                xi = x0 + vxi * t
                yi = y0 + vyi * t
                if 0.0 <= zi <= geo.length and inside(xi, yi, geo):  # nearly all: no wall or end this step
                    if sampling:
                        tally_segment(z0, zi, planes.z, planes.inv_h, planes.bounds, cross, s)
                    xi, yi = wrap(xi, yi, geo)
                    _place(p, n, xi, yi, zi, vxi, vyi, vzi, s)
                    key[n] = subcell_key(xi, yi, zi, geo)
                    n += 1
                else:  # the event loop of move, from the entry point for the rest of the step (it keys)
                    _place(p, n, x0, y0, z0, vxi, vyi, vzi, s)
                    one[0] = n
                    if fly_pending(p.x, p.y, p.z, p.vx, p.vy, p.vz, p.sp, one, key, t, mass, geo, walls, ends, planes,
                                   cross, bnd, wtal, sampling, rng) == 0:
                        n += 1
    return n
