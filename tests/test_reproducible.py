"""Same config and seed give identical output; another seed does not."""
import pandas as pd
import pytest

import particlesim as ps

from .conftest import make_config


def _run(seed):
    return ps.Simulation(make_config(seed=seed)).run()


def test_same_seed_gives_identical_output():
    a, b = _run(5), _run(5)
    pd.testing.assert_frame_equal(a.crossings, b.crossings)
    pd.testing.assert_frame_equal(a.profiles, b.profiles)
    pd.testing.assert_frame_equal(a.ends, b.ends)
    assert a.summary["collisions_sampled"] == b.summary["collisions_sampled"]


def test_different_seed_gives_different_output():
    a, b = _run(5), _run(6)
    assert not a.crossings["n_plus"].equals(b.crossings["n_plus"])


def test_output_does_not_depend_on_the_thread_count():
    from particlesim.numba_config import get_num_threads, max_threads, set_threads
    before = get_num_threads()
    try:
        set_threads(1)
        one = _run(7)
        set_threads(max(before, min(max_threads(), 2)))  # two even in a one-thread pytest-xdist worker
        many = _run(7)
    finally:
        set_threads(before)
    pd.testing.assert_frame_equal(one.crossings, many.crossings)
    pd.testing.assert_frame_equal(one.profiles, many.profiles)
    assert one.summary["collisions_sampled"] == many.summary["collisions_sampled"]


def test_kernel_cache_is_keyed_by_every_kernel_source():
    """Numba re-checks only a kernel's own file; the cache folder is named for a hash of all
    kernel sources, so an edited helper (say rng.py) cannot leave stale code in use."""
    import os

    from particlesim import numba_config
    from particlesim.kernels import collide, move, sort

    if not numba_config.CACHE:
        pytest.skip("caching turned off (PARTICLESIM_NO_CACHE=1): nothing can be stale")
    key = f"kernels-{numba_config._kernel_source_hash()}"
    for k in (move.move, collide.collide, sort.gather):
        assert key in k._cache._cache_path.split(os.sep)
