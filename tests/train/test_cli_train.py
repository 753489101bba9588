"""``labelaudit train`` and ``labelaudit predict`` through the CLI, and the torch-free paths."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from labelaudit.observations import OBSERVATIONS

REPO = Path(__file__).resolve().parents[2]
TINY = ["--epochs", "1", "--image-size", "32", "--width", "0.0625", "--workers", "0",
        "--batch-size", "4", "--bootstrap", "5", "--device", "cpu"]  # fmt: skip


@pytest.fixture
def own_dataset(make_image_table):
    """A label file with report ids and a manifest, as ``labelaudit synth``/``extract`` write."""

    def write(root: Path, n: int = 20) -> tuple[Path, Path]:
        return _own_dataset(make_image_table(root / "images", n=n), root)

    return write


def _own_dataset(table: pd.DataFrame, root: Path) -> tuple[Path, Path]:
    labels = root / "labels.csv"
    table.rename(columns={"study_id": "report_id"})[["report_id", *OBSERVATIONS]].to_csv(
        labels, index=False
    )
    manifest = root / "manifest.csv"
    manifest_rows = table.rename(columns={"study_id": "report_id"})
    manifest_rows["path"] = [str(Path(p).relative_to(root)) for p in table["path"]]
    manifest_rows[["report_id", "patient_id", "path"]].to_csv(manifest, index=False)
    return labels, manifest


def test_train_then_predict(cli, tmp_path, own_dataset):
    pytest.importorskip("torch")
    labels, manifest = own_dataset(tmp_path)
    run = tmp_path / "run"
    result = cli("train", "--labels", labels, "--images", manifest, "--uncertain", "zeros",
                 *TINY, "--output", run)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Images, studies and patients per split" in result.output
    assert "Label distribution" in result.output
    card = json.loads((run / "model.json").read_text())
    assert card["policy"] == "zeros"
    assert card["label_file_hash"] == hashlib.sha256(labels.read_bytes()).hexdigest()
    assert card["data_source"] == "labels+manifest" and card["split_seed"] == 0

    predictions = tmp_path / "preds.csv"
    result = cli("predict", "--run", run, "--images", manifest, "--output", predictions,
                 "--workers", "0", "--device", "cpu")  # fmt: skip
    assert result.exit_code == 0, result.output
    frame = pd.read_csv(predictions)
    assert list(frame.columns) == ["path", "report_id", "patient_id", *OBSERVATIONS]
    assert len(frame) == 20
    assert frame[list(OBSERVATIONS)].apply(lambda c: c.between(0, 1)).all().all()


def test_train_folds_writes_out_of_fold_predictions(cli, tmp_path, own_dataset):
    pytest.importorskip("torch")
    labels, manifest = own_dataset(tmp_path, n=12)
    run = tmp_path / "cv"
    result = cli("train", "--labels", labels, "--images", manifest, "--folds", "2",
                 *TINY, "--output", run)  # fmt: skip
    assert result.exit_code == 0, result.output
    oof = pd.read_csv(run / "oof_predictions.csv")
    assert len(oof) == 12 and set(oof["fold"]) == {0, 1}
    assert (run / "fold_0" / "best.pt").is_file() and (run / "fold_1" / "metrics.json").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["train", *TINY], "give exactly one data source"),
        (["train", "--labels", "nope.csv", "--images", "nope.csv", *TINY], "nope.csv"),
        (["predict", "--run", "no_run", "--images", "x.png"], "not a training run folder"),
    ],
)
def test_user_errors_are_one_line(cli, tmp_path, monkeypatch, args, message):
    pytest.importorskip("torch")
    monkeypatch.chdir(tmp_path)
    result = cli(*args)
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output


def run_python(code: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )


def test_labelaudit_and_its_cli_do_not_import_torch():
    done = run_python(
        "import sys, labelaudit, labelaudit.cli, labelaudit.train.policies, "
        "labelaudit.train.metrics; print(sorted(m for m in ('torch', 'torchvision') "
        "if m in sys.modules))"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "policy_args",
    [
        ["--uncertain", "multiclass"],
        ["--uncertain", "self-train", "--self-train-hard"],
        ["--uncertain", "ones", "--label-smoothing", "default"],
    ],
    ids=["multiclass", "self-train", "ones-smoothed"],
)
def test_train_each_new_policy_then_predict(cli, tmp_path, own_dataset, policy_args):
    pytest.importorskip("torch")
    labels, manifest = own_dataset(tmp_path, n=12)
    run = tmp_path / "run"
    recipe = ["--schedule", "onecycle", "--optimizer", "adamw"]
    result = cli("train", "--labels", labels, "--images", manifest, *policy_args, *recipe,
                 *TINY, "--output", run)  # fmt: skip
    assert result.exit_code == 0, result.output
    card = json.loads((run / "model.json").read_text())
    assert card["policy"] == policy_args[1] and card["schedule"] == "onecycle"
    predictions = tmp_path / "preds.csv"
    result = cli("predict", "--run", run, "--images", manifest, "--output", predictions,
                 "--workers", "0", "--device", "cpu")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert pd.read_csv(predictions)[list(OBSERVATIONS)].apply(lambda c: c.between(0, 1)).all().all()


def test_label_smoothing_errors_are_one_line(cli, tmp_path, own_dataset):
    pytest.importorskip("torch")
    labels, manifest = own_dataset(tmp_path, n=12)
    for args, message in (
        (["--uncertain", "ones", "--label-smoothing", "0.9,0.5"], "LO <= HI"),
        (["--uncertain", "zeros", "--label-smoothing", "0.5,0.9"], "ones only"),
    ):
        result = cli("train", "--labels", labels, "--images", manifest, *args, *TINY,
                     "--output", tmp_path / "x")  # fmt: skip
        assert result.exit_code == 1 and message in result.output, result.output


def test_preset_fills_in_what_the_user_left_at_its_default():
    from labelaudit.train.options import TrainOptions
    from labelaudit.train.presets import PRESETS, apply_preset

    config = apply_preset(TrainOptions(epochs=2, image_size=64), "cpu-demo")
    assert config.epochs == 2 and config.image_size == 64  # given: kept
    assert config.schedule == PRESETS["cpu-demo"]["schedule"]
    assert config.width == PRESETS["cpu-demo"]["width"]


def test_dicom_films_train_predict_and_saliency(cli, tmp_path):
    """synth --format dicom writes 12-bit MONOCHROME1 films; every command reads them."""
    pytest.importorskip("torch")
    pytest.importorskip("pydicom")
    data = tmp_path / "synth"
    result = cli("synth", data, "--n", "16", "--size", "48", "--format", "dicom")
    assert result.exit_code == 0, result.output
    films = sorted((data / "images").glob("*.dcm"))
    assert len(films) == 16 and not list((data / "images").glob("*.png"))
    truth = pd.read_csv(data / "truth.csv")
    labels = data / "labels.csv"
    truth.rename(columns={"No Finding": "No Finding"}).drop(
        columns=["path", "patient_id", "faint", "report_error"]
    ).groupby("report_id").max().reset_index().to_csv(labels, index=False)
    run = tmp_path / "run"
    result = cli("train", "--labels", labels, "--images", data / "manifest.csv", *TINY,
                 "--output", run)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert pd.read_csv(run / "skipped_images.csv").empty
    predictions = tmp_path / "preds.csv"
    result = cli("predict", "--run", run, "--images", data / "images", "--output",
                 predictions, "--workers", "0", "--device", "cpu")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert len(pd.read_csv(predictions)) == 16
    maps = tmp_path / "maps"
    result = cli("saliency", "--run", run, "--images", films[0], "--output", maps,
                 "--observations", "Cardiomegaly", "--device", "cpu")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert list(maps.rglob("*.png"))


def test_a_non_image_dicom_is_skipped_with_its_reason(cli, tmp_path, own_dataset):
    pytest.importorskip("torch")
    pytest.importorskip("pydicom")
    labels, manifest = own_dataset(tmp_path, n=12)
    frame = pd.read_csv(manifest)
    bogus = tmp_path / "images" / "report.dcm"
    bogus.write_text("not a DICOM file")
    frame.loc[0, "path"] = "images/report.dcm"
    frame.to_csv(manifest, index=False)
    run = tmp_path / "run"
    result = cli("train", "--labels", labels, "--images", manifest, *TINY, "--output", run)
    assert result.exit_code == 0, result.output
    skipped = pd.read_csv(run / "skipped_images.csv")
    assert skipped["reason"].tolist() == [
        "unreadable: not a readable DICOM file (InvalidDicomError)"
    ]
