"""``run_train`` from Python, the model card, and the parts' imports without torch."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from labelaudit.errors import InputError
from labelaudit.observations import OBSERVATIONS
from labelaudit.train.card import ModelCard, Provenance

PARTS = ("extract", "validation", "train", "saliency", "audit")


def test_importing_a_part_and_its_options_loads_no_torch():
    code = (
        "import sys\n"
        + "".join(f"import labelaudit.{part}\n" for part in PARTS)
        + "from labelaudit.train import ModelCard, Provenance, TrainOptions\n"
        "from labelaudit.saliency import Method\n"
        "from labelaudit.train.presets import apply_preset\n"
        "apply_preset(TrainOptions(), 'cpu-demo').check()\n"
        "assert 'torch' not in sys.modules, 'torch imported'\n"
        "assert 'spacy' not in sys.modules, 'spacy imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("part", PARTS)
def test_each_part_exports_its_entry_point(part):
    import importlib

    module = importlib.import_module(f"labelaudit.{part}")
    assert f"run_{part}" in module.__all__
    prefix = part.capitalize()
    assert {f"{prefix}Inputs", f"{prefix}Options", f"{prefix}Result"} <= set(module.__all__)
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        module.nothing  # noqa: B018


def _card(**changes) -> dict:
    card = {
        "format": 1,
        "package": "labelaudit",
        "package_version": "0.2.0",
        "torch_version": "2.0",
        "observations": list(OBSERVATIONS),
        "policy": "ignore",
        "blank_policy": "zeros",
        "image_size": 32,
        "channels": 3,
        "normalization": {"mean": [0.5, 0.5, 0.5], "std": [0.2, 0.2, 0.2]},
        "architecture": {"width": 0.0625, "batch_norm": False},
    }
    return {**card, **changes}


def test_card_round_trips_byte_for_byte(tmp_path):
    card = ModelCard.from_dict(_card(best_epoch=2, valid_auroc_mean=None))
    card.write(tmp_path)
    text = (tmp_path / "model.json").read_text()
    assert ModelCard.read(tmp_path).to_json() == text
    assert list(json.loads(text))[:5] == ["format", "package", "package_version",
                                          "torch_version", "observations"]  # fmt: skip
    assert card.mean == [0.5, 0.5, 0.5] and card.image_size == 32


def test_card_keeps_keys_of_a_newer_version():
    card = ModelCard.from_dict(_card(calibration={"method": "temperature"}))
    assert card.to_dict()["calibration"] == {"method": "temperature"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"image_size": "32"}, "'image_size' must be a positive whole number"),
        ({"observations": []}, "'observations' must be a list"),
        ({"normalization": {"mean": [0.5]}}, "'normalization' must hold"),
        ({"architecture": None}, "'architecture' must be an object"),
    ],
)
def test_card_rejects_wrong_types(changes, message):
    with pytest.raises(InputError, match=message):
        ModelCard.from_dict(_card(**changes), "run/model.json")


def test_card_names_missing_keys_and_bad_json(tmp_path):
    data = _card()
    del data["normalization"]
    (tmp_path / "model.json").write_text(json.dumps(data))
    with pytest.raises(InputError, match=r"model\.json: missing keys: normalization"):
        ModelCard.read(tmp_path)
    (tmp_path / "model.json").write_text("{")
    with pytest.raises(InputError, match="not valid JSON"):
        ModelCard.read(tmp_path)
    with pytest.raises(InputError, match="not a training run folder"):
        ModelCard.read(tmp_path / "elsewhere")


def test_provenance_of_label_files_reads_the_extract_sidecar(tmp_path):
    labels = tmp_path / "labels.csv"
    labels.write_text("report_id,Cardiomegaly\ns1,1.0\n")
    (tmp_path / "labels.csv.meta.json").write_text(json.dumps({"rules": {"version": "1.2.0"}}))
    provenance = Provenance.of_label_files("labels+manifest", [labels], split_seed=3)
    assert provenance.label_file_hash == hashlib.sha256(labels.read_bytes()).hexdigest()
    assert (provenance.rules_version, provenance.split_seed) == ("1.2.0", 3)
    fields = ModelCard.provenance_fields(provenance)
    assert "fold" not in fields and fields["label_file"] == str(labels)


def _own_dataset(table, root: Path) -> tuple[Path, Path]:
    labels, manifest = root / "labels.csv", root / "manifest.csv"
    table = table.rename(columns={"study_id": "report_id"})
    table[["report_id", *OBSERVATIONS]].to_csv(labels, index=False)
    table[["report_id", "patient_id", "path"]].to_csv(manifest, index=False)
    return labels, manifest


def test_run_train_with_folds(tmp_path, make_image_table):
    pytest.importorskip("torch")
    from labelaudit.train import RunResult, TrainInputs, TrainOptions, TrainResult, run_train

    labels, manifest = _own_dataset(make_image_table(tmp_path / "images", n=16), tmp_path)
    options = TrainOptions(
        epochs=1, image_size=32, width=1 / 16, batch_size=4, workers=0, n_resamples=0,
        device="cpu", folds=2, split_seed=1,
    )  # fmt: skip
    result = run_train(TrainInputs(labels=labels, images=manifest), tmp_path / "cv", options)
    assert isinstance(result, TrainResult) and result.output == tmp_path / "cv"
    assert len(result.runs) == 2 and all(isinstance(r, RunResult) for r in result.runs)
    assert result.oof_predictions is not None and len(result.oof_predictions) == 16
    assert result.source.name == "labels+manifest" and result.provenance.split_seed == 1
    card = ModelCard.read(tmp_path / "cv" / "fold_1")
    assert card.label_file_hash == hashlib.sha256(labels.read_bytes()).hexdigest()
    assert card.split_seed == 1 and card.data_source == "labels+manifest"
