"""``labelaudit extract`` end to end through typer's CliRunner, with the real labeler."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest
from extract_samples import REFERENCE_DIR, REPORTS

from labelaudit.extract.runner import LabelerOptions
from labelaudit.labelfile import read_label_file
from labelaudit.observations import OBSERVATIONS

HEADER = ",".join(OBSERVATIONS)


@pytest.fixture(scope="module")
def labeler():
    return LabelerOptions().build()


@pytest.fixture(autouse=True)
def reuse_labeler(labeler, monkeypatch: pytest.MonkeyPatch) -> None:
    """Building the Labeler takes about a second; build the default one once per module."""
    build = LabelerOptions.build

    def cached(options: LabelerOptions):
        return labeler if options == LabelerOptions() else build(options)

    monkeypatch.setattr(LabelerOptions, "build", cached)


@pytest.fixture(scope="session")
def run(cli):
    """`labelaudit extract ARGS`: never a traceback."""

    def checked(*args: object):
        result = cli("extract", *args)
        assert "Traceback" not in result.output
        return result

    return checked


def data_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def test_headerless_chexpert_input_gives_the_reference_format(run, chexpert_sample: Path) -> None:
    result = run(chexpert_sample, "--quiet")
    assert result.exit_code == 0, result.output
    output = chexpert_sample.with_name("sample_reports_labels.csv")
    reference = (REFERENCE_DIR / "labeled_reports.csv").read_text(encoding="utf-8")
    ours = output.read_text(encoding="utf-8")
    # Same header, same quoting of the report text, same value spellings as the reference.
    assert ours.splitlines()[0] == reference.splitlines()[0] == "Reports," + HEADER
    assert (
        read_label_file(output).reports.tolist()
        == read_label_file(REFERENCE_DIR / "labeled_reports.csv").reports.tolist()
    )
    cells = {cell for line in ours.splitlines()[1:] for cell in line.rsplit(",", 14)[1:]}
    assert cells <= {"1.0", "0.0", "-1.0", ""}
    assert ours.endswith("\n") and not ours.endswith("\n\n")


@pytest.mark.parametrize("fixture", ["reports_csv", "reports_jsonl", "reports_parquet"])
def test_each_format_with_ids(
    run, fixture: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    source = request.getfixturevalue(fixture)
    output = tmp_path / "out" / "labels.csv"
    result = run(source, "--output", output, "--quiet")
    assert result.exit_code == 0, result.output
    table = read_label_file(output)
    assert list(table.values.index) == [rid for rid, _ in REPORTS]
    assert data_lines(output)[0].split(",")[:2] == [table.id_column, "Reports"]
    values = table.values
    assert values.loc["r1", "Pneumothorax"] == 0.0
    assert values.loc["r1", "Pleural Effusion"] == 1.0
    assert values.loc["r2", "Cardiomegaly"] == 1.0
    assert values.loc["r3", "No Finding"] == 1.0
    assert values.loc["r4", "Consolidation"] == 1.0


def test_mimic_folder(run, mimic_folder: Path) -> None:
    result = run(mimic_folder, "--quiet")
    assert result.exit_code == 0, result.output
    output = mimic_folder.parent / "files_labels.csv"
    table = read_label_file(output)
    assert table.id_column == "study_id"
    assert list(table.values.index) == ["50000001", "50000002", "50000003"]
    assert table.values.loc["50000001", "Pleural Effusion"] == 1.0


def test_evidence_meta_and_distribution_files(run, reports_csv: Path, tmp_path: Path) -> None:
    output = tmp_path / "labels.csv"
    evidence = tmp_path / "evidence.jsonl"
    result = run(reports_csv, "-o", output, "--evidence", evidence)
    assert result.exit_code == 0, result.output
    assert "Label distribution over 4 reports" in result.stdout
    meta = json.loads((tmp_path / "labels.csv.meta.json").read_text(encoding="utf-8"))
    rules = meta["rules"]
    assert set(rules) == {"name", "version", "hash"} and len(rules["hash"]) >= 12
    assert meta["counts"] == {"ok": 4} and meta["unlabeled"] == []
    records = [json.loads(line) for line in data_lines(evidence)]
    assert len(records) == meta["mentions"] > 0
    effusion = next(r for r in records if r["observation"] == "Pleural Effusion")
    assert (effusion["row"], effusion["report_id"], effusion["label"]) == (0, "r1", 1.0)
    assert (effusion["rules_version"], effusion["rules_hash"]) == (rules["version"], rules["hash"])
    text = REPORTS[0][1]
    assert text[effusion["start"] : effusion["end"]].lower() == effusion["text"].lower()
    markdown = (tmp_path / "labels_distribution.md").read_text(encoding="utf-8")
    assert "| Cardiomegaly | 1 (25.0%) |" in markdown
    assert (tmp_path / "labels_distribution.csv").exists()


def test_empty_and_huge_reports_are_kept_blank_with_warnings(run, tmp_path: Path) -> None:
    source = tmp_path / "reports.csv"
    huge = "Small left pleural effusion. " * 40_000  # over 1 MB
    rows = [("a", "No pneumothorax."), ("b", ""), ("c", "NaN"), ("d", huge)]
    source.write_text(
        "report_id,report\n" + "".join(f"{i},{t}\n" for i, t in rows), encoding="utf-8"
    )
    result = run(source)
    assert result.exit_code == 0, result.output
    assert "row 1 (id b)" in result.stderr and "row 3 (id d)" in result.stderr
    assert "3 unlabeled reports in all" in result.stderr
    table = read_label_file(tmp_path / "reports_labels.csv")
    assert list(table.values.index) == ["a", "b", "c", "d"]
    assert table.values.loc[["b", "c", "d"]].isna().all().all()
    assert table.values.loc["a", "Pneumothorax"] == 0.0
    meta = json.loads((tmp_path / "reports_labels.csv.meta.json").read_text(encoding="utf-8"))
    assert [(u["report_id"], u["reason"]) for u in meta["unlabeled"]] == [
        ("b", "empty"),
        ("c", "empty"),
        ("d", "too_long"),
    ]


def test_warnings_are_capped(run, tmp_path: Path) -> None:
    source = tmp_path / "blank.csv"
    source.write_text("report\n" + '""\n' * 25 + "Edema.\n", encoding="utf-8")
    result = run(source, "--quiet")
    assert result.exit_code == 0, result.output
    assert result.stderr.count("left unlabeled") == 10
    assert "25 unlabeled reports in all (15 more not shown)" in result.stderr


def test_two_workers_keep_input_order(run, tmp_path: Path) -> None:
    source = tmp_path / "many.csv"
    texts = [text for _, text in REPORTS] * 5
    source.write_text(
        "id,report\n" + "".join(f'{i},"{t}"\n' for i, t in enumerate(texts)), encoding="utf-8"
    )
    output = tmp_path / "labels.csv"
    result = run(source, "-o", output, "--workers", 2, "--chunk-size", 3, "--quiet")
    assert result.exit_code == 0, result.output
    table = read_label_file(output)
    assert list(table.values.index) == [str(i) for i in range(len(texts))]
    assert table.reports.tolist() == texts
    effusion = table.values["Pleural Effusion"].tolist()
    assert effusion[::4] == [1.0] * 5  # every copy of report r1, wherever its chunk ran
    assert all(math.isnan(v) for v in effusion[2::4])


def test_against_adds_disagreement(run, reports_csv: Path, tmp_path: Path) -> None:
    first = tmp_path / "first.csv"
    assert run(reports_csv, "-o", first, "--quiet").exit_code == 0
    other = tmp_path / "other.csv"
    frame = pd.read_csv(first, dtype=str, keep_default_na=False)
    assert frame.loc[0, "Pleural Effusion"] == "1.0"
    frame.loc[0, "Pleural Effusion"] = "0.0"  # r1: effusion positive -> negative
    frame.iloc[::-1].to_csv(other, index=False)  # same ids, another order
    result = run(reports_csv, "-o", tmp_path / "second.csv", "--against", other)
    assert result.exit_code == 0, result.output
    assert "Disagreement" in result.stdout
    markdown = (tmp_path / "second_distribution.md").read_text(encoding="utf-8")
    assert "| Pleural Effusion | 1 (25.0%) | 0 (0.0%) | 0 (0.0%) | 1 (25.0%) |" in markdown


def test_against_with_other_reports_fails_before_labeling(
    run, reports_csv: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.csv"
    other.write_text(f"report_id,Reports,{HEADER}\nzz,x" + "," * 14 + "\n", encoding="utf-8")
    output = tmp_path / "labels.csv"
    result = run(reports_csv, "-o", output, "--against", other)
    assert result.exit_code == 1
    assert "label different reports" in result.output
    assert not output.exists()


def bad_inputs(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    def write(name: str, data: bytes) -> Path:
        path = tmp_path / name
        path.write_bytes(data)
        return path

    return {
        "missing": (tmp_path / "nope.csv", "no such file"),
        "encoding": (
            write("latin.csv", "report\nEpanchement \xe9\n".encode("latin-1")),
            "not UTF-8",
        ),
        "no text column": (write("cols.csv", b"a,b\n1,2\n"), "columns are: 'a', 'b'"),
        "duplicate ids": (write("dup.csv", b"id,report\n1,a\n1,b\n"), "duplicate ids"),
        "binary junk": (write("junk.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "binary data"),
    }


@pytest.mark.parametrize(
    "case", ["missing", "encoding", "no text column", "duplicate ids", "binary junk"]
)
def test_bad_input_one_line_no_output(run, case: str, tmp_path: Path) -> None:
    path, message = bad_inputs(tmp_path)[case]
    before = sorted(p.name for p in tmp_path.iterdir())
    result = run(path, "--evidence", tmp_path / "ev.jsonl")
    assert result.exit_code == 1
    assert message in result.stderr
    assert (
        result.stderr.strip().startswith("error:") and len(result.stderr.strip().splitlines()) == 1
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_bad_options_are_one_line(run, reports_csv: Path, tmp_path: Path) -> None:
    result = run(reports_csv, "--sections", ",", "-o", tmp_path / "x.csv")
    assert result.exit_code == 1 and "error:" in result.stderr
    assert not (tmp_path / "x.csv").exists()
    result = run(reports_csv, "--rules", tmp_path / "no_rules")
    assert result.exit_code == 1 and "no such rule folder" in result.stderr
    result = run(reports_csv, "-o", reports_csv)
    assert result.exit_code == 1 and "refusing to overwrite the input" in result.stderr
