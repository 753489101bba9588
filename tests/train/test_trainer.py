"""Tiny end-to-end runs: thin VGG16, 32 px, a dozen images, one or two epochs."""

from __future__ import annotations

import csv
import json
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

torch = pytest.importorskip("torch")

from labelaudit.errors import InputError, TrainingError  # noqa: E402
from labelaudit.observations import OBSERVATIONS  # noqa: E402
from labelaudit.train import loop  # noqa: E402
from labelaudit.train.card import Provenance  # noqa: E402
from labelaudit.train.policies import UncertaintyPolicy  # noqa: E402
from labelaudit.train.run import load_run, sha256_file  # noqa: E402
from labelaudit.train.trainer import train  # noqa: E402


def test_run_folder_is_complete_and_loadable(image_table, tiny_config, tmp_path):
    out = tmp_path / "run"
    config = replace(tiny_config, uncertain=UncertaintyPolicy.ONES)
    result = train(
        image_table, config, out, provenance=Provenance(label_file_hash="abc", rules_version="r1")
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
    assert not model.training and loaded_card.to_dict() == card
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
        InputError, match=r"strict=True: 1 images cannot be used.*img03.png \(missing\)"
    ):
        train(image_table, replace(tiny_config, strict=True), tmp_path / "run")
    assert not (tmp_path / "run" / "best.pt").exists()


def test_a_split_without_readable_images_is_an_error(image_table, tiny_config, tmp_path):
    for path in image_table.loc[image_table["split"] == "valid", "path"]:
        (tmp_path / "images" / path.rsplit("/", 1)[1]).unlink()
    with pytest.raises(TrainingError, match="the valid split has no readable images"):
        train(image_table, tiny_config, tmp_path / "run")


def test_nan_loss_stops_with_a_clear_error(image_table, tiny_config, tmp_path, monkeypatch):
    from labelaudit.train import trainer

    nan_loss = lambda logits, t, m: logits.sum() * float("nan")  # noqa: E731
    monkeypatch.setattr(trainer, "loss_for", lambda classes: nan_loss)
    with pytest.raises(TrainingError, match=r"the loss became nan.*lower lr,"):
        train(image_table, tiny_config, tmp_path / "run")


def test_an_existing_run_is_not_overwritten(image_table, tiny_config, tmp_path):
    train(image_table, tiny_config, tmp_path / "run")
    with pytest.raises(InputError, match="already holds a run; use resume=True"):
        train(image_table, tiny_config, tmp_path / "run")
    with pytest.raises(InputError, match=r"resume=True: .* does not exist"):
        train(image_table, replace(tiny_config, resume=True), tmp_path / "other")
    with pytest.raises(InputError, match=r"different options than the run: image_size 32 -> 64"):
        train(image_table, replace(tiny_config, resume=True, image_size=64), tmp_path / "run")


def test_resume_gives_the_same_result_as_an_uninterrupted_run(image_table, tiny_config, tmp_path):
    config = replace(tiny_config, epochs=2, workers=1, n_resamples=0)  # workers: their seeds too
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
    result = train(image_table, replace(tiny_config, bf16=True, n_resamples=0), tmp_path / "run")
    assert np.isfinite(result.history[0]["train_loss"])
    assert np.isfinite(result.last_valid_probabilities).all()


@pytest.mark.skipif(torch.cuda.is_available(), reason="checks the message shown without CUDA")
def test_cuda_without_a_gpu_is_a_user_error(image_table, tiny_config, tmp_path):
    with pytest.raises(InputError, match=r"^device=cuda: no CUDA device .*; use device=cpu$"):
        train(image_table, replace(tiny_config, device="cuda"), tmp_path / "run")


@pytest.mark.parametrize("policy", ["multiclass", "self-train"])
def test_new_policies_train_end_to_end_and_predict(policy, image_table, tiny_config, tmp_path):
    from labelaudit.train.predict import predict_table
    from labelaudit.train.selftrain import run_training

    out = tmp_path / "run"
    config = replace(tiny_config, uncertain=UncertaintyPolicy(policy))
    result = run_training(image_table, config, out)
    card = json.loads((out / "model.json").read_text())
    assert card["policy"] == policy
    assert card["architecture"]["classes"] == (3 if policy == "multiclass" else 1)
    model, card = load_run(out)
    predictions, failed = predict_table(model, card, image_table, device=torch.device("cpu"))
    probabilities = predictions[list(OBSERVATIONS)].to_numpy()
    assert probabilities.shape == (len(image_table), len(OBSERVATIONS)) and not failed
    assert ((probabilities > 0) & (probabilities < 1)).all()
    valid = pd.read_csv(out / "valid_predictions.csv")
    assert len(valid) == 4 and result.best_epoch == 1
    if policy == "multiclass":  # saliency reads the positive-vs-negative logit
        from labelaudit.saliency.maps import compute_maps

        for method in ("gradient", "gradcam"):
            maps, _ = compute_maps(model, torch.randn(2, 3, 32, 32), [10], method)
            assert maps.shape[:2] == (2, 1) and torch.isfinite(maps).all()
    if policy == "self-train":
        assert card.self_train == {"rounds": 1, "targets": "soft", "round": 2}
        assert (out / "round_1" / "best.pt").is_file()
        first = json.loads((out / "round_1" / "model.json").read_text())
        assert first["self_train"]["round"] == 1


def test_self_train_relabels_uncertain_with_the_previous_round(
    image_table, tiny_config, tmp_path, monkeypatch
):
    from labelaudit.train import trainer
    from labelaudit.train.selftrain import run_training

    seen = []
    original = trainer.self_train_targets

    def spy(values, predictions, blank, *, hard):
        seen.append((values.copy(), predictions.copy(), hard))
        return original(values, predictions, blank, hard=hard)

    monkeypatch.setattr(trainer, "self_train_targets", spy)
    config = replace(
        tiny_config,
        uncertain=UncertaintyPolicy.SELF_TRAIN,
        self_train_rounds=2,
        self_train_hard=True,
    )
    run_training(image_table, config, tmp_path / "run")
    assert len(seen) == 2  # rounds 2 and 3 relabel; round 1 is U-Ignore
    values, predictions, hard = seen[0]
    assert hard and predictions.shape == values.shape
    assert ((predictions > 0) & (predictions < 1)).all()  # every training image predicted
    assert (tmp_path / "run" / "round_2" / "best.pt").is_file()


def test_onecycle_adamw_and_smoothing_run_and_resume(image_table, tiny_config, tmp_path):
    out = tmp_path / "run"
    config = replace(
        tiny_config,
        uncertain=UncertaintyPolicy.ONES,
        label_smoothing=(0.55, 0.85),
        optimizer="adamw",
        weight_decay=1e-4,
        schedule="onecycle",
        epochs=2,
    )
    train(image_table, replace(config, epochs=1), tmp_path / "short")
    with pytest.raises(InputError, match="epochs 1 -> 2"):  # one-cycle spans the whole run
        train(image_table, replace(config, resume=True), tmp_path / "short")
    train(image_table, config, out)
    card = json.loads((out / "model.json").read_text())
    assert card["optimizer"] == "adamw" and card["schedule"] == "onecycle"
    assert card["label_smoothing"] == [0.55, 0.85]
    state = torch.load(out / "last.pt", weights_only=True)
    assert state["scheduler"]["_step_count"] > 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"optimizer": "sgd"}, "^optimizer must be one of"),
        ({"schedule": "cosine"}, "^schedule must be one of"),
        ({"label_smoothing": (0.5, 0.9)}, "ones only"),
        ({"self_train_rounds": 0}, "^self_train_rounds must be at least 1"),
    ],
)
def test_recipe_options_are_checked(changes, message, image_table, tiny_config, tmp_path):
    with pytest.raises(InputError, match=message):
        train(image_table, replace(tiny_config, **changes), tmp_path / "run")


def test_train_epoch_skips_a_batch_the_ranks_do_not_all_have(image_table, tiny_config):
    """``agree`` stands in for the all-reduce: a False answer skips the step everywhere."""
    from labelaudit.train.dataset import Batch
    from labelaudit.train.model import Architecture, build_model

    model = build_model(Architecture(width=1 / 16))
    optimizer = torch.optim.Adam(model.parameters())
    batch = Batch(
        torch.randn(2, 3, 32, 32), torch.zeros(2, 14), torch.ones(2, 14), torch.arange(2), []
    )
    answers = iter([False, True, True])  # batch 1: another rank had nothing; batch 2: fine
    stats = loop.train_epoch(
        model, [batch, batch], optimizer, loop.Precision(torch.device("cpu")),
        agree=lambda flag: next(answers) and flag,
    )  # fmt: skip
    assert stats.skipped_batches == 1 and stats.images == 2
    finite = iter([True, False])  # the loss was not finite on another rank: stop here too
    with pytest.raises(TrainingError, match="the loss became nan"):
        loop.train_epoch(
            model, [batch], optimizer, loop.Precision(torch.device("cpu")),
            agree=lambda flag: next(finite) and flag,
        )  # fmt: skip
