"""particlesim: direct-simulation Monte Carlo of gas diffusion in a tube.

    import particlesim as ps
    cfg = ps.load_config("runs/quickstart.toml")
    res = ps.Simulation(cfg).run(progress=True)
    res.crossings, res.profiles, res.summary.length_m
"""
from .config import Config, ConfigError, from_dict, load_config
from .results import Results
from .simulation import Simulation
from .summary import Summary

__version__ = "0.1.0"
__all__ = ["Config", "ConfigError", "Results", "Simulation", "Summary", "from_dict", "load_config", "__version__"]
