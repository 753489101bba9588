"""Command-line options that several commands declare alike (typer ``Annotated`` aliases).

An option lives here only when every command that takes it means the same thing by it, with
the same help text; an option whose help differs per command stays with its command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from labelaudit.cli.app import Device
from labelaudit.layouts.load import LayoutOptions
from labelaudit.layouts.units import Combine

# -- files of one set of reports: validate, agree --------------------------------------------
IdColumnOption = Annotated[
    str | None, typer.Option("--id-column", help="Id column of every input file.")
]

# -- label files in any layout: distribution, validate, agree, layouts, convert, audit ---------
LayoutOption = Annotated[
    str | None,
    typer.Option(
        "--layout",
        help="Label-file layout: chexpert, mimic-cxr, chestx-ray14, nih-expert, vindr-cxr, "
        "padchest or labels (default: detected from the header; see 'labelaudit layouts').",
    ),
]
PerOption = Annotated[
    str | None,
    typer.Option(
        "--per",
        help="Count per study, image or row (default: the layout's unit; per study for "
        "CheXpert's train.csv / valid.csv).",
    ),
]
CombineOption = Annotated[
    Combine | None,
    typer.Option(
        "--combine",
        help="When the rows of one study (image) disagree: max (1 > -1 > 0 > blank), any "
        "(1 > 0 > -1 > blank) or first; with max and any, No Finding stays 1 only where "
        "every row has it. Default: stop with an error.",
    ),
]
VocabularyOption = Annotated[
    Path | None,
    typer.Option("--vocabulary", help="Vocabulary map (TSV) instead of the layout's shipped one."),
]
# -- extract, distribution --------------------------------------------------------------------
AgainstOption = Annotated[
    Path | None,
    typer.Option(help="Another label file of the same reports: adds a Disagreement column."),
]

# -- commands that run a model: train, predict, saliency ---------------------------------------
DeviceOption = Annotated[Device, typer.Option(help="auto picks CUDA when available.")]
LoaderWorkersOption = Annotated[int, typer.Option(min=0, help="DataLoader worker processes.")]


def layout_options(
    layout: str | None, per: str | None, combine: Combine | None, vocabulary: Path | None
) -> LayoutOptions:
    """The four layout options of a command, as the readers take them."""
    return LayoutOptions(layout=layout, per=per, combine=combine, vocabulary=vocabulary)
