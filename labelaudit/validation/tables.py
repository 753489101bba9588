"""The validation tables as data: raw records for CSV/JSON, formatted cells for people.

1. ``mention``: MIMIC-CXR-JPG Table 4 (precision, recall, F1 of "mentioned" = 1, 0 or -1).
2. ``classes``: the CheXpert/CheXbert set (F1 per class, weighted F1, Cohen's kappa).
3. ``confusion``: gold x predicted over 1 / 0 / -1 / blank, per observation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from labelaudit.validation.evaluate import Evaluation
from labelaudit.validation.metrics import CLASS_SHORT, CLASSES

UNDEFINED = "—"
MICRO, MACRO = "Micro average", "Macro average"


@dataclass
class Table:
    name: str  # file stem of its CSV / Markdown / JSON
    title: str
    records: list[dict[str, object]]  # raw values; NaN means undefined
    headers: list[str]  # of the formatted view
    rows: list[list[str]]  # formatted cells, one list per row
    notes: list[str] = field(default_factory=list)
    numeric: set[int] = field(default_factory=set)  # formatted columns to right-align
    short_headers: list[str] | None = None  # for narrow terminals


def number(value: float, digits: int = 3) -> str:
    return UNDEFINED if value is None or math.isnan(value) else f"{value:.{digits}f}"


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


def mention_table(evaluation: Evaluation) -> Table:
    cells = _Cells(evaluation)
    records: list[dict[str, object]] = []
    rows: list[list[str]] = []
    for j, observation in enumerate([*evaluation.observations, MICRO, MACRO]):
        index = j if j < len(evaluation.observations) else None
        suffix = "" if index is not None else (".micro" if observation == MICRO else ".macro")
        record: dict[str, object] = {"observation": observation}
        record["precision"] = cells.value(f"mention.precision{suffix}", index)
        record["recall"] = cells.value(f"mention.recall{suffix}", index)
        cells.record(record, "f1", f"mention.f1{suffix}", index)
        row = [
            observation,
            number(record["precision"]),  # type: ignore[arg-type]
            number(record["recall"]),  # type: ignore[arg-type]
            cells.with_ci(f"mention.f1{suffix}", index),
        ]
        if index is not None:
            record["positive_cases"] = int(evaluation.per_observation["mention.support"][index])
            record["predicted_cases"] = int(evaluation.per_observation["mention.predicted"][index])
        else:
            record["positive_cases"] = int(evaluation.per_observation["mention.support"].sum())
            record["predicted_cases"] = int(evaluation.per_observation["mention.predicted"].sum())
        row += [str(record["positive_cases"]), str(record["predicted_cases"])]
        records.append(record)
        rows.append(row)
    table = Table(
        name="mention",
        title="Mention (any of 1, 0, -1 against blank), as MIMIC-CXR-JPG Table 4",
        records=records,
        headers=["Finding", "Precision", "Recall", "F1", "Number of positive cases", "Predicted"],
        rows=rows,
        numeric={1, 2, 3, 4, 5},
    )
    table.notes = common_notes(evaluation, rows)
    return table


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
    for j, observation in enumerate(evaluation.observations):
        record: dict[str, object] = {"observation": observation}
        row = [observation]
        for name, key, _ in _CLASS_COLUMNS:
            cells.record(record, name, key, j)
            row.append(cells.with_ci(key, j))
        supports = [int(per_obs[f"{c}.support"][j]) for c in CLASSES]
        record.update({f"{c}_support": s for c, s in zip(CLASSES, supports, strict=True)})
        row.append(" / ".join(map(str, supports)))
        records.append(record)
        rows.append(row)
    for label, suffix in ((MICRO, ".micro"), (MACRO, ".macro")):
        record = {"observation": label}
        row = [label]
        for name, key, _ in _CLASS_COLUMNS:
            average_key = f"{key}{suffix}"
            if average_key in evaluation.averages:
                cells.record(record, name, average_key, None)
                row.append(cells.with_ci(average_key, None))
            else:
                record[name] = None  # not applicable (no micro form of kappa / weighted F1)
                row.append("")
        totals = [int(per_obs[f"{c}.support"].sum()) for c in CLASSES]
        record.update({f"{c}_support": s for c, s in zip(CLASSES, totals, strict=True)})
        row.append(" / ".join(map(str, totals)))
        records.append(record)
        rows.append(row)
    headers = ["Observation", *(h for _, _, h in _CLASS_COLUMNS), "Support 1 / 0 / -1 / blank"]
    table = Table(
        name="classes",
        title="Per-class F1, weighted F1 and Cohen's kappa (CheXpert / CheXbert conventions)",
        records=records,
        headers=headers,
        rows=rows,
        numeric=set(range(1, len(_CLASS_COLUMNS) + 2)),
        short_headers=[
            *("Observation", "Pos\nF1", "Neg\nF1", "Unc\nF1", "Blank\nF1", "Wtd\nF1"),
            *("Kappa", "Support\n1/0/-1/b"),
        ],
    )
    table.notes = [
        *common_notes(evaluation, rows),
        "Weighted F1 = positive, negative and uncertain F1 weighted by their gold counts; "
        "kappa over the four values 1 / 0 / -1 / blank.",
        "Averages follow CheXbert: negative F1 leaves out No Finding; uncertain F1 leaves out "
        "No Finding and Support Devices; macro averages skip undefined values.",
    ]
    return table


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
    return Table(
        name="confusion",
        title="Confusion matrices, gold x predicted",
        records=records,
        headers=["Observation", "Gold", *(f"Pred {p}" for p in CLASS_SHORT), "Total"],
        rows=rows,
        notes=notes,
        numeric={2, 3, 4, 5, 6},
    )


def validation_tables(evaluation: Evaluation) -> list[Table]:
    return [mention_table(evaluation), classes_table(evaluation), confusion_table(evaluation)]
