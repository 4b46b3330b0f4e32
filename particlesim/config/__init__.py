"""Run configuration (docs/config.md): the sections of a run file as frozen dataclasses that
parse and write themselves (sections.py, species.py), read through a checking reader
(reader.py), gathered and cross-checked in Config (run.py); overrides of a resolved config in
overrides.py."""
from .reader import ConfigError
from .run import Config, from_dict, load_config
from .sections import Checkpoint, Collisions, Control, End, Initial, Sampling, Tube, Walls
from .species import Pair, Reaction, Species

__all__ = ["Checkpoint", "Collisions", "Config", "ConfigError", "Control", "End", "Initial", "Pair", "Reaction",
           "Sampling", "Species", "Tube", "Walls", "from_dict", "load_config"]
