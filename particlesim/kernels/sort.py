"""Counting sort of the particles by sub-cell, which also drops removed particles.

Sub-cells (walls.subcell_key, which the flight kernels store per particle) are numbered z-cell by z-cell, transverse bin by bin, then
along z and across, so each collision cell's particles are contiguous and each sub-cell's
particles are near each other in space and in memory. The sort is stable, so its result
does not depend on how it is split among threads.

It runs in two kernels: `order_by_subcell` computes the permutation, `gather` applies it
field by field. Gathering (sequential writes, reads within a cell's reach) is several
times faster than scattering all fields at once, and needs one spare array, not a
second copy of every field.
"""
from numba import prange

from ..numba_config import CHUNKS, at, helper, kernel, prefetch
from .walls import subcell_key

# How far ahead the gather asks for the lines of the field it reads (and `_place` for those of
# `order`): the sources of the places near j lie within about two thousand places of j either
# way (the molecules of the few cells they came from, in sub-cell order) and are read in
# scattered order, which the hardware prefetcher does not follow; asking for the line PREFETCH
# places ahead, once per line, brings each in before its first use (1e6 particles: the
# gather 2-3 times faster; docs/method.md, "Numba").
PREFETCH = 4096


@kernel
def compute_keys(p, n, key, geo):
    """key[i] = the sub-cell of particle i (-1: removed), where no flight has set it (start-up)."""
    for i in range(n):
        key[i] = subcell_key(p.x[i], p.y[i], p.z[i], geo) if p.sp[i] >= 0 else -1


@helper
def _histogram(lo, hi, key, row):
    row[:] = 0
    for i in range(at(lo), at(hi)):
        k = key[i]
        if k >= 0:
            row[at(k)] += 1


@helper
def _ask_ahead(array, i):
    """At the first place of each cache line of `array` (8 floats, 16 int32, 32 tags, 64
    species), ask for the line PREFETCH places ahead. A mask on the unsigned index: written
    `i % (64 // itemsize)` it doubled the 1e6 gather."""
    if i & at(64 // array.itemsize - 1) == 0:
        prefetch(array, i + PREFETCH)


@helper
def _place(lo, hi, key, order, row):
    for i in range(at(lo), at(hi)):
        _ask_ahead(order, i)  # the places written lie near i in scattered order, as the gather's sources do
        k = key[i]
        if k >= 0:
            order[at(row[at(k)])] = i
            row[at(k)] += 1


# Numba fuses adjacent prange loops of equal range even when the second writes an array the
# first reads at other indices (a write-after-read race: with the x, y, z chain it corrupted
# about 4% of the gathered values per step). These kernels must run their loops in order.
UNFUSED = {"fusion": False}


@kernel(parallel=UNFUSED)
def order_by_subcell(n, key, order, start, counts):
    """Stable counting sort of the live particles [0, n) by sub-cell: order[j] is the
    particle that goes to place j, and start[k] .. start[k+1] the places of sub-cell k.
    Returns the live count. key[i]: particle i's sub-cell (-1: removed), which the flight
    and inflow kernels wrote (walls.subcell_key) while the positions were at hand.

    counts is workspace of shape (chunks, sub-cells): each chunk of particles histograms
    its own, the offsets are laid out chunk after chunk, and the chunks fill `order` in
    parallel."""
    nsub = start.size - 1
    nchunk = counts.shape[0]
    for c in prange(nchunk):
        _histogram(n * c // nchunk, n * (c + 1) // nchunk, key, counts[c])
    pos = 0
    for k in range(nsub):
        start[k] = pos
        for c in range(nchunk):
            m = counts[c, k]
            counts[c, k] = pos
            pos += m
    start[nsub] = pos
    for c in prange(nchunk):
        _place(n * c // nchunk, n * (c + 1) // nchunk, key, order, counts[c])
    return pos


@helper
def _gather(lo, hi, order, src, dst):
    for j in range(at(lo), at(hi)):
        _ask_ahead(src, j)
        dst[j] = src[at(order[j])]


@kernel(parallel=UNFUSED)
def gather(m, order, x, y, z, vx, vy, vz, f_spare, sp, sp_spare, tag, tag_spare):
    """Apply the permutation to the first m places. Each float field is gathered into the
    array freed by the one before (x into f_spare, y into x, z into y, vx into z, vy into
    vx, vz into vy: `Particles.rotate` renames them), the integer fields into their spares.
    Fixed chunks of places with unsigned indices: twice as fast as a plain prange over m.
    (The fields come one by one, not as the particle tuple: see state.ParticleArrays.)"""
    for c in prange(CHUNKS):
        lo = m * c // CHUNKS
        hi = m * (c + 1) // CHUNKS
        _gather(lo, hi, order, x, f_spare)
        _gather(lo, hi, order, sp, sp_spare)
        _gather(lo, hi, order, tag, tag_spare)
    for c in prange(CHUNKS):
        _gather(m * c // CHUNKS, m * (c + 1) // CHUNKS, order, y, x)
    for c in prange(CHUNKS):
        _gather(m * c // CHUNKS, m * (c + 1) // CHUNKS, order, z, y)
    for c in prange(CHUNKS):
        _gather(m * c // CHUNKS, m * (c + 1) // CHUNKS, order, vx, z)
    for c in prange(CHUNKS):
        _gather(m * c // CHUNKS, m * (c + 1) // CHUNKS, order, vy, vx)
    for c in prange(CHUNKS):
        _gather(m * c // CHUNKS, m * (c + 1) // CHUNKS, order, vz, vy)
