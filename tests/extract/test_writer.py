"""The labels file is byte-for-byte the CheXpert labeler's format; all files commit together."""

from __future__ import annotations

import csv
import io
import json
import math
from pathlib import Path

import pytest
from extract_samples import REFERENCE_DIR

from labelaudit.extract.readers import open_reports
from labelaudit.extract.records import RowResult
from labelaudit.extract.writer import LabelWriter, meta_path_for
from labelaudit.labelfile import parse_label_value
from labelaudit.observations import OBSERVATIONS

RULES = {"name": "test-rules", "version": "1.2", "hash": "abc123"}


def reference_results() -> list[RowResult]:
    """The reference labeler's values for its four sample reports, as worker results."""
    lines = (REFERENCE_DIR / "labeled_reports.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(lines)))[1:]
    return [RowResult(tuple(parse_label_value(v) for v in row[1:]), "ok") for row in rows]


def test_output_matches_the_reference_labeler_byte_for_byte(
    chexpert_sample: Path, tmp_path: Path
) -> None:
    source = open_reports(chexpert_sample)
    output = tmp_path / "labeled.csv"
    with LabelWriter(output, id_column=None, rules=RULES) as writer:
        chunks = list(source.chunks(3))
        results = reference_results()
        writer.write(chunks[0], results[:3])
        writer.write(chunks[1], results[3:])
        writer.finish({})
    assert output.read_bytes() == (REFERENCE_DIR / "labeled_reports.csv").read_bytes()


def test_id_column_first_and_meta_lists_unlabeled(reports_csv: Path, tmp_path: Path) -> None:
    source = open_reports(reports_csv)
    chunk = next(source.chunks(4))
    blank = (math.nan,) * len(OBSERVATIONS)
    positive = (1.0,) + (math.nan,) * (len(OBSERVATIONS) - 1)
    evidence_record = {"observation": "Pleural Effusion", "label": 1.0, "start": 20, "end": 36}
    results = [
        RowResult(positive, "ok", (evidence_record,)),
        RowResult(blank, "empty"),
        RowResult(blank, "too_long"),
        RowResult(positive, "ok"),
    ]
    output = tmp_path / "out" / "labels.csv"
    evidence = tmp_path / "out" / "evidence.jsonl"
    with LabelWriter(output, id_column="report_id", evidence=evidence, rules=RULES) as writer:
        writer.write(chunk, results)
        writer.finish({"input": str(reports_csv)})
    lines = output.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "report_id,Reports," + ",".join(OBSERVATIONS)
    assert lines[1] == "r1,No pneumothorax. Small left pleural effusion.,1.0" + "," * 13
    assert lines[2].startswith('r2,"IMPRESSION: Cardiomegaly, with mild pulmonary edema.",,')
    meta = json.loads(meta_path_for(output).read_text(encoding="utf-8"))
    assert meta["rules"] == RULES
    assert meta["counts"] == {"empty": 1, "ok": 2, "too_long": 1}
    assert meta["unlabeled"] == [
        {"row": 1, "report_id": "r2", "reason": "empty", "detail": None},
        {"row": 2, "report_id": "r3", "reason": "too_long", "detail": None},
    ]
    records = [json.loads(line) for line in evidence.read_text(encoding="utf-8").splitlines()]
    assert records == [
        {
            **evidence_record,
            "row": 0,
            "report_id": "r1",
            "rules_version": "1.2",
            "rules_hash": "abc123",
        }
    ]
    assert writer.summary.counts.counts[0].tolist() == [2, 0, 0]  # No Finding positive twice


def test_a_failure_leaves_no_file_behind(reports_csv: Path, tmp_path: Path) -> None:
    chunk = next(open_reports(reports_csv).chunks(4))
    output = tmp_path / "labels.csv"
    evidence = tmp_path / "evidence.jsonl"
    with (
        pytest.raises(KeyError),
        LabelWriter(output, id_column="report_id", evidence=evidence) as writer,
    ):
        writer.write(chunk[:1], [RowResult((0.0,) * 14, "ok")])
        raise KeyError("boom")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports.csv"]


def test_an_existing_output_survives_a_failed_run(reports_csv: Path, tmp_path: Path) -> None:
    output = tmp_path / "labels.csv"
    output.write_text("previous run\n", encoding="utf-8")
    with pytest.raises(KeyError), LabelWriter(output, id_column=None):
        raise KeyError("boom")
    assert output.read_text(encoding="utf-8") == "previous run\n"
