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
    cross = np.zeros((planes.size, 1, 2), dtype=np.int64)
    _tally_all(za, zb, planes, first, cells / length, cross)
    plus = ((za[:, None] < planes) & (planes <= zb[:, None])).sum(axis=0)
    minus = ((zb[:, None] < planes) & (planes <= za[:, None])).sum(axis=0)
    np.testing.assert_array_equal(cross[:, 0, 0], plus)
    np.testing.assert_array_equal(cross[:, 0, 1], minus)
