"""The team-written report sets in benchmarks/data load as gold files and are well formed."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path
from types import ModuleType

import pytest

from labelaudit.labelfile import read_label_file
from labelaudit.observations import OBSERVATIONS

BENCHMARK_DATA = Path(__file__).resolve().parents[2] / "benchmarks" / "data"
SETS = sorted(BENCHMARK_DATA.glob("*.csv"))
HARD_SET = BENCHMARK_DATA / "hard_reports.csv"
BLIND2_SET = BENCHMARK_DATA / "blind2_reports.csv"
GENERATED = [HARD_SET, BLIND2_SET]  # written by a <name>_source.py beside them
LEGAL = {1.0, 0.0, -1.0}


def _load_source(data: Path = HARD_SET) -> ModuleType:
    name = data.stem + "_source"
    spec = importlib.util.spec_from_file_location(name, BENCHMARK_DATA / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_three_team_sets_are_there() -> None:
    names = {path.name for path in SETS}
    assert {"dev_reports.csv", "heldout_reports.csv", "hard_reports.csv"} <= names


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.name)
def test_set_loads_as_a_gold_file(path: Path) -> None:
    # The same reader and options as `labelaudit validate --gold`.
    table = read_label_file(path, strict_columns=True)
    assert table.id_column == "report_id"
    assert list(table.values.columns) == list(OBSERVATIONS)
    assert len(table.values) > 0
    assert table.values.index.is_unique
    for observation in OBSERVATIONS:
        column = table.values[observation]
        illegal = [v for v in column if not (math.isnan(v) or v in LEGAL)]
        assert not illegal, f"{path.name} {observation}: {illegal[:5]}"
    assert table.reports is not None
    empty = [rid for rid, text in table.reports.items() if not text.strip()]
    assert not empty, f"{path.name}: reports without text: {empty[:5]}"


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.name)
def test_no_finding_is_only_positive_or_blank(path: Path) -> None:
    column = read_label_file(path, strict_columns=True).values["No Finding"]
    assert column.isna().sum() + (column == 1.0).sum() == len(column)


def test_hard_set_size_and_ids() -> None:
    table = read_label_file(HARD_SET, strict_columns=True)
    assert len(table.values) >= 320
    expected = [f"x{n:03d}" for n in range(1, len(table.values) + 1)]
    assert list(table.values.index) == expected


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.name)
def test_no_finding_never_beside_a_finding(path: Path) -> None:
    values = read_label_file(path, strict_columns=True).values
    findings = [o for o in OBSERVATIONS if o not in ("No Finding", "Support Devices")]
    normal = values[values["No Finding"] == 1.0]
    clashing = normal[normal[findings].isin([1.0, -1.0]).any(axis=1)]
    assert clashing.empty, list(clashing.index)


@pytest.mark.parametrize("data", GENERATED, ids=lambda p: p.name)
def test_csv_matches_its_source(data: Path, tmp_path: Path) -> None:
    regenerated = tmp_path / data.name
    _load_source(data).write(regenerated)
    assert regenerated.read_bytes() == data.read_bytes(), (
        f"{data.name} is stale; run python benchmarks/data/{data.stem}_source.py"
    )
    assert not list(tmp_path.glob("*.tmp")), "a temporary file was left behind"


def test_hard_source_rejects_inconsistent_labels() -> None:
    source = _load_source()
    assert source.parse_labels("CM0 EF+") == {"Cardiomegaly": 0.0, "Pleural Effusion": 1.0}
    with pytest.raises(ValueError, match="No Finding"):
        source.parse_labels("NF AT?")
    with pytest.raises(ValueError, match="twice"):
        source.parse_labels("EF0 EF+")
    with pytest.raises(ValueError, match="unknown"):
        source.parse_labels("XX+")


def test_blind2_set_has_150_reports_in_id_order() -> None:
    table = read_label_file(BLIND2_SET, strict_columns=True)
    assert list(table.values.index) == [f"b{n:03d}" for n in range(1, 151)]


def test_blind2_source_rejects_inconsistent_labels() -> None:
    source = _load_source(BLIND2_SET)
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
