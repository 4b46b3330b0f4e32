"""Bird's no-time-counter collisions of hard-sphere, VHS and VSS molecules (molecules.py),
with sub-cell partner selection.

Collision cells are a z-cell times a transverse bin (section.py); each is split into
sub-cells along z and across, and a candidate's partner comes from its own sub-cell. In a
circular tube the flow is axisymmetric, so a molecule's partner may sit at another polar
angle: its transverse velocity is turned into the first molecule's azimuthal frame for the
collision and back after it (what an axisymmetric DSMC code does), which keeps energy and
z momentum exact.
"""
import math
from collections import namedtuple

import numpy as np
from numba import prange

from ..numba_config import at, helper, kernel
from .probes import COUNT, SV2, SVX, SVY, SVZ, face_row
from .rng import draw, load, store, uniform
from .scatter import react, scatter_hard_sphere, scatter_table, scatter_vss
from .walls import CIRCLE, SLIT, UNBOUNDED

# the pair physics: sigma_T g = C g^(2 - 2 omega) per pair, held as sig2[si, sj] = C^2 and
# expo[si, sj] = 2 - 2 omega ((sigma g)^2 = C^2 (g^2)^expo; hard spheres C = pi d^2, expo 1),
# the VSS exponent alpha[si, sj] (1: isotropic), variable (any pair not a hard sphere), masses,
# coeff = F_N dt / V_cell, and the partner rule (nearest: the nearest in 3D within the
# sub-cell; else random in the sub-cell); molecules from a potential: table[si, sj] the pair's
# deflection table in cos_chi[table] (-1: none) with its parameters tpar[table] (scatter_table),
# and a constant sigma_T (sig2 = sigma_T^2, expo 1)
Model = namedtuple("Model", ["sig2", "expo", "alpha", "variable", "mass", "coeff", "nearest", "table", "cos_chi",
                             "tpar"])
# reactions: of[si, sj] the reaction of a pair (-1: none), par[r] its steric factor,
# activation energy (J), heat released (J) and products; count[r, z-cell] sampled reactions;
# faces[chunk, bin + 1, species] the species each sampled reaction took (-1) and gave (+1) in
# the bins of the face tallies (probes.face_populations; width 1/inv_h)
Reactions = namedtuple("Reactions", ["of", "par", "count", "faces", "inv_h"])


@helper
def _periodic(d, w):
    """Minimum-image separation along a periodic direction of period w."""
    if d > 0.5 * w:
        return d - w
    if d < -0.5 * w:
        return d + w
    return d


@helper
def distance2(x, y, z, i, j, geo):
    """Squared distance of particles i and j in 3D (minimum image across a periodic section)."""
    dz = z[i] - z[j]
    dx = x[i] - x[j]
    dy = y[i] - y[j]
    if geo.kind != CIRCLE:
        dx = _periodic(dx, geo.width)
    if geo.kind == UNBOUNDED:
        dy = _periodic(dy, geo.height)
    return dx * dx + dy * dy + dz * dz


@helper
def separation(x, y, z, i, j, geo):
    """Distance of a colliding pair along the directions in which the gas may vary: z alone
    in an unbounded section, z and y (wall normal) in a slit, z and r in a circular tube.
    Separations along a uniform direction bias nothing; this is the MCS that matters."""
    dz = z[i] - z[j]
    if geo.kind == UNBOUNDED:
        return abs(dz)
    if geo.kind == SLIT:
        dy = y[i] - y[j]
        return math.sqrt(dz * dz + dy * dy)
    dr = math.sqrt(x[i] * x[i] + y[i] * y[i]) - math.sqrt(x[j] * x[j] + y[j] * y[j])
    return math.sqrt(dz * dz + dr * dr)


@helper
def azimuth_turn(x, y, i, j, inv_rr):
    """(cos, sin) of the polar angle from particle j to particle i, given 1 / (r_i r_j)
    (`inverse_radii`; 0: one is on the axis, and the angle is taken as 0)."""
    if inv_rr == 0.0:
        return 1.0, 0.0
    xi = x[i]
    yi = y[i]
    xj = x[j]
    yj = y[j]
    return (xi * xj + yi * yj) * inv_rr, (yi * xj - xi * yj) * inv_rr


@helper
def inverse_radii(x, y, a, b, inv_r):
    """inv_r[k] = 1 / r of the particle at place a + k (0 on the axis). One pass over the cell
    before its candidates: a square root and a division per particle, in a loop without
    dependences, instead of both in the chain of every candidate up to its acceptance."""
    for k in range(b - a):
        r2 = x[at(a + k)] ** 2 + y[at(a + k)] ** 2
        inv_r[at(k)] = 1.0 / math.sqrt(r2) if r2 > 0.0 else 0.0


@helper
def nearer_neighbour(i, a, b, x, y, z, tag, ti, geo):
    """The nearer (in 3D) of i's neighbours in memory within the collision cell a..b-1 that
    is not i's last partner (tag ti); -1 if neither qualifies. Particles are sorted by
    sub-cell, so neighbours in memory are near in space too."""
    lo = i - 1 if i > a and (ti == 0 or tag[at(i - 1)] != ti) else -1
    hi = i + 1 if i < b - 1 and (ti == 0 or tag[at(i + 1)] != ti) else -1
    if lo < 0 or hi < 0:
        return max(lo, hi)
    iu = at(i)
    return hi if distance2(x, y, z, iu, at(hi), geo) < distance2(x, y, z, iu, at(lo), geo) else lo


@helper
def _book_species_change(faces, inv_h, z, s_old, s_new):
    """A molecule at z turned from species s_old into s_new (-1: consumed)."""
    k = face_row(z, inv_h, faces.shape[0])
    faces[k, s_old] -= 1
    if s_new >= 0:
        faces[k, s_new] += 1


@kernel(refcounts=False)
def _collide_cells(c0, c1, p, start, place_sub, geo, model, sgmax, remainder, ncoll, sep, last_tag, rng, rx,
                   sampling, ch, prof, acc, inv_r):
    """NTC candidates and collisions in collision cells c0..c1-1 (one chunk), each followed by
    its profile sample if sampling (`_sample_cell`, while the cell's particles are in cache).
    The generator state, the majorant and the collision tag live in registers through the
    loop (compiled on its own, not inlined into the parallel kernel: see rng.draw). One call
    per chunk, compiled without reference counts: a call per cell paid an atomic increment and
    decrement of each of the 28 arrays it takes, about 230 ns a cell (docs/method.md, "Numba").
    inv_r: workspace of as many floats as the fullest cell (circular sections); acc: the
    profile sample's partial sums. place_sub[i]: the sub-cell of place i where sub-cells split
    across (`_mark_subcells`)."""
    total = 0
    nsub = geo.nsz * geo.nsa
    # the arrays as locals: read through the tuple inside the loop they cost 25% (Numba
    # reloads a tuple's fields after every store)
    x, y, z, vx, vy, vz, sp, tag = p.x, p.y, p.z, p.vx, p.vy, p.vz, p.sp, p.tag
    mass = model.mass
    variable = model.variable
    turn = geo.kind == CIRCLE
    nearest = model.nearest
    cs, sn = 1.0, 0.0
    t = last_tag[0]
    st = load(rng)
    for cc in range(c0, c1):
        a = start[cc * nsub]
        b = start[(cc + 1) * nsub]
        if model.coeff > 0.0 and b - a >= 2:
            if geo.nsa > 1:
                _mark_subcells(cc * nsub, nsub, start, place_sub)
            N = b - a
            smax = sgmax[cc]
            want = 0.5 * N * (N - 1) * model.coeff * smax + remainder[cc]
            ncand = int(want)
            remainder[cc] = want - ncand
            smax2 = smax * smax
            sub0 = cc * nsub  # the collision cell's first sub-cell
            zfirst = (cc // geo.nbins) * geo.nsz  # the first global z sub-cell of its z-cell
            if turn:
                inverse_radii(x, y, a, b, inv_r)
            for _ in range(ncand):
                u, st = draw(st)
                i = min(a + int(u * N), b - 1)
                iu = at(i)
                # i's partner: a random other particle of its sub-cell, or with `nearest` the one
                # nearest to it in 3D (in a section about a mean free path wide this stops partners
                # that just collided from meeting again, docs/method.md), else the nearer neighbour
                # in memory; never i's last partner (Bird's rule: partners that stay side by side
                # would collide again and again, and transport would come out too fast). Written out
                # here, not as an inlined helper: while this routine counted references, that helper
                # (a loop, three exits, six arrays) cost 40% of this loop in counts (docs/method.md,
                # "Numba").
                ti = tag[iu]
                if geo.nsa == 1:  # sub-cells along z only: the sub-cell follows from z, as in walls.subcell_key
                    k = at(sub0 + min(max(int(z[iu] * geo.inv_dsub) - zfirst, 0), geo.nsz - 1))
                else:
                    k = at(place_sub[iu])
                sa = start[k]
                sb = start[k + 1]
                j = -1
                if nearest:
                    if sb - sa >= 2:
                        bd = np.inf
                        for m in range(sa, sb):
                            if m != i and (ti == 0 or tag[at(m)] != ti):
                                d = distance2(x, y, z, iu, at(m), geo)
                                if d < bd:
                                    bd = d
                                    j = m
                elif sb - sa >= 2:
                    for _ in range(3):
                        u, st = draw(st)
                        m = sa + int(u * (sb - sa - 1))
                        m += m >= i
                        if ti == 0 or tag[at(m)] != ti:
                            j = m
                            break
                if j < 0:
                    j = nearer_neighbour(i, a, b, x, y, z, tag, ti, geo)
                    if j < 0:
                        continue
                ju = at(j)
                si = sp[iu]
                sj = sp[ju]
                if si < 0 or sj < 0:  # consumed by a reaction earlier in this step
                    continue
                vjx = vx[ju]
                vjy = vy[ju]
                if turn:
                    cs, sn = azimuth_turn(x, y, iu, ju, inv_r[at(i - a)] * inv_r[at(j - a)])
                    vjx, vjy = cs * vjx - sn * vjy, sn * vjx + cs * vjy
                gx = vx[iu] - vjx
                gy = vy[iu] - vjy
                gz = vz[iu] - vz[ju]
                g2 = gx * gx + gy * gy + gz * gz
                # compare squares: the square root is only needed for the ~30% of pairs accepted
                s2 = model.sig2[si, sj] * (g2 ** model.expo[si, sj] if variable else g2)
                if s2 > smax2:
                    smax2 = s2
                    smax = math.sqrt(s2)
                u, st = draw(st)
                u *= smax
                if u * u >= s2:
                    continue
                if turn:
                    vx[ju] = vjx
                    vy[ju] = vjy
                g = math.sqrt(g2)
                r = rx.of[si, sj]
                reacted = False
                if r >= 0:
                    store(rng, st)
                    # steric factor times the line-of-centres fraction 1 - E_a / E_t (hard spheres)
                    et = 0.5 * mass[si] * mass[sj] / (mass[si] + mass[sj]) * g * g
                    ea = rx.par[r, 1]
                    pr = rx.par[r, 0] * (1.0 - ea / et if et > ea else 0.0) if ea > 0.0 else rx.par[r, 0]
                    if uniform(rng) < pr:
                        p1 = int(rx.par[r, 3])
                        p2 = int(rx.par[r, 4])
                        m2 = mass[p2] if p2 >= 0 else 0.0
                        reacted = react(vx, vy, vz, sp, iu, ju, mass[si], mass[sj], g, p1, p2, mass[p1], m2,
                                        rx.par[r, 2], rng)
                        if reacted and sampling:
                            rx.count[r, cc // geo.nbins] += 1.0
                            _book_species_change(rx.faces[ch], rx.inv_h, z[iu], si, p1)
                            _book_species_change(rx.faces[ch], rx.inv_h, z[ju], sj, p2)
                    st = load(rng)
                if not reacted:
                    tb = model.table[si, sj]
                    if tb >= 0:
                        st = scatter_table(vx, vy, vz, iu, ju, mass[si], mass[sj], g, model.cos_chi[tb], model.tpar[tb],
                                           st)
                    elif variable and model.alpha[si, sj] != 1.0:
                        st = scatter_vss(vx, vy, vz, iu, ju, mass[si], mass[sj], g, model.alpha[si, sj], st)
                    else:
                        st = scatter_hard_sphere(vx, vy, vz, iu, ju, mass[si], mass[sj], g, st)
                if turn:  # back into j's own frame
                    wx = vx[ju]
                    wy = vy[ju]
                    vx[ju] = cs * wx + sn * wy
                    vy[ju] = -sn * wx + cs * wy
                t = t % 65535 + 1
                tag[iu] = t
                tag[ju] = t
                ncoll[min(si, sj), max(si, sj)] += 1
                sep[0] += separation(x, y, z, iu, ju, geo)
                sep[1] += 1.0
                total += 1
            sgmax[cc] = smax
        if sampling:
            _sample_cell(vx, vy, vz, sp, a, b, prof, cc, acc)
    store(rng, st)
    last_tag[0] = t
    return total


@helper
def _sample_cell(vx, vy, vz, sp, a, b, prof, cc, acc):
    """Add the cell's particles to its profile sums prof[species, cc, column]; two
    interleaved partial sums break the add-to-memory dependence chains."""
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
    for s in range(acc.shape[1]):
        for k in range(acc.shape[2]):
            prof[s, cc, k] += acc[0, s, k] + acc[1, s, k]


@helper
def _mark_subcells(first, nsub, start, place_sub):
    """place_sub[j] = the sub-cell of place j, for the places of sub-cells first .. first+nsub-1
    (one sequential write per particle, instead of a search per candidate)."""
    for k in range(first, first + nsub):
        for j in range(at(start[k]), at(start[k + 1])):
            place_sub[j] = k


@kernel(parallel=True)
def collide(p, start, place_sub, geo, model, sgmax, remainder, ncoll, sep, last_tag, rngs, prof, sampling, rx):
    """NTC collisions in every collision cell (Bird 1994, sec. 11.1), then, if sampling, the
    cell's profile sample (fused here because the cell's particles are then in cache).

    Candidates: (1/2) N (N-1) coeff (sigma g)_max + remainder; each is accepted with
    probability sigma_ij(g) g / (sigma g)_max (the majorant is raised when a pair exceeds it;
    for VHS, sigma g grows as g^(2 - 2 omega)) (coeff = F_N dt / V_cell; 0 turns collisions off).
    The collision cells are split into rngs.shape[0] fixed chunks, each with its own random
    stream rngs[c] and tallies: ncoll[c, si, sj] counts accepted collisions, sep[c, 0] sums
    the pairs' separations (`separation`) and sep[c, 1] counts them, last_tag[c] numbers
    the chunk's collisions (colliding pairs share a new tag). prof[species, collision cell,
    column] gathers the profile sums. place_sub is workspace of one int32 per place (the
    sort's key array, free once the particles are gathered). Returns the number of collisions."""
    ncc = sgmax.size
    nchunk = rngs.shape[0]
    nsub = geo.nsz * geo.nsa
    done = np.zeros(nchunk, dtype=np.int64)
    for ch in prange(nchunk):
        acc = np.zeros((2, prof.shape[0], prof.shape[2]))
        most = 0
        if geo.kind == CIRCLE:
            for cc in range(ncc * ch // nchunk, ncc * (ch + 1) // nchunk):
                most = max(most, start[(cc + 1) * nsub] - start[cc * nsub])
        inv_r = np.empty(most)
        done[ch] = _collide_cells(ncc * ch // nchunk, ncc * (ch + 1) // nchunk, p, start, place_sub, geo, model, sgmax,
                                  remainder, ncoll[ch], sep[ch], last_tag[ch:ch + 1], rngs[ch], rx, sampling, ch, prof,
                                  acc, inv_r)
    return done.sum()
