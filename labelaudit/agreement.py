"""Agreement between readers or labelers: who is a good radiologist?

Per observation: pairwise Cohen's kappa, Fleiss' kappa for three readers or more, percent
agreement and disagreement counts (the Disagreement column of ``labelaudit distribution``),
and, against a reference, each reader's sensitivity and specificity.

Kappas treat the four values 1 / 0 / -1 / blank as categories. Sensitivity and specificity
are for "positive" (1): the reference's uncertain (-1) reports are left out, since they
have no truth to score against; a reader's -1 counts as "not positive".
"""

from __future__ import annotations

import dataclasses
import itertools
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import cohen_kappa_score, recall_score

from labelaudit.distribution import count_disagreements
from labelaudit.errors import InputError
from labelaudit.labelfile import LabelTable
from labelaudit.observations import OBSERVATIONS, LabelClass
from labelaudit.tables import UNDEFINED, Table, metric_columns, number
from labelaudit.validation.join import align
from labelaudit.validation.metrics import encode


def fleiss_kappa(counts: np.ndarray) -> float:
    """Fleiss' kappa from a (subjects x categories) matrix of how many raters chose each.

    Every subject must have the same number of raters (at least two). NaN when chance
    agreement is 1, i.e. every rating falls in one category.
    """
    counts = np.asarray(counts, dtype=float)
    raters = counts.sum(axis=1)
    if counts.ndim != 2 or len(counts) == 0 or not np.all(raters == raters[0]) or raters[0] < 2:
        raise ValueError("need a non-empty matrix with the same number (>= 2) of raters per row")
    n = raters[0]
    share = counts.sum(axis=0) / counts.sum()  # p_j: share of all ratings in category j
    per_subject = ((counts * counts).sum(axis=1) - n) / (n * (n - 1))  # P_i
    observed = per_subject.mean()  # P-bar
    chance = float((share * share).sum())  # P-bar_e
    if chance >= 1.0:
        return float("nan")
    return float((observed - chance) / (1.0 - chance))


def category_counts(codes: np.ndarray, n_categories: int = len(LabelClass)) -> np.ndarray:
    """(subjects x raters) class codes -> (subjects x categories) counts for Fleiss' kappa."""
    return np.stack([(codes == c).sum(axis=1) for c in range(n_categories)], axis=1)


@dataclass
class Readers:
    """Several label files aligned on the same reports and the observations they share."""

    names: list[str]
    frames: list[pd.DataFrame]  # one per reader, same index and columns
    reference: pd.DataFrame | None
    reference_name: str | None
    observations: list[str]
    not_shared: list[str]  # observations some file has and another lacks
    coverage: str = ""  # how many reports each file has, and how many are compared


def reader_names(paths: Sequence[Path]) -> list[str]:
    """File stems, or the paths themselves where two stems collide."""
    stems = [p.stem for p in paths]
    return [str(p) if stems.count(p.stem) > 1 else p.stem for p in paths]


def align_readers(tables: Sequence[LabelTable], reference: LabelTable | None = None) -> Readers:
    if len(tables) + (reference is not None) < 2:
        raise InputError("give at least two label files, or one with reference", "reference")
    everyone = [*([reference] if reference is not None else []), *tables]
    shared = [o for o in OBSERVATIONS if all(o in t.values.columns for t in everyone)]
    present = [o for o in OBSERVATIONS if any(o in t.values.columns for t in everyone)]
    if not shared:
        raise InputError("the files have no observation column in common")
    restricted = [dataclasses.replace(t, values=t.values[shared]) for t in everyone]
    base = restricted[0]
    frames = [base.values] + [align(base, other).pred for other in restricted[1:]]
    names = reader_names([t.path for t in everyone])
    coverage = _coverage(names, [len(t.values) for t in everyone], len(base.values))
    if reference is not None:
        if names[0] in names[1:]:
            names[0] = f"{names[0]} (reference)"
        return Readers(
            names=names[1:],
            frames=frames[1:],
            reference=frames[0],
            reference_name=names[0],
            observations=shared,
            not_shared=[o for o in present if o not in shared],
            coverage=coverage,
        )
    not_shared = [o for o in present if o not in shared]
    return Readers(names, frames, None, None, shared, not_shared, coverage)


def _coverage(names: list[str], sizes: list[int], compared: int) -> str:
    """'compared 3 reports (those of a): a has 3, b has 5; 2 of b's are left out'."""
    have = ", ".join(f"{name} has {size:,}" for name, size in zip(names, sizes, strict=True))
    extra = [
        f"{size - compared:,} of {name}'s"
        for name, size in zip(names, sizes, strict=True)
        if size > compared
    ]
    left_out = f"; left out: {', '.join(extra)}" if extra else ""
    return f"compared {compared:,} reports (those of {names[0]}): {have}{left_out}"


def _kappa(a: np.ndarray, b: np.ndarray) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        warnings.simplefilter("ignore", UserWarning)
        return float(cohen_kappa_score(a, b, labels=[int(c) for c in LabelClass]))


def pairwise_table(readers: Readers) -> Table:
    records: list[dict[str, object]] = []
    rows: list[list[str]] = []
    codes = [encode(f) for f in readers.frames]
    n = len(readers.frames[0])
    pairs = list(itertools.combinations(enumerate(readers.names), 2))
    differ = {
        (i, j): count_disagreements(readers.frames[i], readers.frames[j])
        for (i, _), (j, _) in pairs
    }
    for k, observation in enumerate(readers.observations):
        for (i, a), (j, b) in pairs:
            kappa = _kappa(codes[i][:, k], codes[j][:, k])
            agreement = float((codes[i][:, k] == codes[j][:, k]).mean())
            disagreements = int(differ[i, j][observation])
            records.append(
                {
                    "observation": observation,
                    "reader_a": a,
                    "reader_b": b,
                    "kappa": kappa,
                    "percent_agreement": 100.0 * agreement,
                    "disagreements": disagreements,
                    "reports": n,
                }
            )
            rows.append(
                [observation, a, b, number(kappa), f"{100 * agreement:.1f}", str(disagreements)]
            )
    return Table(
        name="pairwise",
        title="Pairwise agreement",
        records=records,
        columns=metric_columns(
            ["Observation", "Reader A", "Reader B", "Cohen's kappa", "Agreement %", "Disagree"],
            numeric={3, 4, 5},
        ),
        rows=rows,
        notes=_notes(readers, rows),
    )


def summary_table(readers: Readers) -> Table:
    """Per observation across all readers: Fleiss' kappa (3+), all-agree %, mean kappa."""
    codes = np.stack([encode(f) for f in readers.frames], axis=2)  # reports x obs x readers
    many = len(readers.frames) >= 3
    records: list[dict[str, object]] = []
    rows: list[list[str]] = []
    for k, observation in enumerate(readers.observations):
        ratings = codes[:, k, :]
        fleiss = fleiss_kappa(category_counts(ratings)) if many else float("nan")
        all_agree = float((ratings == ratings[:, :1]).all(axis=1).mean())
        pair_kappas = [
            _kappa(ratings[:, i], ratings[:, j])
            for i, j in itertools.combinations(range(ratings.shape[1]), 2)
        ]
        defined = [x for x in pair_kappas if not np.isnan(x)]
        mean_kappa = float(np.mean(defined)) if defined else float("nan")
        record: dict[str, object] = {"observation": observation}
        if many:
            record["fleiss_kappa"] = fleiss
        record.update(
            {
                "mean_pairwise_kappa": mean_kappa,
                "percent_all_agree": 100.0 * all_agree,
                "reports": len(ratings),
            }
        )
        records.append(record)
        row = [observation, *([number(fleiss)] if many else []), number(mean_kappa)]
        rows.append([*row, f"{100 * all_agree:.1f}", str(len(ratings))])
    headers = ["Observation", *(["Fleiss' kappa"] if many else []), "Mean pairwise kappa"]
    headers += ["All agree %", "Reports"]
    title = f"Agreement of {len(readers.names)} readers: " + ", ".join(readers.names)
    return Table(
        name="agreement",
        title=title,
        records=records,
        columns=metric_columns(headers, numeric=set(range(1, len(headers)))),
        rows=rows,
        notes=_notes(readers, rows),
    )


def reference_table(readers: Readers) -> Table:
    """Each reader's sensitivity and specificity for positive (1) against the reference."""
    if readers.reference is None:
        raise ValueError("no reference")
    truth_codes = encode(readers.reference)
    records: list[dict[str, object]] = []
    rows: list[list[str]] = []
    reader_codes = [encode(frame) for frame in readers.frames]
    for k, observation in enumerate(readers.observations):
        for name, codes in zip(readers.names, reader_codes, strict=True):
            keep = truth_codes[:, k] != LabelClass.UNCERTAIN
            truth = truth_codes[keep, k] == LabelClass.POSITIVE
            called = codes[keep, k] == LabelClass.POSITIVE
            sensitivity, specificity = _sensitivity_specificity(truth, called)
            kappa = _kappa(truth_codes[:, k], codes[:, k])
            positives, negatives = int(truth.sum()), int((~truth).sum())
            records.append(
                {
                    "observation": observation,
                    "reader": name,
                    "sensitivity": sensitivity,
                    "specificity": specificity,
                    "kappa": kappa,
                    "reference_positive": positives,
                    "reference_not_positive": negatives,
                    "reference_uncertain_left_out": int((~keep).sum()),
                }
            )
            rows.append(
                [
                    observation,
                    name,
                    number(sensitivity),
                    number(specificity),
                    number(kappa),
                    str(positives),
                    str(negatives),
                    str(int((~keep).sum())),
                ]
            )
    notes = [
        f"Reference: {readers.reference_name}. Positive means 1; 0 and blank are not "
        "positive; a reader's -1 counts as not positive; the reference's -1 reports are "
        "left out (last column).",
        *_notes(readers, rows),
    ]
    return Table(
        name="reference",
        title="Readers against the reference",
        records=records,
        columns=metric_columns(
            [
                *("Observation", "Reader", "Sensitivity", "Specificity", "Kappa"),
                *("Ref. 1", "Ref. not 1", "Ref. -1"),
            ],
            numeric={2, 3, 4, 5, 6, 7},
            short_headers=[
                *("Observation", "Reader", "Sens.", "Spec.", "Kappa"),
                *("Ref 1", "not 1", "-1"),
            ],
        ),
        rows=rows,
        notes=notes,
    )


def _sensitivity_specificity(truth: np.ndarray, called: np.ndarray) -> tuple[float, float]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        sensitivity = recall_score(truth, called, pos_label=True, zero_division=np.nan)
        specificity = recall_score(truth, called, pos_label=False, zero_division=np.nan)
    return float(sensitivity), float(specificity)


def _notes(readers: Readers, rows: list[list[str]]) -> list[str]:
    notes = []
    if any(UNDEFINED in cell for row in rows for cell in row):
        notes.append(
            f"{UNDEFINED} = undefined: kappa when both sides give one constant value, "
            "sensitivity (specificity) when the reference has no positive (negative) report."
        )
    if readers.coverage:
        notes.append(readers.coverage[0].upper() + readers.coverage[1:] + ".")
    if readers.not_shared:
        notes.append("Not in every file, so not compared: " + ", ".join(readers.not_shared) + ".")
    return notes


def agreement_tables(readers: Readers) -> list[Table]:
    tables = []
    if len(readers.frames) >= 2:
        tables += [summary_table(readers), pairwise_table(readers)]
    if readers.reference is not None:
        tables.append(reference_table(readers))
    return tables
