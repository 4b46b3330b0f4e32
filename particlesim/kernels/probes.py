"""Probes: plane-crossing tallies (called from the flight kernels at the moment of crossing)
and the column layout of the cell profile sums (filled by the collision kernel)."""
import math

from ..numba_config import helper, kernel

# columns of prof[species, cell, :]
COUNT, SVX, SVY, SVZ, SV2 = 0, 1, 2, 3, 4


@helper
def _bin(z, inv_h, nbins):
    k = int(z * inv_h)
    if k < 0:
        return 0
    if k >= nbins:
        return nbins - 1
    return k


@helper
def planes_at_or_below(z, planes, first, inv_h):
    """Number of probe planes at or below z. first[k] is the number of planes below bin
    k (bins of width 1/inv_h), so only the planes inside z's own bin are compared."""
    c = first[_bin(z, inv_h, first.size)]
    while c < planes.size and planes[c] <= z:
        c += 1
    return c


@helper
def tally_segment(za, zb, planes, first, inv_h, cross, s):
    """Count plane crossings of the segment za -> zb. A plane zp is crossed in +z when
    za < zp <= zb and in -z when zb < zp <= za (cross[plane, species, 0 or 1]).

    The rows of cross after the probe planes count the cell faces (the bins of the lookup are
    the cells), so that D can be measured on every face at once (analysis.measure.diffusion). They
    hold a difference array: a flight from cell ka to cell kb adds +1 at row ka + 1 and -1 at
    row kb + 1, whose running sum over rows is the net crossings of each cell's lower face in
    +z. Two increments without a branch: counting face by face in each direction cost a
    quarter of the step (mispredicted branches)."""
    ka = _bin(za, inv_h, first.size)
    kb = _bin(zb, inv_h, first.size)
    f0 = planes.size + 1
    cross[f0 + ka, s, 0] += 1
    cross[f0 + kb, s, 0] -= 1
    # nearly every flight touches only bins without a plane: two lookups settle it
    hi = max(ka, kb) + 1
    if hi < first.size and first[min(ka, kb)] == first[hi]:
        return
    ca = planes_at_or_below(za, planes, first, inv_h)
    cb = planes_at_or_below(zb, planes, first, inv_h)
    for k in range(ca, cb):
        cross[k, s, 0] += 1
    for k in range(cb, ca):
        cross[k, s, 1] += 1


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
