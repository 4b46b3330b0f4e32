"""Counting sort of the particles by sub-cell, which also drops removed particles.

Sorting by sub-cell (not just cell) keeps each cell's particles contiguous and ordered
along z, so collision partners can be found among near neighbours in memory and space.
"""
from ..numba_config import helper, kernel


@helper
def _subcell(z, inv_dsub, nsub):
    k = int(z * inv_dsub)
    if k >= nsub:
        return nsub - 1
    if k < 0:
        return 0
    return k


@kernel
def sort_by_subcell(n, z, vx, vy, vz, sp, tag, z2, vx2, vy2, vz2, sp2, tag2, start, inv_dsub):
    """Write the live particles, in sub-cell order, into the *2 arrays.

    start[k] .. start[k+1] is then the range of sub-cell k. Returns the live count.
    The sub-cell index is computed twice rather than stored: that saves 4 bytes per
    particle and a pass of memory traffic for one multiply."""
    nsub = start.size - 1
    start[:] = 0
    for i in range(n):
        if sp[i] >= 0:
            start[_subcell(z[i], inv_dsub, nsub) + 1] += 1
    for k in range(nsub):
        start[k + 1] += start[k]
    # scatter, using start[k] as the fill pointer, then shift back
    for i in range(n):
        if sp[i] < 0:
            continue
        k = _subcell(z[i], inv_dsub, nsub)
        j = start[k]
        start[k] = j + 1
        z2[j] = z[i]
        vx2[j] = vx[i]
        vy2[j] = vy[i]
        vz2[j] = vz[i]
        sp2[j] = sp[i]
        tag2[j] = tag[i]
    for k in range(nsub, 0, -1):
        start[k] = start[k - 1]
    start[0] = 0
    return start[nsub]
