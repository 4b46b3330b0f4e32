"""Bird's no-time-counter collisions of hard spheres, with sub-cell partner selection."""
import math

import numpy as np
from numba import prange

from ..numba_config import at, helper, kernel
from .probes import COUNT, SV2, SVX, SVY, SVZ
from .rng import draw, load, store, uniform
from .sort import subcell


@helper
def random_direction(st):
    """Uniform unit vector by Marsaglia's method (Ann. Math. Stat. 43, 645, 1972): no trig.
    st: generator state (rng.draw); returns (ux, uy, uz, next state)."""
    while True:
        ua, st = draw(st)
        ub, st = draw(st)
        a = 2.0 * ua - 1.0
        b = 2.0 * ub - 1.0
        r2 = a * a + b * b
        if r2 < 1.0:
            break
    f = 2.0 * math.sqrt(1.0 - r2)
    return a * f, b * f, 1.0 - 2.0 * r2, st


@helper
def scatter_hard_sphere(vx, vy, vz, i, j, mi, mj, g, st):
    """Isotropic scattering in the centre-of-mass frame (Bird 1994, eqs. 2.22 and 11.12):
    keep the centre-of-mass velocity and |g|, draw a new direction of g uniformly.
    i, j: unsigned indices (numba_config.at); st: generator state, returned advanced."""
    mt = mi + mj
    cx = (mi * vx[i] + mj * vx[j]) / mt
    cy = (mi * vy[i] + mj * vy[j]) / mt
    cz = (mi * vz[i] + mj * vz[j]) / mt
    ux, uy, uz, st = random_direction(st)
    gx = g * ux
    gy = g * uy
    gz = g * uz
    fi = mj / mt
    fj = mi / mt
    vx[i] = cx + fi * gx
    vy[i] = cy + fi * gy
    vz[i] = cz + fi * gz
    vx[j] = cx - fj * gx
    vy[j] = cy - fj * gy
    vz[j] = cz - fj * gz
    return st


@helper
def react(vx, vy, vz, sp, i, j, mi, mj, g, p1, p2, m1, m2, q, rng):
    """Turn the colliding pair (i, j) into products p1 (at i) and p2 (at j; -1: a single
    product) conserving mass and momentum; the relative kinetic energy gains the heat
    released q (J per reaction). Returns False (nothing changed) if that energy would be
    negative. A single product keeps the centre-of-mass velocity; the pair's relative kinetic
    energy then leaves the translational modes (book it with the reaction counts)."""
    mt = mi + mj
    cx = (mi * vx[i] + mj * vx[j]) / mt
    cy = (mi * vy[i] + mj * vy[j]) / mt
    cz = (mi * vz[i] + mj * vz[j]) / mt
    if p2 < 0:
        vx[i] = cx
        vy[i] = cy
        vz[i] = cz
        sp[i] = p1
        sp[j] = -1
        return True
    e = 0.5 * (mi * mj / mt) * g * g + q
    if e <= 0.0:
        return False
    mu2 = m1 * m2 / mt
    g2 = math.sqrt(2.0 * e / mu2)
    ux, uy, uz, st = random_direction(load(rng))
    store(rng, st)
    gx = g2 * ux
    gy = g2 * uy
    gz = g2 * uz
    vx[i] = cx + (m2 / mt) * gx
    vy[i] = cy + (m2 / mt) * gy
    vz[i] = cz + (m2 / mt) * gz
    vx[j] = cx - (m1 / mt) * gx
    vy[j] = cy - (m1 / mt) * gy
    vz[j] = cz - (m1 / mt) * gz
    sp[i] = p1
    sp[j] = p2
    return True


@helper
def pick_partner(i, a, b, z, tag, start, inv_dsub, st):
    """A random other particle of i's sub-cell, or, when there is none, the nearest
    neighbour along z within the cell (particles are sorted by sub-cell, and z has not
    changed since, so the sort's own index finds i's sub-cell). Never i's partner in its
    last collision (Bird's rule against repeated collisions of one pair; without it,
    partners that stay side by side in z collide again and again, and transport comes out
    too fast). Returns (j, next generator state); j = -1 when no one qualifies."""
    ti = tag[at(i)]
    k = at(subcell(z[at(i)], inv_dsub, start.size - 1))
    sa = start[k]
    sb = start[k + 1]
    if sb - sa >= 2:
        for _ in range(3):
            u, st = draw(st)
            j = sa + int(u * (sb - sa - 1))
            j += j >= i
            if ti == 0 or tag[at(j)] != ti:
                return j, st
    lo = i - 1 if i > a and (ti == 0 or tag[at(i - 1)] != ti) else -1
    hi = i + 1 if i < b - 1 and (ti == 0 or tag[at(i + 1)] != ti) else -1
    if lo < 0:
        return hi, st
    if hi < 0:
        return lo, st
    return (hi if z[at(hi)] - z[at(i)] < z[at(i)] - z[at(lo)] else lo), st


@kernel
def _collide_cell(c, a, b, z, vx, vy, vz, sp, tag, start, inv_dsub, sig2, mass, coeff,
                  sgmax, remainder, ncoll, sep, last_tag, rng, rx_of, rx_par, rx_cell, sampling):
    """NTC candidates and collisions in cell c, whose particles are a..b-1. The generator
    state, the majorant and the collision tag live in registers through the loop (compiled
    on its own, not inlined into the parallel kernel: see rng.draw)."""
    total = 0
    N = b - a
    smax = sgmax[c]
    x = 0.5 * N * (N - 1) * coeff * smax + remainder[c]
    ncand = int(x)
    remainder[c] = x - ncand
    smax2 = smax * smax
    t = last_tag[0]
    st = load(rng)
    for _ in range(ncand):
        u, st = draw(st)
        i = min(a + int(u * N), b - 1)
        j, st = pick_partner(i, a, b, z, tag, start, inv_dsub, st)
        if j < 0:
            continue
        iu = at(i)
        ju = at(j)
        si = sp[iu]
        sj = sp[ju]
        if si < 0 or sj < 0:  # consumed by a reaction earlier in this step
            continue
        gx = vx[iu] - vx[ju]
        gy = vy[iu] - vy[ju]
        gz = vz[iu] - vz[ju]
        g2 = gx * gx + gy * gy + gz * gz
        # compare squares: the square root is only needed for the ~30% of pairs accepted
        s2 = sig2[si, sj] * g2
        if s2 > smax2:
            smax2 = s2
            smax = math.sqrt(s2)
        u, st = draw(st)
        u *= smax
        if u * u >= s2:
            continue
        g = math.sqrt(g2)
        r = rx_of[si, sj]
        reacted = False
        if r >= 0:
            store(rng, st)
            # steric factor times the line-of-centres fraction 1 - E_a / E_t (hard spheres)
            et = 0.5 * mass[si] * mass[sj] / (mass[si] + mass[sj]) * g * g
            ea = rx_par[r, 1]
            pr = rx_par[r, 0] * (1.0 - ea / et if et > ea else 0.0) if ea > 0.0 else rx_par[r, 0]
            if uniform(rng) < pr:
                p1 = int(rx_par[r, 3])
                p2 = int(rx_par[r, 4])
                m2 = mass[p2] if p2 >= 0 else 0.0
                reacted = react(vx, vy, vz, sp, iu, ju, mass[si], mass[sj], g, p1, p2, mass[p1], m2,
                                rx_par[r, 2], rng)
                if reacted and sampling:
                    rx_cell[r, c] += 1.0
            st = load(rng)
        if not reacted:
            st = scatter_hard_sphere(vx, vy, vz, iu, ju, mass[si], mass[sj], g, st)
        t = t % 65535 + 1
        tag[iu] = t
        tag[ju] = t
        ncoll[min(si, sj), max(si, sj)] += 1
        sep[0] += abs(z[iu] - z[ju])
        sep[1] += 1.0
        total += 1
    store(rng, st)
    sgmax[c] = smax
    last_tag[0] = t
    return total


@kernel(parallel=True)
def collide(z, vx, vy, vz, sp, tag, start, nsub_cell, inv_dsub, sigma, mass, coeff,
            sgmax, remainder, ncoll, sep, last_tag, rngs, prof, sampling, rx_of, rx_par, rx_cell):
    """NTC collisions in every cell (Bird 1994, sec. 11.1), then, if sampling, the cell's
    profile sample (fused here because the cell's particles are then in cache).

    coeff = F_N dt / V_cell (0 turns collisions off). Candidates: (1/2) N (N-1) coeff
    (sigma g)_max + remainder; each is accepted with probability sigma_ij g / (sigma g)_max.
    The cells are split into rngs.shape[0] fixed chunks, each with its own random stream
    rngs[c] and tallies: ncoll[c, si, sj] counts accepted collisions, sep[c, 0] sums
    |z_i - z_j| of accepted pairs (mean collision separation) and sep[c, 1] counts them,
    last_tag[c] numbers the chunk's collisions (colliding pairs share a new tag).
    Reactions: rx_of[si, sj] is the reaction of the pair (-1: none), rx_par[r] its steric
    factor, activation energy (J), heat released (J) and products (species or -1);
    rx_cell[r, c] counts sampled reactions. Returns the number of collisions."""
    ncells = sgmax.size
    nchunk = rngs.shape[0]
    nsp = sigma.shape[0]
    sig2 = sigma * sigma
    done = np.zeros(nchunk, dtype=np.int64)
    for ch in prange(nchunk):
        rng = rngs[ch]
        acc = np.zeros((2, nsp, prof.shape[2]))
        for c in range(ncells * ch // nchunk, ncells * (ch + 1) // nchunk):
            sub_lo = c * nsub_cell
            a = start[sub_lo]
            b = start[sub_lo + nsub_cell]
            if coeff > 0.0 and b - a >= 2:
                done[ch] += _collide_cell(c, a, b, z, vx, vy, vz, sp, tag, start, inv_dsub,
                                          sig2, mass, coeff, sgmax, remainder, ncoll[ch], sep[ch],
                                          last_tag[ch:ch + 1], rng, rx_of, rx_par, rx_cell, sampling)
            if sampling:
                # two interleaved partial sums break the add-to-memory dependence chains
                acc[:] = 0.0
                for i in range(at(a), at(b)):
                    s = sp[i]
                    if s < 0:
                        continue
                    q = acc[i & at(1), s]
                    x = vx[i]
                    y = vy[i]
                    w = vz[i]
                    q[COUNT] += 1.0
                    q[SVX] += x
                    q[SVY] += y
                    q[SVZ] += w
                    q[SV2] += x * x + y * y + w * w
                for s in range(nsp):
                    for k in range(acc.shape[2]):
                        prof[s, c, k] += acc[0, s, k] + acc[1, s, k]
    return done.sum()
