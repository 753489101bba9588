"""The validation tables as data: raw records for CSV/JSON, formatted cells for people.

1. ``mention``: MIMIC-CXR-JPG Table 4 (precision, recall, F1 of "mentioned" = 1, 0 or -1).
2. ``classes``: the CheXpert/CheXbert set (F1 per class, weighted F1, Cohen's kappa).
3. ``confusion``: gold x predicted over 1 / 0 / -1 / blank, per observation.
"""

from __future__ import annotations

import math

import numpy as np

from labelaudit.tables import UNDEFINED, Table, metric_columns, number
from labelaudit.validation.evaluate import Evaluation
from labelaudit.validation.metrics import CLASS_SHORT, CLASSES

MICRO, MACRO = "Micro average", "Macro average"


class _Cells:
    """Looks up point estimates and intervals in an evaluation and formats them."""

    def __init__(self, evaluation: Evaluation) -> None:
        self.ev = evaluation
        self.iv = evaluation.intervals

    def value(self, key: str, j: int | None) -> float:
        """Observation ``j``'s value, or the average's when ``j`` is None."""
        if j is None:
            return float(self.ev.averages[key])
        return float(self.ev.per_observation[key][j])

    def bounds(self, key: str, j: int | None) -> tuple[float, float]:
        if self.iv is None:
            return math.nan, math.nan
        if j is None:
            return float(self.iv.average_low[key]), float(self.iv.average_high[key])
        return float(self.iv.low[key][j]), float(self.iv.high[key][j])

    def with_ci(self, key: str, j: int | None) -> str:
        point = self.value(key, j)
        if self.iv is None or math.isnan(point):
            return number(point)
        low, high = self.bounds(key, j)
        if math.isnan(low):
            return f"{number(point)} ({UNDEFINED})"
        dash = " to " if low < 0 else "–"  # '-0.33 to -0.16' reads better than '-0.33–-0.16'
        return f"{number(point)} ({low:.2f}{dash}{high:.2f})"

    def record(self, record: dict[str, object], name: str, key: str, j: int | None) -> None:
        """Add ``name`` and, with a bootstrap, ``name_ci_low`` / ``name_ci_high``."""
        record[name] = self.value(key, j)
        if self.iv is not None:
            record[f"{name}_ci_low"], record[f"{name}_ci_high"] = self.bounds(key, j)


def common_notes(evaluation: Evaluation, tables_text: list[list[str]]) -> list[str]:
    notes = []
    iv = evaluation.intervals
    if iv is not None:
        notes.append(
            f"In brackets: {iv.confidence:.0%} CI, percentile bootstrap over {iv.n_resamples} "
            f"resamples of the {evaluation.n_reports} reports (seed {iv.seed})."
        )
    if any(UNDEFINED in cell for row in tables_text for cell in row):
        notes.append(
            f"{UNDEFINED} = undefined (zero division): F1 when neither gold nor prediction has "
            "the class, precision when nothing is predicted, recall when the gold has none, "
            "kappa when both sides give one constant value. Supports are shown."
        )
    if evaluation.not_annotated:
        notes.append(
            "Not annotated in the gold file, so not scored: "
            + ", ".join(evaluation.not_annotated)
            + "."
        )
    return notes


def _rows_with_averages(evaluation: Evaluation) -> list[tuple[str, int | None, str]]:
    """(label, observation index or None, key suffix): observations, then the averages."""
    rows: list[tuple[str, int | None, str]] = [
        (o, j, "") for j, o in enumerate(evaluation.observations)
    ]
    return [*rows, (MICRO, None, ".micro"), (MACRO, None, ".macro")]


def mention_table(evaluation: Evaluation) -> Table:
    cells = _Cells(evaluation)
    records: list[dict[str, object]] = []
    rows: list[list[str]] = []
    for label, index, suffix in _rows_with_averages(evaluation):
        precision = cells.value(f"mention.precision{suffix}", index)
        recall = cells.value(f"mention.recall{suffix}", index)
        record: dict[str, object] = {"observation": label, "precision": precision, "recall": recall}
        cells.record(record, "f1", f"mention.f1{suffix}", index)
        counts = []
        for name, key in (("positive_cases", "support"), ("predicted_cases", "predicted")):
            per_obs = evaluation.per_observation[f"mention.{key}"]
            record[name] = int(per_obs[index] if index is not None else per_obs.sum())
            counts.append(str(record[name]))
        records.append(record)
        rows.append(
            [
                label,
                number(precision),
                number(recall),
                cells.with_ci(f"mention.f1{suffix}", index),
                *counts,
            ]
        )
    headers = ["Finding", "Precision", "Recall", "F1", "Number of positive cases", "Predicted"]
    return Table(
        name="mention",
        title="Mention (any of 1, 0, -1 against blank), as MIMIC-CXR-JPG Table 4",
        records=records,
        columns=metric_columns(headers, numeric={1, 2, 3, 4, 5}),
        notes=common_notes(evaluation, rows),
        rows=rows[:-2],
        footer=rows[-2:],  # the micro and macro averages, in bold
        footer_rule=False,
        footer_style="bold",
    )


_CLASS_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("positive_f1", "positive.f1", "Positive F1"),
    ("negative_f1", "negative.f1", "Negative F1"),
    ("uncertain_f1", "uncertain.f1", "Uncertain F1"),
    ("blank_f1", "blank.f1", "Blank F1"),
    ("weighted_f1", "weighted.f1", "Weighted F1"),
    ("kappa", "kappa", "Kappa"),
)


def classes_table(evaluation: Evaluation) -> Table:
    cells = _Cells(evaluation)
    records: list[dict[str, object]] = []
    rows: list[list[str]] = []
    per_obs = evaluation.per_observation
    for label, index, suffix in _rows_with_averages(evaluation):
        record: dict[str, object] = {"observation": label}
        row = [label]
        for name, key, _ in _CLASS_COLUMNS:
            full_key = f"{key}{suffix}"
            if index is not None or full_key in evaluation.averages:
                cells.record(record, name, full_key, index)
                row.append(cells.with_ci(full_key, index))
            else:
                record[name] = None  # not applicable: kappa and weighted F1 have no micro form
                row.append("")
        supports = [
            int(
                per_obs[f"{c}.support"][index]
                if index is not None
                else per_obs[f"{c}.support"].sum()
            )
            for c in CLASSES
        ]
        record.update({f"{c}_support": n for c, n in zip(CLASSES, supports, strict=True)})
        row.append(" / ".join(map(str, supports)))
        records.append(record)
        rows.append(row)
    headers = ["Observation", *(h for _, _, h in _CLASS_COLUMNS), "Support 1 / 0 / -1 / blank"]
    short_headers = [
        *("Observation", "Pos\nF1", "Neg\nF1", "Unc\nF1", "Blank\nF1", "Wtd\nF1"),
        *("Kappa", "Support\n1/0/-1/b"),
    ]
    return Table(
        name="classes",
        title="Per-class F1, weighted F1 and Cohen's kappa (CheXpert / CheXbert conventions)",
        records=records,
        columns=metric_columns(
            headers, numeric=set(range(1, len(_CLASS_COLUMNS) + 2)), short_headers=short_headers
        ),
        notes=[
            *common_notes(evaluation, rows),
            "Weighted F1 = positive, negative and uncertain F1 weighted by their gold counts; "
            "kappa over the four values 1 / 0 / -1 / blank.",
            "Averages follow CheXbert: negative F1 leaves out No Finding; uncertain F1 leaves "
            "out No Finding and Support Devices; macro averages skip undefined values.",
        ],
        rows=rows[:-2],
        footer=rows[-2:],  # the micro and macro averages, in bold
        footer_rule=False,
        footer_style="bold",
    )


def confusion_table(evaluation: Evaluation) -> Table:
    records: list[dict[str, object]] = []
    rows: list[list[str]] = []
    for j, observation in enumerate(evaluation.observations):
        matrix = evaluation.confusion[j]
        for g, gold_label in enumerate(CLASS_SHORT):
            counts = [int(v) for v in matrix[g]]
            record: dict[str, object] = {"observation": observation, "gold": gold_label}
            record.update({f"pred_{p}": c for p, c in zip(CLASS_SHORT, counts, strict=True)})
            record["total"] = int(np.sum(counts))
            records.append(record)
            rows.append(
                [observation if g == 0 else "", gold_label, *map(str, counts), str(sum(counts))]
            )
    notes = [f"Rows: gold value; columns: predicted value; {evaluation.n_reports} reports."]
    if evaluation.not_annotated:
        notes.append("Not scored (not annotated): " + ", ".join(evaluation.not_annotated) + ".")
    headers = ["Observation", "Gold", *(f"Pred {p}" for p in CLASS_SHORT), "Total"]
    return Table(
        name="confusion",
        title="Confusion matrices, gold x predicted",
        records=records,
        columns=metric_columns(headers, numeric={2, 3, 4, 5, 6}),
        rows=rows,
        notes=notes,
    )


def validation_tables(evaluation: Evaluation) -> list[Table]:
    return [mention_table(evaluation), classes_table(evaluation), confusion_table(evaluation)]
