"""A run's summary: the scalars of summary.json as typed fields (docs/output.md).

`Results.summary` is a `Summary`. Analysis reads its fields by name (`s.length_m`,
`s.species`); it is also a read-only mapping with the JSON keys (`s["length_m"]`), so that
scripts written against the plain dict keep working and `Summary.of` accepts a hand-made
dict of only the fields a calculation needs (theory functions take either).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields


@dataclass
class Summary(Mapping):
    """summary.json, field by field, SI units as the names say. None: not recorded (a field
    that does not apply to the run, or a run folder written before the field existed)."""
    name: str | None = None
    seed: int | None = None
    species: list[str] | None = None
    molar_mass_kg_mol: list[float] | None = None
    diameter_m: list[float] | None = None
    # per-pair molecular model: d_ref_m (at t_ref_K), omega, alpha matrices
    pair_models: dict | None = None
    # molecules from a potential: each pair's potential, cut-off b_max_m, table span T_range_K
    potentials: dict | None = None
    weight: float | None = None
    area_m2: float | None = None
    length_m: float | None = None
    cells: int | None = None
    section: str | None = None
    radius_m: float | None = None
    height_m: float | None = None
    width_m: float | None = None
    bins: int | None = None
    bin_edges_m: list[float] | None = None
    walls: dict | None = None
    subcells_per_cell: int | None = None
    subcells_z: int | None = None
    subcells_across: int | None = None
    dt_s: float | None = None
    steps: int | None = None
    planned_steps: int | None = None
    start_step: int | None = None
    sampled_steps: int | None = None
    interval_steps: int | None = None
    planes_m: list[float] | None = None
    ends: list[str] | None = None
    reservoir_mole_fractions: list | None = None
    reservoir_number_density_m3: list | None = None
    temperatures_K: list | None = None
    bulb_volume_m3: list | None = None
    bulb_initial_mole_fractions: list | None = None
    bulb_initial_number_density_m3: list | None = None
    # per end: an interface's condensed phase (temperature_K, vapour_pressure_Pa, coefficients), else None
    interfaces: list | None = None
    initial_number_density_m3: float | None = None
    initial_temperature_K: float | None = None
    particles_final: int | None = None
    particles_by_species: list[int] | None = None
    collisions_sampled: dict | None = None
    collisions_total: int | None = None
    mean_collision_separation_m: float | None = None
    mcs_over_lambda: float | None = None
    mean_free_path_m: float | None = None
    mean_free_path_max_m: float | None = None
    collision_time_s: float | None = None
    knudsen_length: float | None = None
    dz_over_lambda: float | None = None
    dt_over_tau: float | None = None
    particles_swept_per_step: float | None = None
    wall_time_s: float | None = None
    particle_steps: int | None = None
    particle_steps_per_s: float | None = None
    warnings: list[str] | None = None
    reservoir_final_number_density_m3: list[float] | None = None
    reservoir_final_pressure_Pa: list[float] | None = None
    reservoir_final_drift_m_s: list[float] | None = None
    reactions: list[dict] | None = None
    control: dict | None = None
    status: str | None = None  # written with the folder: running, interrupted, stopped or complete
    extra: dict = field(default_factory=dict)  # keys this version does not know (kept, written back)

    # fields summary.json leaves out, rather than writing null, when they do not apply
    _OMITTED_IF_NONE = ("potentials", "interfaces", "status")

    @classmethod
    def of(cls, d) -> "Summary":
        """A Summary from a summary.json dict (or a Summary, returned as it is)."""
        if isinstance(d, Summary):
            return d
        known = _names()
        return cls(**{k: v for k, v in d.items() if k in known},
                   extra={k: v for k, v in d.items() if k not in known})

    def to_dict(self) -> dict:
        """The summary.json dict: every field, less those omitted when they do not apply."""
        out = {k: getattr(self, k) for k in _names()
               if getattr(self, k) is not None or k not in self._OMITTED_IF_NONE}
        return {**out, **self.extra}

    @property
    def n_species(self) -> int:
        return len(self.species)

    def index(self, species: str) -> int:
        """The position of a species by name (ValueError naming the species if absent)."""
        try:
            return self.species.index(species)
        except ValueError:
            raise ValueError(f"species {species!r} is not in this run ({', '.join(self.species)})") from None

    # the read-only mapping of the JSON keys
    def __getitem__(self, key):
        if key in _names():
            value = getattr(self, key)
            if value is None and key in self._OMITTED_IF_NONE:
                raise KeyError(key)
            return value
        return self.extra[key]

    def __iter__(self):
        return iter(self.to_dict())

    def __len__(self):
        return len(self.to_dict())


def _names() -> tuple:
    return _NAMES


_NAMES = tuple(f.name for f in fields(Summary) if f.name != "extra")
