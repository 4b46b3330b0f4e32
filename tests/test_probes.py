"""The plane-crossing probe counts exactly the planes a flight passes, with direction."""
import numpy as np
import pytest

from particlesim import section
from particlesim.kernels.probes import face_populations, plane_lookup, tally_flight, tally_segment
from particlesim.kernels.walls import subcell_key
from particlesim.numba_config import kernel


@kernel
def _tally_all(za, zb, planes, cross):
    for i in range(za.size):
        tally_segment(za[i], zb[i], planes.z, planes.inv_h, planes.bounds, cross, 0)


def _assert_counts_exact(cross, za, zb, z):
    """cross[plane, 0, :] against the rule: +z when za < zp <= zb, -z when zb < zp <= za."""
    np.testing.assert_array_equal(cross[:, 0, 0], ((za[:, None] < z) & (z <= zb[:, None])).sum(axis=0))
    np.testing.assert_array_equal(cross[:, 0, 1], ((zb[:, None] < z) & (z <= za[:, None])).sum(axis=0))


def test_crossing_tally_matches_brute_force_count():
    gen = np.random.default_rng(5)
    length, cells = 1.0, 37
    # planes alone in their bins (the lookup splits the bin at the plane), two in one bin (counted
    # plane by plane) and planes on or next to the cells' faces, where rounding decides the bin
    z = np.sort(np.concatenate([gen.uniform(0, length, 7), [0.125, 0.5, 0.5 + 1e-12, 0.75, 10 / cells,
                                                            np.nextafter(20 / cells, 0), 30 / cells]]))
    geo = section.geometry("unbounded", length, cells, 1.0, 0.0, 0.0, 0.0, 1, 1, 1)
    planes = plane_lookup(z, length / cells, cells, geo)
    za = gen.uniform(0, length, 200_000)
    zb = np.clip(za + gen.normal(0, 0.05, za.size), 0, length)
    zb[:100] = za[:100]  # no motion, no crossing
    zb[100:200] = z[gen.integers(0, z.size, 100)]  # landing exactly on a plane counts
    zb[200:300] = length  # flights to the far end and from it
    za[300:400] = length
    za[400:1400] = z[gen.integers(0, z.size, 1000)]  # starting exactly on a plane
    zb[400:1400] = np.clip(za[400:1400] + gen.normal(0, 0.05, 1000), 0, length)
    near = gen.integers(0, z.size, 2000)  # starting within a hair of a plane, either side
    za[1400:3400] = z[near] + gen.normal(0, 1e-9, near.size)
    zb[1400:3400] = za[1400:3400] + gen.normal(0, 1e-9, near.size)
    cross = np.zeros((z.size, 1, 2), dtype=np.int64)
    _tally_all(za, zb, planes, cross)
    _assert_counts_exact(cross, za, zb, z)


@kernel
def _tally_keyed(za, zb, x, y, geo, planes, cross):
    for i in range(za.size):
        kb = subcell_key(x[i], y[i], zb[i], geo)
        tally_flight(za[i], zb[i], kb, planes.by_key, planes.ext, planes.z, planes.inv_h, planes.bounds, cross, 0)


@pytest.mark.parametrize("shape, bins, nsz, nsa", [("unbounded", 1, 7, 1), ("unbounded", 1, 3, 2), ("circle", 5, 4, 4),
                                                   ("slit", 3, 2, 2)])
def test_crossing_tally_by_landing_subcell_matches_brute_force_count(shape, bins, nsz, nsa):
    """The flight kernel's lookup by the sub-cell a flight lands in counts exactly what the
    crossing rule says, for every key layout, with planes on, next to and between cell faces."""
    gen = np.random.default_rng(7)
    length, cells = 1.0, 41
    geo = section.geometry(shape, length, cells, 1.0, 0.5, 1.0, 1.0, bins, nsz, nsa)
    z = np.sort(np.concatenate([gen.uniform(0, length, 6), [0.5, 0.5 + 1e-12, 4 / cells, np.nextafter(9 / cells, 0),
                                                            (3 + 2 / nsz) / cells]]))
    planes = plane_lookup(z, length / cells, cells, geo)
    n = 300_000
    za = gen.uniform(0, length, n)
    zb = np.clip(za + gen.normal(0, 0.02, n), 0, length)
    zb[:2000] = z[gen.integers(0, z.size, 2000)]  # landing exactly on a plane
    za[2000:4000] = z[gen.integers(0, z.size, 2000)]  # starting on one
    near = gen.integers(0, z.size, 4000)  # within a hair of one, either side
    za[4000:8000] = z[near] + gen.normal(0, 1e-9, near.size)
    zb[4000:8000] = np.clip(za[4000:8000] + gen.normal(0, 1e-9, near.size), 0, length)
    zb[8000:9000] = length
    r, phi = 0.5 * np.sqrt(gen.uniform(size=n)), gen.uniform(0, 2 * np.pi, n)
    x, y = (r * np.cos(phi), r * np.sin(phi)) if shape == "circle" else (gen.uniform(0, 1, n), gen.uniform(0, 1, n))
    cross = np.zeros((z.size, 1, 2), dtype=np.int64)
    _tally_keyed(za, zb, x, y, geo, planes, cross)
    _assert_counts_exact(cross, za, zb, z)
    assert (planes.by_key >= 0).mean() > 0.5  # most sub-cells hold no plane: the lookup settles their flights


def test_face_counts_from_populations_equal_counted_flights():
    """The faces' net crossings from particle counts (before less after, per bin) are those of
    counting every flight face by face, including flights that end at z = L."""
    gen = np.random.default_rng(11)
    length, cells = 1.0, 37
    inv_h = cells / length
    za = gen.uniform(0, length, 100_000)
    zb = np.clip(za + gen.normal(0, 0.05, za.size), 0, length)
    zb[50:100] = length
    sp = (gen.uniform(size=za.size) < 0.3).astype(np.int8)
    before, after = (np.empty((cells + 2, 2), dtype=np.int64) for _ in range(2))
    face_populations(za.size, za, sp, inv_h, before)
    face_populations(zb.size, zb, sp, inv_h, after)
    faces = np.arange(1, cells) / inv_h
    for s in (0, 1):
        a, b = za[sp == s], zb[sp == s]
        net = ((a[:, None] < faces) & (faces <= b[:, None])).sum(axis=0) - \
            ((b[:, None] < faces) & (faces <= a[:, None])).sum(axis=0)
        np.testing.assert_array_equal(np.cumsum(before[:, s] - after[:, s])[1:cells], net)


def test_face_tallies_equal_probe_planes_placed_on_the_faces():
    """In a run, the per-block crossings of each cell face (profiles) add up to what probe
    planes on the same faces count per interval (crossings): the same flights, two ledgers."""
    import particlesim as ps

    from .conftest import make_config
    cfg = make_config(tube={"length_m": 1.0e-6, "cells": 20}, particles={"per_cell": 40},
                      time={"dt_s": 2e-11, "steps": 700},
                      sampling={"start_step": 100, "interval_steps": 20, "profile_blocks": 7, "planes": 19})
    res = ps.Simulation(cfg).run()
    pr = res.profiles
    faces = pr["face_net"].to_numpy().reshape(7, 2, 20)
    assert (faces[:, 1, 1:] < 0).all()  # every block counted its own: B flows left in every block
    c = res.crossings
    planes = (c["n_plus"] - c["n_minus"]).to_numpy().reshape(-1, 19, 2).sum(axis=0).T
    np.testing.assert_array_equal(faces.sum(axis=0)[:, 1:], planes)
    assert not faces[:, :, 0].any()  # cell 0's lower face is the tube's end


@pytest.mark.parametrize("path", ["runs/reaction_ab_cd.toml", "runs/reaction_2a_b.toml", "runs/two_bulb.toml",
                                  "runs/stefan_tube.toml", "runs/closed_tube.toml", "runs/soret.toml",
                                  "runs/capillary/graham.toml", "periodic"])
def test_face_counts_hold_whatever_the_ends_and_reactions(path):
    """The faces' net crossings come from particle counts, end tallies and reaction bookings
    (probes.face_populations): they must equal the planes' crossings counted flight by flight
    with reactions (species made and consumed), bulbs, an interface, specular, diffuse and
    periodic ends, and side walls."""
    import particlesim as ps

    from .conftest import ROOT, make_config
    if path == "periodic":
        ends = {"left": {"type": "periodic"}, "right": {"type": "periodic"}}
        cfg = make_config(ends=ends, initial={"composition": "linear", "temperature_K": 273.15,
                                              "number_density_m3": 2.687e25, "mole_fractions_left": {"A": 1.0},
                                              "mole_fractions_right": {"B": 1.0}})
    else:
        cfg = ps.load_config(ROOT / path)
    cells = cfg.tube.cells
    cfg = cfg.replace(**{"particles.per_cell": 10, "time.steps": 400, "sampling.start_step": 100,
                         "sampling.interval_steps": 10, "sampling.profile_blocks": 6, "sampling.planes": cells - 1})
    res = ps.Simulation(cfg, allow_coarse=True).run()
    nsp = len(cfg.species)
    faces = res.profiles["face_net"].to_numpy().reshape(6, nsp, cells).sum(axis=0)
    c = res.crossings
    planes = (c["n_plus"] - c["n_minus"]).to_numpy().reshape(-1, cells - 1, nsp).sum(axis=0).T
    assert np.abs(planes).sum() > 0
    np.testing.assert_array_equal(faces[:, 1:], planes)
