"""Every bad input to the audit is one clear line (exit 1), never a traceback or half a file."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest


@pytest.fixture(scope="session")
def invoke(cli):
    """`labelaudit audit ARGS`."""

    def checked(*args):
        return cli("audit", *args)

    return checked


def test_cli_happy_path(invoke, audit_set, tmp_path):
    result = invoke(
        "--labels", audit_set.labels, "--predictions", audit_set.predictions,
        "--evidence", audit_set.evidence, "--images", audit_set.manifest, "-o", tmp_path / "o",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Pleural Effusion" in result.output
    assert "suspects ->" in result.output
    assert {p.name for p in (tmp_path / "o").iterdir()} == {
        "suspects.csv",
        "uncertain.csv",
        "quality.csv",
        "report.html",
    }
    assert "out-of-fold AUROC" in result.output


def expect_error(invoke, tmp_path, message, *args):
    result = invoke(*args, "-o", tmp_path / "out")
    assert result.exit_code == 1, result.output
    assert message in result.output, result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out" / "suspects.csv").exists()


def test_prediction_ids_that_do_not_match(invoke, audit_set, tmp_path):
    predictions = pd.read_csv(audit_set.predictions, dtype={"report_id": str})
    predictions["report_id"] = "x" + predictions["report_id"]
    predictions.to_csv(tmp_path / "p.csv", index=False)
    expect_error(
        invoke, tmp_path,
        "400 prediction ids are not in the labels, e.g. xr0000, xr0001, xr0002, xr0003, xr0004",
        "--labels", audit_set.labels, "--predictions", tmp_path / "p.csv",
    )  # fmt: skip


def test_probability_out_of_range(invoke, audit_set, tmp_path):
    predictions = pd.read_csv(audit_set.predictions, dtype=str)
    predictions.loc[3, "Pneumothorax"] = "1.7"
    predictions.loc[5, "Pneumothorax"] = "high"
    predictions.to_csv(tmp_path / "p.csv", index=False)
    expect_error(
        invoke, tmp_path,
        "column 'Pneumothorax' must hold probabilities in [0, 1]; found row 5='1.7', row 7='high'",
        "--labels", audit_set.labels, "--predictions", tmp_path / "p.csv",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ({"report_id": ["r0000"], "score": [0.5]}, "no probability columns"),
        # image paths instead of report ids, and no manifest to map them
        ({"path": ["a.png"], "Edema": [0.5]}, "also pass --images manifest.csv"),
    ],
)
def test_predictions_that_cannot_be_matched(
    invoke, audit_set, tmp_path, columns: dict, message: str
):
    pd.DataFrame(columns).to_csv(tmp_path / "p.csv", index=False)
    expect_error(
        invoke, tmp_path, message, "--labels", audit_set.labels, "--predictions", tmp_path / "p.csv"
    )


def test_labels_without_ids(invoke, audit_set, tmp_path):
    labels = pd.read_csv(audit_set.labels, dtype=str).drop(columns="report_id")
    labels.to_csv(tmp_path / "l.csv", index=False)
    expect_error(
        invoke, tmp_path, "no id column", "--labels", tmp_path / "l.csv",
        "--predictions", audit_set.predictions,
    )  # fmt: skip


@pytest.mark.parametrize("which", ["labels", "predictions", "evidence", "images", "saliency"])
def test_missing_files(invoke, audit_set, tmp_path, which):
    args = {"labels": audit_set.labels, "predictions": audit_set.predictions}
    args[which] = tmp_path / "nope.csv"
    flat = [item for key, value in args.items() for item in (f"--{key}", value)]
    result = invoke(*flat, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "nope.csv" in result.output and "Traceback" not in result.output


def test_corrupt_evidence_line(invoke, audit_set, tmp_path):
    lines = audit_set.evidence.read_text().splitlines()
    lines[2] = "{not json"
    (tmp_path / "e.jsonl").write_text("\n".join(lines))
    expect_error(
        invoke, tmp_path, "e.jsonl: line 3 is not valid JSON", "--labels", audit_set.labels,
        "--predictions", audit_set.predictions, "--evidence", tmp_path / "e.jsonl",
    )  # fmt: skip


def test_empty_predictions_file(invoke, audit_set, tmp_path):
    (tmp_path / "p.csv").write_text("")
    expect_error(
        invoke, tmp_path, "the predictions file is empty", "--labels", audit_set.labels,
        "--predictions", tmp_path / "p.csv",
    )  # fmt: skip


def test_bad_policy_is_a_usage_error(invoke, audit_set, tmp_path):
    result = invoke(
        "--labels", audit_set.labels, "--predictions", audit_set.predictions,
        "--uncertain", "maybe", "-o", tmp_path / "o",
    )  # fmt: skip
    assert result.exit_code == 2


def test_audit_never_imports_torch(audit_set, tmp_path):
    code = (
        "import sys\n"
        "from typer.testing import CliRunner\n"
        "from labelaudit.cli import app\n"
        f"r = CliRunner().invoke(app, ['audit', '--labels', {str(audit_set.labels)!r}, "
        f"'--predictions', {str(audit_set.predictions)!r}, '-o', {str(tmp_path / 'o')!r}])\n"
        "assert r.exit_code == 0, r.output\n"
        "assert 'torch' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path.parent)


def test_blank_probabilities_are_named_not_dropped(invoke, audit_set, tmp_path):
    predictions = pd.read_csv(audit_set.predictions, dtype=str, keep_default_na=False)
    predictions.loc[[2, 4], "Pneumothorax"] = ""
    predictions.to_csv(tmp_path / "p.csv", index=False)
    result = invoke("--labels", audit_set.labels, "--predictions", tmp_path / "p.csv",
                    "-o", tmp_path / "o")  # fmt: skip
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert "not audited, blank probability" in said and "Pneumothorax 2 reports" in said


def test_output_folder_that_is_a_file(invoke, audit_set, tmp_path):
    (tmp_path / "out").write_text("x")
    result = invoke("--labels", audit_set.labels, "--predictions", audit_set.predictions,
                    "-o", tmp_path / "out")  # fmt: skip
    assert result.exit_code == 1 and "exists and is not a folder" in result.output
    assert "Traceback" not in result.output
