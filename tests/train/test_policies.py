"""Policy -> target and mask, for every label value and every option."""

from __future__ import annotations

import math

import numpy as np
import pytest

from labelaudit.train.policies import (
    BlankPolicy,
    UncertaintyPolicy,
    evaluation_targets,
    targets_and_mask,
)

NAN = math.nan
# (value, uncertainty policy, blank policy) -> (target, mask)
EXPECTED = {
    (1.0, "ignore", "zeros"): (1, 1),
    (1.0, "ignore", "ignore"): (1, 1),
    (1.0, "zeros", "zeros"): (1, 1),
    (1.0, "zeros", "ignore"): (1, 1),
    (1.0, "ones", "zeros"): (1, 1),
    (1.0, "ones", "ignore"): (1, 1),
    (0.0, "ignore", "zeros"): (0, 1),
    (0.0, "ignore", "ignore"): (0, 1),
    (0.0, "zeros", "zeros"): (0, 1),
    (0.0, "zeros", "ignore"): (0, 1),
    (0.0, "ones", "zeros"): (0, 1),
    (0.0, "ones", "ignore"): (0, 1),
    (-1.0, "ignore", "zeros"): (0, 0),
    (-1.0, "ignore", "ignore"): (0, 0),
    (-1.0, "zeros", "zeros"): (0, 1),
    (-1.0, "zeros", "ignore"): (0, 1),
    (-1.0, "ones", "zeros"): (1, 1),
    (-1.0, "ones", "ignore"): (1, 1),
    (NAN, "ignore", "zeros"): (0, 1),
    (NAN, "ignore", "ignore"): (0, 0),
    (NAN, "zeros", "zeros"): (0, 1),
    (NAN, "zeros", "ignore"): (0, 0),
    (NAN, "ones", "zeros"): (0, 1),
    (NAN, "ones", "ignore"): (0, 0),
}


def test_every_combination_is_listed():
    values = (1.0, 0.0, -1.0)
    listed = {(v if not math.isnan(v) else "nan", u, b) for v, u, b in EXPECTED}
    wanted = {
        (v, u.value, b.value)
        for v in (*values, "nan")
        for u in UncertaintyPolicy
        for b in BlankPolicy
    }
    assert listed == wanted


@pytest.mark.parametrize(("key", "expected"), list(EXPECTED.items()), ids=str)
def test_policy_maps_value(key, expected):
    value, uncertain, blank = key
    targets, mask = targets_and_mask(np.array([[value]]), uncertain, blank)
    assert (targets[0, 0], mask[0, 0]) == expected
    assert targets.dtype == mask.dtype == np.float32


def test_policies_apply_per_entry_not_per_image():
    values = np.array([[1.0, -1.0, NAN, 0.0]])
    targets, mask = targets_and_mask(values, UncertaintyPolicy.IGNORE, BlankPolicy.ZEROS)
    assert targets.tolist() == [[1, 0, 0, 0]]
    assert mask.tolist() == [[1, 0, 1, 1]]


@pytest.mark.parametrize("bad", [2.0, 0.5, -2.0])
def test_unknown_label_value_is_rejected(bad):
    with pytest.raises(ValueError, match="1, 0, -1 or blank"):
        targets_and_mask(np.array([[bad]]))


def test_unknown_policy_name_is_rejected():
    with pytest.raises(ValueError):
        targets_and_mask(np.array([[1.0]]), "maybe")


def test_evaluation_never_scores_uncertain():
    values = np.array([[1.0, 0.0, -1.0, NAN]])
    zeros = evaluation_targets(values, BlankPolicy.ZEROS)
    ignore = evaluation_targets(values, BlankPolicy.IGNORE)
    np.testing.assert_array_equal(zeros, [[1, 0, NAN, 0]])
    np.testing.assert_array_equal(ignore, [[1, 0, NAN, NAN]])
