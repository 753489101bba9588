"""Regression against the CheXpert labeler's own output on its four sample reports."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from labelaudit.observations import OBSERVATIONS

SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "data" / "chexpert_sample"


def _reference() -> pd.DataFrame:
    path = SAMPLE / "labeled_reports.csv"
    if not path.exists():
        pytest.skip("shared/data/chexpert_sample is not beside this checkout")
    return pd.read_csv(path)


def test_same_labels_as_the_reference_labeler(labeler) -> None:
    reference = _reference()
    assert list(reference.columns) == ["Reports", *OBSERVATIONS]
    for _, row in reference.iterrows():
        got = labeler.label(row["Reports"]).values
        for observation in OBSERVATIONS:
            want = row[observation]
            if isinstance(want, float) and math.isnan(want):
                assert math.isnan(got[observation]), (row["Reports"], observation)
            else:
                assert got[observation] == want, (row["Reports"], observation)


def test_where_labelaudit_deliberately_differs(labeler) -> None:
    """The reference gives No Finding 1 to any text without mentions, even an empty one.

    labelaudit never calls an empty or de-identification-only report normal, and marks it
    unlabeled instead (research/labelers.md, section 8.9).
    """
    for text in ("", "   ", "___", "___ ___."):
        result = labeler.label(text)
        assert result.status == "empty"
        assert all(math.isnan(v) for v in result.values.values())
    # The reference splits "1.5 cm" into "1. 5 cm"; here the decimal stays whole and the
    # nodule is one positive mention in one sentence.
    result = labeler.label("1.5 cm nodule in the right upper lobe.")
    assert result.values["Lung Lesion"] == 1.0
    assert {m.sentence_index for m in result.mentions} == {0}
