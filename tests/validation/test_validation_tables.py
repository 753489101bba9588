"""Golden-file tests of every table on the hand-written gold set (tests/validation/data).

The gold set has 12 reports and annotates 7 observations: every class occurs, Support
Devices has no uncertain label (an empty class), Pleural Other is blank everywhere, and
seven observations are not annotated. Three labelers are scored on it: a perfect one, an
always-wrong one (every value rotated 1 -> 0 -> -1 -> blank -> 1) and a realistic mix.
"""

from __future__ import annotations

import json
import math

import pytest

from labelaudit.labelfile import read_label_file
from labelaudit.tables import to_csv, to_json, to_markdown
from labelaudit.validation.evaluate import evaluate
from labelaudit.validation.join import align
from labelaudit.validation.tables import validation_tables


def tables_for(data, pred_name: str, n_resamples: int = 200):
    gold = read_label_file(data / "gold.csv", strict_columns=True)
    pred = read_label_file(data / pred_name, strict_columns=True)
    evaluation = evaluate(align(gold, pred), n_resamples=n_resamples, seed=0)
    return {t.name: t for t in validation_tables(evaluation)}


@pytest.mark.parametrize("table", ["mention", "classes", "confusion"])
def test_mixed_labeler_tables_match_golden_files(data, golden, table):
    rendered = tables_for(data, "pred_mixed.csv")[table]
    golden(f"mixed_{table}.md", to_markdown(rendered))
    golden(f"mixed_{table}.csv", to_csv(rendered))
    golden(f"mixed_{table}.json", to_json(rendered, {"case": "mixed"}))


@pytest.mark.parametrize("labeler", ["perfect", "wrong"])
def test_perfect_and_wrong_labeler_tables_match_golden_files(data, golden, labeler):
    name = "gold.csv" if labeler == "perfect" else "pred_wrong.csv"
    for table in tables_for(data, name).values():
        golden(f"{labeler}_{table.name}.md", to_markdown(table))


def test_perfect_labeler_scores_one_and_shows_undefined_classes(data):
    tables = tables_for(data, "gold.csv")
    for record in tables["mention"].records:
        if record["observation"] != "Pleural Other":  # blank everywhere: F1 undefined
            assert record["f1"] == 1.0
    other = next(r for r in tables["mention"].records if r["observation"] == "Pleural Other")
    assert math.isnan(other["f1"]) and other["positive_cases"] == 0
    devices = next(r for r in tables["classes"].records if r["observation"] == "Support Devices")
    assert math.isnan(devices["uncertain_f1"]) and devices["uncertain_support"] == 0
    assert devices["kappa"] == 1.0
    assert any("— = undefined" in note for note in tables["classes"].notes)


def test_always_wrong_labeler_scores_zero(data):
    tables = tables_for(data, "pred_wrong.csv")
    for record in tables["classes"].records[:-2]:
        for name in ("positive_f1", "negative_f1", "uncertain_f1", "blank_f1"):
            assert record[name] == 0.0 or math.isnan(record[name])
        assert record["kappa"] <= 0.0
    confusion = tables["confusion"].records
    assert all(r[f"pred_{r['gold']}"] == 0 for r in confusion)  # nothing on the diagonal


def test_json_marks_undefined_as_null_and_carries_notes(data):
    table = tables_for(data, "gold.csv")["mention"]
    document = json.loads(to_json(table, {"seed": 0}))
    other = next(r for r in document["rows"] if r["observation"] == "Pleural Other")
    assert other["f1"] is None and other["f1_ci_low"] is None
    assert document["meta"] == {"seed": 0}
    assert document["notes"]


def test_without_bootstrap_there_are_no_interval_columns(data):
    table = tables_for(data, "pred_mixed.csv", n_resamples=0)["mention"]
    assert "f1_ci_low" not in table.records[0]
    assert "(" not in table.rows[0][3]
    assert not any("bootstrap" in note for note in table.notes)
