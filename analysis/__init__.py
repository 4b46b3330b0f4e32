"""Analysis of particlesim run folders: fluxes, profiles, D_AB, kinetic theory.

Depends on the documented run-folder tables (docs/output.md), never on engine kernels.
"""
