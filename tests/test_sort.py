"""The cell sort: the gather applies the permutation exactly, and keys place particles in
their sub-cells (across the section too)."""
import numpy as np
import pytest

from particlesim import section
from particlesim.kernels import sort, walls
from particlesim.numba_config import kernel


@pytest.mark.parametrize("shift", [37, -37, 5000])
def test_gather_applies_the_permutation_to_every_field(shift):
    """Places far from the particles' old indices cross the kernel's work chunks: the fused
    parallel loops Numba would otherwise make read fields already overwritten."""
    gen = np.random.default_rng(3)
    n = 20_000
    order = np.roll(np.argsort(np.arange(n) + gen.normal(0, 40, n)), shift).astype(np.int32)
    floats = [gen.random(n) for _ in range(7)]
    sp = gen.integers(0, 3, n).astype(np.int8)
    tag = gen.integers(0, 60000, n).astype(np.uint16)
    want = [a[order].copy() for a in floats[:6]] + [sp[order], tag[order]]
    sp_spare, tag_spare = np.zeros_like(sp), np.zeros_like(tag)
    x, y, z, vx, vy, vz, spare = floats
    sort.gather(n, order, x, y, z, vx, vy, vz, spare, sp, sp_spare, tag, tag_spare)
    got = [spare, x, y, z, vx, vy, sp_spare, tag_spare]  # each field one array along (Particles.rotate)
    for name, g, w in zip(("x", "y", "z", "vx", "vy", "vz", "sp", "tag"), got, want):
        np.testing.assert_array_equal(g, w, err_msg=name)


@kernel
def _keys(x, y, z, geo):
    out = np.empty(x.size, dtype=np.int64)
    for i in range(x.size):
        out[i] = walls.subcell_key(x[i], y[i], z[i], geo)
    return out


@pytest.mark.parametrize("shape", ["unbounded", "circle", "slit"])
def test_subcell_keys_follow_cells_bins_and_sub_cells(shape):
    gen = np.random.default_rng(1)
    L, R = 1e-6, 2e-7
    ncells, nbins, nsz, nsa = 10, 4, 3, 4 if shape != "unbounded" else 2
    geo = section.geometry(shape, L, ncells, 4e-14, R, 2 * R, 3 * R, 1 if shape == "unbounded" else nbins, nsz, nsa)
    n = 50_000
    x, y = section.uniform_positions(geo, n, gen)
    z = gen.uniform(0, L, n)
    k = _keys(x, y, z, geo)
    nsub = geo.nsz * geo.nsa
    cell, rest = np.divmod(k, geo.nbins * nsub)
    b, rest = np.divmod(rest, nsub)
    sz, sa = np.divmod(rest, geo.nsa)
    np.testing.assert_array_equal(cell, np.minimum((z / L * ncells).astype(int), ncells - 1))
    np.testing.assert_array_equal(sz, np.minimum(((z * ncells * nsz / L).astype(int) - cell * nsz), nsz - 1))
    if shape == "circle":
        np.testing.assert_array_equal(b, np.minimum((((x * x + y * y) / R ** 2) * nbins).astype(int), nbins - 1))
        angle = np.mod(np.arctan2(y, x), 2 * np.pi)
        np.testing.assert_array_equal(sa, np.minimum((angle / (2 * np.pi) * nsa).astype(int), nsa - 1))
    elif shape == "slit":
        np.testing.assert_array_equal(b, np.minimum((y / (2 * R) * nbins).astype(int), nbins - 1))
        np.testing.assert_array_equal(sa, np.minimum((x / (3 * R) * nsa).astype(int), nsa - 1))
    else:
        W = geo.width
        np.testing.assert_array_equal(sa, (x / W * nsa).astype(int) * nsa + (y / W * nsa).astype(int))
    counts = np.bincount(b, minlength=geo.nbins)  # equal areas: equal shares
    assert np.all(np.abs(counts / n - 1 / geo.nbins) < 5 * np.sqrt(1 / (geo.nbins * n)))
