"""Small report files in every supported format, written fresh into tmp_path."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from extract_samples import REFERENCE_DIR, REPORTS

from labelaudit.extract.runner import LabelerOptions


@pytest.fixture(scope="module")
def labeler():
    return LabelerOptions().build()


@pytest.fixture
def reuse_labeler(labeler, monkeypatch: pytest.MonkeyPatch):
    """One labeler for every CLI call of a module: building one costs about a second."""
    build = LabelerOptions.build
    monkeypatch.setattr(
        LabelerOptions, "build", lambda o: labeler if o == LabelerOptions() else build(o)
    )
    return labeler


@pytest.fixture
def reports_csv(tmp_path: Path) -> Path:
    path = tmp_path / "reports.csv"
    pd.DataFrame(REPORTS, columns=["report_id", "report"]).to_csv(path, index=False)
    return path


@pytest.fixture
def reports_jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "reports.jsonl"
    lines = [json.dumps({"study_id": rid, "text": text}) for rid, text in REPORTS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def reports_parquet(tmp_path: Path) -> Path:
    path = tmp_path / "reports.parquet"
    pd.DataFrame(REPORTS, columns=["id", "Report Text"]).to_parquet(path)
    return path


@pytest.fixture
def mimic_folder(tmp_path: Path) -> Path:
    """files/pXX/pSUBJECT/sSTUDY.txt, written out of order to check the sorted walk."""
    root = tmp_path / "files"
    layout = [
        ("p11/p11000002/s50000003.txt", REPORTS[2][1]),
        ("p10/p10000001/s50000002.txt", REPORTS[1][1]),
        ("p10/p10000001/s50000001.txt", REPORTS[0][1]),
    ]
    for relative, text in layout:
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text + "\n", encoding="utf-8")
    return root


@pytest.fixture
def chexpert_sample(tmp_path: Path) -> Path:
    """The CheXpert labeler's own headerless one-column input, copied beside tmp outputs."""
    path = tmp_path / "sample_reports.csv"
    path.write_bytes((REFERENCE_DIR / "sample_reports.csv").read_bytes())
    return path
