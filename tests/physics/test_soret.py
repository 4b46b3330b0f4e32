"""Thermal diffusion: in a closed tube between walls at two temperatures the heavier
species gathers on the cold side, by the Chapman-Enskog thermal diffusion factor."""
import particlesim as ps
from analysis import theory
from analysis.soret import thermal_diffusion_factor


def test_heavier_species_gathers_on_the_cold_side_by_alpha_t():
    cfg = ps.load_config("runs/soret.toml").replace(
        steps=30000, **{"tube.length_m": 1.0e-6, "tube.cells": 100, "particles.per_cell": 40,
                        "sampling.start_step": 8000, "sampling.planes": 5})
    res = ps.Simulation(cfg).run()
    a = thermal_diffusion_factor(res)
    alpha = a["alpha_T"]
    assert alpha.value > 5 * alpha.error  # argon (heavy) on the cold side
    ref = theory.thermal_diffusion_factor(39.948, 4.0026, 3.66e-10, 2.33e-10, a["y_mean"], order=4)
    assert abs(alpha.value - ref) < 3 * alpha.error, (alpha, ref)


def test_alpha_t_from_the_flux_between_reservoirs_at_two_temperatures():
    from analysis.soret import thermal_diffusion_from_flux
    cfg = ps.load_config("runs/soret_open.toml").replace(
        steps=30000, **{"tube.length_m": 1.0e-6, "tube.cells": 100, "particles.per_cell": 40,
                        "sampling.start_step": 8000, "sampling.planes": 7})
    a = thermal_diffusion_from_flux(ps.Simulation(cfg).run())
    alpha = a["alpha_T"]
    ref = theory.thermal_diffusion_factor(39.948, 4.0026, 3.66e-10, 2.33e-10, a["y_mean"], order=4)
    assert alpha.error < 0.1 * ref
    assert abs(alpha.value - ref) < 3 * alpha.error, (alpha, ref)
