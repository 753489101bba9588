"""``labelaudit saliency``: where the trained model looked, per image and observation."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from labelaudit.cli import options as opt
from labelaudit.cli.app import Device, app, console, err_console, user_errors
from labelaudit.extras import require
from labelaudit.wording import plural


class MethodChoice(str, Enum):
    gradient = "gradient"
    gradcam = "gradcam"
    smoothgrad = "smoothgrad"
    all = "all"


@app.command()
@user_errors
def saliency(
    run: Annotated[Path, typer.Option("--run", help="Training run folder (model.json + best.pt).")],
    images: Annotated[
        list[Path],
        typer.Option(
            "--images",
            help="A manifest CSV (path column), a folder of images, or image files; repeatable.",
        ),
    ],
    observations: Annotated[
        list[str] | None,
        typer.Option(
            "--observations",
            help="Observations to explain (names or slugs, comma-separated or repeated). "
            "Default: all the model predicts.",
        ),
    ] = None,
    method: Annotated[
        MethodChoice,
        typer.Option(help="Vanilla gradient, Grad-CAM on the last conv layer, SmoothGrad, or all."),
    ] = MethodChoice.gradcam,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder for maps, overlays and index.csv.")
    ] = Path("saliency"),
    masks: Annotated[
        Path | None,
        typer.Option(
            help="Ground-truth masks, MASKS/<observation_slug>/<image stem>.png (as "
            "'labelaudit synth' writes): adds pointing game and energy inside the mask.",
        ),
    ] = None,
    batch_size: Annotated[int, typer.Option(min=1, help="Images per batch.")] = 8,
    device: opt.DeviceOption = Device.auto,
    top: Annotated[
        int, typer.Option(min=0, help="Images per contact sheet (highest scores); 0: none.")
    ] = 12,
    sanity_images: Annotated[
        int,
        typer.Option(
            min=0,
            help="Images for the model-randomisation sanity check (Adebayo et al. 2018); 0: skip.",
        ),
    ] = 8,
    seed: Annotated[int, typer.Option(help="SmoothGrad noise seed.")] = 0,
) -> None:
    """Export saliency maps of a trained run: PNG overlays, raw .npy, index.csv, contact sheets."""
    require("train", "labelaudit saliency")
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    from labelaudit.manifest import collect_images
    from labelaudit.saliency.methods import parse_methods
    from labelaudit.saliency.pipeline import SaliencyInputs, SaliencyOptions, run_saliency
    from labelaudit.tables import Column, Styled, Table, to_rich

    listed = collect_images(images)  # here too, for the bar's total and the warnings
    for warning in listed.warnings:
        err_console.print(f"[yellow]warning:[/] {warning}", highlight=False)
    paths = listed.paths
    options = SaliencyOptions(
        methods=parse_methods(method.value),
        observations=observations,
        batch_size=batch_size,
        device=device,
        top=top,
        sanity_images=sanity_images,
        masks=masks,
        seed=seed,
    )
    with Progress(
        "[progress.description]{task.description}",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=True,
    ) as progress:
        task = progress.add_task("saliency", total=len(paths))
        outcome = run_saliency(
            SaliencyInputs(run, list(images)),
            output,
            options,
            progress=lambda n: progress.advance(task, n),
        )

    if outcome.skipped:
        err_console.print(
            f"[yellow]warning:[/] skipped {plural(len(outcome.skipped), 'unreadable image')}; "
            f"listed in {output / 'skipped_images.csv'}",
            highlight=False,
        )
    if outcome.sanity:
        table = Table(
            title="Model-randomisation check (Spearman rho, trained vs random weights)",
            columns=[Column(h) for h in ("method", "maps", "mean rho", "median rho", "verdict")],
            rows=[
                [
                    result.method,
                    str(result.pairs),
                    f"{result.mean_rho:.3f}",
                    f"{result.median_rho:.3f}",
                    Styled(result.verdict, "green" if result.verdict == "passed" else "red"),
                ]
                for result in outcome.sanity
            ],
            name="sanity",
            title_justify="center",
        )
        console.print(to_rich(table))
        for result in outcome.sanity:
            if result.verdict == "FAILED":
                err_console.print(
                    f"[bold red]warning:[/] {result.method} maps barely change when the weights "
                    f"are randomised (mean rho {result.mean_rho:.2f} >= {result.threshold}); "
                    "they do not show what the model learned",
                    highlight=False,
                )
    if outcome.validity is not None and not outcome.validity.empty:
        headers = ("method", "observation", "maps", "hit rate", "energy inside", "chance")
        table = Table(
            title="Localisation against the masks",
            columns=[Column(h) for h in headers],
            rows=[
                [
                    row.method,
                    row.observation,
                    str(row.maps),
                    f"{row.hit_rate:.3f}",
                    f"{row.energy_inside:.3f}",
                    f"{row.chance:.3f}",
                ]
                for row in outcome.validity.itertuples()
            ],
            name="validity",
            title_justify="center",
        )
        console.print(to_rich(table))
    console.print(
        f"{plural(outcome.rows, 'map')} of {plural(outcome.images, 'image')} written to "
        f"{output}; open {output / 'index.html'}",
        highlight=False,
    )
