"""Thermal diffusion: in a closed tube between walls at two temperatures the heavier
species gathers on the cold side, by the Chapman-Enskog thermal diffusion factor."""
import particlesim as ps
from analysis import theory
from analysis.measure.soret import thermal_diffusion_factor


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


def test_alpha_t_of_vss_molecules():
    """Bird's VSS argon and helium: thermal diffusion is weaker than for hard spheres (softer
    molecules; Maxwell molecules have none), and the closed tube follows the VSS theory."""
    cfg = ps.load_config("runs/soret.toml").replace(
        steps=30000, **{"tube.length_m": 1.0e-6, "tube.cells": 100, "particles.per_cell": 40,
                        "sampling.start_step": 8000, "sampling.planes": 5,
                        "species.0.model": "vss", "species.1.model": "vss"})
    assert_alpha_t_of_its_own_molecules(ps.Simulation(cfg).run(), "VSS")


def assert_alpha_t_of_its_own_molecules(res, label):
    """alpha_T of the closed argon-helium tube against Chapman-Enskog of the run's own molecules
    (label: theory.pair_of's), which must differ from the hard spheres' by more than 3 errors."""
    a = thermal_diffusion_factor(res)
    alpha = a["alpha_T"]
    b = theory.pair_of(res.summary)
    assert b.label == label
    temps = res.summary["temperatures_K"]
    ref = b.alpha_T(a["y_mean"], 4, 0.5 * (temps[0] + temps[1]))
    hs = theory.thermal_diffusion_factor(39.948, 4.0026, 3.66e-10, 2.33e-10, a["y_mean"], order=4)
    assert ref < hs - 3 * alpha.error  # the two theories are told apart
    assert abs(alpha.value - ref) < 3 * alpha.error, (alpha, ref, hs)


def test_alpha_t_from_the_flux_between_reservoirs_at_two_temperatures():
    from analysis.measure.soret import thermal_diffusion_from_flux
    cfg = ps.load_config("runs/soret_open.toml").replace(
        steps=30000, **{"tube.length_m": 1.0e-6, "tube.cells": 100, "particles.per_cell": 40,
                        "sampling.start_step": 8000, "sampling.planes": 7})
    a = thermal_diffusion_from_flux(ps.Simulation(cfg).run())
    alpha = a["alpha_T"]
    ref = theory.thermal_diffusion_factor(39.948, 4.0026, 3.66e-10, 2.33e-10, a["y_mean"], order=4)
    assert alpha.error < 0.1 * ref
    assert abs(alpha.value - ref) < 3 * alpha.error, (alpha, ref)

