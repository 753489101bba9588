"""``run_extract`` from Python: the public entry point, its inputs, options and result."""

from __future__ import annotations

import json
from pathlib import Path

from labelaudit.extract import (
    ExtractInputs,
    ExtractOptions,
    ExtractResult,
    LabelerOptions,
    open_reports,
    run_extract,
)

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_run_extract_labels_every_report(tmp_path):
    done: list[int] = []
    source = open_reports(EXAMPLES / "reports.csv")
    result = run_extract(
        ExtractInputs(source),
        tmp_path / "labels.csv",
        ExtractOptions(
            labeler=LabelerOptions(sections="all"),
            chunk_size=40,
            evidence=tmp_path / "evidence.jsonl",
        ),
        progress=done.append,
    )
    assert isinstance(result, ExtractResult) and result.output == tmp_path / "labels.csv"
    assert result.summary.reports == source.total == sum(done) and done[0] == 40
    assert result.evidence == tmp_path / "evidence.jsonl" and result.evidence.stat().st_size
    meta = json.loads(result.meta.read_text())
    assert meta["options"]["sections"] == "all" and meta["options"]["chunk_size"] == 40


def test_against_counts_disagreements(tmp_path):
    first = run_extract(
        ExtractInputs(open_reports(EXAMPLES / "reports.csv")), tmp_path / "a.csv", ExtractOptions()
    )
    again = run_extract(
        ExtractInputs(open_reports(EXAMPLES / "reports.csv", keep_ids=True), against=first.output),
        tmp_path / "b.csv",
        ExtractOptions(),
    )
    assert again.distribution.has_disagreement
    assert all(row.disagreement == 0 for row in again.distribution.rows)
