"""``labelaudit synth OUTDIR``: write the synthetic demo dataset."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress

from labelaudit.cli.app import app, console, user_errors
from labelaudit.tables import Column, Table, to_rich
from labelaudit.wording import plural


@app.command()
@user_errors
def synth(
    outdir: Annotated[Path, typer.Argument(help="Folder to write the dataset into.")],
    n: Annotated[int, typer.Option("--n", help="Number of images.", min=1)] = 400,
    size: Annotated[int, typer.Option(help="Image side in pixels.", min=32, max=2048)] = 128,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same files.")] = 0,
    report_errors: Annotated[
        float,
        typer.Option(
            help="Share of reports with one deliberate error (omitted, negated or invented).",
            min=0.0,
            max=1.0,
        ),
    ] = 0.05,
    contact_sheet: Annotated[
        Path | None, typer.Option(help="Also write a PNG with one film per finding and its mask.")
    ] = None,
    overwrite: Annotated[
        bool, typer.Option(help="Replace an earlier synthetic dataset in OUTDIR.")
    ] = False,
    film_format: Annotated[
        str,
        typer.Option(
            "--format",
            help="Film files: png, or dicom (12-bit MONOCHROME1 DX; needs labelaudit[dicom]).",
        ),
    ] = "png",
) -> None:
    """Write synthetic chest films with drawn findings, masks, reports and a manifest."""
    from labelaudit.outputs import check_output_dir, check_output_file
    from labelaudit.synth import generate
    from labelaudit.synth.contact import contact_sheet as write_sheet

    check_output_dir(outdir)
    if contact_sheet is not None:
        check_output_file(contact_sheet)
    start = time.perf_counter()
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("drawing films", total=n)
        summary = generate(
            outdir,
            n=n,
            size=size,
            seed=seed,
            error_rate=report_errors,
            overwrite=overwrite,
            on_image=lambda: progress.advance(task),
            film_format=film_format,
        )
    elapsed = time.perf_counter() - start

    table = Table(
        title="Drawn findings",
        columns=[Column("Drawn finding"), Column("Images", "right"), Column("%", "right")],
        rows=[
            [observation, str(round(share * summary.images)), f"{100 * share:.1f}"]
            for observation, share in summary.prevalence.items()
        ],
        name="drawn_findings",
    )
    console.print(to_rich(table))
    console.print(
        f"wrote {plural(summary.images, 'image')} of {size} px, "
        f"{plural(summary.studies, 'study', 'studies')} (reports) of "
        f"{plural(summary.patients, 'patient')} to {outdir} in {elapsed:.1f} s; "
        f"{plural(summary.report_errors, 'report')} with a deliberate error (listed in "
        f"{outdir / 'truth.csv'}, column report_error)"
    )
    if contact_sheet is not None:
        console.print(f"contact sheet: {write_sheet(outdir, contact_sheet)}")
    console.print(f"next: labelaudit extract {outdir / 'reports.csv'} -o {outdir / 'labels.csv'}")
