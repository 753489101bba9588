"""``labelaudit audit``: which report labels does the image model doubt?"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from labelaudit.cli import options as opt
from labelaudit.cli.app import app, console, err_console, user_errors
from labelaudit.train.policies import BlankPolicy, UncertaintyPolicy
from labelaudit.wording import plural


@app.command()
@user_errors
def audit(
    labels: Annotated[
        Path, typer.Option("--labels", help="Report labels with an id column (labelaudit extract).")
    ],
    predictions: Annotated[
        Path,
        typer.Option(
            "--predictions",
            help="OUT-OF-FOLD probabilities per image, e.g. oof_predictions.csv from "
            "'labelaudit train --folds K': no image may be scored by a model trained on it.",
        ),
    ],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="Folder for suspects.csv, uncertain.csv, report.html."),
    ],
    evidence: Annotated[
        Path | None,
        typer.Option(help="The labeler's evidence JSONL (labelaudit extract --evidence)."),
    ] = None,
    images: Annotated[
        Path | None,
        typer.Option("--images", help="Image manifest CSV (id + path): shows each report's image."),
    ] = None,
    saliency: Annotated[
        Path | None,
        typer.Option(help="Output folder of 'labelaudit saliency': shows each suspect's map."),
    ] = None,
    uncertain: Annotated[
        UncertaintyPolicy,
        typer.Option(help="Uncertain labels: ignore (list them apart), or audit as zeros/ones."),
    ] = UncertaintyPolicy.IGNORE,
    blank: Annotated[
        BlankPolicy,
        typer.Option(help="Blank labels: audited as negatives (zeros, as training does) or not."),
    ] = BlankPolicy.ZEROS,
    per: opt.PerOption = None,
    layout: opt.LayoutOption = None,
    combine: opt.CombineOption = None,
    vocabulary: opt.VocabularyOption = None,
) -> None:
    """Rank suspect report labels: confident learning (cleanlab) on out-of-fold probabilities."""
    from rich.table import Table

    from labelaudit.audit.job import REPORT, SUSPECTS, UNCERTAIN, AuditOptions, run_audit
    from labelaudit.audit.suspects import TRUSTED_AUROC
    from labelaudit.outputs import check_output_dir

    check_output_dir(output, [labels, predictions])
    options = AuditOptions(
        evidence=evidence,
        images=images,
        saliency=saliency,
        uncertain=uncertain,
        blank=blank,
        layouts=opt.layout_options(layout, per, combine, vocabulary),
    )
    outcome = run_audit(labels, predictions, output, options)
    for warning in outcome.warnings:
        err_console.print(f"[yellow]warning:[/] {warning}", highlight=False)

    table = Table(title=f"Suspect labels per observation ({plural(outcome.reports, 'report')})")
    for column in ("observation", "out-of-fold AUROC", "audited", "suspects", "share"):
        table.add_column(column, justify="left" if column == "observation" else "right")
    counts = outcome.suspects["observation"].value_counts()
    for observation, audited in outcome.audited.items():
        found = int(counts.get(observation, 0))
        auroc = outcome.auroc[observation]
        shown = f"{auroc:.3f}" if auroc >= TRUSTED_AUROC else f"[red]{auroc:.3f}[/]"
        table.add_row(observation, shown, str(audited), str(found), f"{found / audited:.1%}")
    console.print(table)
    weak = [o for o, auroc in outcome.auroc.items() if auroc < TRUSTED_AUROC]
    if weak:
        err_console.print(
            f"[yellow]warning:[/] out-of-fold AUROC under {TRUSTED_AUROC:.2f} for "
            f"{', '.join(weak)}: the model barely separates them, so their flags are mostly "
            "its own mistakes",
            highlight=False,
        )
    console.print(
        f"{plural(len(outcome.suspects), 'suspect')} -> {output / SUSPECTS}; "
        f"{len(outcome.uncertain)} uncertain -> {output / UNCERTAIN}; page -> {output / REPORT}",
        highlight=False,
    )
