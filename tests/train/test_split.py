"""Patient-level splits and folds: no patient on both sides, deterministic, summarised."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from labelaudit.errors import InputError
from labelaudit.observations import OBSERVATIONS
from labelaudit.train.split import (
    folds,
    patient_split,
    split_summary,
    summary_table,
    training_distribution,
)


def make_table(images_per_patient: list[int], splits: list[str | None] | None = None):
    rows = []
    for patient, count in enumerate(images_per_patient):
        for image in range(count):
            rows.append(
                {
                    "path": f"/data/p{patient}_{image}.png",
                    "patient_id": f"p{patient}",
                    "study_id": f"p{patient}_s{image // 2}",
                }
            )
    table = pd.DataFrame(rows)
    table["split"] = pd.Series(splits or [None] * len(table), dtype=object)
    rng = np.random.default_rng(len(table))
    for observation in OBSERVATIONS:
        table[observation] = rng.choice([1.0, 0.0, -1.0, np.nan], len(table))
    return table


def _splits_per_patient(table: pd.DataFrame) -> pd.Series:
    return table.groupby("patient_id")["split"].nunique()


patients = st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=60)


@given(patients, st.integers(0, 2**16), st.sampled_from([0.0, 0.1, 0.2, 0.3]))
def test_no_patient_in_two_splits(images_per_patient, seed, valid_fraction):
    table = make_table(images_per_patient)
    split = patient_split(table, valid_fraction=valid_fraction, test_fraction=0.1, seed=seed)
    assert split["split"].notna().all()
    assert set(split["split"]) <= {"train", "valid", "test"}
    assert (_splits_per_patient(split) == 1).all()
    assert (split["split"] == "train").any()
    n = len(images_per_patient)
    if valid_fraction > 0 and n >= 2:
        assert (split["split"] == "valid").any()
    # Only the split column changes.
    assert split.drop(columns="split").equals(table.drop(columns="split"))


@given(patients, st.integers(0, 2**16))
def test_split_does_not_depend_on_row_order(images_per_patient, seed):
    table = make_table(images_per_patient)
    shuffled = table.sample(frac=1.0, random_state=seed)
    a = patient_split(table, seed=seed).set_index("path")["split"]
    b = patient_split(shuffled, seed=seed).set_index("path")["split"]
    assert a.sort_index().equals(b.sort_index())


def test_split_fractions_and_seed():
    table = make_table([2] * 200)
    split = patient_split(table, valid_fraction=0.1, test_fraction=0.1, seed=3)
    per_patient = split.drop_duplicates("patient_id")["split"].value_counts()
    assert per_patient.to_dict() == {"train": 160, "valid": 20, "test": 20}
    again = patient_split(table, valid_fraction=0.1, test_fraction=0.1, seed=3)
    assert again["split"].equals(split["split"])
    other = patient_split(table, valid_fraction=0.1, test_fraction=0.1, seed=4)
    assert not other["split"].equals(split["split"])
    no_test = patient_split(table, valid_fraction=0.25, test_fraction=0.0)
    assert no_test.drop_duplicates("patient_id")["split"].value_counts()["valid"] == 50
    assert "test" not in set(no_test["split"])


def test_given_splits_are_kept_and_extend_to_the_patients_other_films():
    table = make_table([2, 2, 1, 1, 1, 1], splits=["valid", None, "train", "train", *[None] * 4])
    split = patient_split(table, seed=0)
    assert list(split["split"][:4]) == ["valid", "valid", "train", "train"]
    assert (_splits_per_patient(split) == 1).all()
    complete = patient_split(split, seed=1)
    assert complete is split  # nothing to fill: returned as is


def test_bad_fractions():
    table = make_table([1, 1])
    with pytest.raises(InputError, match="leave no training data"):
        patient_split(table, valid_fraction=0.5, test_fraction=0.5)
    with pytest.raises(InputError, match="between 0 and 1"):
        patient_split(table, valid_fraction=-0.1)


@given(patients, st.integers(2, 6), st.integers(0, 2**16))
def test_folds_keep_each_patient_in_one_fold(images_per_patient, k, seed):
    table = make_table(images_per_patient)
    if k > len(images_per_patient):
        with pytest.raises(InputError, match="more than the"):
            folds(table, k, seed=seed)
        return
    fold = folds(table, k, seed=seed)
    assert fold.index.equals(table.index)
    assert set(fold) == set(range(k))
    assert (fold.groupby(table["patient_id"]).nunique() == 1).all()
    patients_per_fold = table.assign(fold=fold).groupby("fold")["patient_id"].nunique()
    assert patients_per_fold.max() - patients_per_fold.min() <= 1
    assert fold.equals(folds(table, k, seed=seed))


def test_folds_need_two():
    with pytest.raises(InputError, match="at least 2 folds"):
        folds(make_table([1, 1, 1]), 1)


def test_split_summary_counts_images_studies_patients():
    table = make_table([4, 1, 2], splits=["train"] * 4 + ["valid"] + [None, None])
    summary = split_summary(table)
    assert summary.loc["train"].tolist() == [4, 2, 1]
    assert summary.loc["valid"].tolist() == [1, 1, 1]
    assert summary.loc["test"].tolist() == [0, 0, 0]
    assert summary.loc["unassigned"].tolist() == [2, 1, 1]
    assert summary.loc["all"].tolist() == [7, 4, 3]
    assert "unassigned" not in split_summary(patient_split(table)).index


def test_training_distribution_counts_training_films_only():
    table = make_table([3, 3], splits=["train"] * 3 + ["valid"] * 3)
    distribution = training_distribution(table)
    assert distribution.reports == 3
    train = table[table["split"] == "train"]
    row = next(r for r in distribution.rows if r.observation == "Edema")
    assert row.positive == int((train["Edema"] == 1.0).sum())
    assert row.uncertain == int((train["Edema"] == -1.0).sum())


def test_summary_table_renders():
    from rich.console import Console

    from labelaudit.tables import to_rich

    console = Console(width=100, record=True)
    console.print(to_rich(summary_table(split_summary(patient_split(make_table([2] * 30))))))
    text = console.export_text()
    assert "Patients" in text and "train" in text and "60" in text
