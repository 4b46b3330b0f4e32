"""xoshiro256** random numbers with the state in a plain uint64 array.

Kept in an array (not Numba's hidden global generator) so that the state can be seeded
from numpy's SeedSequence, saved in a checkpoint and restored exactly, and split into
independent streams for threads. Blackman and Vigna, "Scrambled linear pseudorandom
number generators", ACM TOMS 47 (2021).
"""
import math

import numpy as np

from ..numba_config import helper

_U11 = np.uint64(11)
_INV53 = 1.0 / 9007199254740992.0  # 2^-53


@helper
def _rotl(x, k):
    return (x << np.uint64(k)) | (x >> np.uint64(64 - k))


@helper
def draw(st):
    """`uniform` on a state held as a tuple, which the compiler keeps in registers through
    a hot loop: returns (uniform on [0, 1), the next state). Only in functions compiled
    without parallel=True: Numba 0.68's parallel array analysis mistakes a tuple of four
    integers for an array shape and fails to compile."""
    s0, s1, s2, s3 = st
    result = _rotl(s1 * np.uint64(5), 7) * np.uint64(9)
    t = s1 << np.uint64(17)
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = _rotl(s3, 45)
    return float(result >> _U11) * _INV53, (s0, s1, s2, s3)


@helper
def load(s):
    """The state of array s as a tuple, for `draw`."""
    return (s[0], s[1], s[2], s[3])


@helper
def store(s, st):
    s[0] = st[0]
    s[1] = st[1]
    s[2] = st[2]
    s[3] = st[3]


@helper
def next_u64(s):
    """One step of xoshiro256** on the state held in array s."""
    result = _rotl(s[1] * np.uint64(5), 7) * np.uint64(9)
    t = s[1] << np.uint64(17)
    s[2] ^= s[0]
    s[3] ^= s[1]
    s[1] ^= s[2]
    s[0] ^= s[3]
    s[2] ^= t
    s[3] = _rotl(s[3], 45)
    return result


@helper
def uniform(s):
    """Uniform on [0, 1), advancing the state held in array s."""
    return float(next_u64(s) >> _U11) * _INV53


@helper
def uniform_pos(s):
    """Uniform on (0, 1], safe under log."""
    return 1.0 - uniform(s)


@helper
def normal(s):
    """Standard normal deviate (Box-Muller, one of the pair)."""
    return math.sqrt(-2.0 * math.log(uniform_pos(s))) * math.cos(2.0 * math.pi * uniform(s))


@helper
def poisson(s, mean):
    """Poisson deviate: inversion for small means, normal approximation above 500."""
    if mean <= 0.0:
        return 0
    if mean > 500.0:
        k = int(math.floor(mean + math.sqrt(mean) * normal(s) + 0.5))
        return k if k > 0 else 0
    p = math.exp(-mean)
    u = uniform(s)
    k = 0
    cdf = p
    while u > cdf:
        k += 1
        p *= mean / k
        cdf += p
        if p < 1e-300 and k > mean:
            break
    return k


def seed_streams(seed: int, streams: int = 1) -> np.ndarray:
    """Independent generator states, one row per stream, from numpy's SeedSequence."""
    state = np.random.SeedSequence(seed).generate_state(4 * streams, dtype=np.uint64)
    return state.reshape(streams, 4)
