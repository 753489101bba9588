"""The blind2 report set is regenerated from its source and keeps the labeling guideline."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

from labelaudit.labelfile import read_label_file
from labelaudit.observations import OBSERVATIONS

BENCHMARK_DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data"
BLIND2_SET = BENCHMARK_DATA / "blind2_reports.csv"


def _load_source() -> ModuleType:
    path = BENCHMARK_DATA / "blind2_reports_source.py"
    spec = importlib.util.spec_from_file_location("blind2_reports_source", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_blind2_set_has_150_reports_in_id_order() -> None:
    table = read_label_file(BLIND2_SET, strict_columns=True)
    assert list(table.values.index) == [f"b{n:03d}" for n in range(1, 151)]
    assert list(table.values.columns) == list(OBSERVATIONS)


def test_blind2_no_finding_never_beside_a_finding() -> None:
    values = read_label_file(BLIND2_SET, strict_columns=True).values
    findings = [o for o in OBSERVATIONS if o not in ("No Finding", "Support Devices")]
    normal = values[values["No Finding"] == 1.0]
    clashing = normal[normal[findings].isin([1.0, -1.0]).any(axis=1)]
    assert clashing.empty, list(clashing.index)


def test_blind2_csv_matches_its_source(tmp_path: Path) -> None:
    source = _load_source()
    regenerated = tmp_path / "blind2_reports.csv"
    source.write(regenerated)
    assert regenerated.read_bytes() == BLIND2_SET.read_bytes(), (
        "blind2_reports.csv is stale; run python benchmarks/data/blind2_reports_source.py"
    )
    assert not list(tmp_path.glob("*.tmp")), "the temporary file was left behind"


def test_blind2_source_rejects_inconsistent_labels() -> None:
    source = _load_source()
    assert source.parse_labels("NF CM0 SD+") == {
        "No Finding": 1.0,
        "Cardiomegaly": 0.0,
        "Support Devices": 1.0,
    }
    with pytest.raises(ValueError, match="No Finding"):
        source.parse_labels("NF PN?")
    with pytest.raises(ValueError, match="twice"):
        source.parse_labels("EF0 EF+")
    with pytest.raises(ValueError, match="unknown"):
        source.parse_labels("EF!")
