"""Table 2 numbers on a hand-made label file, the Disagreement column, CSV/Markdown output."""

from __future__ import annotations

from pathlib import Path

import pytest

from labelaudit.distribution import distribution_paths, distribution_table, label_distribution
from labelaudit.errors import LabelFileError
from labelaudit.labelfile import read_label_file
from labelaudit.observations import OBSERVATIONS
from labelaudit.tables import to_csv, to_markdown

HEADER = "study_id,Path,No Finding,Cardiomegaly,Edema,Pleural Effusion\n"
# 5 reports. Cardiomegaly: 2 positive, 1 negative, 1 uncertain. Edema: 1/3/0.
LABELS = HEADER + (
    "s1,a.jpg,1.0,,0.0,\n"
    "s2,b.jpg,,1.0,1.0,1.0\n"
    "s3,c.jpg,,1.0,0.0,-1.0\n"
    "s4,d.jpg,,0.0,0.0,\n"
    "s5,e.jpg,,-1.0,,0.0\n"
)
# Same reports in another order; differs on s2 Edema (1.0 vs 0.0) and s4 Pleural Effusion
# (blank vs 0.0: blank is a value of its own) and s1 No Finding (1.0 vs blank).
OTHER = HEADER + (
    "s5,e.jpg,,-1.0,,0.0\n"
    "s4,d.jpg,,0.0,0.0,0.0\n"
    "s3,c.jpg,,1.0,0.0,-1.0\n"
    "s2,b.jpg,,1.0,0.0,1.0\n"
    "s1,a.jpg,,,0.0,\n"
)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def labels(tmp_path: Path) -> Path:
    return write(tmp_path / "labels.csv", LABELS)


def rows_by_name(distribution) -> dict:
    return {row.observation: row for row in distribution.rows}


def test_counts_per_observation(labels: Path) -> None:
    result = label_distribution(read_label_file(labels))
    assert result.reports == 5
    rows = rows_by_name(result)
    assert list(rows) == ["No Finding", "Cardiomegaly", "Edema", "Pleural Effusion"]
    assert (
        rows["Cardiomegaly"].positive,
        rows["Cardiomegaly"].negative,
        rows["Cardiomegaly"].uncertain,
    ) == (2, 1, 1)
    assert (rows["Edema"].positive, rows["Edema"].negative, rows["Edema"].uncertain) == (1, 3, 0)
    assert (rows["No Finding"].positive, rows["No Finding"].negative) == (1, None)
    assert not result.has_disagreement


def test_markdown_and_csv(labels: Path) -> None:
    result = label_distribution(read_label_file(labels))
    markdown = to_markdown(distribution_table(result))
    assert "| Observation | Positive | Negative | Uncertain |" in markdown
    assert "| No Finding | 1 (20.0%) | - | - |" in markdown
    assert "| Cardiomegaly | 2 (40.0%) | 1 (20.0%) | 1 (20.0%) |" in markdown
    csv_lines = to_csv(distribution_table(result)).splitlines()
    assert (
        csv_lines[0]
        == "observation,reports,positive,positive_pct,negative,negative_pct,uncertain,uncertain_pct"
    )
    assert csv_lines[3] == "Edema,5,1,20.00,3,60.00,0,0.00"


def test_disagreement_against_another_file_by_id(labels: Path, tmp_path: Path) -> None:
    other = write(tmp_path / "other.csv", OTHER)
    result = label_distribution(read_label_file(labels), read_label_file(other))
    rows = rows_by_name(result)
    assert {name: row.disagreement for name, row in rows.items()} == {
        "No Finding": 1,
        "Cardiomegaly": 0,
        "Edema": 1,
        "Pleural Effusion": 1,
    }
    assert "| Edema | 1 (20.0%) | 3 (60.0%) | 0 (0.0%) | 1 (20.0%) |" in to_markdown(
        distribution_table(result)
    )


def test_mismatched_ids_are_a_clear_error(labels: Path, tmp_path: Path) -> None:
    other = write(tmp_path / "other.csv", OTHER.replace("s3,", "s9,"))
    with pytest.raises(
        LabelFileError,
        match=r"different reports: 1 ids missing from .*other\.csv \(s3\); 1 ids only in .*\(s9\)",
    ):
        label_distribution(read_label_file(labels), read_label_file(other))


def test_row_count_mismatch_without_ids(tmp_path: Path) -> None:
    body = "Reports,Edema\na,1.0\nb,0.0\n"
    a = write(tmp_path / "a.csv", body)
    b = write(tmp_path / "b.csv", body + "c,\n")
    with pytest.raises(LabelFileError, match=r"has 3 rows but .* has 2"):
        label_distribution(read_label_file(a), read_label_file(b))


def test_cli_prints_the_table_and_writes_csv_and_markdown(
    cli, labels: Path, tmp_path: Path
) -> None:
    other = write(tmp_path / "other.csv", OTHER)
    out = tmp_path / "tables"
    result = cli("distribution", labels, "--against", other, "--output-dir", out)
    assert result.exit_code == 0, result.output
    assert "Disagreement" in result.stdout
    assert "2 (40.0%)" in result.stdout
    assert sorted(p.name for p in out.iterdir()) == [
        "labels_distribution.csv",
        "labels_distribution.md",
    ]
    assert "| Pleural Effusion | 1 (20.0%) | 1 (20.0%) | 1 (20.0%) | 1 (20.0%) |" in (
        out / "labels_distribution.md"
    ).read_text(encoding="utf-8")


def test_cli_on_a_bad_label_file_is_one_line(cli, tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.csv", "Reports,Edema\na,2.0\n")
    result = cli("distribution", bad)
    assert result.exit_code == 1
    assert "values must be 1, 0, -1 or blank" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "bad_distribution.csv").exists()


def test_all_observations_in_canonical_order(tmp_path: Path) -> None:
    header = "Reports," + ",".join(reversed(OBSERVATIONS)) + "\n"
    path = write(tmp_path / "full.csv", header + "x" + ",1.0" * len(OBSERVATIONS) + "\n")
    result = label_distribution(read_label_file(path))
    assert [row.observation for row in result.rows] == list(OBSERVATIONS)


def test_table_paths_never_clash_with_a_dotted_label_file(tmp_path: Path) -> None:
    assert distribution_paths(tmp_path / "run.v2.csv") == (
        tmp_path / "run.v2_distribution.csv",
        tmp_path / "run.v2_distribution.md",
    )
    assert distribution_paths(tmp_path / "a.csv", tmp_path / "out")[1] == (
        tmp_path / "out" / "a_distribution.md"
    )


def test_ids_on_one_side_only_is_a_clear_error(labels: Path, tmp_path: Path) -> None:
    no_ids = write(tmp_path / "noids.csv", "Reports,Edema\na,1.0\n")
    with pytest.raises(LabelFileError, match=r"has report ids \('study_id'\) but .* has none"):
        label_distribution(read_label_file(no_ids), read_label_file(labels))
