"""The side wall: where a flight meets it, and how the wall sends a molecule back.

Per-particle helpers for the flight, inflow and sort kernels, on the `section.Geometry`
tuple. The wall model is Maxwell's: a fraction `accommodation` of the molecules that hit
the wall are re-emitted diffusely (full accommodation to the local wall temperature), the
rest reflect specularly; 1 is the diffuse wall, 0 the specular one. The wall temperature
varies linearly along z from `T_left` at z = 0 to `T_right` at z = L.
"""
import math
from collections import namedtuple

import numpy as np

from ..constants import K_B
from ..numba_config import helper
from .rng import normal, uniform, uniform_pos

UNBOUNDED, CIRCLE, SLIT = 0, 1, 2  # section.SHAPES
INF = np.inf

Walls = namedtuple("Walls", ["accommodation", "T_left", "T_right"])
# columns of the wall tally walls[species, :]: hits, z momentum and energy given to the wall
HITS, W_MOMENTUM, W_ENERGY = 0, 1, 2


@helper
def inside(x, y, geo):
    """Is (x, y) inside the section (walls only; the periodic directions always are)?"""
    if geo.kind == CIRCLE:
        return x * x + y * y <= geo.radius * geo.radius
    if geo.kind == SLIT:
        return 0.0 <= y <= geo.height
    return True


@helper
def wrap(x, y, geo):
    """Bring the periodic coordinates back into [0, W): x for unbounded and slit, y too for
    unbounded. A flight crosses the period at most a few times, so subtraction is exact."""
    if geo.kind == CIRCLE:
        return x, y
    while x >= geo.width:
        x -= geo.width
    while x < 0.0:
        x += geo.width
    if geo.kind == UNBOUNDED:
        while y >= geo.height:
            y -= geo.height
        while y < 0.0:
            y += geo.height
    return x, y


@helper
def time_to_wall(x, y, vx, vy, geo):
    """Flight time until (x, y) + t (vx, vy) leaves the section (inf: never). A particle
    on or a rounding error beyond the wall and moving out hits it at once (t = 0)."""
    if geo.kind == CIRCLE:
        a = vx * vx + vy * vy
        if a == 0.0:
            return INF
        b = x * vx + y * vy
        c = x * x + y * y - geo.radius * geo.radius
        disc = b * b - a * c
        if disc < 0.0:  # outside by rounding and moving past: put it on the wall now
            return 0.0
        # the larger root of a t^2 + 2 b t + c = 0, in the form without cancellation
        if b < 0.0:
            return (-b + math.sqrt(disc)) / a
        t = -c / (b + math.sqrt(disc)) if b + math.sqrt(disc) > 0.0 else 0.0
        return t if t > 0.0 else 0.0
    if geo.kind == SLIT:
        if vy > 0.0:
            t = (geo.height - y) / vy
        elif vy < 0.0:
            t = -y / vy
        else:
            return INF
        return t if t > 0.0 else 0.0
    return INF


@helper
def wall_normal(x, y, geo):
    """Unit normal into the gas at the wall point nearest (x, y): (nx, ny)."""
    if geo.kind == CIRCLE:
        r = math.sqrt(x * x + y * y)
        if r == 0.0:
            return 1.0, 0.0
        return -x / r, -y / r
    return 0.0, (1.0 if y < 0.5 * geo.height else -1.0)


@helper
def reflect(x, y, z, vx, vy, vz, m, geo, walls, rng):
    """The velocity with which the wall at (x, y, z) sends back a molecule of mass m.
    Diffuse (probability `accommodation`): the normal speed from the flux-weighted
    Maxwellian at the local wall temperature, sqrt(-2 kT ln U / m), the two tangential
    components Gaussian (Bird 1994, sec. 12.2); otherwise specular."""
    nx, ny = wall_normal(x, y, geo)
    a = walls.accommodation
    if a >= 1.0 or (a > 0.0 and uniform(rng) < a):
        T = walls.T_left + (walls.T_right - walls.T_left) * z / geo.length
        s = math.sqrt(K_B * T / m)
        vn = s * math.sqrt(-2.0 * math.log(uniform_pos(rng)))
        vt = s * normal(rng)  # along the wall, across z: t = (-ny, nx)
        vz = s * normal(rng)
        return vn * nx - vt * ny, vn * ny + vt * nx, vz
    vdotn = vx * nx + vy * ny
    return vx - 2.0 * vdotn * nx, vy - 2.0 * vdotn * ny, vz


@helper
def tally_wall(tally, s, m, vx0, vy0, vz0, vx1, vy1, vz1):
    """Book one wall hit: the z momentum and kinetic energy the molecule gave the wall."""
    tally[s, HITS] += 1.0
    tally[s, W_MOMENTUM] += m * (vz0 - vz1)
    tally[s, W_ENERGY] += 0.5 * m * (vx0 * vx0 + vy0 * vy0 + vz0 * vz0 - vx1 * vx1 - vy1 * vy1 - vz1 * vz1)


@helper
def _clamp(k, n):
    if k < 0:
        return 0
    if k >= n:
        return n - 1
    return k


@helper
def transverse_bin(x, y, geo):
    """Ring (equal areas: the index is the fraction of R^2) or band of (x, y); 0 for unbounded."""
    if geo.kind == CIRCLE:
        return _clamp(int((x * x + y * y) * geo.inv_r2 * geo.nbins), geo.nbins)
    if geo.kind == SLIT:
        return _clamp(int(y * geo.inv_height * geo.nbins), geo.nbins)
    return 0


@helper
def _sector(x, y, n):
    """Angular sector (of n in 1, 2, 4, 8) of (x, y), without trigonometry: the diamond
    angle d in [0, 4) is monotonic in the polar angle and exact at multiples of 45 degrees."""
    if n == 1:
        return 0
    s = abs(x) + abs(y)
    if s == 0.0:
        return 0
    if y >= 0.0:
        d = y / s if x >= 0.0 else 1.0 - x / s
    else:
        d = 2.0 - y / s if x < 0.0 else 3.0 + x / s
    return _clamp(int(d * 0.25 * n), n)


@helper
def z_subcell(z, geo):
    """(z-cell, sub-cell along z within it) of z. The sub-cell comes from the global index
    int(z / dz_sub) as in collide._collide_cells, so the two always agree."""
    c = _clamp(int(z * geo.inv_dz), geo.ncells)
    return c, _clamp(int(z * geo.inv_dsub) - c * geo.nsz, geo.nsz)


@helper
def subcell_key(x, y, z, geo):
    """Global sub-cell index: ((z-cell * bins + bin) * nsz + z sub-cell) * nsa + across."""
    if geo.nbins == 1 and geo.nsa == 1:  # sub-cells along z only: the global z sub-cell
        return _clamp(int(z * geo.inv_dsub), geo.ncells * geo.nsz)
    c, sz = z_subcell(z, geo)
    b = transverse_bin(x, y, geo)
    if geo.nsa == 1:
        sa = 0
    elif geo.kind == CIRCLE:
        sa = _sector(x, y, geo.nsa)
    elif geo.kind == SLIT:
        sa = _clamp(int(x * geo.inv_width * geo.nsa), geo.nsa)
    else:
        sa = (_clamp(int(x * geo.inv_width * geo.nt), geo.nt) * geo.nt
              + _clamp(int(y * geo.inv_height * geo.nt), geo.nt))
    return ((c * geo.nbins + b) * geo.nsz + sz) * geo.nsa + sa


@helper
def entry_point(geo, rng):
    """A point uniform over the section (where a molecule from a reservoir enters)."""
    if geo.kind == CIRCLE:
        r = geo.radius * math.sqrt(uniform(rng))
        phi = 2.0 * math.pi * uniform(rng)
        return r * math.cos(phi), r * math.sin(phi)
    return geo.width * uniform(rng), geo.height * uniform(rng)
