"""Patient-level splits and folds of an image table, and the per-split summary.

A patient's films are never on both sides of a split: a model would otherwise be
validated on the very patients it memorised. Splits and folds depend only on the set of
patient ids and the seed, not on row order.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from labelaudit.distribution import Distribution, LabelCounts, distribution_from_counts
from labelaudit.errors import InputError, OptionError
from labelaudit.observations import OBSERVATIONS
from labelaudit.tables import Column, Table

SPLITS = ("train", "valid", "test")


def patient_split(
    table: pd.DataFrame,
    *,
    valid_fraction: float = 0.1,
    test_fraction: float = 0.1,
    seed: int = 0,
) -> pd.DataFrame:
    """Fill the ``split`` column by patient; splits already given are kept.

    Patients without any given split are shuffled with ``seed`` and cut into valid, test
    and train by patient count. A patient with some films already split puts the rest of
    its films in that same split.
    """
    if not 0 <= valid_fraction < 1 or not 0 <= test_fraction < 1:
        raise InputError("split fractions must be between 0 and 1")
    if valid_fraction + test_fraction >= 1:
        raise InputError(
            f"valid ({valid_fraction}) and test ({test_fraction}) fractions leave no training data"
        )
    split = table["split"].astype(object).where(table["split"].notna(), None)
    if split.notna().all():
        return table
    patients = table["patient_id"].astype(str)

    given = split.dropna().groupby(patients[split.notna()]).agg(lambda s: s.mode().iloc[0])
    unassigned = np.array(sorted(set(patients[split.isna()]) - set(given.index)), dtype=object)
    order = np.random.default_rng(seed).permutation(len(unassigned))
    n_valid, n_test = _cut_sizes(len(unassigned), valid_fraction, test_fraction)
    assigned = {}
    for rank, index in enumerate(order):
        name = "valid" if rank < n_valid else "test" if rank < n_valid + n_test else "train"
        assigned[unassigned[index]] = name
    assigned.update(given.to_dict())

    out = table.copy()
    filled = [s if s is not None else assigned[p] for s, p in zip(split, patients, strict=True)]
    out["split"] = pd.Series(filled, index=out.index, dtype=object)
    return out


def _cut_sizes(n: int, valid_fraction: float, test_fraction: float) -> tuple[int, int]:
    """Patients for valid and test; at least one each when asked for and there is room."""
    n_valid = round(n * valid_fraction)
    n_test = round(n * test_fraction)
    if valid_fraction > 0 and n_valid == 0 and n >= 2:
        n_valid = 1
    if test_fraction > 0 and n_test == 0 and n - n_valid >= 2:
        n_test = 1
    return n_valid, n_test


def folds(table: pd.DataFrame, k: int, *, seed: int = 0) -> pd.Series:
    """Fold number (0..k-1) of every row, by patient: a patient's films share one fold.

    Patients are shuffled with ``seed`` and dealt round-robin, so fold sizes differ by at
    most one patient.
    """
    patients = table["patient_id"].astype(str)
    unique = np.array(sorted(set(patients)), dtype=object)
    if k < 2:
        raise OptionError(f"k needs at least 2 folds, got {k}", "k")
    if k > len(unique):
        raise OptionError(f"k={k} is more than the {len(unique)} patients in the data", "k")
    order = np.random.default_rng(seed).permutation(len(unique))
    fold_of = {unique[index]: rank % k for rank, index in enumerate(order)}
    return pd.Series([fold_of[p] for p in patients], index=table.index, name="fold", dtype="int64")


def split_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Images, studies and patients per split (rows), plus an 'all' row."""
    split = table["split"].astype(object).where(table["split"].notna(), "unassigned")
    rows = {}
    for name in (*SPLITS, "unassigned"):
        part = table[split == name]
        if name in SPLITS or len(part):
            rows[name] = _counts(part)
    rows["all"] = _counts(table)
    return pd.DataFrame.from_dict(rows, orient="index", columns=["images", "studies", "patients"])


def _counts(part: pd.DataFrame) -> list[int]:
    return [len(part), part["study_id"].nunique(), part["patient_id"].nunique()]


def training_distribution(table: pd.DataFrame) -> Distribution:
    """Label distribution of the training films, as ``labelaudit distribution`` shows it."""
    train = table.loc[table["split"] == "train", list(OBSERVATIONS)]
    return distribution_from_counts(LabelCounts.of(train))


def summary_table(summary: pd.DataFrame) -> Table:
    """:func:`split_summary` as a table: images, studies and patients per split."""
    return Table(
        title="Images, studies and patients per split",
        columns=[
            Column("Split"),
            *(Column(str(c).capitalize(), align="right") for c in summary.columns),
        ],
        rows=[[str(name), *(f"{int(v):,}" for v in row)] for name, row in summary.iterrows()],
        name="splits",
    )
