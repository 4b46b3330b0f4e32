"""Free flight with end interactions, and the plane-crossing probe fused into it.

A particle's path in one step is split into straight segments at each end it meets;
every segment is tallied against the probe planes at the moment it is flown (the way
SPARTA tallies boundary fluxes), so crossings are exact, not reconstructed from snapshots.
"""
import math

import numpy as np
from numba import prange

from ..constants import K_B
from ..numba_config import at, helper, kernel
from .probes import tally_segment
from .rng import normal, uniform_pos

RESERVOIR, SPECULAR, DIFFUSE, PERIODIC = 0, 1, 2, 3
# columns of the end tally bnd[end, species, :]
OUT, IN, MOMENTUM, ENERGY = 0, 1, 2, 3


@helper
def tally_end(bnd, side, s, col, m, vx, vy, vz, sign):
    """Book one particle leaving (sign=+1) or entering (sign=-1) the gas at an end."""
    bnd[side, s, col] += 1.0
    bnd[side, s, MOMENTUM] += sign * m * vz
    bnd[side, s, ENERGY] += sign * 0.5 * m * (vx * vx + vy * vy + vz * vz)


@helper
def fly(z, vx, vy, vz, t, s, length, m, end_type, end_T, planes, first, inv_h, cross, bnd, sampling, rng):
    """Move one particle for time t. Returns (z, vx, vy, vz, alive)."""
    while True:
        znew = z + vz * t
        if 0.0 <= znew <= length:
            if sampling:
                tally_segment(z, znew, planes, first, inv_h, cross, s)
            return znew, vx, vy, vz, True
        side = 0 if znew < 0.0 else 1
        zw = 0.0 if side == 0 else length
        t -= (zw - z) / vz
        if t < 0.0:
            t = 0.0
        if sampling:
            tally_segment(z, zw, planes, first, inv_h, cross, s)
            tally_end(bnd, side, s, OUT, m, vx, vy, vz, 1.0)
        kind = end_type[side]
        if kind == RESERVOIR:
            return zw, vx, vy, vz, False
        if kind == PERIODIC:
            z = length - zw
            if sampling:  # the particle leaves through one end and enters through the other
                tally_end(bnd, 1 - side, s, IN, m, vx, vy, vz, -1.0)
            continue
        if kind == SPECULAR:
            vz = -vz
        else:  # DIFFUSE: re-emitted from a Maxwellian at the wall temperature
            a = math.sqrt(K_B * end_T[side] / m)
            vx = a * normal(rng)
            vy = a * normal(rng)
            vn = a * math.sqrt(-2.0 * math.log(uniform_pos(rng)))
            vz = vn if side == 0 else -vn
        z = zw
        if sampling:
            tally_end(bnd, side, s, IN, m, vx, vy, vz, -1.0)


@kernel(parallel=True)
def move(n, z, vx, vy, vz, sp, dt, length, mass, end_type, end_T, planes, first, inv_h, cross, bnd,
         sampling, rngs):
    """Free flight of all particles for dt. Particles absorbed by a reservoir get sp = -1.
    Returns the number removed. Flights that stay inside the tube (nearly all) take the
    short path; the others go through `fly`, which handles the ends.

    The particles are split into rngs.shape[0] fixed chunks; chunk c tallies into
    cross[c] and bnd[c] and draws from rngs[c], so the result is independent of threads."""
    nchunk = rngs.shape[0]
    removed = np.zeros(nchunk, dtype=np.int64)
    for c in prange(nchunk):
        rng = rngs[c]
        cr = cross[c]
        bd = bnd[c]
        for i in range(at(n * c // nchunk), at(n * (c + 1) // nchunk)):
            if sp[i] < 0:  # consumed by a reaction in the last step, dropped at the next sort
                continue
            zi = z[i]
            znew = zi + vz[i] * dt
            if 0.0 <= znew <= length:
                if sampling:
                    tally_segment(zi, znew, planes, first, inv_h, cr, sp[i])
                z[i] = znew
                continue
            s = sp[i]
            zi, vxi, vyi, vzi, alive = fly(zi, vx[i], vy[i], vz[i], dt, s, length, mass[s],
                                           end_type, end_T, planes, first, inv_h, cr, bd, sampling, rng)
            z[i] = zi
            vx[i] = vxi
            vy[i] = vyi
            vz[i] = vzi
            if not alive:
                sp[i] = -1
                removed[c] += 1
    return removed.sum()
