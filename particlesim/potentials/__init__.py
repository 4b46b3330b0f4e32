"""Molecules from their potential: pair potentials (forms), their deflection angle by quadrature
(deflection), the published parameters the package carries (parameters) and the deflection tables
the collision kernel scatters by (table)."""
