"""Input detection and streaming for every supported format, and the bad-input errors."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from extract_samples import REPORTS

from labelaudit.errors import InputError
from labelaudit.extract.readers import open_reports


def all_reports(source, size: int = 2) -> list:
    return [report for chunk in source.chunks(size) for report in chunk]


def test_csv_with_header_detects_text_and_id_columns(reports_csv: Path) -> None:
    source = open_reports(reports_csv)
    assert (source.format, source.text_columns, source.id_column) == (
        "csv",
        ("report",),
        "report_id",
    )
    assert source.total == 4
    assert all_reports(source) == [(i, rid, text) for i, (rid, text) in enumerate(REPORTS)]


def test_chunks_keep_order_and_size(reports_csv: Path) -> None:
    chunks = list(open_reports(reports_csv).chunks(3))
    assert [len(c) for c in chunks] == [3, 1]
    assert [row for chunk in chunks for row, _, _ in chunk] == [0, 1, 2, 3]


def test_headerless_chexpert_csv(chexpert_sample: Path) -> None:
    source = open_reports(chexpert_sample)
    assert source.format == "chexpert"
    assert source.id_column is None
    reports = all_reports(source)
    assert len(reports) == 4
    assert reports[0] == (
        0,
        None,
        "Heart size normal and lungs are clear. No edema or pneumonia. No effusion",
    )
    assert "\n\n2. Cardiomegaly without overt edema." in reports[1][2]  # quoted newlines kept


def test_parquet_column_names_match_loosely(reports_parquet: Path) -> None:
    source = open_reports(reports_parquet)
    assert (source.format, source.text_columns, source.id_column) == (
        "parquet",
        ("Report Text",),
        "id",
    )
    assert [rid for _, rid, _ in all_reports(source)] == ["r1", "r2", "r3", "r4"]


def test_jsonl(reports_jsonl: Path) -> None:
    source = open_reports(reports_jsonl)
    assert (source.format, source.text_columns, source.id_column) == (
        "jsonl",
        ("text",),
        "study_id",
    )
    assert all_reports(source, 3)[3] == (3, *REPORTS[3])


def test_mimic_folder_sorted_with_study_ids(mimic_folder: Path) -> None:
    source = open_reports(mimic_folder)
    assert source.format == "mimic"
    assert source.output_id_column == "study_id"
    reports = all_reports(source)
    assert [rid for _, rid, _ in reports] == ["50000001", "50000002", "50000003"]
    assert reports[0][2] == REPORTS[0][1] + "\n"


def test_findings_and_impression_columns_are_joined_with_titles(tmp_path: Path) -> None:
    path = tmp_path / "openi.csv"
    pd.DataFrame(
        {
            "uid": ["1", "2"],
            "findings": ["Heart normal.", ""],
            "impression": ["No effusion.", "Edema."],
        }
    ).to_csv(path, index=False)
    source = open_reports(path)
    assert source.text_columns == ("findings", "impression")
    assert [text for _, _, text in all_reports(source)] == [
        "FINDINGS: Heart normal.\n\nIMPRESSION: No effusion.",
        "IMPRESSION: Edema.",
    ]


def test_explicit_columns_and_missing_text_cells(tmp_path: Path) -> None:
    path = tmp_path / "notes.csv"
    path.write_text("acc,body_text,other\nA1,Effusion.,x\nA2,,y\nA3,NaN,z\n", encoding="utf-8")
    source = open_reports(path, text_column="body_text", id_column="acc")
    assert source.output_id_column == "report_id"  # 'acc' is not a name label readers know
    assert all_reports(source, 10) == [(0, "A1", "Effusion."), (1, "A2", ""), (2, "A3", "")]


def test_numeric_ids_keep_their_spelling(tmp_path: Path) -> None:
    path = tmp_path / "ids.csv"
    path.write_text("study_id,report\n007,a\n12,b\n", encoding="utf-8")
    assert [rid for _, rid, _ in all_reports(open_reports(path))] == ["007", "12"]


def test_keep_ids(reports_csv: Path) -> None:
    assert open_reports(reports_csv, keep_ids=True).ids == ["r1", "r2", "r3", "r4"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("latin1.csv", "report\nPleural effusion \xe9\n".encode("latin-1"), "not UTF-8 text"),
        ("junk.csv", b"report\nabc\x00\x01\x02def\n", "binary data (NUL byte"),
        ("empty.csv", b"", "the file is empty"),
        ("header_only.csv", b"report_id,report\n", "no reports found"),
        ("cols.csv", b"a,b,c\n1,2,3\n", "no report text column found"),
        ("dups.csv", b"id,report\nx,a\ny,b\nx,c\ny,d\nz,e\n", "duplicate ids in column 'id': x, y"),
        ("noid.csv", b"id,report\nx,a\n,b\n", "empty id in column 'id' at row(s) 1"),
        ("bad.jsonl", b'{"text": "a"}\nnot json\n', "line 2 is not valid JSON"),
        ("list.jsonl", b'["a"]\n', "line 1 is not a JSON object"),
        ("notext.jsonl", b'{"id": 1, "value": "a"}\n', "columns are: 'id', 'value'"),
        ("broken.parquet", b"PAR1 this is not parquet", "cannot be read"),
        # pandas would shift these rows silently; an unquoted comma must be an error.
        ("shift.csv", b"report_id,report\n1,Effusion, small\n2,ok\n", "line 2 has 3 fields"),
        ("headerless.csv", b"Clear lungs.\nSmall effusion, left\n", "line 2 has 2 fields"),
    ],
)
def test_bad_input_is_one_clear_error(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError) as error:
        open_reports(path)
    text = str(error.value)
    assert message in text
    assert text.startswith(str(path))
    assert "\n" not in text


def test_missing_file_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        open_reports(tmp_path / "missing.csv")
    with pytest.raises(InputError, match=r"no \.txt reports"):
        open_reports(tmp_path)


def test_unknown_explicit_columns_list_the_columns(reports_csv: Path) -> None:
    with pytest.raises(
        InputError, match="text column 'body' not found; columns are: 'report_id', 'report'"
    ):
        open_reports(reports_csv, text_column="body")
    with pytest.raises(InputError, match="id column 'acc' not found"):
        open_reports(reports_csv, id_column="acc")


def test_binary_report_in_mimic_folder_names_the_file(mimic_folder: Path) -> None:
    bad = mimic_folder / "p10" / "p10000001" / "s50000009.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    source = open_reports(mimic_folder)
    with pytest.raises(InputError, match=r"s50000009\.txt: binary data"):
        all_reports(source)


def test_jsonl_null_and_missing_text_are_empty(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    records = [{"id": 1, "report": None}, {"id": 2}, {"id": 3, "report": "Edema."}]
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n\n", encoding="utf-8")
    assert all_reports(open_reports(path), 5) == [(0, "1", ""), (1, "2", ""), (2, "3", "Edema.")]
