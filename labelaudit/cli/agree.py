"""``labelaudit agree``: agreement between readers or labelers, optionally against a reference."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from labelaudit.cli import options as opt
from labelaudit.cli.app import app, console, err_console, user_errors
from labelaudit.wording import plural


@app.command()
@user_errors
def agree(
    files: Annotated[
        list[Path], typer.Argument(help="Label files (CheXpert format) of the same reports.")
    ],
    reference: Annotated[
        Path | None,
        typer.Option("--reference", help="Reference labels: adds sensitivity and specificity."),
    ] = None,
    id_column: opt.IdColumnOption = None,
    output_dir: Annotated[
        Path | None,
        typer.Option(
            "--output-dir",
            help="Where to write the tables (default: agreement/ beside the first file).",
        ),
    ] = None,
    per: opt.PerOption = None,
    layout: opt.LayoutOption = None,
    combine: opt.CombineOption = None,
    vocabulary: opt.VocabularyOption = None,
) -> None:
    """Compare readers: Cohen's and Fleiss' kappa, agreement %, disagreements, sens./spec."""
    from labelaudit.agreement import agreement_tables, align_readers
    from labelaudit.layouts.agree import read_readers
    from labelaudit.outputs import check_output_dir
    from labelaudit.tables import rich_for_width, write_table

    target = output_dir if output_dir is not None else files[0].parent / "agreement"
    check_output_dir(target)
    options = opt.layout_options(layout, per, combine, vocabulary)  # other layouts, units: issue 9
    tables, truth = read_readers(files, reference, options, id_column)
    readers = align_readers(tables, truth)
    err_console.print(readers.coverage, highlight=False, soft_wrap=True)
    meta: dict[str, object] = {
        "files": [str(f) for f in files],
        "reference": str(reference) if reference else None,
    }
    written = []
    for table in agreement_tables(readers):
        console.print(rich_for_width(table, console.width))
        console.print()
        written += write_table(table, target, meta)
    console.print(
        f"Wrote {plural(len(written), 'file')} to {target}/", highlight=False, soft_wrap=True
    )
