"""U-SelfTrained (CheXpert paper): train with uncertain labels masked, relabel them with the
model's own probabilities, train again; and the entry point that runs any policy.

Round 1 trains in ``OUTPUT/round_1`` as U-Ignore. Each later round predicts the training
images with the previous round's best model (eval transform, no augmentation), gives every
uncertain label that probability as its target (``--self-train-hard``: rounded at 0.5), and
trains a fresh model. The last round writes ``OUTPUT`` itself, so ``predict``, ``saliency``
and ``audit`` read a self-trained run like any other.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd

from labelaudit.observations import OBSERVATIONS
from labelaudit.train import run as runfolder
from labelaudit.train.card import Provenance
from labelaudit.train.policies import UncertaintyPolicy
from labelaudit.train.predict import predict_table
from labelaudit.train.progress import Reporter
from labelaudit.train.trainer import RunResult, TrainOptions, resolve_device, train


def run_training(
    table: pd.DataFrame,
    config: TrainOptions,
    output: str | Path,
    *,
    provenance: Provenance | None = None,
    reporter: Reporter | None = None,
) -> RunResult:
    """Train one run under ``config.uncertain``, however many rounds that policy takes."""
    if config.uncertain is not UncertaintyPolicy.SELF_TRAIN:
        return train(table, config, output, provenance=provenance, reporter=reporter)
    return _self_trained(
        table, config, Path(output), provenance or Provenance(), reporter or Reporter()
    )


def _self_trained(
    table: pd.DataFrame,
    config: TrainOptions,
    output: Path,
    provenance: Provenance,
    reporter: Reporter,
) -> RunResult:
    """Round 1 with uncertain labels masked, then rounds on the previous round's probabilities."""
    rounds = config.self_train_rounds + 1
    relabel: pd.DataFrame | None = None
    result: RunResult | None = None
    for number in range(1, rounds + 1):
        folder = output if number == rounds else output / f"round_{number}"
        what = "uncertain labels masked" if relabel is None else "uncertain labels relabelled"
        reporter.note(f"[bold]self-training round {number}/{rounds}[/] ({what})")
        round_config = replace(config, resume=config.resume and (folder / runfolder.LAST).is_file())
        result = train(
            table,
            round_config,
            folder,
            provenance=replace(provenance, self_train_round=number),
            reporter=reporter,
            relabel=relabel,
        )
        if number < rounds:
            relabel = _train_probabilities(table, folder, config)
    assert result is not None  # rounds >= 2
    return result


def _train_probabilities(table: pd.DataFrame, folder: Path, config: TrainOptions) -> pd.DataFrame:
    """The round's best model on the training images: probabilities indexed by path."""
    device = resolve_device(config.device)
    model, card = runfolder.load_run(folder, device)
    images = table.loc[table["split"] == "train", ["path"]].astype(str).reset_index(drop=True)
    predictions, _failed = predict_table(  # failed images stay masked in the next round
        model,
        card,
        images,
        device=device,
        batch_size=config.batch_size * 2,
        workers=config.workers,
        bf16=config.bf16,
    )
    return predictions.set_index("path")[list(OBSERVATIONS)]
