"""Estimators: a run's tallies (analysis.load) turned into quantities with standard errors; each
may compare with analysis.theory, none writes a report (docs/code_map.md).

- stats: Estimate, blocking and batch means; fits: power laws and discretization fits
- fluxes: N_i, v*, v from counted plane crossings; profiles: n, y, T per cell and block
- diffusion: D_AB from every interior face (and planes, Green-Kubo); soret: alpha_T
- transient: closed-tube mode decay; bulbs: diffusion-cell trajectories and D from their decay
- walls: transmission, flow rates and wall quantities of capillaries; reactions: rates per collision
"""
