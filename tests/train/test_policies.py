"""Policy -> target and mask, for every label value and every option."""

from __future__ import annotations

import math

import numpy as np
import pytest

from labelaudit.errors import OptionError
from labelaudit.train.policies import (
    DEFAULT_SMOOTHING,
    BlankPolicy,
    MulticlassTarget,
    UncertaintyPolicy,
    classes_per_observation,
    evaluation_targets,
    parse_smoothing,
    self_train_targets,
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
    # U-MultiClass targets are class indices: 0 negative, 1 uncertain, 2 positive.
    (1.0, "multiclass", "zeros"): (MulticlassTarget.POSITIVE, 1),
    (1.0, "multiclass", "ignore"): (MulticlassTarget.POSITIVE, 1),
    (0.0, "multiclass", "zeros"): (MulticlassTarget.NEGATIVE, 1),
    (0.0, "multiclass", "ignore"): (MulticlassTarget.NEGATIVE, 1),
    (-1.0, "multiclass", "zeros"): (MulticlassTarget.UNCERTAIN, 1),
    (-1.0, "multiclass", "ignore"): (MulticlassTarget.UNCERTAIN, 1),
    (NAN, "multiclass", "zeros"): (MulticlassTarget.NEGATIVE, 1),
    (NAN, "multiclass", "ignore"): (MulticlassTarget.NEGATIVE, 0),
    # U-SelfTrained's first round is U-Ignore; later rounds: test_self_train_* below.
    (1.0, "self-train", "zeros"): (1, 1),
    (1.0, "self-train", "ignore"): (1, 1),
    (0.0, "self-train", "zeros"): (0, 1),
    (0.0, "self-train", "ignore"): (0, 1),
    (-1.0, "self-train", "zeros"): (0, 0),
    (-1.0, "self-train", "ignore"): (0, 0),
    (NAN, "self-train", "zeros"): (0, 1),
    (NAN, "self-train", "ignore"): (0, 0),
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


@pytest.mark.parametrize("blank", list(BlankPolicy))
def test_ones_with_smoothing_draws_uncertain_targets_in_range(blank):
    values = np.array([[1.0, 0.0, -1.0, NAN]] * 500)
    targets, mask = targets_and_mask(values, "ones", blank, smoothing=(0.55, 0.85), seed=3)
    uncertain = targets[:, 2]
    assert uncertain.min() >= 0.55 and uncertain.max() <= 0.85
    assert uncertain.std() > 0.05  # drawn, not one value
    assert (targets[:, 0] == 1).all() and (targets[:, 1] == 0).all() and (targets[:, 3] == 0).all()
    assert mask[:, :3].tolist() == [[1, 1, 1]] * 500
    assert (mask[:, 3] == (1 if blank is BlankPolicy.ZEROS else 0)).all()


def test_smoothing_is_reproducible_from_the_seed():
    values = np.full((20, 14), -1.0)
    first, _ = targets_and_mask(values, "ones", smoothing=DEFAULT_SMOOTHING, seed=1)
    again, _ = targets_and_mask(values, "ones", smoothing=DEFAULT_SMOOTHING, seed=1)
    other, _ = targets_and_mask(values, "ones", smoothing=DEFAULT_SMOOTHING, seed=2)
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)


def test_smoothing_with_another_policy_is_refused():
    with pytest.raises(ValueError, match="ones only"):
        targets_and_mask(np.array([[-1.0]]), "zeros", smoothing=(0.5, 0.9))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("0.55,0.85", (0.55, 0.85)), ("default", DEFAULT_SMOOTHING), ("0.7, 0.7", (0.7, 0.7))],
)
def test_parse_smoothing(text, expected):
    assert parse_smoothing(text) == expected


@pytest.mark.parametrize("text", ["0.9,0.5", "0.5", "a,b", "-0.1,0.5", "0.5,1.2"])
def test_parse_smoothing_rejects(text):
    with pytest.raises(OptionError, match=r"^label_smoothing (takes|needs) "):
        parse_smoothing(text)


@pytest.mark.parametrize("hard", [False, True])
@pytest.mark.parametrize("blank", list(BlankPolicy))
def test_self_train_relabels_only_uncertain(hard, blank):
    values = np.array([[1.0, 0.0, -1.0, -1.0, NAN, -1.0]])
    predictions = np.array([[0.1, 0.9, 0.7, 0.2, 0.8, NAN]])
    targets, mask = self_train_targets(values, predictions, blank, hard=hard)
    new = [1.0, 0.0] if hard else [0.7, 0.2]
    blank_mask = 1 if blank is BlankPolicy.ZEROS else 0
    np.testing.assert_allclose(targets, [[1, 0, *new, 0, 0]], atol=1e-6)
    # A certain label keeps its target; an uncertain one without a prediction stays masked.
    assert mask.tolist() == [[1, 1, 1, 1, blank_mask, 0]]


def test_self_train_needs_matching_shapes():
    with pytest.raises(ValueError, match="do not match"):
        self_train_targets(np.zeros((2, 3)), np.zeros((2, 2)))


def test_classes_per_observation():
    assert classes_per_observation(UncertaintyPolicy.MULTICLASS) == 3
    others = [p for p in UncertaintyPolicy if p is not UncertaintyPolicy.MULTICLASS]
    assert {classes_per_observation(p) for p in others} == {1}
