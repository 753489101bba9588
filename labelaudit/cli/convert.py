"""``labelaudit layouts`` (what can be read, and the vocabulary maps) and ``labelaudit convert``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from labelaudit.cli import options as opt
from labelaudit.cli.app import app, console, err_console, user_errors


@app.command()
@user_errors
def layouts(
    name: Annotated[
        str | None,
        typer.Argument(help="A layout: print its vocabulary map.", show_default=False),
    ] = None,
    vocabulary: opt.VocabularyOption = None,
) -> None:
    """List the label-file layouts every command reads, or print one layout's vocabulary map."""
    from labelaudit.layouts.formats import LAYOUTS, layout_class
    from labelaudit.layouts.vocabulary import load_vocabulary, shipped_vocabulary_path
    from labelaudit.observations import OBSERVATIONS
    from labelaudit.tables import Column, Table, to_rich

    if name is None:
        table = Table(
            title="Label-file layouts (--layout NAME; detected from the header)",
            columns=[Column(h) for h in ("layout", "what", "detected by", "vocabulary map")],
            rows=[
                [
                    kind.name,
                    kind.description,
                    kind.detected_by,
                    shipped_vocabulary_path(kind.name).name if kind.mapped else "-",
                ]
                for kind in LAYOUTS
            ],
            name="layouts",
            title_justify="center",
        )
        console.print(to_rich(table))
        return
    kind = layout_class(name)
    if not kind.mapped:
        console.print(f"{name}: CheXpert-format columns, read as they are (no vocabulary map)")
        return
    source = vocabulary or shipped_vocabulary_path(name)
    vocab = load_vocabulary(source)
    meaning = {"-": "- (switches No Finding off)", "ignore": "ignored"}
    table = Table(
        title=f"{name} vocabulary map ({source})",
        columns=[Column(f"{name} label"), Column("CheXpert observation")],
        rows=[[label, meaning.get(target, target)] for label, target in vocab.rows()],
        name="vocabulary",
        title_justify="center",
    )
    console.print(to_rich(table))
    missing = [o for o in OBSERVATIONS if o not in vocab.observations]
    if missing:
        console.print("Not in this file (blank, never scored): " + ", ".join(missing))


@app.command()
@user_errors
def convert(
    labels: Annotated[Path, typer.Argument(help="A label file in any layout.", show_default=False)],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="CheXpert-format CSV (default: LABELS_chexpert.csv)."),
    ] = None,
    layout: opt.LayoutOption = None,
    per: opt.PerOption = None,
    combine: opt.CombineOption = None,
    vocabulary: opt.VocabularyOption = None,
) -> None:
    """Write a dataset's label file in the CheXpert format, one row per study, image or row."""
    from labelaudit.layouts.convert import convert as run_convert
    from labelaudit.layouts.convert import default_output

    target = output if output is not None else default_output(labels)
    info = run_convert(labels, target, opt.layout_options(layout, per, combine, vocabulary))
    for note in info.note_lines():
        err_console.print(f"note: {note}", highlight=False, soft_wrap=True)
    console.print(f"wrote {target}: {info.describe()}", highlight=False, soft_wrap=True)
