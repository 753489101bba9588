"""``labelaudit validate``: how good are these labels, measured against manual ones."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from labelaudit.cli import options as opt
from labelaudit.cli.app import app, console, err_console, user_errors
from labelaudit.wording import plural


@app.command()
@user_errors(aliases={"n_resamples": "bootstrap"})
def validate(
    gold: Annotated[
        Path,
        typer.Option("--gold", help="Manual labels (CheXpert format), with report text or ids."),
    ],
    pred: Annotated[
        Path | None,
        typer.Option("--pred", help="Labels to score. Default: run the labeler on the text."),
    ] = None,
    reports: Annotated[
        Path | None,
        typer.Option("--reports", help="Reports to label when the gold file has no text."),
    ] = None,
    evidence: Annotated[
        Path | None,
        typer.Option(
            "--evidence", help="Evidence JSONL of --pred (labelaudit extract --evidence)."
        ),
    ] = None,
    id_column: opt.IdColumnOption = None,
    output_dir: Annotated[
        Path | None,
        typer.Option(
            "--output-dir",
            help="Where to write the outputs (default: validation/ beside the gold file).",
        ),
    ] = None,
    bootstrap: Annotated[
        int, typer.Option("--bootstrap", min=0, help="Bootstrap resamples for the CIs (0: off).")
    ] = 1000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the bootstrap.")] = 0,
    rules: Annotated[
        Path | None, typer.Option("--rules", help="Rule folder for the labeler.")
    ] = None,
    per: opt.PerOption = None,
    layout: opt.LayoutOption = None,
    combine: opt.CombineOption = None,
    vocabulary: opt.VocabularyOption = None,
) -> None:
    """Score labels against manual ones: tables, chart, HTML page and an error audit."""
    from labelaudit.tables import rich_for_width
    from labelaudit.validation.error_audit import count_by_kind
    from labelaudit.validation.run import (
        ValidationInputs,
        ValidationOptions,
        default_output_dir,
        run_validation,
    )

    target = output_dir if output_dir is not None else default_output_dir(gold)
    result = run_validation(
        ValidationInputs(gold=gold, pred=pred, reports=reports, evidence=evidence),
        target,
        ValidationOptions(
            id_column=id_column,
            rules=rules,
            n_resamples=bootstrap,
            seed=seed,
            layouts=opt.layout_options(layout, per, combine, vocabulary),
        ),
    )
    for warning in result.warnings:
        err_console.print(f"[yellow]warning:[/] {warning}", highlight=False)
    for table in result.tables:
        if table.name != "confusion":  # 4 rows per observation: in the files and the HTML
            console.print(rich_for_width(table, console.width))
            console.print()
    counts = count_by_kind(result.errors)
    detail = ", ".join(f"{n} {kind}" for kind, n in counts.items() if n)
    console.print(
        plural(len(result.errors), "disagreement") + (f" ({detail})" if detail else ""),
        highlight=False,
    )
    console.print(
        f"Wrote {plural(len(result.written), 'file')} to {target}/: open {target / 'report.html'}",
        highlight=False,
        soft_wrap=True,
    )
