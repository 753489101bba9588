"""The whole validation: read, label when needed, align, score, audit, and write outputs."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from labelaudit import __version__, outputs
from labelaudit.atomic import atomic_write, atomic_write_bytes, atomic_write_text
from labelaudit.csvfile import csv_writer
from labelaudit.errors import InputError, OptionError
from labelaudit.labelfile import REPORT_COLUMN, LabelTable, format_value
from labelaudit.layouts.load import LayoutOptions, drop_inexpressible, read_units
from labelaudit.observations import OBSERVATIONS
from labelaudit.tables import Table, plain_records, write_table
from labelaudit.validation.chart import f1_chart_png
from labelaudit.validation.error_audit import (
    ErrorRow,
    EvidenceIndex,
    audit_errors,
    count_by_kind,
    write_errors_csv,
)
from labelaudit.validation.evaluate import Evaluation, evaluate
from labelaudit.validation.evidence import LabelerRun, read_evidence, run_labeler
from labelaudit.validation.html_report import validation_page
from labelaudit.validation.join import Aligned, align
from labelaudit.validation.tables import validation_tables


@dataclass(frozen=True)
class ValidationInputs:
    """Manual labels, and what to score against them: a label file, or report text to label.

    Without ``pred`` the labeler labels the gold file's Reports column (or ``reports``).
    """

    gold: Path
    pred: Path | None = None
    reports: Path | None = None
    evidence: Path | None = None  # evidence JSONL of ``pred`` (labelaudit extract --evidence)


@dataclass(frozen=True)
class ValidationOptions:
    """How to score; the defaults are ``labelaudit validate``'s."""

    id_column: str | None = None  # of every input file; None: detected
    rules: Path | None = None  # rule folder for the labeler; None: the shipped rules
    n_resamples: int = 1000  # bootstrap resamples for the CIs; 0: no CIs
    seed: int = 0  # of the bootstrap
    layouts: LayoutOptions = field(default_factory=LayoutOptions)  # per study/image/row (issue 9)


@dataclass
class ValidationResult:
    aligned: Aligned
    evaluation: Evaluation
    tables: list[Table]
    errors: list[ErrorRow]
    has_evidence: bool
    facts: dict[str, str]  # what was compared, for people (HTML header, terminal)
    meta: dict[str, object]  # the same for machines (every JSON file)
    labeler_run: LabelerRun | None = None  # set when the labeler made the predictions
    id_column: str | None = None  # the gold file's
    warnings: list[str] = field(default_factory=list)
    output: Path | None = None  # set by run_validation: the folder written
    written: list[Path] = field(default_factory=list)  # every file written there


def default_output_dir(gold: Path) -> Path:
    return gold.parent / "validation"


def run_validation(
    inputs: ValidationInputs,
    output: Path,
    options: ValidationOptions,
    *,
    progress: Callable[[int], None] | None = None,
) -> ValidationResult:
    """Score, audit and write every output file into the folder ``output``.

    ``progress(n)`` is called as the labeler labels reports (not when ``pred`` is given).
    """
    check_output_dir(output)  # fail before the work, not after it
    result = score_validation(inputs, options, progress=progress)
    result.output = output
    result.written = write_outputs(result, output)
    return result


def score_validation(
    inputs: ValidationInputs,
    options: ValidationOptions,
    *,
    progress: Callable[[int], None] | None = None,
) -> ValidationResult:
    """Score predictions (a label file, or the labeler's output) against a gold file.

    :func:`run_validation` without the files: the scores, tables and error audit only."""
    gold_path, pred_path, reports_path = inputs.gold, inputs.pred, inputs.reports
    evidence_path, id_column, rules = inputs.evidence, options.id_column, options.rules
    n_resamples, seed, layouts = options.n_resamples, options.seed, options.layouts
    if pred_path is not None and reports_path is not None:
        raise OptionError(
            "give either pred (a label file) or reports (text to label), not both",
            *("pred", "reports"),
        )
    if evidence_path is not None and pred_path is None:
        raise OptionError(
            "evidence goes with pred; without pred the labeler gives its own",
            *("evidence", "pred"),
        )
    if n_resamples < 0:
        raise OptionError(
            f"n_resamples must be 0 (off) or a positive number, got {n_resamples}", "n_resamples"
        )
    layouts = layouts or LayoutOptions()
    gold, gold_info = read_units(gold_path, layouts, id_column=id_column, strict_columns=True)
    labeler_run: LabelerRun | None = None
    if pred_path is not None:
        pred, pred_info = read_units(pred_path, layouts, id_column=id_column, strict_columns=True)
        gold, not_in_pred = drop_inexpressible(gold, pred_info)
        source = str(pred_path)
    else:
        pred, labeler_run = _label(gold, reports_path, id_column, rules, progress)
        not_in_pred = []
        source = f"labelaudit labeler on the report text of {reports_path or gold_path}"
    aligned = align(gold, pred)
    evidence, evidence_note, evidence_run = _evidence(aligned, labeler_run, evidence_path, rules)
    evaluation = evaluate(aligned, n_resamples=n_resamples, seed=seed)
    errors = audit_errors(aligned, evidence)
    run = labeler_run or evidence_run

    warnings = []
    if not_in_pred:
        warnings.append(f"not in {pred_path}, so not scored: {', '.join(not_in_pred)}")
    ignored = ignored_columns(gold) if gold_info is None else []  # a layout maps its columns
    if ignored:
        warnings.append(f"{gold_path}: columns ignored (not observations): {', '.join(ignored)}")
    if aligned.unscored_predictions:
        warnings.append(
            f"{aligned.unscored_predictions} predicted reports are not in {gold_path.name}; "
            f"scored the {len(aligned.gold)} reports it annotates"
        )
    if run is not None and run.not_ok:
        detail = ", ".join(f"{n} {status}" for status, n in run.not_ok.items())
        warnings.append(f"the labeler left some reports unlabeled (blank): {detail}")
    facts = {
        "Gold": str(gold_path),
        "Predictions": source,
        "Evidence": evidence_note,
        "Reports": str(len(aligned.gold)),
        "Joined on": "ids" if gold.has_ids and pred.has_ids else "row order (texts checked)",
        "Scored": ", ".join(aligned.observations),
        "Not annotated": ", ".join(aligned.not_annotated) or "none",
        "Bootstrap": f"{n_resamples} resamples, seed {seed}" if n_resamples else "off",
        "Disagreements": str(len(errors)),
    }
    meta: dict[str, object] = {
        "gold": str(gold_path),
        "predictions": source,
        "reports": len(aligned.gold),
        "bootstrap_resamples": n_resamples,
        "seed": seed,
        "labelaudit_version": __version__,
    }
    if run is not None:
        facts["Rules"] = f"version {run.rules_version}, sha256 {run.rules_hash}"
        meta["rules_version"] = run.rules_version
        meta["rules_hash"] = run.rules_hash
    elif evidence is not None and evidence.rules:  # rules named in the evidence file
        facts["Rules"] = "; ".join(f"version {v}, sha256 {h}" for v, h in evidence.rules)
        meta["rules_version"] = ", ".join(v for v, _ in evidence.rules)
        meta["rules_hash"] = ", ".join(h for _, h in evidence.rules)
    return ValidationResult(
        aligned=aligned,
        evaluation=evaluation,
        tables=validation_tables(evaluation),
        errors=errors,
        has_evidence=evidence is not None,
        facts=facts,
        meta=meta,
        labeler_run=labeler_run,
        id_column=gold.id_column,
        warnings=warnings,
    )


def _evidence(
    aligned: Aligned,
    labeler_run: LabelerRun | None,
    evidence_path: Path | None,
    rules: Path | None,
) -> tuple[EvidenceIndex | None, str, LabelerRun | None]:
    """The evidence for the error audit, where it came from, and any labeler run made for it.

    In order: the evidence file; the labeler run that made the predictions; else, with
    report text at hand, labelaudit's labeler re-run on it; else none.
    """
    if evidence_path is not None:
        index = EvidenceIndex(read_evidence(evidence_path))
        if len(index) and not any(key in index for key in aligned.pred_keys):
            raise InputError(
                f"{evidence_path}: none of its evidence records belongs to the predicted "
                "reports (matched on report_id, or row when there are no ids)"
            )
        return index, str(evidence_path), None
    if labeler_run is not None:
        return EvidenceIndex(labeler_run.evidence), "the labeler run that made them", None
    if aligned.reports is not None:
        run = run_labeler(aligned.pred_keys, aligned.reports.tolist(), rules=rules)
        return EvidenceIndex(run.evidence), "labelaudit labeler re-run on the report text", run
    return None, "none", None


def ignored_columns(table: LabelTable) -> list[str]:
    """Columns that are neither an observation, the id, nor the report text.

    A gold column such as 'Effusion' is too far from any observation name to be rejected
    as a typo, so it is named in a warning rather than dropped silently.
    """
    if table.path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        columns = pq.read_schema(table.path).names
    else:
        columns = pd.read_csv(table.path, nrows=0, dtype=str, encoding="utf-8").columns
    known = {*OBSERVATIONS, REPORT_COLUMN, table.id_column}
    return [str(c) for c in columns if c not in known]


def _label(
    gold: LabelTable,
    reports_path: Path | None,
    id_column: str | None,
    rules: Path | None,
    progress: Callable[[int], None] | None = None,
) -> tuple[LabelTable, LabelerRun]:
    """Predictions made by labeling the gold file's text, or the reports in ``reports_path``."""
    if reports_path is None:
        if gold.reports is None:
            raise InputError(
                f"{gold.path}: no Reports column to label; give pred_path=labels.csv "
                "or reports_path=reports.csv",
                *("pred_path", "reports_path"),
            )
        texts = gold.reports
        has_ids = gold.has_ids
        path = gold.path
    else:
        from labelaudit.extract.readers import open_reports

        source = open_reports(reports_path, id_column=id_column)
        rows = [report for chunk in source.chunks() for report in chunk]
        has_ids = source.has_ids
        index = [rid if has_ids else row for row, rid, _ in rows]
        texts = pd.Series([text for _, _, text in rows], index=index, dtype=object)
        path = reports_path
    if texts.empty:
        raise InputError(f"{path}: no reports to label")
    keys = [str(k) for k in texts.index] if has_ids else [str(i) for i in range(len(texts))]
    run = run_labeler(keys, texts.tolist(), rules=rules, progress=progress)
    values = run.values.set_axis(texts.index if has_ids else pd.RangeIndex(len(texts)))
    reports = texts.set_axis(values.index)
    table = LabelTable(
        path=path,
        values=values,
        id_column=(gold.id_column or "report_id") if has_ids else None,
        reports=reports,
    )
    return table, run


def check_output_dir(output_dir: Path) -> None:
    """Fail before the work, not after it."""
    outputs.check_output_dir(output_dir)


def write_outputs(result: ValidationResult, output_dir: Path) -> list[Path]:
    """Every output file, each written atomically; returns their paths."""
    check_output_dir(output_dir)
    written: list[Path] = []
    for table in result.tables:
        written += write_table(table, output_dir, result.meta)
    errors_path = output_dir / "errors.csv"
    write_errors_csv(result.errors, errors_path)
    chart = f1_chart_png(result.evaluation)
    chart_path = output_dir / "f1_chart.png"
    atomic_write_bytes(chart_path, chart)
    page_path = output_dir / "report.html"
    atomic_write_text(
        page_path,
        validation_page(
            evaluation=result.evaluation,
            tables=result.tables,
            errors=result.errors,
            chart_png=chart,
            facts=result.facts,
            has_evidence=result.has_evidence,
        ),
    )
    summary_path = output_dir / "summary.json"
    atomic_write_text(summary_path, _summary_json(result))
    written += [errors_path, chart_path, page_path, summary_path]
    if result.labeler_run is not None:
        labels_path = output_dir / "labels.csv"
        _write_labels(result, labels_path)
        written.append(labels_path)
    return written


def _summary_json(result: ValidationResult) -> str:
    summary = {
        "meta": result.meta,
        "scored": result.aligned.observations,
        "not_annotated": result.aligned.not_annotated,
        "errors_by_kind": count_by_kind(result.errors),
        "warnings": result.warnings,
        "tables": {t.name: plain_records(t) for t in result.tables},
    }
    return json.dumps(summary, indent=2, ensure_ascii=False) + "\n"


def _write_labels(result: ValidationResult, path: Path) -> None:
    """The labeler's predictions in CheXpert format, so they can be reused as ``pred_path``."""
    aligned = result.aligned
    run = result.labeler_run
    if run is None:
        return
    values = run.values.loc[aligned.pred_keys]
    texts = aligned.reports.tolist() if aligned.reports is not None else [""] * len(values)
    id_header = [result.id_column] if result.id_column else []
    with atomic_write(path) as handle:
        writer = csv_writer(handle)
        writer.writerow([*id_header, "Reports", *OBSERVATIONS])
        rows = values.itertuples(index=False)
        for report_id, text, row in zip(aligned.ids, texts, rows, strict=True):
            ids = [report_id] if result.id_column else []
            writer.writerow([*ids, text, *(format_value(v) for v in row)])
