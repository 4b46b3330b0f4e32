"""Published potential parameters the package carries, per preset gas and pair. Never fitted to
mixture data: the Lennard-Jones values come from each pure gas's viscosity, the Tang-Toennies ones
from ab initio and spectroscopic data of each pair (docs/physics.md cites each)."""

# Lennard-Jones 12-6 from pure-gas viscosity: sigma (m), epsilon/k (K); Hirschfelder, Curtiss and
# Bird (1954), Table I-A
LJ_VISCOSITY = {
    "helium": (2.576e-10, 10.22),
    "neon": (2.789e-10, 35.7),
    "argon": (3.418e-10, 124.0),
    "krypton": (3.61e-10, 190.0),
    "xenon": (4.055e-10, 229.0),
}

# Tang-Toennies potentials (A, b, C6, C8, C10 in atomic units): Tang and Toennies, J. Chem. Phys.
# 118, 4976 (2003), for the pairs whose published parameters this package carries (checked: each
# reproduces the paper's well, e.g. Ar2 143.5 K at 7.10 bohr, He2 11.0 K at 5.62 bohr)
TANG_TOENNIES = {
    ("helium", "helium"): (41.96, 2.523, 1.461, 14.11, 183.5),
    ("neon", "neon"): (199.5, 2.458, 6.383, 90.34, 1536.0),
    ("argon", "argon"): (748.3, 2.031, 64.30, 1623.0, 49060.0),
    ("helium", "neon"): (98.02, 2.496, 3.029, 36.18, 545.1),
    ("helium", "argon"): (124.3, 2.153, 9.538, 167.5, 3701.0),
}
