"""The tube's cross-section: what x and y mean, its area, its transverse bins and sub-cells.

Three shapes (config `tube.section`):

- `unbounded`: a periodic square W x W, W = sqrt(area_m2), x and y in [0, W). No side wall:
  the gas is uniform across, as in a one-dimensional code.
- `circle`: a circular tube of radius R centred on the z axis, x^2 + y^2 < R^2.
- `slit`: two parallel plates at y = 0 and y = H, periodic in x with period W (width_m).

Collision cells are a z-cell times a transverse bin: for the circle, rings of equal area
(r_k = R sqrt(k / bins): equal volumes, so one NTC coefficient, and the thinnest rings at the
wall, where the Knudsen layer is); for the slit, bands of equal width in y; for `unbounded`,
one bin. Each collision cell is split into sub-cells for partner selection: `nsz` along z
times `nsa` across (for `unbounded` a grid of nt x nt squares, for the slit `nsa` strips
along x, for the circle `nsa` angular sectors, nsa in 1, 2, 4, 8).
"""
from __future__ import annotations

import math
from collections import namedtuple

import numpy as np

UNBOUNDED, CIRCLE, SLIT = 0, 1, 2
SHAPES = {"unbounded": UNBOUNDED, "circle": CIRCLE, "slit": SLIT}
SECTORS = (1, 2, 4, 8)

# Everything the kernels need to know about where a particle is: the tube length and z-cells,
# the section (kind, W, H, R), transverse bins and sub-cells. inv_* are reciprocals.
Geometry = namedtuple("Geometry", [
    "kind", "length", "width", "height", "radius",
    "ncells", "nbins", "nsz", "nsa", "nt",
    "inv_dz", "inv_dsub", "inv_width", "inv_height", "inv_r2"])


def area(shape: str, area_m2: float, radius_m: float, height_m: float, width_m: float) -> float:
    if shape == "circle":
        return math.pi * radius_m ** 2
    if shape == "slit":
        return height_m * width_m
    return area_m2


def transverse_size(shape, area_m2, radius_m, height_m) -> float:
    """The section's extent across, for resolution checks (m): W, 2R or H."""
    return {"unbounded": math.sqrt(area_m2), "circle": 2 * radius_m, "slit": height_m}[shape]


def default_bins(shape: str, radius_m: float, height_m: float, mean_free_path: float) -> int:
    """Transverse bins: rings whose outermost is about lambda/2 wide (R/(2 bins)), bands
    lambda/2 wide; at least 4 so that profiles across show something, at most 64."""
    if shape == "circle":
        want = radius_m / mean_free_path
    elif shape == "slit":
        want = 2 * height_m / mean_free_path
    else:
        return 1
    return int(min(64, max(4, math.ceil(want))))


def subcell_layout(shape, per_bin_particles, dz, cross, across_bin, lam, target=10.0, nsz=0, nsa=0):
    """(nsz, nsa): sub-cells along z and across per collision cell, about `target` particles
    each. `cross` is the collision cell's extent in the direction the sub-cells split across
    (W for unbounded and the slit's strips, the ring's mean circumference for the circle),
    `across_bin` its extent in the other transverse direction (W, the band's height, the
    ring's width). Given values (> 0) are kept.

    The automatic choice minimises the chance that two partners which have flown about a
    mean free path apart still share a sub-cell, prod_d min(1, s_d / lambda) over the
    sub-cell's three sizes s_d (partners that meet again make D low, docs/method.md); ties
    go to the more nearly cubic sub-cell. A wide, flat cell is split along z only."""
    total = int(min(64, max(1, round(per_bin_particles / target))))
    if nsz > 0 and nsa > 0:
        return nsz, nsa
    if nsa > 0:
        return max(1, total // _across(shape, nsa)), nsa
    if nsz > 0:
        return nsz, _fit_across(shape, max(1, total // nsz))
    best = None
    choices = [1, 2, 3, 4, 6, 8] if shape == "unbounded" else list(SECTORS) if shape == "circle" else range(1, 17)
    for k in choices:
        nsa_k = _across(shape, k)
        if nsa_k > total:
            break
        nz = max(1, round(total / nsa_k))
        sizes = (dz / nz, cross / k, cross / k if shape == "unbounded" else across_bin)
        reach = math.prod(min(1.0, s / lam) for s in sizes)
        shape_cost = max(sizes) / min(sizes)
        cand = (round(reach, 12), shape_cost, nz, k)
        best = cand if best is None or cand < best else best
    return best[2], best[3]


def _across(shape, nsa):
    return nsa * nsa if shape == "unbounded" else nsa


def _fit_across(shape, rest):
    if shape == "unbounded":
        return max(1, int(math.isqrt(rest)))
    if shape == "circle":
        return max(s for s in SECTORS if s <= max(rest, 1))
    return max(1, rest)


def geometry(shape, length, ncells, area_m2, radius_m, height_m, width_m, nbins, nsz, nsa) -> Geometry:
    """The kernel-side description. For `unbounded`, nsa is the squares per side (nt) and
    the sub-cells across are nt^2; for the others nt = nsa."""
    kind = SHAPES[shape]
    if kind == UNBOUNDED:
        w = h = math.sqrt(area_m2)
        nt, nacross = nsa, nsa * nsa
    elif kind == SLIT:
        w, h = width_m, height_m
        nt = nacross = nsa
    else:
        w = h = 2 * radius_m
        nt = nacross = nsa
    r = radius_m if kind == CIRCLE else 0.0
    return Geometry(kind, float(length), float(w), float(h), float(r), int(ncells), int(nbins), int(nsz),
                    int(nacross), int(nt), ncells / length, ncells * nsz / length, 1.0 / w, 1.0 / h, 1.0 / (r * r) if r else 0.0)


def bin_edges(geo: Geometry) -> np.ndarray:
    """Edges of the transverse bins (m): radii for the circle, y for the slit."""
    k = np.arange(geo.nbins + 1)
    if geo.kind == CIRCLE:
        return geo.radius * np.sqrt(k / geo.nbins)
    if geo.kind == SLIT:
        return geo.height * k / geo.nbins
    return np.array([0.0, geo.width])


def bin_centres(geo: Geometry) -> np.ndarray:
    """Where each bin's samples sit on average: the area-weighted mean radius of a ring
    (2/3 (r2^3 - r1^3)/(r2^2 - r1^2)), the middle of a band."""
    e = bin_edges(geo)
    if geo.kind == CIRCLE:
        return 2.0 / 3.0 * (e[1:] ** 3 - e[:-1] ** 3) / (e[1:] ** 2 - e[:-1] ** 2)
    return 0.5 * (e[1:] + e[:-1])


def uniform_positions(geo: Geometry, k: int, gen: np.random.Generator):
    """x, y of k points uniform over the section."""
    if geo.kind == CIRCLE:
        r = geo.radius * np.sqrt(gen.random(k))
        phi = 2.0 * np.pi * gen.random(k)
        return r * np.cos(phi), r * np.sin(phi)
    return geo.width * gen.random(k), geo.height * gen.random(k)
