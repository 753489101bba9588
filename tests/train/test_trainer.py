"""Tiny end-to-end runs: thin VGG16, 32 px, a dozen images, one or two epochs."""

from __future__ import annotations

import csv
import json
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

torch = pytest.importorskip("torch")

from labelaudit.errors import InputError  # noqa: E402
from labelaudit.observations import OBSERVATIONS  # noqa: E402
from labelaudit.train import loop  # noqa: E402
from labelaudit.train.loop import TrainingError  # noqa: E402
from labelaudit.train.policies import UncertaintyPolicy  # noqa: E402
from labelaudit.train.run import load_run, sha256_file  # noqa: E402
from labelaudit.train.trainer import train  # noqa: E402


def test_run_folder_is_complete_and_loadable(image_table, tiny_config, tmp_path):
    out = tmp_path / "run"
    config = replace(tiny_config, uncertain=UncertaintyPolicy.ONES)
    result = train(
        image_table, config, out, provenance={"label_file_hash": "abc", "rules_version": "r1"}
    )
    for name in (
        "model.json",
        "best.pt",
        "last.pt",
        "metrics.json",
        "roc.png",
        "log.csv",
        "skipped_images.csv",
    ):
        assert (out / name).is_file(), name

    card = json.loads((out / "model.json").read_text())
    assert card["observations"] == list(OBSERVATIONS)
    assert card["policy"] == "ones" and card["blank_policy"] == "zeros"
    assert card["image_size"] == 32 and card["seed"] == 0
    assert card["normalization"]["mean"] == pytest.approx([0.485, 0.456, 0.406])
    assert card["label_file_hash"] == "abc" and card["rules_version"] == "r1"
    assert card["package_version"] and card["architecture"]["width"] == pytest.approx(1 / 16)
    assert card["best_sha256"] == sha256_file(out / "best.pt")

    metrics = json.loads((out / "metrics.json").read_text())
    effusion = metrics["observations"]["Pleural Effusion"]
    assert effusion["positives"] == 2 and effusion["negatives"] == 2
    assert len(effusion["auroc_ci"]) == 2
    assert metrics["competition_tasks"] == ["Cardiomegaly", "Pleural Effusion"]
    assert "single class" in metrics["skipped"]["Edema"]  # no Edema label in this table
    assert metrics["best_epoch"] == result.best_epoch == 1

    with open(out / "log.csv") as handle:
        log = list(csv.DictReader(handle))
    assert [row["epoch"] for row in log] == ["1"]
    assert float(log[0]["train_loss"]) > 0

    predictions = pd.read_csv(out / "valid_predictions.csv")
    assert list(predictions.columns) == ["path", "study_id", "patient_id", *OBSERVATIONS]
    assert sorted(predictions["path"]) == sorted(
        image_table.loc[image_table["split"] == "valid", "path"]
    )

    model, loaded_card = load_run(out)
    assert not model.training and loaded_card == card
    assert model(torch.zeros(1, 3, 32, 32)).shape == (1, len(OBSERVATIONS))


def test_missing_and_corrupt_images_are_skipped_and_listed(image_table, tiny_config, tmp_path):
    gone = image_table.loc[0, "path"]
    broken = image_table.loc[1, "path"]
    (tmp_path / "images" / "img00.png").unlink()
    with open(broken, "r+b") as handle:
        handle.truncate(70)  # header survives, pixels do not: fails only when decoded
    train(image_table, tiny_config, tmp_path / "run")
    with open(tmp_path / "run" / "skipped_images.csv") as handle:
        skipped = {row["path"]: row["reason"] for row in csv.DictReader(handle)}
    assert skipped[gone] == "missing"
    assert skipped[broken].startswith("corrupt")
    card = json.loads((tmp_path / "run" / "model.json").read_text())
    assert card["train_images"] == 7  # the missing one never entered the split


def test_strict_stops_on_a_missing_image(image_table, tiny_config, tmp_path):
    (tmp_path / "images" / "img03.png").unlink()
    with pytest.raises(
        InputError, match=r"--strict: 1 images cannot be used.*img03.png \(missing\)"
    ):
        train(image_table, replace(tiny_config, strict=True), tmp_path / "run")
    assert not (tmp_path / "run" / "best.pt").exists()


def test_a_split_without_readable_images_is_an_error(image_table, tiny_config, tmp_path):
    for path in image_table.loc[image_table["split"] == "valid", "path"]:
        (tmp_path / "images" / path.rsplit("/", 1)[1]).unlink()
    with pytest.raises(TrainingError, match="the valid split has no readable images"):
        train(image_table, tiny_config, tmp_path / "run")


def test_nan_loss_stops_with_a_clear_error(image_table, tiny_config, tmp_path, monkeypatch):
    monkeypatch.setattr(loop, "masked_bce_sum", lambda logits, t, m: logits.sum() * float("nan"))
    with pytest.raises(TrainingError, match=r"the loss became nan.*lower --lr"):
        train(image_table, tiny_config, tmp_path / "run")


def test_an_existing_run_is_not_overwritten(image_table, tiny_config, tmp_path):
    train(image_table, tiny_config, tmp_path / "run")
    with pytest.raises(InputError, match="already holds a run; use --resume"):
        train(image_table, tiny_config, tmp_path / "run")
    with pytest.raises(InputError, match="nothing to resume"):
        train(image_table, replace(tiny_config, resume=True), tmp_path / "other")
    with pytest.raises(InputError, match=r"different options than the run: image_size 32 -> 64"):
        train(image_table, replace(tiny_config, resume=True, image_size=64), tmp_path / "run")


def test_resume_gives_the_same_result_as_an_uninterrupted_run(image_table, tiny_config, tmp_path):
    config = replace(tiny_config, epochs=2, workers=1, bootstrap=0)  # workers: their seeds too
    straight = train(image_table, config, tmp_path / "straight")
    train(image_table, replace(config, epochs=1), tmp_path / "resumed")  # "interrupted" here
    resumed = train(image_table, replace(config, resume=True), tmp_path / "resumed")

    assert [r["train_loss"] for r in resumed.history] == [r["train_loss"] for r in straight.history]
    a = torch.load(tmp_path / "straight" / "last.pt", weights_only=True)
    b = torch.load(tmp_path / "resumed" / "last.pt", weights_only=True)
    assert a["epoch"] == b["epoch"] == 2
    for name, tensor in a["model"].items():
        assert torch.equal(tensor, b["model"][name]), name
    np.testing.assert_array_equal(
        straight.last_valid_probabilities, resumed.last_valid_probabilities
    )


def test_bf16_autocast_on_the_cpu_trains(image_table, tiny_config, tmp_path):
    result = train(image_table, replace(tiny_config, bf16=True, bootstrap=0), tmp_path / "run")
    assert np.isfinite(result.history[0]["train_loss"])
    assert np.isfinite(result.last_valid_probabilities).all()


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the message shown without CUDA")
def test_cuda_without_a_gpu_is_a_user_error(image_table, tiny_config, tmp_path):
    with pytest.raises(InputError, match="no CUDA device is available; use --device cpu"):
        train(image_table, replace(tiny_config, device="cuda"), tmp_path / "run")
