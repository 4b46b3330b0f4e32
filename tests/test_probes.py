"""The plane-crossing probe counts exactly the planes a flight passes, with direction."""
import numpy as np

from particlesim.kernels.probes import tally_segment
from particlesim.numba_config import kernel


@kernel
def _tally_all(za, zb, planes, first, inv_h, cross):
    for i in range(za.size):
        tally_segment(za[i], zb[i], planes, first, inv_h, cross, 0)


def test_crossing_tally_matches_brute_force_count():
    gen = np.random.default_rng(5)
    length, cells = 1.0, 37
    planes = np.sort(np.concatenate([gen.uniform(0, length, 7), [0.5, 0.5 + 1e-12]]))
    first = np.searchsorted(planes, np.arange(cells + 1) * length / cells, side="left")
    za = gen.uniform(0, length, 200_000)
    zb = np.clip(za + gen.normal(0, 0.05, za.size), 0, length)
    zb[:100] = za[:100]  # no motion, no crossing
    zb[100:200] = planes[gen.integers(0, planes.size, 100)]  # landing exactly on a plane counts
    # the rows after the planes are a difference array of the cells' lower faces: its running
    # sum is the net count of face k (z = k L / cells) in +z
    cross = np.zeros((planes.size + cells + 2, 1, 2), dtype=np.int64)
    _tally_all(za, zb, planes, first, cells / length, cross)
    plus = ((za[:, None] < planes) & (planes <= zb[:, None])).sum(axis=0)
    minus = ((zb[:, None] < planes) & (planes <= za[:, None])).sum(axis=0)
    np.testing.assert_array_equal(cross[:planes.size, 0, 0], plus)
    np.testing.assert_array_equal(cross[:planes.size, 0, 1], minus)
    faces = np.arange(1, cells) * length / cells
    net = ((za[:, None] < faces) & (faces <= zb[:, None])).sum(axis=0) - \
        ((zb[:, None] < faces) & (faces <= za[:, None])).sum(axis=0)
    np.testing.assert_array_equal(np.cumsum(cross[planes.size:, 0, 0])[1:cells], net)

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
