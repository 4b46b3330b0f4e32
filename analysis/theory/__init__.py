"""What kinetic and continuum theory predict, from the molecules' parameters alone; nothing here
reads a run's tallies (docs/code_map.md).

- chapman_enskog: binary Chapman-Enskog D_AB, alpha_T and viscosity at any Sonine order
  (`from analysis import theory` gives its API: theory.Binary, theory.diffusion_ratio, ...)
- multicomponent, maxwell_stefan: N-species Fick matrices, Maxwell-Stefan tubes and cells
- two_bulb: the continuum model of a two-bulb diffusion cell, with kinetic junctions
- continuum: one-dimensional Fick solvers for any D(y)
- capillary: Clausing, Knudsen diffusion, Bosanquet, linearized BGK flow in a tube
- realgas: measured helium-argon D_12 and VSS pair parameters fitted to it
- brackets: the Sonine bracket integrals by exact quadrature, for any scattering law
- potentials: deflection angles and transport cross-sections of a pair potential V(r)
- potential_binary: Chapman-Enskog of a pair whose molecules interact by potentials; pair_of(summary)
  gives the pair of any run (hard spheres, VHS, VSS or potentials) with one interface
- prediction: predict_d12, rare-gas D_12 from pure-gas parameters alone
"""
from analysis.theory.chapman_enskog import (
                                            EXACT_ORDER,
                                            VISCOSITY_CONVERGED,
                                            Binary,
                                            collision_frequencies,
                                            collision_rates,
                                            diffusion_ce,
                                            diffusion_ce1,
                                            diffusion_ce1_model,
                                            diffusion_ratio,
                                            diffusion_ratio_interp,
                                            drifting_effusion_flux,
                                            effective_diameters,
                                            effusion_flux,
                                            graham_ratio,
                                            local_d1_factor,
                                            mean_free_paths,
                                            mean_relative_speed,
                                            pair_brackets,
                                            rarefaction_parameter,
                                            thermal_diffusion_factor,
                                            viscosity_hs,
)
from analysis.theory.potential_binary import PotentialBinary, pair_of
from analysis.theory.prediction import predict_d12

__all__ = ["EXACT_ORDER", "VISCOSITY_CONVERGED", "Binary", "collision_frequencies", "collision_rates", "diffusion_ce",
           "diffusion_ce1", "diffusion_ce1_model", "diffusion_ratio", "diffusion_ratio_interp", "drifting_effusion_flux",
           "effective_diameters", "effusion_flux", "graham_ratio", "local_d1_factor", "mean_free_paths", "mean_relative_speed",
           "pair_brackets", "pair_of", "PotentialBinary", "predict_d12", "rarefaction_parameter", "thermal_diffusion_factor", "viscosity_hs"]
