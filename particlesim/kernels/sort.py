"""Counting sort of the particles by sub-cell, which also drops removed particles.

Sorting by sub-cell (not just cell) keeps each cell's particles contiguous and ordered
along z, so collision partners can be found among near neighbours in memory and space.
The sort is stable, so its result does not depend on how it is split among threads.
"""
from numba import prange

from ..numba_config import helper, kernel


@helper
def subcell(z, inv_dsub, nsub):
    """Index of the sub-cell holding z, clamped to [0, nsub)."""
    k = int(z * inv_dsub)
    if k >= nsub:
        return nsub - 1
    if k < 0:
        return 0
    return k


@kernel(parallel=True)
def sort_by_subcell(n, z, vx, vy, vz, sp, tag, z2, vx2, vy2, vz2, sp2, tag2, start, counts, inv_dsub):
    """Write the live particles, in sub-cell order, into the *2 arrays.

    start[k] .. start[k+1] is then the range of sub-cell k. Returns the live count.
    counts is workspace of shape (chunks, sub-cells): each chunk of particles histograms
    its own, the offsets are laid out chunk after chunk, and the chunks scatter in parallel.
    The sub-cell index is computed twice rather than stored (4 bytes per particle less)."""
    nsub = start.size - 1
    nchunk = counts.shape[0]
    for c in prange(nchunk):
        row = counts[c]
        row[:] = 0
        for i in range(n * c // nchunk, n * (c + 1) // nchunk):
            if sp[i] >= 0:
                row[subcell(z[i], inv_dsub, nsub)] += 1
    pos = 0
    for k in range(nsub):
        start[k] = pos
        for c in range(nchunk):
            m = counts[c, k]
            counts[c, k] = pos
            pos += m
    start[nsub] = pos
    for c in prange(nchunk):
        row = counts[c]
        for i in range(n * c // nchunk, n * (c + 1) // nchunk):
            if sp[i] < 0:
                continue
            k = subcell(z[i], inv_dsub, nsub)
            j = row[k]
            row[k] = j + 1
            z2[j] = z[i]
            vx2[j] = vx[i]
            vy2[j] = vy[i]
            vz2[j] = vz[i]
            sp2[j] = sp[i]
            tag2[j] = tag[i]
    return pos
