"""Numba kernels: pure functions over structure-of-arrays particle data. No I/O, no config."""
