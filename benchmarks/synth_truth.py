"""Shared by the training benchmarks: synthetic films, their report labels, the drawn truth.

``prepare`` runs ``labelaudit synth`` and ``labelaudit extract`` once into a folder (kept
between runs); ``image_table`` gives the trainer's image table with the patient split;
``auroc_vs_truth`` scores probabilities against what was drawn (``truth.csv``), where faint
findings, whose reports hedge, count as positive.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import roc_auc_score

ROOT = Path(__file__).resolve().parent.parent
NOT_FINDINGS = ("path", "report_id", "patient_id", "faint", "report_error", "No Finding")


def prepare(data: Path, n: int, size: int = 128, seed: int = 0) -> None:
    """Draw and label the films unless ``data`` already holds this very set."""
    stamp = data / ".bench_stamp"
    wanted = f"n={n} size={size} seed={seed}"
    if stamp.is_file() and stamp.read_text() == wanted and (data / "labels.csv").is_file():
        return
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "120"}
    for args in (
        ["synth", data, "--n", n, "--size", size, "--seed", seed, "--overwrite"],
        ["extract", data / "reports.csv", "-o", data / "labels.csv"],
    ):
        done = subprocess.run(
            [sys.executable, "-m", "labelaudit", *map(str, args)],
            env=env, capture_output=True, text=True, cwd=ROOT,
        )  # fmt: skip
        if done.returncode:
            raise SystemExit(f"labelaudit {args[0]} failed:\n{done.stdout}\n{done.stderr}")
    stamp.write_text(wanted)


def image_table(data: Path, split_seed: int = 0) -> pd.DataFrame:
    from labelaudit.train.sources import load_own
    from labelaudit.train.split import patient_split

    source = load_own(data / "labels.csv", data / "manifest.csv")
    return patient_split(source.table, seed=split_seed)


def truth(data: Path) -> pd.DataFrame:
    """``truth.csv`` indexed by absolute path, as the image table names the films."""
    frame = pd.read_csv(data / "truth.csv", keep_default_na=False)
    frame.index = [str((data / p).resolve()) for p in frame["path"]]
    return frame


def drawn_findings(truth_frame: pd.DataFrame) -> list[str]:
    return [c for c in truth_frame.columns if c not in NOT_FINDINGS]


def auroc_vs_truth(
    paths: list[str], probabilities: np.ndarray, truth_frame: pd.DataFrame
) -> dict[str, float]:
    """AUROC per drawn finding of ``probabilities`` (rows = paths, 14 observation columns)."""
    from labelaudit.observations import OBSERVATIONS

    rows = truth_frame.loc[paths]
    scores = {}
    for finding in drawn_findings(truth_frame):
        y = rows[finding].to_numpy().astype(int)
        p = probabilities[:, list(OBSERVATIONS).index(finding)]
        scores[finding] = float(roc_auc_score(y, p)) if 0 < y.sum() < len(y) else float("nan")
    return scores


def cpu_seconds() -> float:
    """User + system CPU of this process and its finished children (DataLoader workers)."""
    import resource

    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total
