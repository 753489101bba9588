"""Units and combining, streamed in chunks; hypothesis properties of the counts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from labelaudit.errors import LabelFileError
from labelaudit.layouts import load
from labelaudit.layouts.convert import convert
from labelaudit.layouts.distribution import Negatives, unit_distribution
from labelaudit.layouts.load import LayoutOptions, count_units, read_units
from labelaudit.layouts.units import Combine, pack, unpack
from labelaudit.observations import OBSERVATIONS

SPELLING = {1.0: "1.0", 0.0: "0.0", -1.0: "-1.0"}


def _write_chexpert(path: Path, studies: list[tuple[int, list[list[float]]]]) -> Path:
    """studies: (patient, [labels of each image]); labels are 14 values, NaN for blank."""
    rows = []
    seen: dict[int, int] = {}
    for patient, images in studies:
        seen[patient] = seen.get(patient, 0) + 1
        for view, labels in enumerate(images, start=1):
            folder = f"CheXpert-v1.0/train/patient{patient:05d}/study{seen[patient]}"
            rows.append(
                [f"{folder}/view{view}_frontal.jpg", *(SPELLING.get(v, "") for v in labels)]
            )
    pd.DataFrame(rows, columns=["Path", *OBSERVATIONS]).to_csv(path, index=False)
    return path


values = st.sampled_from([1.0, 0.0, -1.0, float("nan")])
labels = st.lists(values, min_size=len(OBSERVATIONS), max_size=len(OBSERVATIONS))
# a study: one label row shared by 1-3 images (the dataset's own promise)
study = st.tuples(st.integers(1, 6), labels, st.integers(1, 3))


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(studies=st.lists(study, min_size=1, max_size=12))
def test_per_study_counts_never_exceed_per_image(tmp_path: Path, studies) -> None:
    path = _write_chexpert(tmp_path / "train.csv", [(p, [lab] * n) for p, lab, n in studies])
    per_study = count_units(path, LayoutOptions())
    per_image = count_units(path, LayoutOptions(per="image"))
    assert per_study.info.units == len(studies)
    assert per_image.info.units == sum(n for _, _, n in studies)
    assert (per_study.counts[:, :3] <= per_image.counts[:, :3]).all()
    assert per_study.counts.sum(axis=1).tolist() == [len(studies)] * len(OBSERVATIONS)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    studies=st.lists(study, min_size=1, max_size=10),
    per=st.sampled_from(["study", "image", "row"]),
    negatives=st.sampled_from(list(Negatives)),
)
def test_convert_then_distribution_equals_the_original(
    tmp_path: Path, studies, per, negatives
) -> None:
    path = _write_chexpert(tmp_path / "train.csv", [(p, [lab] * n) for p, lab, n in studies])
    converted = tmp_path / "converted.csv"
    convert(path, converted, LayoutOptions(per=per))
    original = unit_distribution(path, LayoutOptions(per=per), negatives)
    again = unit_distribution(converted, LayoutOptions(per=per), negatives)
    assert again.rows == original.rows
    assert again.reports == original.reports


@pytest.mark.parametrize(
    "example, per",
    [
        ("Data_Entry_example.csv", "image"),
        ("image_labels_train.csv", "row"),
        ("padchest_example.csv", "study"),
        ("nih_expert_labels.csv", "image"),
        ("mimic-cxr-2.0.0-negbio.csv", "study"),
    ],
)
def test_convert_round_trip_of_each_layout(
    tmp_path: Path, examples: Path, example: str, per: str
) -> None:
    converted = tmp_path / "converted.csv"
    convert(examples / example, converted, LayoutOptions())
    original = unit_distribution(examples / example, LayoutOptions(), Negatives.implicit)
    again = unit_distribution(converted, LayoutOptions(), Negatives.implicit)
    assert again.rows == original.rows
    assert f"{per}_id" == pd.read_csv(converted, nrows=0).columns[0]


def test_pack_round_trip() -> None:
    block = np.array([[1.0, 0.0, -1.0, np.nan] * 3 + [1.0, np.nan]])
    assert np.array_equal(unpack(pack(block)), block, equal_nan=True)


def _conflict_file(tmp_path: Path) -> Path:
    nan = float("nan")
    first = [nan] * 14
    second = [nan] * 14
    first[OBSERVATIONS.index("Edema")] = 0.0
    second[OBSERVATIONS.index("Edema")] = -1.0
    first[OBSERVATIONS.index("Pleural Effusion")] = 1.0
    second[OBSERVATIONS.index("No Finding")] = 1.0  # one view says nothing was found
    other = [nan] * 14
    return _write_chexpert(tmp_path / "t.csv", [(1, [first, second]), (2, [other])])


@pytest.mark.parametrize(
    "combine, edema, effusion, no_finding",
    [
        (Combine.max, -1.0, 1.0, None),
        (Combine.any, 0.0, 1.0, None),
        (Combine.first, 0.0, 1.0, None),
    ],
)
def test_combine_rules(tmp_path: Path, combine, edema, effusion, no_finding) -> None:
    table, info = read_units(_conflict_file(tmp_path), LayoutOptions(combine=combine))
    assert info is not None and info.combined == 1 and info.units == 2
    row = table.values.loc["patient00001/study1"]
    assert row["Edema"] == edema and row["Pleural Effusion"] == effusion
    assert np.isnan(row["No Finding"])  # never 1 when only one view said so


def test_conflicts_across_chunks_are_found(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(load, "CHUNK_ROWS", 1)  # every row its own chunk
    path = _conflict_file(tmp_path)
    with pytest.raises(
        LabelFileError,
        match=r"t.csv: row 3: study 'patient00001/study1' has different labels than at row 2",
    ):
        count_units(path, LayoutOptions())
    counts = count_units(path, LayoutOptions(combine=Combine.max))
    assert counts.info.units == 2 and counts.info.combined == 1


def test_unsorted_file_counts_each_study_once(tmp_path: Path) -> None:
    nan = float("nan")
    lab = [nan] * 13 + [1.0]
    path = _write_chexpert(tmp_path / "t.csv", [(1, [lab]), (2, [lab])])
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    extra = frame.iloc[[0]].assign(Path=frame.Path[0].replace("view1", "view2"))
    pd.concat([frame, extra]).to_csv(path, index=False)  # study 1's second view comes last
    counts = count_units(path, LayoutOptions())
    assert counts.info.units == 2 and counts.info.rows == 3
    assert counts.counts[OBSERVATIONS.index("Support Devices"), 0] == 2


def test_parquet_counts_like_csv(tmp_path: Path, examples: Path) -> None:
    frame = pd.read_csv(examples / "chexpert_train.csv", dtype=str, keep_default_na=False)
    frame.to_parquet(tmp_path / "train.parquet")
    from_csv = count_units(examples / "chexpert_train.csv", LayoutOptions())
    from_parquet = count_units(tmp_path / "train.parquet", LayoutOptions())
    assert from_parquet.info.units == from_csv.info.units == 18
    assert (from_parquet.counts == from_csv.counts).all()
