"""``predict`` on a finished run, and K-fold out-of-fold probabilities."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

torch = pytest.importorskip("torch")

from labelaudit.errors import InputError  # noqa: E402
from labelaudit.manifest import collect_images, read_manifest  # noqa: E402
from labelaudit.observations import OBSERVATIONS  # noqa: E402
from labelaudit.train.folds import train_folds  # noqa: E402
from labelaudit.train.model import Architecture, build_model  # noqa: E402
from labelaudit.train.predict import predict_table  # noqa: E402
from labelaudit.train.run import load_run  # noqa: E402
from labelaudit.train.trainer import train  # noqa: E402


@pytest.fixture
def finished_run(image_table, tiny_config, tmp_path):
    train(image_table, tiny_config, tmp_path / "run")
    return tmp_path / "run"


def test_predict_from_a_manifest_a_folder_and_files(finished_run, image_table, tmp_path):
    model, card = load_run(finished_run)
    manifest = tmp_path / "manifest.csv"
    pd.DataFrame(
        {
            "report_id": ["r1", "r2", "r3"],
            "path": ["images/img00.png", "images/img01.png", "images/nothere.png"],
        }
    ).to_csv(manifest, index=False)

    from_manifest, failed = predict_table(
        model, card, collect_images([manifest]).table, device=torch.device("cpu")
    )
    assert list(from_manifest.columns) == ["path", "report_id", *OBSERVATIONS]
    assert from_manifest["report_id"].tolist() == ["r1", "r2"]  # relative to the manifest
    assert list(failed.values()) == ["missing"]
    probabilities = from_manifest[list(OBSERVATIONS)].to_numpy()
    assert ((probabilities > 0) & (probabilities < 1)).all()

    from_folder, _ = predict_table(
        model, card, collect_images([tmp_path / "images"]).table, device=torch.device("cpu")
    )
    assert len(from_folder) == len(image_table)
    files = [tmp_path / "images" / "img01.png", tmp_path / "images" / "img00.png"]
    from_files, _ = predict_table(
        model, card, collect_images(files).table, device=torch.device("cpu")
    )
    assert from_files["path"].str.endswith("img01.png").iloc[0]
    # the same image gives the same probabilities whichever way it was named
    by_path = from_folder.set_index("path")
    np.testing.assert_allclose(
        from_files.set_index("path").loc[by_path.index[:2], list(OBSERVATIONS)],
        by_path.iloc[:2][list(OBSERVATIONS)],
        rtol=1e-5,
    )


def test_predict_reads_manifests_with_the_shared_reader(cli, finished_run, tmp_path):
    manifest = tmp_path / "m.csv"
    manifest.write_text("report_id,where\nr1,images/img00.png\n")
    result = cli("predict", "--run", finished_run, "--images", manifest, "-o", tmp_path / "p.csv")
    assert result.exit_code == 1
    with pytest.raises(InputError) as shared:
        read_manifest(manifest)
    assert f"error: {shared.value}" in " ".join(result.output.split())
    assert not (tmp_path / "p.csv").exists()


def test_load_run_refuses_a_changed_checkpoint(finished_run):
    with open(finished_run / "best.pt", "ab") as handle:
        handle.write(b"tampered")
    with pytest.raises(InputError, match="checksum differs"):
        load_run(finished_run)


def test_out_of_fold_probabilities_come_from_the_model_that_held_them_out(
    image_table, tiny_config, tmp_path
):
    fold_of_row = image_table["patient_id"].map(lambda p: int(p[1:]) % 2)
    config = replace(tiny_config, n_resamples=0)
    oof = train_folds(image_table, fold_of_row, config, tmp_path / "cv").oof

    written = pd.read_csv(tmp_path / "cv" / "oof_predictions.csv", dtype={"patient_id": str})
    assert list(written.columns) == ["path", "study_id", "patient_id", "fold", *OBSERVATIONS]
    assert sorted(written["path"]) == sorted(image_table["path"])
    assert len(oof) == len(image_table)
    assert (written["fold"] == written["patient_id"].str[1:].astype(int) % 2).all()

    # Fold 0's last-epoch model (last.pt) reproduces its held-out rows.
    state = torch.load(tmp_path / "cv" / "fold_0" / "last.pt", weights_only=True)
    model = build_model(Architecture(width=config.width))
    model.load_state_dict(state["model"])
    _, card = load_run(tmp_path / "cv" / "fold_0")
    held_out = written[written["fold"] == 0]
    again, _ = predict_table(model.eval(), card, held_out[["path"]], device=torch.device("cpu"))
    np.testing.assert_allclose(
        again[list(OBSERVATIONS)].to_numpy(), held_out[list(OBSERVATIONS)].to_numpy(), atol=2e-6
    )


def test_folds_must_not_split_a_patient(image_table, tiny_config, tmp_path):
    fold_of_row = pd.Series(np.arange(len(image_table)) % 2)
    with pytest.raises(InputError, match="more than one fold"):
        train_folds(image_table, fold_of_row, tiny_config, tmp_path / "cv")
