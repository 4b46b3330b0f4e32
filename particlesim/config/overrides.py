"""Overrides of a resolved config: dotted keys ("tube.cells", "species.1.preset") turned into the
nested TOML schema and merged into it (Config.replace, sweeps)."""
from __future__ import annotations

from .reader import ConfigError


def nested(changes: dict) -> dict:
    """Turn ``{"tube.length_m": 1e-6, "steps": 5}`` into the nested TOML schema."""
    flat_aliases = {"steps": "time.steps", "dt_s": "time.dt_s"}
    out: dict = {}
    for key, value in changes.items():
        key = flat_aliases.get(key, key)
        parts = key.split(".")
        node = out
        for p in parts[:-1]:
            node = node.setdefault(p, {})
        node[parts[-1]] = value
    return out


# keys that say the same thing: setting one replaces the other
_ALTERNATIVES = {"pressure_Pa": "number_density_m3", "number_density_m3": "pressure_Pa"}


def merge(base: dict, over: dict) -> dict:
    """Nested update; a dict of numeric keys updates list items ({"species": {"1": {...}}});
    a gas density given as pressure_Pa replaces number_density_m3 and the other way round."""
    out = dict(base)
    for k in over:
        if k in _ALTERNATIVES and k not in base:
            out.pop(_ALTERNATIVES[k], None)
    for k, v in over.items():
        cur = out.get(k)
        if isinstance(v, dict) and isinstance(cur, list) and all(str(i).isdigit() for i in v):
            items = list(cur)
            for i, sub in v.items():
                if int(i) >= len(items):
                    raise ConfigError(f"{k}[{i}]", f"no such item; {k} has {len(items)}")
                item = items[int(i)]
                if isinstance(sub, dict) and ("preset" in sub or "model" in sub) and isinstance(item, dict):
                    # a new preset brings its own mass and model parameters, a new model its preset's
                    # parameters, unless they are given too
                    drop = ("diameter_m", "omega", "alpha") + (("molar_mass_g_mol",) if "preset" in sub else ())
                    item = {f: x for f, x in item.items() if f not in drop}
                items[int(i)] = merge(item, sub) if isinstance(sub, dict) else sub
            out[k] = items
        elif isinstance(v, dict) and isinstance(cur, dict) and not k.startswith("mole_fractions"):
            out[k] = merge(cur, v)
        else:
            out[k] = v
    return out
