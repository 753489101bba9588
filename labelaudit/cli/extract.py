"""``labelaudit extract`` (label reports) and ``labelaudit distribution`` (count labels)."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from labelaudit.cli import options as opt
from labelaudit.cli.app import app, console, err_console, user_errors
from labelaudit.errors import InputError
from labelaudit.layouts.distribution import Negatives
from labelaudit.wording import plural

if TYPE_CHECKING:
    from labelaudit.extract.job import ExtractResult

MAX_WARNINGS = 10


class Aggregation(str, Enum):
    chexpert = "chexpert"
    negbio = "negbio"


@app.command()
@user_errors
def extract(
    reports: Annotated[
        Path,
        typer.Argument(
            help="Reports: a CSV (with a header, or CheXpert's headerless one-column CSV), "
            "Parquet, JSONL, or a folder of MIMIC-CXR .txt reports.",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", help="Labels CSV. Default: REPORTS_labels.csv beside the input."
        ),
    ] = None,
    text_column: Annotated[
        str | None, typer.Option(help="Column with the report text (default: detected).")
    ] = None,
    id_column: Annotated[
        str | None, typer.Option(help="Column with the report id (default: detected).")
    ] = None,
    evidence: Annotated[
        Path | None, typer.Option(help="Also write one JSON line per mention to this file.")
    ] = None,
    rules: Annotated[
        Path | None, typer.Option(help="Rule folder to use instead of the shipped rules.")
    ] = None,
    sections: Annotated[
        str,
        typer.Option(help="Sections to label: auto, mimic, all, or a comma list of section names."),
    ] = "auto",
    aggregation: Annotated[
        Aggregation, typer.Option(help="How mentions add up to one value per observation.")
    ] = Aggregation.chexpert,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes.")] = 1,
    against: opt.AgainstOption = None,
    chunk_size: Annotated[
        int, typer.Option(min=1, help="Reports per chunk handed to a worker.")
    ] = 256,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bar, no table.")
    ] = False,
) -> None:
    """Label free-text reports with the 14 CheXpert observations (CheXpert labeler format)."""
    from labelaudit.distribution import distribution_table, write_distribution
    from labelaudit.extract.job import (
        ExtractInputs,
        ExtractOptions,
        check_outputs,
        default_output,
        run_extract,
    )
    from labelaudit.extract.progress import progress_bar
    from labelaudit.extract.readers import open_reports
    from labelaudit.extract.runner import LabelerOptions
    from labelaudit.tables import to_rich

    if rules is not None and not rules.is_dir():
        raise InputError(f"{rules}: no such rule folder")
    output = output if output is not None else default_output(reports)
    check_outputs([reports, against, rules], output, evidence)
    source = open_reports(
        reports, text_column=text_column, id_column=id_column, keep_ids=against is not None
    )
    options = ExtractOptions(
        labeler=LabelerOptions(rules=rules, sections=sections, aggregation=aggregation.value),
        workers=workers,
        chunk_size=chunk_size,
        evidence=evidence,
    )
    if not quiet:
        err_console.print(f"{reports}: {plural(source.total, 'report')} ({source.describe()})")
    if source.skipped:
        shown = ", ".join(source.skipped[:3]) + (" …" if len(source.skipped) > 3 else "")
        err_console.print(
            f"[yellow]warning:[/] skipped {len(source.skipped):,} .txt files without a MIMIC "
            f"report name (sNNNN.txt): {shown}; listed in the meta file",
            highlight=False,
            soft_wrap=True,
        )
    with progress_bar(source.total, console=err_console, quiet=quiet) as advance:
        result = run_extract(
            ExtractInputs(source, against=against), output, options, progress=advance
        )
    _warn_unlabeled(result)
    table_paths = write_distribution(result.distribution, output)
    summary = result.summary
    rate = summary.reports / result.seconds if result.seconds else 0.0
    if not quiet:
        console.print(to_rich(distribution_table(result.distribution)))
    written = [output, result.meta, *table_paths] + ([evidence] if evidence else [])
    err_console.print(
        f"labeled {plural(summary.reports, 'report')} in {result.seconds:.1f} s "
        f"({rate:,.0f} reports/s), "
        f"rules {result.rules['name']} {result.rules['version']} ({result.rules['hash'][:12]}); "
        f"wrote {', '.join(str(p) for p in written)}",
        highlight=False,
        soft_wrap=True,
    )


def _warn_unlabeled(result: ExtractResult) -> None:
    unlabeled = result.summary.unlabeled
    for item in unlabeled[:MAX_WARNINGS]:
        who = f"row {item.row}" + (f" (id {item.report_id})" if item.report_id else "")
        err_console.print(
            f"[yellow]warning:[/] {who}: {item.detail or item.reason}; "
            "left unlabeled (blank values)",
            highlight=False,
            soft_wrap=True,
        )
    if unlabeled:
        more = len(unlabeled) - MAX_WARNINGS
        err_console.print(
            f"[yellow]warning:[/] {plural(len(unlabeled), 'unlabeled report')} in all"
            + (f" ({more:,} more not shown)" if more > 0 else "")
            + f"; listed in {result.meta}",
            highlight=False,
            soft_wrap=True,
        )


@app.command()
@user_errors
def distribution(
    labels: Annotated[
        Path,
        typer.Argument(help="A CheXpert-format label file (CSV or Parquet).", show_default=False),
    ],
    against: opt.AgainstOption = None,
    output_dir: Annotated[
        Path | None,
        typer.Option(help="Folder for LABELS_distribution.csv/.md (default: beside LABELS)."),
    ] = None,
    per: opt.PerOption = None,
    negatives: Annotated[
        Negatives | None,
        typer.Option(
            help="explicit: Negative = 0, blank is neither (MIMIC-CXR-JPG Table 2, default); "
            "implicit: Negative = 0 or blank (CheXpert Table 1)."
        ),
    ] = None,
    layout: opt.LayoutOption = None,
    combine: opt.CombineOption = None,
    vocabulary: opt.VocabularyOption = None,
) -> None:
    """Count positive, negative and uncertain labels per observation (MIMIC-CXR-JPG Table 2)."""
    from labelaudit.distribution import (
        distribution_paths,
        distribution_table,
        label_distribution,
        write_distribution,
    )
    from labelaudit.labelfile import read_label_file
    from labelaudit.layouts.distribution import unit_distribution, uses_layouts
    from labelaudit.outputs import check_output_file
    from labelaudit.tables import to_rich

    for path in distribution_paths(labels, output_dir):
        check_output_file(path, [labels, against])
    options = opt.layout_options(layout, per, combine, vocabulary)
    if uses_layouts(labels, options, negatives):  # study/image units, other layouts (issue 9)
        result = unit_distribution(labels, options, negatives or Negatives.explicit, against)
        console.print(to_rich(distribution_table(result)))
        csv_path, md_path = write_distribution(result, labels, output_dir)
        err_console.print(f"wrote {csv_path}, {md_path}", highlight=False, soft_wrap=True)
        return
    table = read_label_file(labels)
    other = read_label_file(against) if against is not None else None
    result = label_distribution(table, other)
    console.print(to_rich(distribution_table(result)))
    csv_path, md_path = write_distribution(result, labels, output_dir)
    err_console.print(f"wrote {csv_path}, {md_path}", highlight=False, soft_wrap=True)
