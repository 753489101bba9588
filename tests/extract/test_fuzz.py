"""Fuzzing ``extract``, ``distribution`` and ``validate`` through the CLI: random bytes,
random CSV dialects and random Unicode. Every run ends in exit 0 with every input row in the
output, or exit 1 with one line and no output file; never a traceback.

Small example counts keep this to seconds; the point is the variety, not the volume."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from labelaudit.csvfile import csv_writer
from labelaudit.extract.readers import MISSING_TEXT
from labelaudit.labelfile import read_label_file
from labelaudit.observations import OBSERVATIONS

FUZZ = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
DIALECTS = st.fixed_dictionaries(
    {
        "delimiter": st.sampled_from([",", ";", "\t", "|"]),
        "quoting": st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC]),
        "lineterminator": st.sampled_from(["\n", "\r\n"]),
    }
)
# Any Unicode but surrogates (not encodable) and NUL (binary: refused, tested apart).
TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=60)
VALUES = st.sampled_from(["1.0", "0.0", "-1.0", "", "1", "0", "-1", "NaN"])


def label_rows(max_size: int) -> st.SearchStrategy[list]:
    """Rows of a label file: (report text, 14 label cells)."""
    return st.lists(st.tuples(TEXT, st.lists(VALUES, min_size=14, max_size=14)), max_size=max_size)


@pytest.fixture(autouse=True)
def one_labeler(reuse_labeler, monkeypatch: pytest.MonkeyPatch) -> None:
    """validate builds its Labeler directly: give it the shared one too (conftest.py)."""
    import labelaudit.labeler as labeler_module

    monkeypatch.setattr(labeler_module, "Labeler", lambda **_: reuse_labeler)


@pytest.fixture(scope="session")
def run(cli):
    """`labelaudit ARGS`: exit 0, or exit 1 with one line on stderr; never a traceback."""

    def checked(*args: object):
        result = cli(*args)
        assert "Traceback" not in result.output, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(
            result.exception
        )
        assert result.exit_code in (0, 1), result.output
        if result.exit_code == 1:
            lines = result.stderr.strip().splitlines()
            assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
        return result

    return checked


def write_csv(path: Path, header: list[str], rows: list[list[str]], dialect: dict) -> None:
    # csv leaves a bare "\r" unquoted with a "\n" line end: "a\r\n" is then an ordinary CRLF
    # line, and no reader can know the "\r" was text. Such a file is not a test of us.
    ambiguous = dialect["quoting"] == csv.QUOTE_MINIMAL and dialect["lineterminator"] == "\n"
    assume(not (ambiguous and any("\r" in cell for row in rows for cell in row)))
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, **dialect)
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8", newline="")


def write_label_csv(path: Path, rows: list, dialect: dict) -> None:
    body = [[f"s{i}", text, *values] for i, (text, values) in enumerate(rows)]
    write_csv(path, ["report_id", "Reports", *OBSERVATIONS], body, dialect)


def outputs(folder: Path, pattern: str) -> list[Path]:
    return sorted(folder.glob(pattern)) + sorted(folder.glob(".*.tmp"))


# -- extract ---------------------------------------------------------------------------------


@FUZZ
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".csv", ".jsonl", ".tsv"]))
def test_extract_random_bytes(run, data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / f"r{suffix}"
        source.write_bytes(data)
        result = run("extract", source, "-q")
        if result.exit_code == 1:
            assert outputs(Path(folder), "r_labels*") == []
        else:
            meta = json.loads(Path(folder, "r_labels.csv.meta.json").read_text(encoding="utf-8"))
            assert len(read_label_file(Path(folder) / "r_labels.csv").values) == meta["reports"]


@FUZZ
@given(texts=st.lists(TEXT, min_size=1, max_size=6), dialect=DIALECTS)
def test_extract_random_dialects_and_unicode(run, texts: list[str], dialect: dict) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "r.csv"
        ids = [f"s{i}" for i in range(len(texts))]
        rows = [list(r) for r in zip(ids, texts, strict=True)]
        write_csv(source, ["report_id", "report"], rows, dialect)
        result = run("extract", source, "-q")
        if result.exit_code == 1:
            assert outputs(Path(folder), "r_labels*") == []
            return
        table = read_label_file(Path(folder) / "r_labels.csv")
        assert table.values.index.tolist() == ids  # every row, in order, none merged
        kept = ["" if t.strip() in MISSING_TEXT else t for t in texts]
        assert table.reports.tolist() == kept


@FUZZ
@given(texts=st.lists(TEXT, min_size=1, max_size=6))
def test_extract_jsonl_unicode_round_trips(run, texts: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "r.jsonl"
        lines = [json.dumps({"id": f"s{i}", "report": t}) for i, t in enumerate(texts)]
        source.write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = run("extract", source, "-q")
        assert result.exit_code == 0, result.output  # JSON escapes every character
        output = Path(folder) / "r_labels.csv"
        kept = ["" if t.strip() in MISSING_TEXT else t for t in texts]
        assert read_label_file(output).reports.tolist() == kept
        frame = pd.read_csv(output, dtype=str, keep_default_na=False)
        assert frame["Reports"].tolist() == kept and len(frame.columns) == 16


# -- distribution ----------------------------------------------------------------------------


@FUZZ
@given(data=st.binary(max_size=300))
def test_distribution_random_bytes(run, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        labels = Path(folder) / "l.csv"
        labels.write_bytes(data)
        if run("distribution", labels).exit_code == 1:
            assert outputs(Path(folder), "l_distribution*") == []


@FUZZ
@given(rows=label_rows(max_size=6), dialect=DIALECTS)
def test_distribution_random_dialects(run, rows: list, dialect: dict) -> None:
    with tempfile.TemporaryDirectory() as folder:
        labels = Path(folder) / "l.csv"
        write_label_csv(labels, rows, dialect)
        result = run("distribution", labels)
        if result.exit_code == 1:
            assert outputs(Path(folder), "l_distribution*") == []
            return
        assert f"over {len(rows)} reports" in " ".join(result.stdout.split())


# -- validate --------------------------------------------------------------------------------


@settings(FUZZ, max_examples=8)  # each run renders a chart and a page
@given(rows=label_rows(max_size=4), dialect=DIALECTS)
def test_validate_random_gold_files(run, rows: list, dialect: dict) -> None:
    with tempfile.TemporaryDirectory() as folder:
        gold = Path(folder) / "gold.csv"
        write_label_csv(gold, rows, dialect)
        out = Path(folder) / "out"
        result = run("validate", "--gold", gold, "--bootstrap", "0", "--output-dir", out)
        if result.exit_code == 1:
            assert not out.exists() or not any(out.iterdir())


@settings(FUZZ, max_examples=15)
@given(data=st.binary(max_size=300))
def test_validate_random_bytes(run, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        gold = Path(folder) / "gold.csv"
        gold.write_bytes(data)
        out = Path(folder) / "out"
        if run("validate", "--gold", gold, "--bootstrap", "0", "--output-dir", out).exit_code:
            assert not out.exists() or not any(out.iterdir())


# -- our own CSV output round-trips through our reader and pandas -----------------------------


@given(rows=st.lists(st.lists(TEXT, min_size=2, max_size=2), min_size=1, max_size=5))
def test_written_csv_reads_back_identical(rows: list[list[str]]) -> None:
    buffer = io.StringIO(newline="")
    writer = csv_writer(buffer)
    writer.writerow(["a", "b"])
    writer.writerows(rows)
    text = buffer.getvalue()
    assert list(csv.reader(io.StringIO(text, newline=""), strict=True))[1:] == rows
    frame = pd.read_csv(io.StringIO(text, newline=""), dtype=str, keep_default_na=False)
    assert frame.to_numpy().tolist() == rows
