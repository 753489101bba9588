"""`labelaudit validate` and `labelaudit agree` through typer's CliRunner."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

EXAMPLES = Path(__file__).parents[2] / "examples"


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_validate_with_pred_writes_every_output(cli, data, tmp_path):
    out = tmp_path / "out"
    result = cli(
        "validate", "--gold", data / "gold.csv", "--pred", data / "pred_mixed.csv",
        "--output-dir", out, "--bootstrap", "100",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Mention (any of 1, 0, -1 against blank)" in result.output
    assert "9 disagreements (2 missed mention, 2 false mention" in result.output
    for table in ("mention", "classes", "confusion"):
        for suffix in (".csv", ".md", ".json"):
            assert (out / f"{table}{suffix}").stat().st_size > 0
    assert (out / "f1_chart.png").read_bytes().startswith(b"\x89PNG")
    assert not (out / "labels.csv").exists()  # predictions came from a file
    assert not list(out.glob(".*.tmp"))  # no temporary files left behind

    errors = read_csv(out / "errors.csv")
    assert len(errors) == 9
    # The gold file has report text, so the labeler was re-run for the evidence.
    devices = next(e for e in errors if e["observation"] == "Support Devices")
    assert devices["trigger"] and devices["mention_rule"].startswith("mentions/")

    page = (out / "report.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in page
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert '<mark class="mention">' in page and "wrong negation" in page
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["errors_by_kind"]["missed mention"] == 2
    assert summary["meta"]["rules_hash"]


def test_validate_runs_the_labeler_on_the_gold_text(cli, data, tmp_path):
    out = tmp_path / "out"
    result = cli("validate", "--gold", data / "gold.csv", "--output-dir", out,
                 "--bootstrap", "50")  # fmt: skip
    assert result.exit_code == 0, result.output
    labels = read_csv(out / "labels.csv")
    assert [row["report_id"] for row in labels] == [f"r{i:02d}" for i in range(1, 13)]
    assert labels[5]["Pneumothorax"] == "1.0"  # "Small right apical pneumothorax."
    meta = json.loads((out / "mention.json").read_text(encoding="utf-8"))["meta"]
    assert meta["predictions"].startswith("labelaudit labeler") and meta["rules_version"]


def test_validate_labels_a_separate_reports_file(cli, tmp_path):
    (tmp_path / "gold.csv").write_text(
        "report_id,Pneumothorax,Pleural Effusion\na,0.0,1.0\nb,1.0,\n", encoding="utf-8"
    )
    (tmp_path / "reports.csv").write_text(
        "report_id,report\nb,Large left pneumothorax.\na,No pneumothorax. Small left effusion.\n",
        encoding="utf-8",
    )
    result = cli("validate", "--gold", tmp_path / "gold.csv", "--reports",
                 tmp_path / "reports.csv", "--bootstrap", "0")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "0 disagreements" in result.output
    assert (tmp_path / "validation" / "report.html").exists()  # default: beside the gold


def test_validate_reads_evidence_from_extract(cli, data, tmp_path):
    gold = tmp_path / "gold.csv"
    rows = read_csv(data / "gold.csv")
    with gold.open("w", encoding="utf-8", newline="") as handle:  # the gold without its text
        writer = csv.DictWriter(handle, [k for k in rows[0] if k != "Reports"])
        writer.writeheader()
        writer.writerows({k: v for k, v in r.items() if k != "Reports"} for r in rows)
    evidence = tmp_path / "evidence.jsonl"
    record = {
        "report_id": "r06", "row": 5, "observation": "Pneumothorax", "text": "pneumothorax",
        "sentence": "Small right apical pneumothorax.", "class": "negative", "label": 0.0,
        "trigger": "apical", "trigger_rule": "triggers/negation.tsv:99", "start": 19, "end": 31,
        "mention_rule": "mentions/pneumothorax.txt:1", "rules_version": "9.9", "rules_hash": "ab",
    }  # fmt: skip
    evidence.write_text(json.dumps(record) + "\n\n", encoding="utf-8")
    out = tmp_path / "out"
    result = cli("validate", "--gold", gold, "--pred", data / "pred_mixed.csv",
                 "--evidence", evidence, "--output-dir", out, "--bootstrap", "0")  # fmt: skip
    assert result.exit_code == 0, result.output
    pneumothorax = next(e for e in read_csv(out / "errors.csv") if e["report_id"] == "r06")
    assert pneumothorax["trigger_rule"] == "triggers/negation.tsv:99"
    assert pneumothorax["report"] == ""  # neither file has the text
    meta = json.loads((out / "summary.json").read_text(encoding="utf-8"))["meta"]
    assert (meta["rules_version"], meta["rules_hash"]) == ("9.9", "ab")

    evidence.write_text(json.dumps(record) + "\n{not json\n", encoding="utf-8")
    result = cli("validate", "--gold", gold, "--pred", data / "pred_mixed.csv",
                 "--evidence", evidence, "--output-dir", tmp_path / "o2")  # fmt: skip
    assert result.exit_code == 1
    assert "evidence.jsonl: line 2 is not valid JSON" in result.output
    assert not (tmp_path / "o2").exists()  # nothing written when the input is bad


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--gold", "absent.csv"], "absent.csv: no such file"),
        (["--gold", "{data}/gold.csv", "--pred", "{data}/pred_mixed.csv", "--reports", "r.csv"],
         "either --pred"),
        (["--gold", "{data}/pred_mixed.csv"], "no Reports column to label"),
        (["--gold", "{data}/gold.csv", "--pred", "{tmp}/short.csv"], "the ids do not match"),
        (["--gold", "{data}/gold.csv", "--pred", "{tmp}/typo.csv"], "did you mean 'Edema'"),
        (["--gold", "{data}/gold.csv", "--pred", "{tmp}/bad.csv"], "values must be 1, 0, -1"),
        (["--gold", "{data}/gold.csv", "--evidence", "{tmp}/e.jsonl"], "--evidence goes with"),
        (["--gold", "{data}/gold.csv", "--pred", "{tmp}/dup.csv"], "duplicate ids in column"),
        (["--gold", "{tmp}/binary.csv"], "not UTF-8"),
        (["--gold", "{data}/gold.csv", "--pred", "{data}/pred_mixed.csv", "--evidence",
          "{tmp}/other.jsonl"], "none of its evidence records belongs"),
        (["--gold", "{data}/gold.csv", "--pred", "{data}/pred_mixed.csv", "--evidence",
          "{tmp}/badobs.jsonl"], "'observation' must be one of the 14"),
        (["--gold", "{data}/gold.csv", "--pred", "{data}/pred_mixed.csv", "--output-dir",
          "{tmp}/short.csv"], "exists and is not a folder"),
    ],
)  # fmt: skip
def test_bad_input_is_one_clear_line(cli, data, tmp_path, args, message):
    header = "report_id,No Finding,Cardiomegaly,Edema,Pneumothorax,Pleural Effusion"
    header += ",Pleural Other,Support Devices\n"
    (tmp_path / "short.csv").write_text(header + "r01,,,1,,,,\nzz,,,0,,,,\n", encoding="utf-8")
    typo = header.replace("Edema", "Edem") + "r01,,,1,,,,\n"
    (tmp_path / "typo.csv").write_text(typo, encoding="utf-8")
    (tmp_path / "bad.csv").write_text(header + "r01,,,2,,,,\n", encoding="utf-8")
    (tmp_path / "dup.csv").write_text(header + "r01,,,1,,,,\nr01,,,0,,,,\n", encoding="utf-8")
    (tmp_path / "binary.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff\xfe")
    (tmp_path / "other.jsonl").write_text(
        json.dumps({"report_id": "elsewhere", "observation": "Edema"}) + "\n", encoding="utf-8"
    )
    (tmp_path / "badobs.jsonl").write_text(
        json.dumps({"report_id": "r01", "observation": "Effusion"}) + "\n", encoding="utf-8"
    )
    filled = [a.format(data=data, tmp=tmp_path) for a in args]
    result = cli("validate", *filled)
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output
    assert result.output.strip().startswith("error:")


def test_unknown_gold_columns_are_named_not_dropped_silently(cli, tmp_path):
    gold = tmp_path / "gold.csv"
    gold.write_text("report_id,Edema,Effusion,Notes\na,1,1,x\n", encoding="utf-8")
    pred = tmp_path / "pred.csv"
    pred.write_text("report_id,Edema\na,1\n", encoding="utf-8")
    result = cli("validate", "--gold", gold, "--pred", pred, "--bootstrap", "0")
    assert result.exit_code == 0, result.output
    assert "columns ignored (not observations): Effusion, Notes" in result.output


def test_negative_bootstrap_is_a_usage_error(cli, data):
    result = cli("validate", "--gold", data / "gold.csv", "--bootstrap", "-1")
    assert result.exit_code == 2


@pytest.mark.skipif(not (EXAMPLES / "manual.csv").exists(), reason="examples not present")
def test_readme_demo_validates_the_examples(cli, tmp_path):
    out = tmp_path / "out"
    result = cli("validate", "--gold", EXAMPLES / "manual.csv", "--output-dir", out,
                 "--bootstrap", "100")  # fmt: skip
    assert result.exit_code == 0, result.output
    mention = read_csv(out / "mention.csv")
    assert len(mention) == 14 + 2
    assert all(row["f1"] for row in mention)  # every observation is annotated and defined
    assert len(read_csv(out / "labels.csv")) == int(json.loads(
        (out / "summary.json").read_text(encoding="utf-8"))["meta"]["reports"])  # fmt: skip


def test_agree_writes_tables_for_readers_and_reference(cli, data, tmp_path):
    out = tmp_path / "agree"
    files = [data / "pred_mixed.csv", data / "pred_wrong.csv", data / "gold.csv"]
    result = cli("agree", *files, "--reference", data / "gold.csv", "--output-dir", out)
    assert result.exit_code == 0, result.output
    assert "Fleiss' kappa" in result.output
    for name in ("agreement", "pairwise", "reference"):
        assert (out / f"{name}.csv").exists() and (out / f"{name}.md").exists()
    reference = read_csv(out / "reference.csv")
    gold_edema = next(
        r for r in reference if r["observation"] == "Edema" and r["reader"].endswith("gold.csv")
    )
    assert float(gold_edema["sensitivity"]) == 1.0 and float(gold_edema["kappa"]) == 1.0


def test_agree_needs_two_files(cli, data):
    result = cli("agree", data / "gold.csv")
    assert result.exit_code == 1
    assert "at least two label files" in result.output


def test_predictions_for_more_reports_than_the_gold_are_scored_on_the_gold(cli, data, tmp_path):
    gold = pd.read_csv(data / "gold.csv", dtype=str, keep_default_na=False)
    extra = gold.iloc[:1].copy()
    extra["report_id"] = "not-in-gold"
    pd.concat([gold, extra]).to_csv(tmp_path / "superset.csv", index=False)
    result = cli(
        "validate", "--gold", data / "gold.csv", "--pred", tmp_path / "superset.csv",
        "--bootstrap", "0", "--output-dir", tmp_path / "o",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "1 predicted reports are not in gold.csv" in result.output
