"""``labelaudit audit``: which report labels does the image model doubt?"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from labelaudit.cli import options as opt
from labelaudit.cli.app import app, console, err_console, user_errors
from labelaudit.extras import require
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
    require("audit", "labelaudit audit")

    from labelaudit.audit.job import (
        REPORT,
        SUSPECTS,
        UNCERTAIN_CSV,
        AuditInputs,
        AuditOptions,
        run_audit,
    )
    from labelaudit.audit.suspects import TRUSTED_AUROC
    from labelaudit.tables import Column, Styled, Table, to_rich

    outcome = run_audit(
        AuditInputs(labels, predictions, evidence=evidence, images=images, saliency=saliency),
        output,
        AuditOptions(
            uncertain=uncertain,
            blank=blank,
            layouts=opt.layout_options(layout, per, combine, vocabulary),
        ),
    )
    for warning in outcome.warnings:
        err_console.print(f"[yellow]warning:[/] {warning}", highlight=False)

    counts = outcome.suspects["observation"].value_counts()
    rows = []
    for observation, audited in outcome.audited.items():
        found = int(counts.get(observation, 0))
        auroc = outcome.auroc[observation]
        shown = f"{auroc:.3f}" if auroc >= TRUSTED_AUROC else Styled(f"{auroc:.3f}", "red")
        rows.append([observation, shown, str(audited), str(found), f"{found / audited:.1%}"])
    headers = ("observation", "out-of-fold AUROC", "audited", "suspects", "share")
    table = Table(
        title=f"Suspect labels per observation ({plural(outcome.reports, 'report')})",
        columns=[Column(h, "left" if h == "observation" else "right") for h in headers],
        rows=rows,
        name="suspects",
        title_justify="center",
    )
    console.print(to_rich(table))
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
        f"{len(outcome.uncertain)} uncertain -> {output / UNCERTAIN_CSV}; "
        f"page -> {output / REPORT}",
        highlight=False,
    )
