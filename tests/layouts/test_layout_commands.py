"""agree, validate, audit, layouts and convert on the layouts' example files."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pandas as pd
import pytest
from layout_files import EXAMPLES


def _ok(cli, args: list[str]) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return " ".join(result.output.split())


def test_agree_compares_the_vindr_readers_inside_one_file(cli, tmp_path: Path) -> None:
    out = tmp_path / "agreement"
    text = _ok(cli, ["agree", str(EXAMPLES / "image_labels_train.csv"), "--output-dir", str(out)])
    assert "Agreement of 3 readers: image_labels_train reading 1" in text
    summary = {
        r["observation"]: r for r in json.loads((out / "agreement.json").read_text())["rows"]
    }
    # No Finding by reading over 10 images: [3,0] [0,3] [1,2] [0,3] [0,3] [2,1] [0,3] [0,3]
    # [3,0] [0,3] (said / not said): P = 0.8667, Pe = 0.3^2 + 0.7^2 = 0.58 -> 0.6825
    assert summary["No Finding"]["fleiss_kappa"] == pytest.approx(0.6825, abs=1e-4)
    assert summary["Cardiomegaly"]["fleiss_kappa"] == pytest.approx(1.0)
    assert summary["No Finding"]["reports"] == 10


def test_agree_vindr_needs_the_same_number_of_readers(cli, tmp_path: Path) -> None:
    lines = (EXAMPLES / "image_labels_train.csv").read_text().splitlines()
    path = tmp_path / "vindr.csv"
    path.write_text("\n".join(lines[:-1]) + "\n")
    result = cli("agree", path, "--output-dir", tmp_path / "a")
    assert result.exit_code == 1
    assert "has 2 readings, others 3" in " ".join(result.output.split())


def test_chestxray14_against_the_expert_labels(cli, tmp_path: Path) -> None:
    out = tmp_path / "agreement"
    text = _ok(
        cli,
        [
            "agree",
            str(EXAMPLES / "Data_Entry_example.csv"),
            "--reference",
            str(EXAMPLES / "nih_expert_labels.csv"),
            "--output-dir",
            str(out),
        ],
    )
    assert "Readers against the reference" in text
    rows = {r["observation"]: r for r in json.loads((out / "reference.json").read_text())["rows"]}
    assert set(rows) == {"Lung Lesion", "Lung Opacity", "Pneumothorax"}  # Fracture: not in file
    # expert airspace opacity in 5 images; ChestX-ray14 Infiltration in 2 of them
    assert rows["Lung Opacity"]["sensitivity"] == pytest.approx(0.4)
    assert rows["Lung Opacity"]["specificity"] == pytest.approx(8 / 9)
    assert rows["Pneumothorax"]["sensitivity"] == pytest.approx(1.0)


def test_validate_mimic_negbio_against_chexpert(cli, tmp_path: Path) -> None:
    out = tmp_path / "validation"
    text = _ok(
        cli,
        [
            "validate",
            "--gold",
            str(EXAMPLES / "mimic-cxr-2.0.0-chexpert.csv"),
            "--pred",
            str(EXAMPLES / "mimic-cxr-2.0.0-negbio.csv"),
            "--bootstrap",
            "0",
            "--output-dir",
            str(out),
        ],
    )
    assert "7 disagreements" in text
    errors = pd.read_csv(out / "errors.csv", dtype=str)
    assert len(errors) == 7 and errors.iloc[:, 0].str.startswith("990").all()


def test_validate_skips_what_the_predictions_cannot_express(cli, tmp_path: Path) -> None:
    text = _ok(
        cli,
        [
            "validate",
            "--gold",
            str(EXAMPLES / "nih_expert_labels.csv"),
            "--pred",
            str(EXAMPLES / "Data_Entry_example.csv"),
            "--bootstrap",
            "0",
            "--output-dir",
            str(tmp_path / "v"),
        ],
    )
    assert "not in " in text and "so not scored: Fracture" in text


@pytest.mark.skipif(
    importlib.util.find_spec("cleanlab") is None,
    reason="needs the [train] extra",
)
def test_audit_reads_a_chexpert_layout_per_study(cli, tmp_path: Path) -> None:
    build_audit_set = _audit_set_builder()

    audit_set = build_audit_set(tmp_path / "set")
    labels = pd.read_csv(audit_set.labels, dtype=str, keep_default_na=False)
    study = {rid: f"patient{n + 1:05d}/study1" for n, rid in enumerate(labels["report_id"])}
    views = []
    for view in (1, 2):  # every study has two views with the same labels
        frame = labels.drop(columns="report_id")
        frame.insert(
            0,
            "Path",
            [f"CheXpert-v1.0/train/{study[r]}/view{view}_x.jpg" for r in labels["report_id"]],
        )
        views.append(frame)
    chexpert = tmp_path / "train.csv"
    pd.concat(views).to_csv(chexpert, index=False)
    predictions = pd.read_csv(audit_set.predictions, dtype=str)
    predictions.insert(0, "study_id", predictions.pop("report_id").map(study))
    predictions_path = tmp_path / "oof.csv"
    predictions.to_csv(predictions_path, index=False)

    out = tmp_path / "audit"
    text = _ok(
        cli,
        [
            "audit",
            "--labels",
            str(chexpert),
            "--predictions",
            str(predictions_path),
            "-o",
            str(out),
        ],
    )
    assert "(400 reports)" in text
    suspects = pd.read_csv(out / "suspects.csv", dtype=str)
    flipped = {(study[r], o) for r, o in audit_set.flipped}
    found = set(zip(suspects.iloc[:, 0], suspects["observation"], strict=True)) & flipped
    assert len(found) >= len(flipped) // 2


def _audit_set_builder():
    """tests/audit/conftest.py's synthetic audit set (its module name clashes with ours)."""
    spec = importlib.util.spec_from_file_location(
        "audit_conftest", Path(__file__).resolve().parents[1] / "audit" / "conftest.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module.build_audit_set


def test_layouts_lists_every_layout_and_prints_a_map(cli) -> None:
    text = _ok(cli, ["layouts"])
    for name in ("chexpert", "mimic-cxr", "chestx-ray14", "nih-expert", "vindr-cxr", "padchest"):
        assert name in text
    chestx = _ok(cli, ["layouts", "chestx-ray14"])
    assert re.search(r"Effusion\W+Pleural Effusion", chestx)
    assert re.search(r"Hernia\W+- \(switches No Finding off\)", chestx)
    missing = "Enlarged Cardiomediastinum, Fracture, Support Devices"
    assert f"Not in this file (blank, never scored): {missing}" in chestx


def test_convert_writes_the_unit_id_and_the_expressible_columns(cli, tmp_path: Path) -> None:
    output = tmp_path / "chestx.csv"
    text = _ok(cli, ["convert", str(EXAMPLES / "Data_Entry_example.csv"), "-o", str(output)])
    assert "24 images of Data_Entry_example.csv (chestx-ray14 layout)" in text
    frame = pd.read_csv(output, dtype=str, keep_default_na=False)
    assert list(frame.columns[:3]) == ["image_id", "No Finding", "Cardiomegaly"]
    assert "Fracture" not in frame.columns
    row = frame.set_index("image_id").loc["90000104_000.png"]  # Mass|Nodule
    assert row["Lung Lesion"] == "1.0" and row["Pneumothorax"] == "0.0" and row["No Finding"] == ""


def test_vocabulary_override(cli, tmp_path: Path) -> None:
    vocabulary = tmp_path / "mine.tsv"
    shipped = Path(
        __import__("labelaudit.layouts.vocabulary", fromlist=["x"]).shipped_vocabulary_path(
            "chestx-ray14"
        )
    )
    vocabulary.write_text(
        shipped.read_text().replace("Infiltration\tLung Opacity", "Infiltration\tConsolidation")
    )
    out = tmp_path / "o"
    _ok(
        cli,
        [
            "distribution",
            str(EXAMPLES / "Data_Entry_example.csv"),
            "--vocabulary",
            str(vocabulary),
            "--output-dir",
            str(out),
        ],
    )
    table = pd.read_csv(out / "Data_Entry_example_distribution.csv")
    positives = dict(zip(table["observation"], table["positive"], strict=True))
    assert "Lung Opacity" not in positives and positives["Consolidation"] == 5
