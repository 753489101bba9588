"""Label distribution tables, as in Table 2 of the MIMIC-CXR-JPG paper.

Per observation: count and percentage of positive, negative and uncertain labels, and,
against a second labeling of the same reports, how many reports disagree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from labelaudit.atomic import atomic_write_text
from labelaudit.errors import LabelFileError
from labelaudit.labelfile import LabelTable
from labelaudit.observations import NEGATIVE, NO_FINDING, OBSERVATIONS, POSITIVE, UNCERTAIN
from labelaudit.tables import Column, Table, to_csv, to_markdown


def count_disagreements(a: pd.DataFrame, b: pd.DataFrame) -> pd.Series:
    """Reports whose value differs between two aligned label frames, per observation.

    Blank is a value of its own: blank against 0.0 is a disagreement, blank against blank
    is not. Both frames must share the same index (report ids) in the same order.
    """
    if not a.index.equals(b.index):
        raise ValueError("label frames must be aligned on the same report ids")
    counts = {}
    for observation in OBSERVATIONS:
        if observation not in a.columns or observation not in b.columns:
            continue
        left = a[observation].fillna(9.0)  # 9.0 stands for blank so NaN == NaN compares equal
        right = b[observation].fillna(9.0)
        counts[observation] = int((left != right).sum())
    return pd.Series(counts, dtype="int64", name="Disagreement")


@dataclass
class LabelCounts:
    """Positive/negative/uncertain counts per observation, added up block by block.

    Streaming: a million reports are counted without ever holding them all.
    """

    observations: tuple[str, ...] = OBSERVATIONS
    reports: int = 0
    counts: np.ndarray = field(init=False)  # (observation, [positive, negative, uncertain])

    def __post_init__(self) -> None:
        self.counts = np.zeros((len(self.observations), 3), dtype=np.int64)

    def add(self, block: np.ndarray) -> None:
        """Count a (reports x observations) block of 1.0 / 0.0 / -1.0 / NaN values."""
        for column, value in enumerate((POSITIVE, NEGATIVE, UNCERTAIN)):
            self.counts[:, column] += (block == value).sum(axis=0)
        self.reports += block.shape[0]

    @classmethod
    def of(cls, values: pd.DataFrame) -> LabelCounts:
        counts = cls(observations=tuple(values.columns))
        counts.add(values.to_numpy(dtype=np.float64))
        return counts


@dataclass(frozen=True)
class DistributionRow:
    observation: str
    positive: int
    negative: int | None  # None: not applicable (No Finding is never negative or uncertain)
    uncertain: int | None
    disagreement: int | None = None


@dataclass(frozen=True)
class Distribution:
    """Table 2: one row per observation, percentages over all ``reports``."""

    reports: int
    rows: tuple[DistributionRow, ...]
    against: str | None = None  # the label file compared with, when there was one
    # Set by labelaudit.layouts for --per / --negatives; the defaults keep Table 2 as it was.
    counted: str | None = None  # what was counted, e.g. '187,641 studies (223,414 rows) of ...'
    negatives: str = "explicit"  # 'implicit': CheXpert Table 1 (blank counts as negative)
    notes: tuple[str, ...] = ()

    @property
    def has_disagreement(self) -> bool:
        return any(r.disagreement is not None for r in self.rows)


def distribution_from_counts(
    counts: LabelCounts, disagreements: pd.Series | None = None, against: str | None = None
) -> Distribution:
    rows = []
    for index, observation in enumerate(counts.observations):
        positive, negative, uncertain = (int(c) for c in counts.counts[index])
        if observation == NO_FINDING:
            # "-" as in the paper, unless a file really has such values: never hide counts.
            negative_cell = negative or None
            uncertain_cell = uncertain or None
        else:
            negative_cell, uncertain_cell = negative, uncertain
        disagreement = None
        if disagreements is not None and observation in disagreements.index:
            disagreement = int(disagreements[observation])
        rows.append(
            DistributionRow(observation, positive, negative_cell, uncertain_cell, disagreement)
        )
    return Distribution(counts.reports, tuple(rows), against)


def label_distribution(table: LabelTable, against: LabelTable | None = None) -> Distribution:
    """The distribution of one label file, optionally with disagreements against another."""
    disagreements = None
    if against is not None:
        other = align_labels(table, against)
        disagreements = count_disagreements(table.values, other)
    return distribution_from_counts(
        LabelCounts.of(table.values),
        disagreements,
        str(against.path) if against is not None else None,
    )


def align_labels(table: LabelTable, against: LabelTable) -> pd.DataFrame:
    """``against``'s values in ``table``'s row order; a clear error when the reports differ."""
    ids = list(table.values.index)
    check_same_reports(str(table.path), ids if table.has_ids else None, len(ids), against)
    return against.values.reindex(table.values.index)


def check_same_reports(ours: str, ids: list | None, rows: int, against: LabelTable) -> None:
    """Raise unless ``against`` labels exactly our reports: the same ids (any order) or,
    when neither side has ids (``ids`` is None), the same number of rows."""
    if (ids is not None) != against.has_ids:
        if ids is not None:
            problem = f"{ours} has report ids but {against.path} has none"
        else:
            problem = f"{against.path} has report ids ({against.id_column!r}) but {ours} has none"
        raise LabelFileError(f"{problem}; both must identify reports the same way")
    if ids is None:
        if rows != len(against.values):
            raise LabelFileError(
                f"{against.path} has {len(against.values)} rows but {ours} has {rows}; "
                "without id columns the files are compared row by row"
            )
        return
    theirs = against.values.index
    mine = pd.Index(ids)
    missing = mine.difference(theirs, sort=False)
    extra = theirs.difference(mine, sort=False)
    if len(missing) or len(extra):
        parts = []
        if len(missing):
            parts.append(f"{len(missing)} ids missing from {against.path} ({_first(missing)})")
        if len(extra):
            parts.append(f"{len(extra)} ids only in {against.path} ({_first(extra)})")
        raise LabelFileError(
            f"{ours} and {against.path} label different reports: " + "; ".join(parts)
        )


def _first(ids: pd.Index, limit: int = 5) -> str:
    shown = ", ".join(str(i) for i in ids[:limit])
    return shown + (", …" if len(ids) > limit else "")


# -- the table --------------------------------------------------------------------------------


def _cell(count: int | None, total: int, decimals: int = 1) -> str:
    if count is None:
        return "-"
    share = 100.0 * count / total if total else 0.0
    return f"{count:,} ({share:.{decimals}f}%)"


def _kinds(distribution: Distribution) -> list[str]:
    """Count columns in the paper's order: CheXpert Table 1 puts Uncertain before Negative."""
    if distribution.negatives == "implicit":
        return ["positive", "uncertain", "negative"]
    return ["positive", "negative", "uncertain"]


def caption(distribution: Distribution) -> str:
    """What was counted, in which convention, and what the Disagreement column compares."""
    if distribution.counted is None:
        text = f"Label distribution over {distribution.reports:,} reports"
        units = "reports"
    else:
        convention = (
            "Negative = 0 or blank (CheXpert Table 1)"
            if distribution.negatives == "implicit"
            else "Negative = 0, blank is neither (MIMIC-CXR-JPG Table 2)"
        )
        text = f"Label distribution over {distribution.counted}; {convention}"
        units = "units"
    if distribution.against:
        text += f"; Disagreement: {units} whose value differs in {distribution.against}"
    return text


def distribution_table(distribution: Distribution) -> Table:
    """Table 2 as the paper prints it, '45,088 (19.8%)' per cell; the CSV records hold plain
    counts and percentages of all reports (two decimals) for spreadsheets."""
    kinds = _kinds(distribution)
    if distribution.has_disagreement:
        kinds.append("disagreement")
    total = distribution.reports
    decimals = 2 if distribution.negatives == "implicit" else 1  # as each paper prints them
    rows: list[list[str]] = []
    records: list[dict[str, object]] = []
    for row in distribution.rows:
        counts = [getattr(row, kind) for kind in kinds]
        rows.append([row.observation, *(_cell(count, total, decimals) for count in counts)])
        record: dict[str, object] = {"observation": row.observation, "reports": total}
        for kind, count in zip(kinds, counts, strict=True):
            record[kind] = count
            record[f"{kind}_pct"] = (
                None if count is None or not total else f"{100.0 * count / total:.2f}"
            )
        records.append(record)
    columns = [Column("Observation")]
    columns += [Column(kind.capitalize(), align="right") for kind in kinds]
    return Table(
        name="distribution",
        title=caption(distribution),
        columns=columns,
        rows=rows,
        notes=list(distribution.notes),
        records=records,
        markdown="caption",
    )


def distribution_paths(label_file: Path, output_dir: Path | None = None) -> tuple[Path, Path]:
    """'labels.csv' -> 'labels_distribution.csv' and '.md', beside it or in ``output_dir``."""
    folder = output_dir if output_dir is not None else label_file.parent
    base = f"{label_file.stem}_distribution"  # not with_suffix: 'a.b.csv' has a dotted stem
    return folder / f"{base}.csv", folder / f"{base}.md"


def write_distribution(
    distribution: Distribution, label_file: Path, output_dir: Path | None = None
) -> tuple[Path, Path]:
    csv_path, md_path = distribution_paths(label_file, output_dir)
    table = distribution_table(distribution)
    atomic_write_text(csv_path, to_csv(table))
    atomic_write_text(md_path, to_markdown(table))
    return csv_path, md_path
