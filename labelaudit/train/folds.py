"""K-fold training by patient, for out-of-fold probabilities (``labelaudit train --folds K``).

Label auditing (cleanlab, ``labelaudit audit``) needs, for every image, a probability from
a model that never saw that image's patient. Each fold trains a full run in ``fold_K/``
with the held-out fold as its validation split, and the held-out probabilities of its last
epoch (not the best one: choosing on the held-out fold would leak it) go to
``oof_predictions.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from labelaudit.atomic import atomic_write
from labelaudit.errors import InputError, OptionError
from labelaudit.observations import OBSERVATIONS
from labelaudit.train import run as runfolder
from labelaudit.train.card import Provenance
from labelaudit.train.distributed import is_main_process
from labelaudit.train.options import TrainOptions
from labelaudit.train.progress import Reporter
from labelaudit.train.selftrain import run_training
from labelaudit.train.trainer import RunResult
from labelaudit.wording import plural

OOF_FILE = "oof_predictions.csv"
OOF_ID_COLUMNS = ("path", "study_id", "patient_id", "fold")


@dataclass
class FoldsResult:
    oof: pd.DataFrame  # out-of-fold probabilities, as written to oof_predictions.csv
    runs: list[RunResult]  # one per fold, in fold order


def train_folds(
    table: pd.DataFrame,
    fold_of_row: pd.Series,
    config: TrainOptions,
    output: str | Path,
    *,
    provenance: Provenance | None = None,
    reporter: Reporter | None = None,
) -> FoldsResult:
    """Train one model per fold; write the out-of-fold probabilities and return them.

    ``fold_of_row`` gives each row of ``table`` its fold number (0..K-1), assigned by
    patient so that a patient's images share a fold.
    """
    output = Path(output)
    reporter = reporter or Reporter()
    reporter.enabled = reporter.enabled and is_main_process()
    folds = sorted(int(f) for f in pd.unique(fold_of_row))
    if len(folds) < 2:
        raise OptionError("fold_of_row must give at least 2 folds with images", "fold_of_row")
    _check_patients_within_folds(table, fold_of_row)
    parts, runs = [], []
    for fold in folds:
        reporter.note(f"[bold]fold {fold + 1}/{len(folds)}[/]")
        held_out = (fold_of_row == fold).to_numpy()
        fold_table = table.assign(split=np.where(held_out, "valid", "train"))
        fold_dir = output / f"fold_{fold}"
        fold_config = replace(
            # Self-training keeps its earlier rounds' last.pt in fold_k/round_r/.
            config,
            resume=config.resume and any(fold_dir.rglob(runfolder.LAST)),
        )
        result = run_training(
            fold_table,
            fold_config,
            fold_dir,
            provenance=replace(provenance or Provenance(), fold=fold, folds=len(folds)),
            reporter=reporter,
        )
        runs.append(result)
        ids = table.loc[held_out, ["path", "study_id", "patient_id"]].astype(str)
        probabilities = pd.DataFrame(
            result.last_valid_probabilities, columns=list(OBSERVATIONS)
        ).assign(path=result.valid_paths)
        part = ids.merge(probabilities, on="path", how="inner").assign(fold=fold)
        parts.append(part.dropna(subset=list(OBSERVATIONS)))  # images that failed to load
    oof = pd.concat(parts, ignore_index=True)[[*OOF_ID_COLUMNS, *OBSERVATIONS]]
    if is_main_process():
        with atomic_write(output / OOF_FILE) as handle:
            oof.to_csv(handle, index=False, float_format="%.6f")
    reporter.note(f"out-of-fold probabilities of {plural(len(oof), 'image')}: {output / OOF_FILE}")
    return FoldsResult(oof, runs)


def _check_patients_within_folds(table: pd.DataFrame, fold_of_row: pd.Series) -> None:
    per_patient = (
        pd.Series(fold_of_row.to_numpy()).groupby(table["patient_id"].to_numpy()).nunique()
    )
    leaking = per_patient[per_patient > 1]
    if len(leaking):
        raise InputError(
            f"{len(leaking)} patients have images in more than one fold, e.g. {leaking.index[0]}"
        )
