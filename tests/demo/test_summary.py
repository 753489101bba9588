"""The demo's closing summary, on a demo folder built by the real commands (no training:
the out-of-fold probabilities are made from the drawn truth, so the figures are known)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from labelaudit.demo import audit_against_truth, main, summary
from labelaudit.synth.findings import DRAWN

pytest.importorskip("cleanlab")
EXAMPLES = "examples/demo"


@pytest.fixture(scope="session")
def run(cli):
    """`labelaudit ARGS`, which must succeed."""

    def checked(*args: object) -> None:
        result = cli(*args)
        assert result.exit_code == 0, result.output

    return checked


@pytest.fixture(scope="module")
def demo_out(run, tmp_path_factory, request):
    root = request.config.rootpath
    out = tmp_path_factory.mktemp("demo_out")
    run("extract", root / EXAMPLES / "reports.csv", "-o", out / "labels.csv",
        "--evidence", out / "evidence.jsonl", "--quiet")  # fmt: skip
    run("validate", "--gold", root / EXAMPLES / "manual.csv", "--pred", out / "labels.csv",
        "--evidence", out / "evidence.jsonl", "--output-dir", out / "validation",
        "--bootstrap", "0")  # fmt: skip
    synth = out / "synth"
    run("synth", synth, "--n", "240", "--size", "32", "--report-errors", "0.2")
    run("extract", synth / "reports.csv", "-o", synth / "labels.csv",
        "--evidence", synth / "evidence.jsonl", "--quiet")  # fmt: skip
    # A model that sees exactly what was drawn: out-of-fold probabilities near the truth.
    truth = pd.read_csv(synth / "truth.csv")
    rng = np.random.default_rng(0)
    oof = truth[["path"]].assign(path=[str((synth / p).resolve()) for p in truth["path"]])
    for observation in DRAWN:
        oof[observation] = np.clip(
            0.1 + 0.8 * truth[observation] + rng.normal(0, 0.05, len(truth)), 0, 1
        )
    (out / "runs" / "folds").mkdir(parents=True)
    oof.to_csv(out / "runs" / "folds" / "oof_predictions.csv", index=False)
    run("audit", "--labels", synth / "labels.csv",
        "--predictions", out / "runs" / "folds" / "oof_predictions.csv",
        "--evidence", synth / "evidence.jsonl", "--images", synth / "manifest.csv",
        "-o", out / "audit")  # fmt: skip
    return out


def test_summary_tells_the_three_parts(demo_out):
    text = summary(demo_out)
    assert "== 1. What was labeled\n50 reports" in text
    errors = pd.read_csv(demo_out / "validation" / "errors.csv")
    assert f"{len(errors)} cells of 700" in text or (errors.empty and "none" in text)
    for kind, count in errors["kind"].value_counts().items():
        assert f"{count:3d}  {kind}" in text
    assert "== 3. What the image model doubted" in text
    assert "report.html" in text and "index.html" in text


def test_audit_is_checked_against_the_drawn_truth(demo_out):
    findings, planted_reports, reports = audit_against_truth(demo_out)
    truth = pd.read_csv(demo_out / "synth" / "truth.csv", dtype={"report_id": str})
    assert reports == truth["report_id"].nunique()
    planted = truth.dropna(subset=["report_error"]).drop_duplicates("report_id")
    assert planted_reports == len(planted) > 0
    assert [f.observation for f in findings] == list(DRAWN)
    suspects = pd.read_csv(demo_out / "audit" / "suspects.csv")
    assert sum(f.flagged for f in findings) == suspects["observation"].isin(DRAWN).sum()
    # probabilities made from the drawing: near-perfect AUROC against it, and every flag is
    # a label that really disagrees with the drawing
    for finding in findings:
        assert finding.auroc_truth > 0.95
        assert finding.flagged_wrong == finding.flagged
        assert finding.planted_found <= finding.planted
    assert sum(f.planted_found for f in findings) > 0


def test_main_reports_a_missing_folder(tmp_path, capsys):
    assert main([str(tmp_path / "nowhere")]) == 1
    assert capsys.readouterr().err.startswith("error: cannot summarise")
    assert main([]) == 2
