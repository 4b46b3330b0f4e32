"""Cell profile sampling: per species and cell, the sums that give n, u, T and p."""
from ..numba_config import kernel

# columns of prof[species, cell, :]
COUNT, SVX, SVY, SVZ, SV2 = 0, 1, 2, 3, 4


@kernel
def sample_profiles(z, vx, vy, vz, sp, start, nsub_cell, prof):
    """Add one sample of every particle to its cell (particles are sorted by sub-cell)."""
    ncells = prof.shape[1]
    for c in range(ncells):
        for i in range(start[c * nsub_cell], start[(c + 1) * nsub_cell]):
            s = sp[i]
            prof[s, c, COUNT] += 1.0
            prof[s, c, SVX] += vx[i]
            prof[s, c, SVY] += vy[i]
            prof[s, c, SVZ] += vz[i]
            prof[s, c, SV2] += vx[i] * vx[i] + vy[i] * vy[i] + vz[i] * vz[i]
