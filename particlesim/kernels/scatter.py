"""What a collision does to a pair: the post-collision velocities of hard spheres (isotropic),
VSS molecules (Koura and Matsumoto's deflection law; VHS is alpha = 1), molecules from a
potential (a tabulated deflection angle) and a reacting pair,
each conserving momentum and energy exactly (Bird 1994, secs. 2.4, 2.6 and 11.1). Inline
helpers of the collision kernel (collide.py)."""
import math

from ..numba_config import helper
from .rng import draw, load, store


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
def scatter_vss(vx, vy, vz, i, j, mi, mj, g, alpha, st):
    """VSS scattering (Bird 1994, sec. 2.6 and eq. 2.22): deflection cos(chi) = 2 u^(1/alpha) - 1
    from the pre-collision relative velocity, uniform azimuth eps; keeps the centre-of-mass
    velocity and |g|. i, j: unsigned indices; st: generator state, returned advanced."""
    u, st = draw(st)
    return deflect(vx, vy, vz, i, j, mi, mj, g, 2.0 * u ** (1.0 / alpha) - 1.0, st)


@helper
def scatter_table(vx, vy, vz, i, j, mi, mj, g, cos_chi, par, st):
    """Scattering by a pair's deflection table (potentials/table.py; Sharipov and Strapasson 2012):
    R = (b / b_M)^2 uniform, cos chi bilinear in (ln E*, R) at E* = par[2] g^2, par = (ln E*_0,
    1 / d ln E*, E* per g^2, last energy row); then as VSS with that chi and a uniform azimuth."""
    u, st = draw(st)
    x = (math.log(par[2] * g * g) - par[0]) * par[1]
    x = min(max(x, 0.0), par[3] - 1e-9)
    k = int(x)
    fe = x - k
    y = u * (cos_chi.shape[1] - 1)
    r = min(int(y), cos_chi.shape[1] - 2)
    fr = y - r
    c0 = cos_chi[k, r] + fr * (cos_chi[k, r + 1] - cos_chi[k, r])
    c1 = cos_chi[k + 1, r] + fr * (cos_chi[k + 1, r + 1] - cos_chi[k + 1, r])
    return deflect(vx, vy, vz, i, j, mi, mj, g, c0 + fe * (c1 - c0), st)


@helper
def deflect(vx, vy, vz, i, j, mi, mj, g, cosx, st):
    """Turn the pair's relative velocity by the deflection chi (given as cos chi) about a uniform
    azimuth eps (Bird 1994, eq. 2.22), keeping the centre-of-mass velocity and |g|."""
    mt = mi + mj
    gx = vx[i] - vx[j]
    gy = vy[i] - vy[j]
    gz = vz[i] - vz[j]
    cx = (mi * vx[i] + mj * vx[j]) / mt
    cy = (mi * vy[i] + mj * vy[j]) / mt
    cz = (mi * vz[i] + mj * vz[j]) / mt
    sinx = math.sqrt(max(0.0, 1.0 - cosx * cosx))
    u, st = draw(st)
    eps = 2.0 * math.pi * u
    ce = math.cos(eps)
    se = math.sin(eps)
    gyz = math.sqrt(gy * gy + gz * gz)
    if gyz > 1e-10 * g:
        hx = cosx * gx + sinx * se * gyz
        hy = cosx * gy + sinx * (g * gz * ce - gx * gy * se) / gyz
        hz = cosx * gz - sinx * (g * gy * ce + gx * gz * se) / gyz
    else:  # g along x: any perpendicular frame will do
        hx = cosx * gx
        hy = sinx * g * ce
        hz = sinx * g * se
    fi = mj / mt
    fj = mi / mt
    vx[i] = cx + fi * hx
    vy[i] = cy + fi * hy
    vz[i] = cz + fi * hz
    vx[j] = cx - fj * hx
    vy[j] = cy - fj * hy
    vz[j] = cz - fj * hz
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
