"""One extract run: read reports, label them, write labels + evidence + meta, count labels."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from labelaudit.atomic import exclusive
from labelaudit.distribution import (
    Distribution,
    check_same_reports,
    count_disagreements,
    distribution_from_counts,
    distribution_paths,
)
from labelaudit.extract.readers import ReportInput
from labelaudit.extract.runner import LabelerOptions, label_chunks
from labelaudit.extract.writer import LabelWriter, WriteSummary, meta_path_for
from labelaudit.labelfile import LabelTable, read_label_file
from labelaudit.observations import OBSERVATIONS
from labelaudit.outputs import check_distinct, check_output_file

if TYPE_CHECKING:
    from labelaudit.labeler import Labeler

DEFAULT_CHUNK_SIZE = 256


@dataclass(frozen=True)
class ExtractInputs:
    """Reports opened with :func:`~labelaudit.extract.open_reports`, and maybe a label file
    of the same reports to count disagreements against (``labelaudit extract --against``)."""

    reports: ReportInput
    against: Path | None = None


@dataclass(frozen=True)
class ExtractOptions:
    """How to label; the defaults are ``labelaudit extract``'s."""

    labeler: LabelerOptions = field(default_factory=LabelerOptions)
    workers: int = 1  # worker processes
    chunk_size: int = DEFAULT_CHUNK_SIZE  # reports per chunk handed to a worker
    evidence: Path | None = None  # also write one JSON line per mention to this file


@dataclass
class ExtractResult:
    source: ReportInput
    output: Path
    meta: Path
    evidence: Path | None
    rules: dict[str, str]
    summary: WriteSummary
    distribution: Distribution
    seconds: float


def default_output(input_path: Path) -> Path:
    """'reports.csv' -> 'reports_labels.csv' beside it; a folder 'files' -> 'files_labels.csv'."""
    name = input_path.name if input_path.is_dir() else input_path.stem
    return input_path.parent / f"{name}_labels.csv"


def output_paths(output: Path, evidence: Path | None) -> list[Path]:
    """Every file an extract run writes."""
    written = [output, meta_path_for(output), *distribution_paths(output)]
    return written + ([evidence] if evidence else [])


def check_outputs(inputs: list[Path | None], output: Path, evidence: Path | None) -> None:
    written = output_paths(output, evidence)
    check_distinct(written)
    for path in written:
        check_output_file(path, inputs)


def run_extract(
    inputs: ExtractInputs,
    output: Path,
    options: ExtractOptions,
    *,
    progress: Callable[[int], None] | None = None,
    labeler: Labeler | None = None,
) -> ExtractResult:
    """Label every report of ``inputs.reports`` into ``output`` (and the evidence file), all
    or nothing. ``progress(n)`` is called after each chunk of n reports.

    ``labeler``: one already built from ``options.labeler``, to save building another.
    """
    source, evidence = inputs.reports, options.evidence
    workers, chunk_size = options.workers, options.chunk_size
    check_outputs([source.path, inputs.against], output, evidence)
    against = read_label_file(inputs.against) if inputs.against is not None else None
    if against is not None:
        _check_against_early(source, against)
    started = time.perf_counter()
    if labeler is None:
        labeler = options.labeler.build()  # also validates them before any worker starts
    rules = {
        "name": labeler.rules.name,
        "version": labeler.rules.version,
        "hash": labeler.rules.hash,
    }
    with (
        exclusive(output),
        LabelWriter(
            output,
            id_column=source.output_id_column,
            evidence=evidence,
            rules=rules,
            keep_values=against is not None,
        ) as writer,
    ):
        batches = label_chunks(
            source.chunks(chunk_size),
            labeler,
            options.labeler,
            workers=workers,
            evidence=evidence is not None,
        )
        for chunk, results in batches:
            writer.write(chunk, results)
            if progress is not None:
                progress(len(chunk))
        summary = writer.summary
        disagreements = _disagreements(source, summary, against) if against else None
        seconds = time.perf_counter() - started
        writer.finish(
            {
                "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "input": str(source.path),
                "input_format": source.format,
                "text_columns": list(source.text_columns),
                "id_column": source.id_column,
                "skipped_files": source.skipped,
                "options": {
                    "rules": str(options.labeler.rules) if options.labeler.rules else None,
                    "sections": options.labeler.sections,
                    "aggregation": options.labeler.aggregation,
                    "workers": workers,
                    "chunk_size": chunk_size,
                },
                "seconds": round(seconds, 3),
            }
        )
    distribution = distribution_from_counts(
        summary.counts, disagreements, str(against.path) if against else None
    )
    return ExtractResult(
        source, output, meta_path_for(output), evidence, rules, summary, distribution, seconds
    )


def _check_against_early(source: ReportInput, against: LabelTable) -> None:
    """Fail before labeling when the other label file cannot be about the same reports."""
    check_same_reports(str(source.path), source.ids, source.total, against)


def _disagreements(source: ReportInput, summary: WriteSummary, against: LabelTable) -> pd.Series:
    values = np.concatenate(summary.values)
    index = pd.Index(source.ids) if source.ids is not None else pd.RangeIndex(len(values))
    ours = pd.DataFrame(values.astype(np.float64), index=index, columns=list(OBSERVATIONS))
    check_same_reports(str(source.path), source.ids, len(ours), against)
    return count_disagreements(ours, against.values.reindex(ours.index))
