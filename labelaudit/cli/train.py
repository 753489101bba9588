"""``labelaudit train`` (VGG16 multi-task training) and ``labelaudit predict``.

torch is imported only inside the commands, after checking that the ``[train]`` extra is
installed, so ``labelaudit --help`` and every other command work without it.
"""

from __future__ import annotations

import hashlib
import json
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from labelaudit.cli import options as opt
from labelaudit.cli.app import Device, app, console, err_console, user_errors
from labelaudit.errors import InputError
from labelaudit.train.policies import BlankPolicy, UncertaintyPolicy
from labelaudit.wording import plural

if TYPE_CHECKING:
    import pandas as pd

    from labelaudit.train.sources import DataSource

INSTALL_HINT = "pip install 'labelaudit[train]'"


class Optimizer(str, Enum):
    adam = "adam"
    adamw = "adamw"


class Schedule(str, Enum):
    constant = "constant"
    onecycle = "onecycle"


class Preset(str, Enum):
    none = "none"
    cpu_demo = "cpu-demo"


def require_torch(command: str) -> None:
    """Exit 1 with the install command when torch or torchvision is missing."""
    try:
        import torch  # noqa: F401
        import torchvision  # noqa: F401
    except ImportError as exc:
        err_console.print(
            f"[bold red]error:[/] labelaudit {command} needs PyTorch and torchvision "
            f"({exc.name} is not installed): {escape(INSTALL_HINT)}",
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(code=1) from None


@app.command()
@user_errors
def train(
    uncertain: Annotated[
        UncertaintyPolicy,
        typer.Option(
            help="Uncertain (-1) labels: ignore (masked), zeros, ones, multiclass (a third "
            "class) or self-train (masked, then the model's own predictions)."
        ),
    ] = UncertaintyPolicy.IGNORE,
    label_smoothing: Annotated[
        str | None,
        typer.Option(
            metavar="LO,HI",
            help="With --uncertain ones: uncertain targets drawn uniformly from [LO, HI]; "
            "'default' is 0.55,0.85 (Pham et al. 2019).",
        ),
    ] = None,
    self_train_rounds: Annotated[
        int, typer.Option(help="With --uncertain self-train: relabel-and-retrain rounds.", min=1)
    ] = 1,
    self_train_hard: Annotated[
        bool,
        typer.Option(help="With --uncertain self-train: round the new targets to 0/1 at 0.5."),
    ] = False,
    preset: Annotated[
        Preset,
        typer.Option(
            help="cpu-demo: the recipe that learns the synthetic demo in minutes on a CPU "
            "(options you set yourself win)."
        ),
    ] = Preset.none,
    blank: Annotated[
        BlankPolicy,
        typer.Option(help="Blank (unmentioned) labels: zeros (CheXpert paper) or ignore."),
    ] = BlankPolicy.ZEROS,
    chexpert_root: Annotated[
        Path | None, typer.Option(help="CheXpert folder with train.csv and valid.csv.")
    ] = None,
    mimic_root: Annotated[
        Path | None,
        typer.Option(help="MIMIC-CXR-JPG folder: label file, metadata.csv, split.csv, files/."),
    ] = None,
    views: Annotated[
        str | None, typer.Option(help="MIMIC-CXR views to keep, e.g. PA,AP (default: all).")
    ] = None,
    labels: Annotated[
        Path | None, typer.Option(help="Label file with ids, e.g. from labelaudit extract.")
    ] = None,
    images: Annotated[
        Path | None, typer.Option(help="Manifest CSV mapping each label id to image paths.")
    ] = None,
    mimic_labeler: Annotated[
        str, typer.Option(help="MIMIC-CXR label file to use: chexpert or negbio.")
    ] = "chexpert",
    split_seed: Annotated[
        int, typer.Option(help="Seed of the patient split when the data has none.")
    ] = 0,
    folds: Annotated[
        int,
        typer.Option(help="Train K models on patient folds; write oof_predictions.csv.", min=0),
    ] = 0,
    epochs: Annotated[int, typer.Option(min=1, help="Passes over the training images.")] = 3,
    image_size: Annotated[int, typer.Option(help="Square input side in pixels.", min=32)] = 224,
    batch_size: Annotated[int, typer.Option(min=1, help="Images per optimisation step.")] = 16,
    lr: Annotated[
        float, typer.Option(help="Learning rate (the peak rate with --schedule onecycle).")
    ] = 1e-4,
    optimizer: Annotated[Optimizer, typer.Option(help="adam, or adamw (decoupled decay).")] = (
        Optimizer.adam
    ),
    weight_decay: Annotated[float, typer.Option(help="Weight decay.", min=0.0)] = 0.0,
    schedule: Annotated[
        Schedule,
        typer.Option(help="constant lr, or onecycle (warm up to --lr, then anneal to ~0)."),
    ] = Schedule.constant,
    seed: Annotated[int, typer.Option(help="Seed of weights, order and augmentation.")] = 0,
    width: Annotated[
        float,
        typer.Option(help="Scale VGG16's channel counts (1 = the real VGG16; 0.125 for CI)."),
    ] = 1.0,
    batch_norm: Annotated[
        bool, typer.Option(help="VGG16-BN: batch norm after each convolution.")
    ] = False,
    pretrained: Annotated[
        bool, typer.Option(help="Start from torchvision's ImageNet weights (local cache only).")
    ] = False,
    device: opt.DeviceOption = Device.auto,
    bf16: Annotated[
        bool, typer.Option(help="bf16 autocast on the CPU (always on with CUDA).")
    ] = False,
    workers: opt.LoaderWorkersOption = 2,
    threads: Annotated[
        int,
        typer.Option(
            help="CPU threads for the model (0: one per core). 1 wastes least CPU on a busy "
            "machine.",
            min=0,
        ),
    ] = 0,
    hflip: Annotated[
        bool, typer.Option(help="Random horizontal flips (off: the heart sits on the left).")
    ] = False,
    strict: Annotated[
        bool, typer.Option(help="Stop at the first missing or corrupt image instead of skipping.")
    ] = False,
    bootstrap: Annotated[
        int, typer.Option(help="Bootstrap resamples for the confidence intervals.", min=0)
    ] = 200,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Run folder (default: runs/u-POLICY).")
    ] = None,
    resume: Annotated[
        bool, typer.Option(help="Continue the interrupted run in --output from last.pt.")
    ] = False,
) -> None:
    """Train a VGG16 multi-task model on report labels, with an uncertainty policy."""
    require_torch("train")
    from labelaudit.outputs import check_output_dir
    from labelaudit.train.distributed import close_distributed, is_main_process
    from labelaudit.train.policies import parse_smoothing
    from labelaudit.train.progress import Reporter
    from labelaudit.train.sources import load_source, parse_views
    from labelaudit.train.split import patient_split
    from labelaudit.train.trainer import TrainConfig

    output = output or Path("runs") / f"u-{uncertain.value}"
    check_output_dir(output, [labels, images])
    source = load_source(
        chexpert_root=chexpert_root,
        mimic_root=mimic_root,
        labels=labels,
        images=images,
        views=parse_views(views),
        mimic_labeler=mimic_labeler,
    )
    table = patient_split(source.table, seed=split_seed)
    smoothing = None
    if label_smoothing is not None:
        try:
            smoothing = parse_smoothing(label_smoothing)
        except ValueError as exc:
            raise InputError(str(exc)) from None
    config = TrainConfig(
        uncertain=UncertaintyPolicy(uncertain.value),
        blank=BlankPolicy(blank.value),
        epochs=epochs,
        image_size=image_size,
        batch_size=batch_size,
        lr=lr,
        seed=seed,
        width=width,
        batch_norm=batch_norm,
        pretrained=pretrained,
        device=device.value,
        bf16=bf16,
        workers=workers,
        hflip=hflip,
        strict=strict,
        bootstrap=bootstrap,
        resume=resume,
        label_smoothing=smoothing,
        self_train_rounds=self_train_rounds,
        self_train_hard=self_train_hard,
        optimizer=optimizer.value,
        weight_decay=weight_decay,
        schedule=schedule.value,
        threads=threads,
    )
    if preset is Preset.cpu_demo:
        from labelaudit.train.presets import apply_preset

        config = apply_preset(config, "cpu-demo")
    reporter = Reporter(console, err_console, enabled=is_main_process())
    if reporter.enabled:
        _print_data_summary(source, table, folds)
    provenance = {
        "data_source": source.name,
        "label_file": ", ".join(str(p) for p in source.label_files),
        "label_file_hash": _hash_files(source.label_files),
        "rules_version": _rules_version(source.label_files),
        "split_seed": split_seed,
    }
    if resume:
        _check_resume_labels(output, provenance["label_file_hash"])
    try:
        if folds:
            from labelaudit.train.folds import train_folds
            from labelaudit.train.split import folds as assign_folds

            fold_of_row = assign_folds(table, folds, seed=split_seed)
            train_folds(
                table, fold_of_row, config, output, provenance=provenance, reporter=reporter
            )
        else:
            from labelaudit.train.selftrain import run_training

            run_training(table, config, output, provenance=provenance, reporter=reporter)
    finally:
        close_distributed()


def _check_resume_labels(output: Path, label_hash: str | None) -> None:
    """--resume continues a run on the labels it started with, or not at all."""
    for path in [output / "model.json", *sorted(output.glob("fold_*/model.json"))]:
        try:
            card = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue  # no run to resume there: the trainer says so
        started = card.get("label_file_hash") if isinstance(card, dict) else None
        if started and label_hash and started != label_hash:
            raise InputError(
                f"{output}: --resume with other labels: the run started on labels with sha256 "
                f"{started}, these have {label_hash}; use the same --labels, or a new --output"
            )


def _print_data_summary(source: DataSource, table: pd.DataFrame, folds: int) -> None:
    from labelaudit.distribution import to_rich_table
    from labelaudit.train.split import split_summary, summary_table, training_distribution

    for note in source.notes:
        err_console.print(f"[yellow]note:[/] {note}", highlight=False, soft_wrap=True)
    console.print(summary_table(split_summary(table)))
    if folds:
        console.print(f"--folds {folds}: every image above is held out once, by patient")
    else:
        console.print(to_rich_table(training_distribution(table)))


def _hash_files(paths: list[Path]) -> str | None:
    """sha256 of the label file; of the per-file hashes when a source has several."""
    from labelaudit.train.run import sha256_file

    hashes = [sha256_file(path) for path in paths]
    if len(hashes) <= 1:
        return hashes[0] if hashes else None
    return hashlib.sha256("".join(hashes).encode()).hexdigest()


def _rules_version(paths: list[Path]) -> str | None:
    """The labeler rules version, from the sidecar ``labelaudit extract`` writes."""
    for path in paths:
        meta = path.with_name(path.name + ".meta.json")
        try:
            version = json.loads(meta.read_text(encoding="utf-8"))["rules"]["version"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if version:
            return str(version)
    return None


@app.command()
@user_errors
def predict(
    run: Annotated[Path, typer.Option("--run", help="Training run folder (model.json, best.pt).")],
    images: Annotated[
        list[Path],
        typer.Option(
            "--images",
            help="A manifest CSV (path column), a folder of images, or image files; repeatable.",
        ),
    ],
    extra: Annotated[
        list[Path] | None, typer.Argument(help="More image files.", show_default=False)
    ] = None,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="CSV of per-image probabilities.")
    ] = Path("predictions.csv"),
    device: opt.DeviceOption = Device.auto,
    batch_size: Annotated[int, typer.Option(min=1, help="Images per forward pass.")] = 32,
    workers: opt.LoaderWorkersOption = 2,
    bf16: Annotated[bool, typer.Option(help="bf16 autocast on the CPU.")] = False,
) -> None:
    """Write each image's probability for the 14 observations from a trained run."""
    require_torch("predict")
    from labelaudit.atomic import atomic_write
    from labelaudit.outputs import check_output_file
    from labelaudit.train.predict import collect_images, predict_table
    from labelaudit.train.run import load_run
    from labelaudit.train.trainer import resolve_device

    inputs = [*images, *(extra or [])]
    check_output_file(output, [*inputs, run / "best.pt", run / "model.json"])
    torch_device = resolve_device(device.value)
    model, card = load_run(run, torch_device)
    table = collect_images(inputs)
    predictions, failed = predict_table(
        model, card, table, device=torch_device, batch_size=batch_size, workers=workers, bf16=bf16
    )
    for path, why in list(failed.items())[:10]:
        err_console.print(f"[yellow]warning:[/] skipped {path}: {why}", highlight=False)
    if len(failed) > 10:
        err_console.print(f"[yellow]warning:[/] … {len(failed) - 10} more images skipped")
    if predictions.empty:
        raise InputError(f"none of the {len(table)} images could be read; nothing written")
    with atomic_write(output) as handle:
        predictions.to_csv(handle, index=False, float_format="%.6f")
    console.print(
        f"wrote {output}: {plural(len(predictions), 'image')} × "
        f"{len(card['observations'])} observations" + (f"; {len(failed)} skipped" if failed else "")
    )
