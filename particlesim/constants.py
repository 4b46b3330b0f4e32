"""Physical constants, SI, CODATA 2018 exact values."""

K_B = 1.380649e-23          # Boltzmann constant, J/K
N_AV = 6.02214076e23        # Avogadro constant, 1/mol
R_GAS = K_B * N_AV          # molar gas constant, J/(mol K)
AMU = 1.66053906660e-27     # atomic mass unit, kg
