"""``torchrun --nproc-per-node 2 -m labelaudit train``: DDP on two CPU processes (gloo)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from labelaudit.observations import OBSERVATIONS

pytest.importorskip("torch")

REPO = Path(__file__).resolve().parents[2]


def _torchrun(tmp_path, table: pd.DataFrame, *extra: str) -> subprocess.CompletedProcess:
    labels, manifest = tmp_path / "labels.csv", tmp_path / "manifest.csv"
    table.assign(report_id=table["study_id"])[["report_id", *OBSERVATIONS]].to_csv(
        labels, index=False
    )
    table.assign(report_id=table["study_id"], split=table["split"])[
        ["report_id", "patient_id", "path", "split"]
    ].to_csv(manifest, index=False)
    env = {**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1"}
    command = [
        sys.executable, "-m", "torch.distributed.run", "--nproc-per-node", "2",
        "--standalone", "-m", "labelaudit", "train",
        "--labels", str(labels), "--images", str(manifest), "--device", "cpu",
        "--epochs", "1", "--image-size", "32", "--width", "0.0625",
        "--workers", "0", "--bootstrap", "5", "--output", str(tmp_path / "run"), *extra,
    ]  # fmt: skip
    # A rank left waiting in an all-reduce would hang for gloo's 30 minutes: the timeout
    # turns that into a failure.
    return subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=240, cwd=tmp_path
    )


@pytest.mark.slow
def test_two_process_ddp_run(tmp_path, make_image_table):
    table = make_image_table(tmp_path / "images", n=16, n_valid=5)
    done = _torchrun(tmp_path, table, "--batch-size", "2")
    assert done.returncode == 0, done.stderr[-3000:]
    run = tmp_path / "run"

    card = json.loads((run / "model.json").read_text())
    assert card["world_size"] == 2
    with open(run / "log.csv") as handle:
        (epoch,) = list(csv.DictReader(handle))
    assert int(epoch["images"]) == 12  # 11 train images, padded to 6 per rank
    metrics = json.loads((run / "metrics.json").read_text())
    assert metrics["valid_images_scored"] == 5  # gathered from both ranks, padding dropped
    assert "Pleural Effusion" in metrics["observations"]
    # rank 0 alone printed the epoch table
    assert done.stdout.count("Validation, best epoch") == 1
    assert (run / "best.pt").is_file() and not pd.read_csv(run / "skipped_images.csv").shape[0]


@pytest.mark.slow
def test_a_batch_that_fails_on_one_rank_is_skipped_on_both(tmp_path, make_image_table):
    """Batch size 1 and a corrupt training image: one rank has nothing to train on for one
    step. Both ranks must skip that step together instead of one waiting forever."""
    table = make_image_table(tmp_path / "images", n=16, n_valid=5)
    corrupt = Path(table.loc[3, "path"])
    corrupt.write_bytes(corrupt.read_bytes()[:60])  # header parses, pixel data truncated
    done = _torchrun(tmp_path, table, "--batch-size", "1")
    assert done.returncode == 0, done.stderr[-3000:]
    run = tmp_path / "run"
    skipped = pd.read_csv(run / "skipped_images.csv")
    assert skipped["path"].tolist() == [str(corrupt)]
    assert skipped["reason"].iloc[0].startswith("corrupt")
    assert "batches skipped on every rank" in done.stderr + done.stdout
    with open(run / "log.csv") as handle:
        (epoch,) = list(csv.DictReader(handle))
    # 11 training images padded to 6 per rank; the corrupt one's step was skipped on both.
    assert int(epoch["images"]) == 10
