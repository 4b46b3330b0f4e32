"""Free flight with wall hits and end interactions, and the plane-crossing probe fused into it.

A particle's path in one step is split into straight segments at each wall or end it meets,
in the order it meets them (exact ray-wall intersections, as many per step as occur); every
segment is tallied against the probe planes at the moment it is flown (the way SPARTA
tallies boundary fluxes), so crossings are exact, not reconstructed from snapshots.
"""
import math
from collections import namedtuple

import numpy as np
from numba import prange

from ..constants import K_B
from ..numba_config import at, helper, kernel, outlined
from .probes import tally_flight, tally_segment
from .rng import normal, uniform_pos
from .walls import CIRCLE, INF, SLIT, inside, reflect, subcell_key, tally_wall, time_to_wall, wrap

RESERVOIR, SPECULAR, DIFFUSE, PERIODIC = 0, 1, 2, 3  # a bulb absorbs as a reservoir does; an interface
# absorbs the species of its condensed phase (with probability absorb) and reflects the others diffusely
# columns of the end tally bnd[end, species, :]; EXITS counts absorbed particles at every step,
# sampled or not (a bulb's inventory); the caller empties it for bulb ends and ignores it otherwise
OUT, IN, MOMENTUM, ENERGY, EXITS = 0, 1, 2, 3, 4
END_COLUMNS = 5

# the tube ends: type[end, species] (each species may meet its own end), the wall temperature
# T[end] and, where the type is RESERVOIR, the probability absorb[end, species] that a molecule
# reaching it is taken (1 for reservoirs and bulbs; an interface's condensation coefficient; the
# others are re-emitted diffusely); read-only. The probe planes come as probes.Planes.
Ends = namedtuple("Ends", ["type", "T", "absorb"])


@helper
def tally_end(bnd, side, s, col, m, vx, vy, vz, sign):
    """Book one particle leaving (sign=+1) or entering (sign=-1) the gas at an end."""
    bnd[side, s, col] += 1.0
    bnd[side, s, MOMENTUM] += sign * m * vz
    bnd[side, s, ENERGY] += sign * 0.5 * m * (vx * vx + vy * vy + vz * vz)


@helper
def _onto_wall(x, y, geo):
    """Put a point that flew to the wall back on it (a hair inside: rounding must not leave
    it outside, where the next flight would meet the wall at once)."""
    if geo.kind == CIRCLE:
        r = math.sqrt(x * x + y * y)
        if r > 0.0:
            f = geo.radius * (1.0 - 1e-15) / r
            return x * f, y * f
        return x, y
    if geo.kind == SLIT:
        return x, (0.0 if y < 0.5 * geo.height else geo.height)
    return x, y


@helper
def _move_chunk(x, y, z, vx, vy, vz, sp, lo, hi, key, todo, dt, mass, geo, walls, ends, planes, cross, bnd, wtal,
                sampling, rng):
    """Flights of particles lo..hi-1. Those that stay inside the tube (nearly all) take the
    short path in a loop without calls; the others are listed in todo[lo:] and then go through
    `fly_pending`, in the same order (only they draw random numbers and book end and wall
    tallies, so the results are those of one loop). key[i]: the sub-cell each particle lands in
    (-1: gone), for the sort, computed while the position is at hand. Returns the number removed."""
    pending = 0
    length = geo.length
    pz, inv_h, bounds, by_key, ext = planes.z, planes.inv_h, planes.bounds, planes.by_key, planes.ext
    for i in range(at(lo), at(hi)):
        s = sp[i]
        if s < 0:  # consumed by a reaction in the last step, dropped at the next sort
            key[i] = -1
            continue
        zi = z[i]
        znew = zi + vz[i] * dt
        xi = x[i] + vx[i] * dt
        yi = y[i] + vy[i] * dt
        if 0.0 <= znew <= length and inside(xi, yi, geo):
            xi, yi = wrap(xi, yi, geo)
            x[i] = xi
            y[i] = yi
            z[i] = znew
            k = subcell_key(xi, yi, znew, geo)
            key[i] = k
            if sampling:
                tally_flight(zi, znew, k, by_key, ext, pz, inv_h, bounds, cross, s)
            continue
        todo[lo + pending] = i
        pending += 1
    if pending == 0:
        return 0
    return fly_pending(x, y, z, vx, vy, vz, sp, todo[lo:lo + pending], key, dt, mass, geo, walls, ends, planes, cross,
                       bnd, wtal, sampling, rng)


@outlined
def fly_pending(x, y, z, vx, vy, vz, sp, todo, key, dt, mass, geo, walls, ends, planes, cross, bnd, wtal,
                sampling, rng):
    """Fly the particles todo (ascending) for time dt each, meeting walls and ends in the order
    they reach them: those of a chunk that `_move_chunk` listed, or one molecule of the inflow
    (ends.inject). Tallies: crossings cross[plane, species, direction], ends bnd[end, species,
    column], wall hits wtal[species, column]. A particle an end takes gets sp = -1 and key -1;
    the others' key is their new sub-cell. Returns the number removed.

    The event loop is written out here, not in a helper called per particle: one copy to
    compile for the flight and the inflow; as an inlined helper it paid atomic reference counts
    of nine arrays per particle, before this function was compiled without them (docs/method.md,
    "Numba")."""
    removed = 0
    length = geo.length
    pz, inv_h, bounds = planes.z, planes.inv_h, planes.bounds
    for k in range(todo.size):
        i = at(todo[k])
        s = sp[i]
        m = mass[s]
        x0, y0, z0, vx0, vy0, vz0 = x[i], y[i], z[i], vx[i], vy[i], vz[i]
        t = dt
        alive = True
        while True:
            if vz0 > 0.0:
                tz = (length - z0) / vz0
            elif vz0 < 0.0:
                tz = -z0 / vz0
            else:
                tz = INF
            if tz < 0.0:
                tz = 0.0
            tw = time_to_wall(x0, y0, vx0, vy0, geo)
            if tz >= t and tw >= t:  # no event left in this step
                znew = z0 + vz0 * t
                if sampling:
                    tally_segment(z0, znew, pz, inv_h, bounds, cross, s)
                x0, y0 = wrap(x0 + vx0 * t, y0 + vy0 * t, geo)
                z0 = znew
                break
            if tw < tz:  # the side wall first
                znew = z0 + vz0 * tw
                if sampling:
                    tally_segment(z0, znew, pz, inv_h, bounds, cross, s)
                x0, y0 = _onto_wall(x0 + vx0 * tw, y0 + vy0 * tw, geo)
                z0 = min(max(znew, 0.0), length)
                t -= tw
                nvx, nvy, nvz = reflect(x0, y0, z0, vx0, vy0, vz0, m, geo, walls, rng)
                if sampling:
                    tally_wall(wtal, s, m, vx0, vy0, vz0, nvx, nvy, nvz)
                vx0, vy0, vz0 = nvx, nvy, nvz
                continue
            # an end first
            side = 0 if vz0 < 0.0 else 1
            zw = 0.0 if side == 0 else length
            x0, y0 = wrap(x0 + vx0 * tz, y0 + vy0 * tz, geo)
            t -= tz
            if sampling:
                tally_segment(z0, zw, pz, inv_h, bounds, cross, s)
                tally_end(bnd, side, s, OUT, m, vx0, vy0, vz0, 1.0)
            kind = ends.type[side, s]
            if kind == RESERVOIR:
                taken = ends.absorb[side, s]
                if taken >= 1.0 or uniform_pos(rng) <= taken:  # no draw for reservoirs and bulbs
                    bnd[side, s, EXITS] += 1.0
                    z0 = zw
                    alive = False
                    break
                kind = DIFFUSE
            if kind == PERIODIC:
                z0 = length - zw
                if sampling:  # the particle leaves through one end and enters through the other
                    tally_end(bnd, 1 - side, s, IN, m, vx0, vy0, vz0, -1.0)
                continue
            if kind == SPECULAR:
                vz0 = -vz0
            else:  # DIFFUSE: re-emitted from a Maxwellian at the wall temperature
                a = math.sqrt(K_B * ends.T[side] / m)
                vx0 = a * normal(rng)
                vy0 = a * normal(rng)
                vn = a * math.sqrt(-2.0 * math.log(uniform_pos(rng)))
                vz0 = vn if side == 0 else -vn
            z0 = zw
            if sampling:
                tally_end(bnd, side, s, IN, m, vx0, vy0, vz0, -1.0)
        x[i] = x0
        y[i] = y0
        z[i] = z0
        vx[i] = vx0
        vy[i] = vy0
        vz[i] = vz0
        if alive:
            key[i] = subcell_key(x0, y0, z0, geo)
        else:
            sp[i] = -1
            key[i] = -1
            removed += 1
    return removed


@kernel(parallel=True)
def move(p, n, key, todo, dt, mass, geo, walls, ends, planes, cross, bnd, wall_tally, sampling, rngs):
    """Free flight of all particles for dt. Particles absorbed by a reservoir get sp = -1.
    key[i] receives the sub-cell each particle is in afterwards (-1: gone). todo: workspace
    of n int32 (the sort's permutation, free until the sort), where each chunk lists its
    particles that meet a wall or an end. Returns the number removed.

    The particles are split into rngs.shape[0] fixed chunks; chunk c tallies into cross[c],
    bnd[c] and wall_tally[c] and draws from rngs[c], so the result is independent of threads.
    (The arrays are unpacked before the parallel loop, and its body is inlined code over
    arrays: see state.ParticleArrays, numba_config.)"""
    x, y, z, vx, vy, vz, sp = p.x, p.y, p.z, p.vx, p.vy, p.vz, p.sp
    nchunk = rngs.shape[0]
    removed = np.zeros(nchunk, dtype=np.int64)
    for c in prange(nchunk):
        removed[c] = _move_chunk(x, y, z, vx, vy, vz, sp, n * c // nchunk, n * (c + 1) // nchunk, key, todo, dt,
                                 mass, geo, walls, ends, planes, cross[c], bnd[c], wall_tally[c], sampling, rngs[c])
    return removed.sum()
