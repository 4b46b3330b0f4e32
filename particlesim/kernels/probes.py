"""Probes: plane-crossing tallies (called from the flight kernels at the moment of crossing),
the particle counts per cell from which the cell faces' net crossings follow, and the column
layout of the cell profile sums (filled by the collision kernel)."""
import math
from collections import namedtuple

import numpy as np

from ..numba_config import at, helper, kernel

# columns of prof[species, cell, :]
COUNT, SVX, SVY, SVZ, SV2 = 0, 1, 2, 3, 4


@helper
def cell_bin(z, inv_h, nbins):
    """The bin of z (width 1/inv_h), clamped to 0 .. nbins - 1."""
    k = int(z * inv_h)
    if k < 0:
        return 0
    if k >= nbins:
        return nbins - 1
    return k


# the probe planes as the flight kernels take them: their z (ascending), the bin width 1/inv_h
# (the cells; the last bin holds z = L) and two lookups of the nearest planes below and above a
# flight's end or start, which it must pass to cross one (nearly every flight crosses none):
# - by_key[sub-cell key]: for the flight kernel's hot loop, which computes the key of where each
#   flight lands for the sort anyway: the number j of planes below every point of that sub-cell,
#   so that ext[j] and ext[j + 1] (ext: the planes between -inf and +inf) are the nearest planes
#   at or below the flight's end and above it; -1 where a plane lies in the sub-cell or in one
#   next to it (`tally_flight`);
# - bounds[k] = (split, below, above, below', above') by the bin k of a flight's start, for the
#   event loop's and the inflow's segments, which have no key: (below, above) for starts under
#   split and (below', above') for the others. A bin that holds no plane has split = +inf; one
#   that holds one plane splits at it (a start under it has that plane above, a start on or over
#   it has it below); a bin with more than one gets (+inf, -inf) (`tally_segment`).
# (Few arrays: each one an outlined call such as move.fly_pending takes costs it about 50 ns.)
Planes = namedtuple("Planes", ["z", "inv_h", "bounds", "by_key", "ext"])


def plane_lookup(z, dz, cells, geo) -> Planes:
    """The probe planes at z (ascending, m) in a tube of `cells` cells of length dz, for the sub-cell
    keys of `geo` (section.Geometry)."""
    z = np.asarray(z, dtype=float)
    first = np.searchsorted(z, np.arange(cells + 1) * dz, side="left")  # planes below each cell

    def below(j):  # the plane under z[j] (-inf: none)
        return z[j - 1] if j > 0 else -np.inf

    def above(j):  # z[j] (+inf: past the last)
        return z[j] if j < z.size else np.inf

    bounds = np.empty((cells + 1, 5))
    bounds[:] = (np.inf, np.inf, -np.inf, np.inf, -np.inf)
    for k in range(cells):
        j, held = first[k], first[k + 1] - first[k]
        if held == 0:
            bounds[k, :3] = (np.inf, below(j), above(j))
        elif held == 1:
            bounds[k] = (z[j], below(j), z[j], z[j], above(j + 1))
    return Planes(z, 1.0 / dz, bounds, _planes_by_key(z, geo), np.concatenate([[-np.inf], z, [np.inf]]))


def _planes_by_key(z, geo) -> np.ndarray:
    """`Planes.by_key` for the keys of walls.subcell_key, ((z-cell * bins + bin) * nsz + z
    sub-cell) * nsa + across: the planes below each z sub-cell, -1 for the sub-cell of each
    plane and its two neighbours (a point and its key's sub-cell disagree by rounding only,
    ~1e-16 L). Two bytes a key, built without temporaries of that size (1e7 particles have
    about 1e6 keys)."""
    nz = geo.ncells * geo.nsz
    q = np.minimum((z * geo.inv_dsub).astype(np.int64), nz - 1)  # each plane's z sub-cell
    count = np.zeros(nz + 1, dtype=np.int16)
    np.add.at(count, np.minimum(q + 1, nz), 1)  # a plane is below every sub-cell past its own
    count = np.cumsum(count[:nz], dtype=np.int16)
    for k in (-1, 0, 1):
        count[np.clip(q + k, 0, nz - 1)] = -1
    by_z = count.reshape(geo.ncells, 1, geo.nsz, 1)
    return np.ascontiguousarray(np.broadcast_to(by_z, (geo.ncells, geo.nbins, geo.nsz, geo.nsa))).ravel()


@helper
def tally_flight(za, zb, kb, by_key, ext, planes, inv_h, bounds, cross, s):
    """`tally_segment` for a flight za -> zb that lands in sub-cell kb (its sort key): it crosses
    no plane when the nearest planes at or below and above its end, from `Planes.by_key`, enclose
    its start (a plane is crossed iff it lies in (za, zb] or (zb, za]); otherwise, and where the
    sub-cell holds a plane, it is counted by `tally_segment`. One load and two compares where the
    start bin's lookup took a multiplication, a conversion and three loads: the 1e5 flight 0.64 ->
    0.55 ms per step (docs/performance.md)."""
    j = by_key[kb]
    if j < 0 or not ext[at(j)] <= za < ext[at(j) + 1]:
        tally_segment(za, zb, planes, inv_h, bounds, cross, s)


@helper
def tally_segment(za, zb, planes, inv_h, bounds, cross, s):
    """Count plane crossings of the segment za -> zb. A plane zp is crossed in +z when
    za < zp <= zb and in -z when zb < zp <= za (cross[plane, species, 0 or 1]).

    Nearly every flight ends between the nearest planes below and above its start, which
    one lookup by the start's bin settles (`Planes`); only the others, and flights from a
    bin that holds more than one plane, are counted plane by plane. The cell faces are not
    counted here: their net crossings follow from the particle counts (`face_populations`)."""
    k = cell_bin(za, inv_h, bounds.shape[0])
    c = 1 if za < bounds[k, 0] else 3
    if bounds[k, c] <= zb < bounds[k, c + 1]:
        return
    ca = np.searchsorted(planes, za, side="right")  # planes at or below za
    cb = np.searchsorted(planes, zb, side="right")
    for k in range(ca, cb):
        cross[k, s, 0] += 1
    for k in range(cb, ca):
        cross[k, s, 1] += 1


@helper
def face_row(z, inv_h, rows):
    """The row of the face tallies (rows: the cells' bins + 1, row 0 the tube's end) that a
    molecule at z counts in: its bin + 1."""
    return cell_bin(z, inv_h, rows - 1) + 1


@kernel
def face_populations(n, z, sp, inv_h, out):
    """out[k + 1, s] = live particles of species s in bin k (the cells; the last bin holds
    z = L), the bins of `tally_segment`.

    The net crossings of the cells' lower faces come from these counts: a molecule that
    flies from bin ka to bin kb crosses the faces between them once each, net, so over any
    stretch of time the net count of face j in +z, per species, is the number that was below
    it at the start less the number below it at the end, plus those that entered through
    the left end less those that left through it (the end tallies), plus what reactions
    below it consumed less what they made (tallies.Tallies). The same integers that counting
    every flight gives (tests/test_probes.py), without two increments per flight."""
    out[:] = 0
    for i in range(n):
        s = sp[i]
        if s >= 0:
            out[face_row(z[i], inv_h, out.shape[0]), s] += 1


@kernel
def species_vz_sums(n, vz, sp, out):
    """out[s] = sum of v_z over the particles of species s (the species' z momentum / m_s),
    for the interdiffusion current of the Green-Kubo estimator."""
    out[:] = 0.0
    for i in range(n):
        if sp[i] >= 0:
            out[sp[i]] += vz[i]


@kernel
def species_counts(n, sp, out):
    """out[s] = number of live particles of species s (no temporaries: safe at 1e7 and more)."""
    out[:] = 0
    for i in range(n):
        if sp[i] >= 0:
            out[sp[i]] += 1


@kernel
def all_finite(p, n):
    """True if every live particle has a finite position and velocity (a runtime guard)."""
    for i in range(n):
        if p.sp[i] >= 0 and not (math.isfinite(p.x[i]) and math.isfinite(p.y[i]) and math.isfinite(p.z[i])
                                 and math.isfinite(p.vx[i]) and math.isfinite(p.vy[i]) and math.isfinite(p.vz[i])):
            return False
    return True
