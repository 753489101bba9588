"""Bad input to ``extract`` and ``distribution``, through the CLI a user types: every case is
either labeled with every row accounted for, or one line, exit 1 and no output file.

Each test here failed on 0.1.0 (the bad-input survey, issue 10)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from labelaudit.labelfile import read_label_file
from labelaudit.observations import OBSERVATIONS

pytestmark = pytest.mark.usefixtures("reuse_labeler")  # conftest.py


@pytest.fixture(scope="session")
def run(cli):
    """`labelaudit ARGS`: never a traceback, whatever the outcome."""

    def checked(*args: object):
        result = cli(*args)
        assert "Traceback" not in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        return result

    return checked


def one_line_error(result, *fragments: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def write(path: Path, text: str) -> Path:
    path.write_bytes(text.encode("utf-8"))
    return path


def no_outputs(folder: Path) -> bool:
    return not list(folder.glob("*_labels*")) and not list(folder.glob(".*.tmp"))


# -- 1. an unbalanced quote never swallows rows ---------------------------------------------

HEAD = "report_id,report\ns1,No pneumothorax.\n"
UNCLOSED = HEAD + '2,"Small effusion.\ns3,Cardiomegaly.\ns4,Normal.\n'
MERGED = HEAD + '2,"Small effusion.\ns3,"Cardiomegaly."\ns4,Normal.\n'
CUT = HEAD + 's2,"Small effusion. Heart'


@pytest.mark.parametrize("text", [UNCLOSED, MERGED, CUT], ids=["unclosed", "merged", "cut"])
def test_an_open_quote_is_an_error_naming_the_line_it_opened(
    run, tmp_path: Path, text: str
) -> None:
    source = write(tmp_path / "r.csv", text)
    result = run("extract", source, "-q")
    one_line_error(result, "r.csv: line 3", "quote")
    assert no_outputs(tmp_path)


def test_an_open_quote_in_a_label_file_is_an_error(run, tmp_path: Path) -> None:
    header = "report_id,Reports," + ",".join(OBSERVATIONS)
    blank = "," * (len(OBSERVATIONS) - 1)
    rows = [f"a,x,1.0{blank}", f'b,"y,0.0{blank}', f"c,z,1.0{blank}", f"d,w,{blank}"]
    labels = write(tmp_path / "labels.csv", "\n".join([header, *rows]) + "\n")
    result = run("distribution", labels)
    one_line_error(result, "labels.csv: line 3", "quote")
    assert not (tmp_path / "labels_distribution.csv").exists()


# -- 2. a bare carriage return in a report keeps every value in its column -------------------


def test_a_carriage_return_in_a_report_round_trips(run, tmp_path: Path) -> None:
    texts = ["No pneumothorax.\rSmall effusion.", "Cardiomegaly.\r", "\rNormal chest."]
    source = tmp_path / "r.jsonl"
    source.write_text(
        "".join(json.dumps({"id": f"s{i}", "report": t}) + "\n" for i, t in enumerate(texts)),
        encoding="utf-8",
    )
    result = run("extract", source, "-q")
    assert result.exit_code == 0, result.output
    output = tmp_path / "r_labels.csv"
    ours = read_label_file(output)
    assert ours.reports.tolist() == texts
    assert ours.values.loc["s0", "Pneumothorax"] == 0.0
    assert ours.values.loc["s0", "Pleural Effusion"] == 1.0
    frame = pd.read_csv(output, dtype=str, keep_default_na=False)
    assert frame["Reports"].tolist() == texts and len(frame.columns) == 16


# -- 3. other delimiters are sniffed, never taken for a headerless report ---------------------


@pytest.mark.parametrize(
    "text",
    [
        "report_id;report\ns1;No pneumothorax.\ns2;Cardiomegaly.\n",
        "report_id\treport\ns1\tNo pneumothorax.\ns2\tCardiomegaly.\n",
        "sep=;\nreport_id;report\ns1;No pneumothorax.\ns2;Cardiomegaly.\n",
    ],
    ids=["semicolon", "tab", "excel-sep-line"],
)
def test_other_delimiters_in_a_csv_are_sniffed(run, tmp_path: Path, text: str) -> None:
    source = write(tmp_path / "r.csv", text)
    result = run("extract", source, "-q")
    assert result.exit_code == 0, result.output
    table = read_label_file(tmp_path / "r_labels.csv")
    assert table.values.index.tolist() == ["s1", "s2"]
    assert table.values.loc["s1", "Pneumothorax"] == 0.0
    assert table.values.loc["s2", "Cardiomegaly"] == 1.0


def test_another_delimiter_without_a_report_column_is_named(run, tmp_path: Path) -> None:
    source = write(tmp_path / "r.csv", "accession;narrative\ns1;No pneumothorax.\n")
    one_line_error(run("extract", source, "-q"), "semicolon-separated", "--text-column")
    assert no_outputs(tmp_path)
    result = run("extract", source, "-q", "--text-column", "narrative")
    assert result.exit_code == 0, result.output


def test_a_semicolon_label_file_is_read(run, tmp_path: Path) -> None:
    header = "report_id;" + ";".join(OBSERVATIONS)
    labels = write(tmp_path / "l.csv", f"{header}\na;1.0{';' * 13}\nb;{';' * 13}\n")
    result = run("distribution", labels)
    assert result.exit_code == 0, result.output
    assert "over 2 reports" in result.stdout


# -- 4. Parquet text columns of bytes, lists or structs --------------------------------------


def test_parquet_binary_text_is_decoded(run, tmp_path: Path) -> None:
    source = tmp_path / "r.parquet"
    table = pa.table({"id": ["s1"], "report": pa.array([b"No pneumothorax."], pa.binary())})
    pq.write_table(table, source)
    result = run("extract", source, "-q")
    assert result.exit_code == 0, result.output
    labels = read_label_file(tmp_path / "r_labels.csv")
    assert labels.reports.tolist() == ["No pneumothorax."]
    assert labels.values.loc["s1", "Pneumothorax"] == 0.0


def test_parquet_list_text_is_refused(run, tmp_path: Path) -> None:
    source = tmp_path / "r.parquet"
    pq.write_table(pa.table({"id": ["s1"], "report": [["No pneumothorax."]]}), source)
    one_line_error(run("extract", source, "-q"), "text column 'report' holds list")
    assert no_outputs(tmp_path)


def test_jsonl_non_string_text_is_refused(run, tmp_path: Path) -> None:
    source = write(tmp_path / "r.jsonl", '{"id": "s1", "report": ["No pneumothorax."]}\n')
    one_line_error(run("extract", source, "-q"), "record 1", "list, not a string")


# -- 5. MIMIC folders: non-report files are listed, unreadable ones are errors ----------------


def test_mimic_folder_skips_and_lists_non_report_files(run, tmp_path: Path) -> None:
    folder = tmp_path / "files"
    (folder / "p10" / "p1").mkdir(parents=True)
    write(folder / "p10" / "p1" / "s5.txt", "No pneumothorax.")
    write(folder / "README.txt", "This folder holds reports.")
    result = run("extract", folder)
    assert result.exit_code == 0, result.output
    assert "skipped 1 .txt files" in result.stderr and "README.txt" in result.stderr
    table = read_label_file(tmp_path / "files_labels.csv")
    assert table.values.index.tolist() == ["5"]
    meta = json.loads((tmp_path / "files_labels.csv.meta.json").read_text(encoding="utf-8"))
    assert meta["skipped_files"] == [str(folder / "README.txt")]


def test_an_unreadable_file_in_a_mimic_folder_is_an_error(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    write(folder / "s1.txt", "No pneumothorax.")
    write(folder / "s2.txt", "Cardiomegaly.")
    real_access = os.access
    monkeypatch.setattr(  # the tests run as root, for whom chmod 000 changes nothing
        os, "access", lambda p, m: not str(p).endswith("s2.txt") and real_access(p, m)
    )
    one_line_error(run("extract", folder, "-q"), "cannot read", "s2.txt")
    assert no_outputs(tmp_path)


# -- 8. the smaller losses --------------------------------------------------------------------


def test_a_jsonl_id_key_appearing_late_is_used(run, tmp_path: Path) -> None:
    lines = [json.dumps({"report": "Normal chest."})] * 1200 + [
        json.dumps({"report_id": "late", "report": "Cardiomegaly."})
    ]
    source = write(tmp_path / "r.jsonl", "\n".join(lines) + "\n")
    one_line_error(run("extract", source, "-q"), "empty id in column 'report_id'")


def test_empty_ids_in_a_label_file_are_an_error(run, tmp_path: Path) -> None:
    header = "report_id," + ",".join(OBSERVATIONS)
    labels = write(tmp_path / "l.csv", f"{header}\na,1.0{',' * 13}\n ,{',' * 13}\n")
    one_line_error(run("distribution", labels), "empty id in column 'report_id'", "line 3")


def test_a_lone_surrogate_in_jsonl_is_one_line(run, tmp_path: Path) -> None:
    source = write(tmp_path / "r.jsonl", '{"id": "s1", "report": "No \\ud800 effusion."}\n')
    one_line_error(run("extract", source, "-q"), "line 1", "surrogate")
    assert no_outputs(tmp_path)


def test_unknown_section_names_are_refused_with_a_suggestion(run, tmp_path: Path) -> None:
    source = write(tmp_path / "r.csv", "report_id,report\ns1,FINDINGS: Cardiomegaly.\n")
    result = run("extract", source, "-q", "--sections", "findngs,impression")
    one_line_error(result, "unknown section 'findngs'", "did you mean 'findings'?")
    one_line_error(run("extract", source, "-q", "--sections", "bogus"), "'bogus'")
    assert no_outputs(tmp_path)


def test_a_whitespace_only_line_is_a_blank_line(run, tmp_path: Path) -> None:
    source = write(tmp_path / "r.csv", "report_id,report\ns1,Cardiomegaly.\n   \ns2,Normal.\n")
    result = run("extract", source, "-q")
    assert result.exit_code == 0, result.output
    assert read_label_file(tmp_path / "r_labels.csv").values.index.tolist() == ["s1", "s2"]


# -- output paths: checked before the work, never a traceback ---------------------------------


def test_outputs_that_cannot_be_written_are_one_line(run, tmp_path: Path) -> None:
    source = write(tmp_path / "r.csv", "report_id,report\ns1,Cardiomegaly.\n")
    a_file = write(tmp_path / "file.txt", "x")
    one_line_error(run("extract", source, "-o", a_file / "out.csv"), "is a file")
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "elsewhere.csv")
    one_line_error(run("extract", source, "-o", link), "symbolic link")
    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)
    one_line_error(run("extract", source, "-o", fifo), "not a regular file")
    assert not (tmp_path / "elsewhere.csv").exists()


def test_distribution_output_dir_that_is_a_file(run, tmp_path: Path) -> None:
    header = "report_id," + ",".join(OBSERVATIONS)
    labels = write(tmp_path / "l.csv", f"{header}\na,1.0{',' * 13}\n")
    a_file = write(tmp_path / "file.txt", "x")
    one_line_error(run("distribution", labels, "--output-dir", a_file), "is a file")


def test_an_unwritable_folder_is_refused_before_labeling(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write(tmp_path / "r.csv", "report_id,report\ns1,Cardiomegaly.\n")
    locked = tmp_path / "locked"
    locked.mkdir()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, m: Path(p) != locked and real_access(p, m))
    one_line_error(run("extract", source, "-o", locked / "out.csv"), "not writable")


def test_an_os_error_during_the_run_is_one_line(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from labelaudit.extract import writer

    def full_disk(self, chunk, results):
        raise OSError(28, "No space left on device", str(self.output))

    monkeypatch.setattr(writer.LabelWriter, "write", full_disk)
    source = write(tmp_path / "r.csv", "report_id,report\ns1,Cardiomegaly.\n")
    one_line_error(run("extract", source, "-q"), "r_labels.csv: no space left on device")
    assert no_outputs(tmp_path)


def test_sigterm_removes_the_temporary_files(
    run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import signal

    from labelaudit.extract import writer

    def terminated(self, chunk, results):
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(writer.LabelWriter, "write", terminated)
    source = write(tmp_path / "r.csv", "report_id,report\ns1,Cardiomegaly.\n")
    result = run("extract", source, "-q", "--evidence", tmp_path / "e.jsonl")
    assert result.exit_code == 143
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.csv"]


def test_stale_temporary_files_of_a_killed_run_are_swept(run, tmp_path: Path) -> None:
    source = write(tmp_path / "r.csv", "report_id,report\ns1,Cardiomegaly.\n")
    stale = write(tmp_path / ".r_labels.csv.999999999.abcd.tmp", "half a file")
    foreign = write(tmp_path / ".r_labels.csv.notes.tmp", "not ours")
    result = run("extract", source, "-q")
    assert result.exit_code == 0, result.output
    assert not stale.exists() and foreign.exists()


# -- unclear messages -------------------------------------------------------------------------


def test_a_pipe_as_input_is_named(run, tmp_path: Path) -> None:
    fifo = tmp_path / "reports.csv"
    os.mkfifo(fifo)  # never opened: the check comes first, so nothing blocks
    one_line_error(run("extract", fifo, "-q", "-o", tmp_path / "l.csv"), "not a regular file")
    one_line_error(run("distribution", fifo), "not a regular file")


def test_utf16_input_is_named(run, tmp_path: Path) -> None:
    source = tmp_path / "r.csv"
    source.write_bytes("report_id,report\ns1,No pneumothorax.\n".encode("utf-16"))
    one_line_error(run("extract", source, "-q"), "UTF-16 text; convert it to UTF-8")


def test_a_second_extract_into_the_same_output_is_refused(run, tmp_path: Path) -> None:
    from labelaudit.atomic import exclusive

    source = write(tmp_path / "r.csv", "report_id,report\ns1,Cardiomegaly.\n")
    with exclusive(tmp_path / "r_labels.csv"):  # another run holds it
        one_line_error(run("extract", source, "-q"), "another labelaudit run")
    assert run("extract", source, "-q").exit_code == 0
    assert not list(tmp_path.glob(".*.lock"))


def test_an_unreadable_input_is_one_line_not_a_usage_box(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    import sys

    from labelaudit import cli
    from labelaudit.extract import readers

    source = write(tmp_path / "r.csv", "report_id,report\ns1,Cardiomegaly.\n")
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, m: Path(p) != source and real_access(p, m))

    def denied(path: Path) -> None:  # the tests run as root, who may read anything
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(readers, "check_text_file", denied)
    monkeypatch.setattr(sys, "argv", ["labelaudit", "extract", str(source), "-q"])
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    assert stopped.value.code == 1
    assert capsys.readouterr().err.strip() == f"error: {source}: permission denied"
