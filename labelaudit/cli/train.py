"""``labelaudit train`` (VGG16 multi-task training) and ``labelaudit predict``.

torch is imported only inside the commands, after checking that the ``[train]`` extra is
installed (:func:`labelaudit.extras.require`), so ``labelaudit --help`` and every other
command work without it.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from labelaudit.cli import options as opt
from labelaudit.cli.app import Device, app, console, err_console, user_errors
from labelaudit.errors import InputError
from labelaudit.extras import require
from labelaudit.train.policies import BlankPolicy, UncertaintyPolicy
from labelaudit.wording import plural


class Optimizer(str, Enum):
    adam = "adam"
    adamw = "adamw"


class Schedule(str, Enum):
    constant = "constant"
    onecycle = "onecycle"


class Preset(str, Enum):
    none = "none"
    cpu_demo = "cpu-demo"


@app.command()
@user_errors(aliases={"k": "folds", "n_resamples": "bootstrap"})
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
    require("train", "labelaudit train")
    from labelaudit.train.job import TrainInputs, default_output, run_train
    from labelaudit.train.options import TrainOptions
    from labelaudit.train.policies import parse_smoothing
    from labelaudit.train.progress import Reporter
    from labelaudit.train.sources import parse_views

    smoothing = parse_smoothing(label_smoothing) if label_smoothing is not None else None
    options = TrainOptions(
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
        device=device,
        bf16=bf16,
        workers=workers,
        hflip=hflip,
        strict=strict,
        n_resamples=bootstrap,
        resume=resume,
        label_smoothing=smoothing,
        self_train_rounds=self_train_rounds,
        self_train_hard=self_train_hard,
        optimizer=optimizer.value,
        weight_decay=weight_decay,
        schedule=schedule.value,
        threads=threads,
        folds=folds,
        split_seed=split_seed,
        preset=None if preset is Preset.none else preset.value,
    )
    inputs = TrainInputs(
        labels=labels,
        images=images,
        chexpert_root=chexpert_root,
        mimic_root=mimic_root,
        views=parse_views(views),
        mimic_labeler=mimic_labeler,
    )
    output = output or default_output(options)
    run_train(inputs, output, options, progress=Reporter(console, err_console))


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
    require("train", "labelaudit predict")
    from labelaudit.atomic import atomic_write
    from labelaudit.manifest import collect_images
    from labelaudit.outputs import check_output_file
    from labelaudit.train.predict import predict_table
    from labelaudit.train.run import load_run
    from labelaudit.train.trainer import resolve_device

    inputs = [*images, *(extra or [])]
    check_output_file(output, [*inputs, run / "best.pt", run / "model.json"])
    torch_device = resolve_device(device.value)
    model, card = load_run(run, torch_device)
    listed = collect_images(inputs)
    for warning in listed.warnings:
        err_console.print(f"[yellow]warning:[/] {warning}", highlight=False)
    table = listed.table
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
        f"{len(card.observations)} observations" + (f"; {len(failed)} skipped" if failed else "")
    )
