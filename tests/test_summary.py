"""The run record's summary: typed fields that read back exactly what summary.json holds."""
import json

import pytest

import particlesim as ps
from analysis.load import load_run
from analysis.theory import Binary
from particlesim.output import write_run

from .conftest import make_config


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory):
    cfg = make_config(time={"dt_s": 2.0e-11, "steps": 40})
    out = tmp_path_factory.mktemp("summary") / "run"
    write_run(ps.Simulation(cfg).run(), cfg, out)
    return out


def test_the_folder_reads_back_field_by_field_as_written(run_dir):
    written = json.loads((run_dir / "summary.json").read_text())
    s = load_run(run_dir).summary
    assert s.to_dict() == written  # nothing lost, nothing added, nothing renamed
    assert s.species == ["A", "B"] and s.length_m == pytest.approx(1.0e-6) and s.cells == 50
    assert s.steps == 40 and s.status == "complete" and s.potentials is None and "potentials" not in s
    assert all(s[k] == getattr(s, k) for k in written)  # the JSON keys read the same values


def test_a_field_an_older_run_lacks_is_none_or_rederived(run_dir, tmp_path):
    old = tmp_path / "old"
    old.mkdir()
    for f in run_dir.iterdir():
        (old / f.name).write_bytes(f.read_bytes())
    d = json.loads((old / "summary.json").read_text())
    lam_max = d.pop("mean_free_path_max_m")
    d.pop("bins")
    d["a_key_of_a_later_version"] = 7
    (old / "summary.json").write_text(json.dumps(d))
    s = load_run(old).summary
    assert s.bins is None
    assert s.mean_free_path_max_m == pytest.approx(lam_max, rel=1e-12)  # from the run's config, as the engine did
    assert s.extra == {"a_key_of_a_later_version": 7} and s.to_dict()["a_key_of_a_later_version"] == 7


def test_theory_takes_a_plain_dict_of_the_keys_it_needs():
    d = {"species": ["A", "B"], "molar_mass_kg_mol": [0.04, 0.004], "diameter_m": [3.6e-10, 2.2e-10]}
    b = Binary.from_summary(d)
    assert (b.M_a, b.d_b) == (0.04, 2.2e-10) and b.models is None


def test_the_engine_summary_has_no_key_without_a_field():
    with pytest.raises(TypeError):
        ps.Summary(lenght_m=1.0)  # a misspelt key fails where the summary is built
