"""Counting sort of the particles by sub-cell, which also drops removed particles.

Sorting by sub-cell (not just cell) keeps each cell's particles contiguous and ordered
along z, so collision partners can be found among near neighbours in memory and space.
The sort is stable, so its result does not depend on how it is split among threads.

It runs in two kernels: `order_by_subcell` computes the permutation, `gather` applies it
field by field. Gathering (sequential writes, reads within a cell's reach) is several
times faster than scattering all fields at once, and needs one spare array, not a
second copy of every field.
"""
from numba import prange

from ..numba_config import CHUNKS, at, helper, kernel


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
def order_by_subcell(n, z, sp, key, order, start, counts, inv_dsub):
    """Stable counting sort of the live particles [0, n) by sub-cell: order[j] is the
    particle that goes to place j, and start[k] .. start[k+1] the places of sub-cell k.
    Returns the live count. key is workspace: each particle's sub-cell (-1: removed).

    counts is workspace of shape (chunks, sub-cells): each chunk of particles histograms
    its own, the offsets are laid out chunk after chunk, and the chunks fill `order` in
    parallel."""
    nsub = start.size - 1
    nchunk = counts.shape[0]
    for c in prange(nchunk):
        row = counts[c]
        row[:] = 0
        for i in range(at(n * c // nchunk), at(n * (c + 1) // nchunk)):
            k = subcell(z[i], inv_dsub, nsub) if sp[i] >= 0 else -1
            key[i] = k
            if k >= 0:
                row[at(k)] += 1
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
        for i in range(at(n * c // nchunk), at(n * (c + 1) // nchunk)):
            k = key[i]
            if k >= 0:
                order[at(row[at(k)])] = i
                row[at(k)] += 1
    return pos


@helper
def _gather(lo, hi, order, src, dst):
    for j in range(at(lo), at(hi)):
        dst[j] = src[at(order[j])]


@kernel(parallel=True)
def gather(m, order, z, vx, vy, vz, f_spare, sp, sp_spare, tag, tag_spare):
    """Apply the permutation to the first m places. Each float field is gathered into the
    array freed by the one before (z into f_spare, vx into z, vy into vx, vz into vy:
    `Particles.rotate` renames them), the integer fields into their spares. Fixed chunks
    of places with unsigned indices: twice as fast as a plain prange over m."""
    for c in prange(CHUNKS):
        lo = m * c // CHUNKS
        hi = m * (c + 1) // CHUNKS
        _gather(lo, hi, order, z, f_spare)
        _gather(lo, hi, order, sp, sp_spare)
        _gather(lo, hi, order, tag, tag_spare)
    for c in prange(CHUNKS):
        _gather(m * c // CHUNKS, m * (c + 1) // CHUNKS, order, vx, z)
    for c in prange(CHUNKS):
        _gather(m * c // CHUNKS, m * (c + 1) // CHUNKS, order, vy, vx)
    for c in prange(CHUNKS):
        _gather(m * c // CHUNKS, m * (c + 1) // CHUNKS, order, vz, vy)
