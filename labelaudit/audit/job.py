"""``labelaudit audit``: read labels, out-of-fold predictions and evidence; write the audit.

Output folder: ``suspects.csv``, ``uncertain.csv``, ``quality.csv`` and ``report.html``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from labelaudit.atomic import atomic_write, atomic_write_text
from labelaudit.audit.evidence import deciding_mention, read_evidence
from labelaudit.audit.html_report import ModelQuality, render_report, saliency_lookup
from labelaudit.audit.predictions import load_predictions
from labelaudit.audit.suspects import MIN_PER_CLASS, TRUSTED_AUROC, find_suspects
from labelaudit.csvfile import frame_to_csv
from labelaudit.errors import InputError
from labelaudit.layouts.load import LayoutOptions, read_units
from labelaudit.manifest import Manifest, read_manifest
from labelaudit.observations import UNCERTAIN
from labelaudit.outputs import check_output_dir
from labelaudit.train.policies import BlankPolicy, UncertaintyPolicy
from labelaudit.wording import plural

SUSPECTS = "suspects.csv"
UNCERTAIN_CSV = "uncertain.csv"
REPORT = "report.html"
QUALITY = "quality.csv"  # per observation: out-of-fold AUROC, labels audited, suspects
EVIDENCE_COLUMNS = [
    "sentence",
    "mention",
    "trigger",
    "trigger_rule",
    "mention_rule",
    "evidence_note",
]
EVIDENCE_FIELDS = {  # suspects.csv column -> evidence record field
    "sentence": "sentence",
    "mention": "text",
    "trigger": "trigger",
    "trigger_rule": "trigger_rule",
    "mention_rule": "mention_rule",
}


@dataclass(frozen=True)
class AuditInputs:
    """Report labels, out-of-fold probabilities, and what shows each suspect's context."""

    labels: Path  # with an id column (labelaudit extract)
    predictions: Path  # OUT-OF-FOLD probabilities per image (train --folds K)
    evidence: Path | None = None  # the labeler's evidence JSONL
    images: Path | None = None  # manifest: report id -> image path(s)
    saliency: Path | None = None  # output folder of ``labelaudit saliency``


@dataclass(frozen=True)
class AuditOptions:
    """How labels are audited; the defaults are ``labelaudit audit``'s."""

    uncertain: UncertaintyPolicy = UncertaintyPolicy.IGNORE
    blank: BlankPolicy = BlankPolicy.ZEROS
    layouts: LayoutOptions = field(default_factory=LayoutOptions)  # any layout and unit


@dataclass
class AuditResult:
    output: Path
    suspects: pd.DataFrame
    uncertain: pd.DataFrame
    audited: dict[str, int]
    skipped: dict[str, str]
    reports: int  # reports with both labels and predictions
    images: int  # prediction rows read
    labels_without_predictions: int
    warnings: list[str] = field(default_factory=list)
    auroc: dict[str, float] = field(default_factory=dict)  # out-of-fold, per observation


def run_audit(
    inputs: AuditInputs,
    output: Path,
    options: AuditOptions,
    *,
    progress: Callable[[int], None] | None = None,
) -> AuditResult:
    """Audit the labels and write the CSVs and the HTML page into the folder ``output``.

    ``progress(1)`` is called as each observation's audit starts.
    """
    labels, predictions = inputs.labels, inputs.predictions
    check_output_dir(output, [labels, predictions])
    table, _ = read_units(labels, options.layouts)
    if table.id_column is None:
        raise InputError(
            f"{labels}: no id column (report_id, study_id, id, ...) to match the predictions"
        )
    overlays = saliency_lookup(inputs.saliency) if inputs.saliency is not None else None
    manifest = None
    if inputs.images is not None:
        manifest = read_manifest(inputs.images, id_column=table.id_column, require_ids=True)
    probabilities, images = load_predictions(
        predictions, table.values.index, table.id_column, manifest
    )
    missing = len(table.values.index.difference(probabilities.index))
    result = find_suspects(
        table.values,
        probabilities,
        uncertain=options.uncertain,
        blank=options.blank,
        progress=progress,
    )
    evidence = read_evidence(inputs.evidence) if inputs.evidence is not None else None
    suspects = _with_context(result.suspects, evidence, manifest, options)
    uncertain = _with_context(result.uncertain, evidence, manifest, options)

    warnings = manifest.notes if manifest is not None else []
    if result.skipped:
        counts = "; ".join(f"{o} ({why})" for o, why in result.skipped.items())
        warnings.append(f"not audited, fewer than {MIN_PER_CLASS} labels of a class: {counts}")
    if missing:
        warnings.append(f"{plural(missing, 'labelled report')} without a prediction, not audited")
    blank = _blank_probabilities(probabilities, table.values)
    if blank:
        warnings.append(f"not audited, blank probability (no image could be scored): {blank}")
    summary = _summary(labels, predictions, result.audited, suspects, uncertain, options)
    output.mkdir(parents=True, exist_ok=True)
    _write_csv(output / SUSPECTS, suspects)
    _write_csv(output / UNCERTAIN_CSV, uncertain)
    _write_csv(output / QUALITY, _quality(result.audited, result.auroc, suspects))
    page = render_report(
        suspects,
        title="labelaudit: labels the image model doubts",
        summary=summary + warnings,
        model=ModelQuality(result.audited, result.auroc, suspects),
        overlays=overlays,
    )
    atomic_write_text(output / REPORT, page)
    return AuditResult(
        output,
        suspects,
        uncertain,
        result.audited,
        result.skipped,
        reports=len(table.values.index.intersection(probabilities.index)),
        images=images,
        labels_without_predictions=missing,
        warnings=warnings,
        auroc=result.auroc,
    )


def _with_context(
    rows: pd.DataFrame,
    evidence: dict[tuple[str, str], list[dict]] | None,
    manifest: Manifest | None,
    options: AuditOptions,
) -> pd.DataFrame:
    """Add the deciding sentence and rules, and the report's image paths, to each row."""
    rows = rows.copy()
    context = [_evidence_for(row, evidence, options) for row in rows.to_dict("records")]
    for column in EVIDENCE_COLUMNS:
        rows[column] = [c.get(column, "") for c in context]
    if manifest is not None:
        paths = manifest.table.groupby(manifest.id_column, sort=False)["path"].agg(";".join)
        rows["images"] = rows["report_id"].map(paths).fillna("")
    return rows


def _evidence_for(row: dict, evidence, options: AuditOptions) -> dict:
    if evidence is None:
        return {"evidence_note": "no evidence file given (--evidence)"}
    given = float(row.get("given_label", UNCERTAIN))
    mention = deciding_mention(evidence.get((str(row["report_id"]), row["observation"]), []), given)
    if mention is None:
        if math.isnan(given):
            note = (
                f"not mentioned in the report (blank, audited under --blank {options.blank.value})"
            )
            return {"evidence_note": note}
        return {"evidence_note": "no mention in the evidence (label set by aggregation)"}
    return {column: mention.get(field) or "" for column, field in EVIDENCE_FIELDS.items()}


def _summary(labels, predictions, audited, suspects, uncertain, options) -> list[str]:
    audited_text = ", ".join(f"{o} {n}" for o, n in audited.items()) or "none"
    positive = int((suspects["audited_as"] == 1).sum()) if len(suspects) else 0
    reports = suspects["report_id"].nunique() if len(suspects) else 0
    return [
        f"labels: {labels}; out-of-fold predictions: {predictions}",
        f"policies: uncertain -> {options.uncertain.value}, blank -> {options.blank.value}",
        f"labels audited per observation: {audited_text}",
        f"{plural(len(suspects), 'suspect label')} in {plural(reports, 'report')} (cleanlab "
        "confident learning), lowest label quality first: "
        f"{positive} positive labels the model calls absent, "
        f"{len(suspects) - positive} negative or blank labels it calls present",
        f"{plural(len(uncertain), 'uncertain label')} with the model's probability "
        f"in {UNCERTAIN_CSV}",
    ]


def _quality(audited: dict[str, int], auroc: dict[str, float], suspects) -> pd.DataFrame:
    """How far to trust each observation's flags: the table at the top of the page."""
    rows = []
    for observation, count in audited.items():
        flags = suspects.loc[suspects["observation"] == observation, "audited_as"]
        rows.append(
            {
                "observation": observation,
                "labels_audited": count,
                "out_of_fold_auroc": round(auroc[observation], 4),
                "trusted": auroc[observation] >= TRUSTED_AUROC,
                "suspects": len(flags),
                "suspect_positive_labels": int((flags == 1).sum()),
                "suspect_negative_labels": int((flags == 0).sum()),
            }
        )
    return pd.DataFrame(rows, columns=QUALITY_COLUMNS)


QUALITY_COLUMNS = [
    "observation",
    "labels_audited",
    "out_of_fold_auroc",
    "trusted",
    "suspects",
    "suspect_positive_labels",
    "suspect_negative_labels",
]


def _blank_probabilities(probabilities: pd.DataFrame, labels: pd.DataFrame) -> str:
    """'Pneumothorax 2 reports (r3, r9)' for each observation whose labels lack a probability."""
    common = probabilities.index.intersection(labels.index)
    parts = []
    for observation in probabilities.columns:
        blank = common[probabilities.loc[common, observation].isna().to_numpy()]
        if len(blank):
            shown = ", ".join(map(str, blank[:3])) + (" …" if len(blank) > 3 else "")
            parts.append(f"{observation} {len(blank)} reports ({shown})")
    return "; ".join(parts)


def _write_csv(path: Path, table: pd.DataFrame) -> None:
    with atomic_write(path) as handle:
        frame_to_csv(table, handle, index=False)
