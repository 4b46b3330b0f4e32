"""Theory of interfaces: Stefan's law against its own differential equation, and the linearized
BGK evaporation-condensation flux against its exact limits (free-molecular 1/(2 sqrt(pi)),
continuum 1/(2 |C4*|)) and its own convergence."""
import math

import numpy as np
import pytest

from analysis.theory.evaporation import FREE_MOLECULAR, evaporation_condensation_flux
from analysis.theory.interfaces import C4_STAR, hertz_knudsen, schrage, stefan_flux, stefan_profile


def test_stefan_profile_and_flux_satisfy_diffusion_through_a_stagnant_gas():
    c, D, L, y0, yL = 40.0, 1e-5, 1e-2, 0.6, 0.05
    z = np.linspace(0.0, L, 2001)
    y = stefan_profile(z, L, y0, yL)
    assert y[0] == pytest.approx(y0, abs=1e-15) and y[-1] == pytest.approx(yL, abs=1e-15)
    NA = stefan_flux(c, D, L, y0, yL)
    # N_A (1 - y) = -c D dy/dz at every point (N_B = 0)
    dydz = np.gradient(y, z)
    assert np.allclose(NA * (1 - y[1:-1]), -c * D * dydz[1:-1], rtol=1e-5)
    # small differences: the equimolar c D (y0 - yL) / L over the mean 1 - y
    assert stefan_flux(c, D, L, 0.10, 0.09) == pytest.approx(c * D * 0.01 / L / (1 - 0.095), rel=1e-4)


def test_schrage_is_hertz_knudsen_times_two_over_two_minus_alpha():
    args = (2.5e25, 2.4e25, 6.6e-26, 300.0)
    assert schrage(*args, alpha=0.4) == pytest.approx(2 / 1.6 * hertz_knudsen(*args, alpha_e=0.4, alpha_c=0.4))
    assert hertz_knudsen(2.5e25, 2.5e25, 6.6e-26, 300.0) == 0.0


def test_evaporation_flux_reaches_its_free_molecular_and_continuum_limits():
    assert FREE_MOLECULAR == pytest.approx(1 / (2 * math.sqrt(math.pi)), rel=1e-15)
    assert evaporation_condensation_flux(1e-6) == pytest.approx(FREE_MOLECULAR, rel=1e-5)
    # the continuum: the two Knudsen layers' jumps alone, 1/(2 |C4*|) (Sone's coefficient), to O(1/delta)
    assert evaporation_condensation_flux(1000.0) == pytest.approx(1 / (2 * abs(C4_STAR)), rel=1e-3)
    values = [evaporation_condensation_flux(d) for d in (0.01, 0.1, 1.0, 10.0, 100.0)]
    assert all(a > b for a, b in zip(values, values[1:]))


@pytest.mark.parametrize("delta", [0.1, 10.0, 100.0])
def test_evaporation_flux_is_converged_in_cells_and_speeds(delta):
    base = evaporation_condensation_flux(delta)
    assert evaporation_condensation_flux(delta, n_cells=480) == pytest.approx(base, rel=1e-4)
    assert evaporation_condensation_flux(delta, n_speeds=96) == pytest.approx(base, rel=1e-6)


def test_partial_condensation_limits():
    """alpha = 0.5 at both surfaces: free-molecular alpha/(2 - alpha) of the alpha = 1 flux exactly
    (each surface re-emits what it does not take); in the continuum each surface adds the
    Hertz-Knudsen-Schrage resistance 2 sqrt(pi) (1 - alpha)/alpha to the Knudsen layer's |C4*|."""
    a = 0.5
    assert evaporation_condensation_flux(1e-6, alpha=a) == pytest.approx(FREE_MOLECULAR * a / (2 - a), rel=1e-5)
    continuum = 1 / (2 * (abs(C4_STAR) + 2 * math.sqrt(math.pi) * (1 - a) / a))
    assert evaporation_condensation_flux(1000.0, alpha=a) == pytest.approx(continuum, rel=1e-3)
    assert evaporation_condensation_flux(3.0, alpha=1.0) == evaporation_condensation_flux(3.0)
