"""``run_train``: one training run, or K fold runs, from a data source to a run folder.

The whole of ``labelaudit train`` but the flags: load the data source, split it by patient,
apply a preset, record provenance, check ``resume``, and train (one run, or ``folds``
runs with out-of-fold probabilities).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

from labelaudit.errors import LabelauditError, OptionError
from labelaudit.outputs import check_output_dir
from labelaudit.train.card import CARD, ModelCard, Provenance
from labelaudit.train.distributed import close_distributed, is_main_process
from labelaudit.train.options import TrainOptions
from labelaudit.train.progress import Reporter
from labelaudit.train.sources import DataSource, load_source
from labelaudit.train.split import patient_split
from labelaudit.train.trainer import RunResult


@dataclass(frozen=True)
class TrainInputs:
    """One data source: ``labels`` with its image manifest ``images``, or a dataset folder.

    The fields are :func:`labelaudit.train.sources.load_source`'s keywords."""

    labels: Path | None = None
    images: Path | None = None  # manifest CSV: label id -> image path(s)
    chexpert_root: Path | None = None
    mimic_root: Path | None = None
    views: tuple[str, ...] | None = None  # MIMIC-CXR/CheXpert views to keep; None: all
    mimic_labeler: str = "chexpert"  # or negbio: which MIMIC-CXR label file


@dataclass
class TrainResult:
    """The run folder, what went into it, and each run's scores (one per fold with folds)."""

    output: Path
    source: DataSource
    provenance: Provenance
    runs: list[RunResult] = field(default_factory=list)
    oof_predictions: pd.DataFrame | None = None  # with folds: out-of-fold probabilities


def default_output(options: TrainOptions) -> Path:
    """``runs/u-POLICY``, the run folder when none is given."""
    return Path("runs") / f"u-{options.uncertain.value}"


def run_train(
    inputs: TrainInputs,
    output: Path,
    options: TrainOptions,
    *,
    progress: Reporter | None = None,
) -> TrainResult:
    """Train on ``inputs`` into the run folder ``output``.

    ``progress`` shows the data, a bar per epoch and the score tables (rank 0 only);
    None trains silently.
    """
    from labelaudit.train.folds import train_folds
    from labelaudit.train.presets import apply_preset
    from labelaudit.train.selftrain import run_training
    from labelaudit.train.split import folds as assign_folds

    check_output_dir(output, [inputs.labels, inputs.images])
    source = load_source(**asdict(inputs))  # the same keywords
    table = patient_split(source.table, seed=options.split_seed)
    if options.preset is not None:
        options = apply_preset(options, options.preset)
    reporter = progress if progress is not None else Reporter(enabled=False)
    reporter.enabled = reporter.enabled and is_main_process()
    reporter.data_summary(source, table, options.folds)
    provenance = Provenance.of_label_files(source.name, source.label_files, options.split_seed)
    if options.resume:
        _check_resume_labels(output, provenance.label_file_hash)
    result = TrainResult(output, source, provenance)
    try:
        if options.folds:
            fold_of_row = assign_folds(table, options.folds, seed=options.split_seed)
            folded = train_folds(
                table, fold_of_row, options, output, provenance=provenance, reporter=reporter
            )
            result.runs, result.oof_predictions = folded.runs, folded.oof
        else:
            result.runs = [
                run_training(table, options, output, provenance=provenance, reporter=reporter)
            ]
    finally:
        close_distributed()
    return result


def _check_resume_labels(output: Path, label_hash: str | None) -> None:
    """``resume`` continues a run on the labels it started with, or not at all."""
    for path in [output / CARD, *sorted(output.glob(f"fold_*/{CARD}"))]:
        try:
            started = ModelCard.read(path.parent).label_file_hash
        except (OSError, LabelauditError):
            continue  # no run to resume there: the trainer says so
        if started and label_hash and started != label_hash:
            raise OptionError(
                f"{output}: resume=True with other labels: the run started on labels with "
                f"sha256 {started}, these have {label_hash}; give the same labels, or another "
                "output folder",
                "resume",
            )
