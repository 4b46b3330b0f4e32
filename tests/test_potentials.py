"""Molecules from their potential: the deflection angle by quadrature against an exact solution,
and the Lennard-Jones reduced collision integrals against Neufeld, Janzen and Aziz's fit."""
import numpy as np
import pytest

from analysis.theory.potentials import InverseSquare, LennardJones, deflection_angle, neufeld_omega, omega_star


@pytest.mark.parametrize("E", [0.1, 1.0, 30.0])
def test_deflection_in_an_inverse_square_potential_is_exact(E):
    pot = InverseSquare(a=1.0)
    b = np.linspace(0.01, 5.0, 200)
    chi = deflection_angle(pot, b, E)
    assert np.max(np.abs(chi - pot.exact_deflection(b, E))) < 1e-7


def test_lennard_jones_deflection_has_its_limits():
    lj = LennardJones()
    # head-on: straight back; far out: the attractive tail pulls the partner in (chi < 0) ever less
    assert deflection_angle(lj, [0.0], 1.0)[0] == pytest.approx(np.pi)
    far = deflection_angle(lj, [2.0, 3.0, 4.0], 1.0)
    assert (far < 0).all() and abs(far[0]) > abs(far[1]) > abs(far[2])
    # at high energy the repulsive core acts as a sphere of about one sigma: small b scatters back
    assert deflection_angle(lj, [0.3], 1e3)[0] > 2.0


@pytest.mark.parametrize("l", [1, 2])
@pytest.mark.parametrize("T", [0.3, 1.0, 10.0, 100.0])
def test_lennard_jones_collision_integrals_match_neufeld(l, T):
    """Neufeld's fit is good to about 0.1% over T* = 0.3-100; the quadrature agrees within 0.2%."""
    assert omega_star(LennardJones(), l, l, T) == pytest.approx(neufeld_omega(l, l, T), rel=2e-3)
