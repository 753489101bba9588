"""The error audit: kinds, order, evidence lookup, errors.csv."""

from __future__ import annotations

import math

import pytest

from labelaudit.labelfile import read_label_file
from labelaudit.validation.error_audit import (
    ERROR_KINDS,
    EvidenceIndex,
    audit_errors,
    count_by_kind,
    error_kind,
    errors_csv,
)
from labelaudit.validation.join import align

NAN = math.nan


@pytest.mark.parametrize(
    ("observation", "gold", "predicted", "kind"),
    [
        ("Edema", 1.0, NAN, "missed mention"),
        ("Edema", 0.0, NAN, "missed mention"),
        ("Edema", -1.0, NAN, "missed mention"),
        ("Edema", NAN, 1.0, "false mention"),
        ("Edema", NAN, 0.0, "false mention"),
        ("Edema", 1.0, 0.0, "wrong negation"),
        ("Edema", 0.0, 1.0, "wrong negation"),
        ("Edema", 1.0, -1.0, "wrong uncertainty"),
        ("Edema", -1.0, 0.0, "wrong uncertainty"),
        ("No Finding", 1.0, NAN, "No Finding disagreement"),
        ("No Finding", NAN, 1.0, "No Finding disagreement"),
        ("Edema", 1.0, 1.0, None),
        ("Edema", NAN, NAN, None),
    ],
)
def test_error_kinds(observation, gold, predicted, kind):
    assert error_kind(observation, gold, predicted) == kind


def mixed(data):
    gold = read_label_file(data / "gold.csv", strict_columns=True)
    pred = read_label_file(data / "pred_mixed.csv", strict_columns=True)
    return align(gold, pred)


def test_rows_are_sorted_by_observation_then_kind(data):
    rows = audit_errors(mixed(data))
    assert [(r.observation, r.kind, r.report_id) for r in rows] == [
        ("No Finding", "No Finding disagreement", "r01"),
        ("Cardiomegaly", "missed mention", "r07"),
        ("Cardiomegaly", "false mention", "r10"),
        ("Edema", "missed mention", "r02"),
        ("Edema", "wrong uncertainty", "r05"),
        ("Pneumothorax", "wrong negation", "r06"),
        ("Pleural Effusion", "wrong uncertainty", "r03"),
        ("Pleural Other", "false mention", "r09"),
        ("Support Devices", "wrong negation", "r08"),
    ]
    assert count_by_kind(rows) == dict(zip(ERROR_KINDS, [2, 2, 2, 2, 1], strict=True))
    assert rows[0].report.startswith("Heart size is normal.")


def record(report_id, observation, text, sentence, cls, trigger=None, start=0, **extra):
    return {
        "report_id": report_id,
        "observation": observation,
        "text": text,
        "sentence": sentence,
        "class": cls,
        "label": {"positive": 1.0, "negative": 0.0, "uncertain": -1.0}.get(cls),
        "trigger": trigger,
        "trigger_rule": "triggers/negation.tsv:29" if trigger else None,
        "mention_rule": f"mentions/{observation.lower()}.txt:1",
        "start": start,
        "end": start + len(text),
        **extra,
    }


def test_evidence_is_attached_and_flattened_for_the_csv(data):
    sentence = "Interval removal of the right PICC line."
    removal = "Interval removal of"
    evidence = EvidenceIndex(
        [
            record("r08", "Support Devices", "line", sentence, "negative", removal, 35),
            record("r08", "Support Devices", "PICC", sentence, "negative", removal, 30),
            record("r08", "Pleural Effusion", "effusion", "No effusion.", "negative", "No", 44),
        ]
    )
    rows = audit_errors(mixed(data), evidence)
    devices = next(r for r in rows if r.observation == "Support Devices")
    assert [e["text"] for e in devices.evidence] == ["PICC", "line"]  # in text order
    flat = devices.to_record()
    assert flat["sentence"] == sentence  # shared by both mentions: shown once
    assert flat["mention"] == "PICC | line"
    assert flat["trigger"] == "Interval removal of | Interval removal of"
    assert flat["gold"] == "0.0" and flat["predicted"] == "1.0"
    assert next(r for r in rows if r.report_id == "r02").evidence == ()


def test_no_finding_evidence_is_what_rules_it_out():
    index = EvidenceIndex(
        [
            record("a", "Edema", "edema", "Mild edema.", "positive"),
            record("a", "Support Devices", "tube", "ET tube.", "positive"),
            record("a", "Pneumothorax", "pneumothorax", "No pneumothorax.", "negative"),
        ]
    )
    assert [e["text"] for e in index.for_error("a", "No Finding")] == ["edema"]


def test_evidence_without_ids_is_keyed_by_row():
    index = EvidenceIndex([{**record(None, "Edema", "edema", "Edema.", "positive"), "row": 3}])
    assert "3" in index
    assert index.for_error("3", "Edema")[0]["text"] == "edema"


def test_errors_csv_matches_golden(data, golden):
    golden("mixed_errors.csv", errors_csv(audit_errors(mixed(data))))
