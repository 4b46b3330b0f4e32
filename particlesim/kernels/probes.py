"""Probes: plane-crossing tallies (called from the flight kernels at the moment of crossing)
and the column layout of the cell profile sums (filled by the collision kernel)."""
import numpy as np

from ..numba_config import helper

# columns of prof[species, cell, :]
COUNT, SVX, SVY, SVZ, SV2 = 0, 1, 2, 3, 4


@helper
def tally_segment(za, zb, planes, cross, s):
    """Count plane crossings of the segment za -> zb. A plane zp is crossed in +z when
    za < zp <= zb and in -z when zb < zp <= za (cross[plane, species, 0 or 1])."""
    if zb > za:
        k = np.searchsorted(planes, za, side="right")
        while k < planes.size and planes[k] <= zb:
            cross[k, s, 0] += 1
            k += 1
    elif zb < za:
        k = np.searchsorted(planes, za, side="right") - 1
        while k >= 0 and planes[k] > zb:
            cross[k, s, 1] += 1
            k -= 1
