"""Metric arithmetic: scikit-learn cross-checks, conventions, and properties."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from sklearn.metrics import cohen_kappa_score, f1_score, precision_score, recall_score

from labelaudit.observations import OBSERVATIONS, LabelClass
from labelaudit.validation.bootstrap import bootstrap_intervals, draw_counts, resample_metrics
from labelaudit.validation.metrics import (
    confusion_counts,
    encode,
    metrics_from_confusion,
    point_metrics,
)


def random_labels(rng: np.random.Generator, n: int, m: int, noise: float):
    gold = rng.integers(0, 4, (n, m)).astype(np.int8)
    pred = gold.copy()
    flip = rng.random((n, m)) < noise
    pred[flip] = rng.integers(0, 4, int(flip.sum()))
    return gold, pred


def assert_same(a: dict, b: dict) -> None:
    assert a.keys() == b.keys()
    for key in a:
        np.testing.assert_allclose(a[key], b[key], rtol=1e-12, atol=1e-12, err_msg=key)


def test_encode_maps_values_to_classes():
    frame = pd.DataFrame({"A": [1.0, 0.0, -1.0, math.nan]})
    assert encode(frame)[:, 0].tolist() == [
        LabelClass.POSITIVE,
        LabelClass.NEGATIVE,
        LabelClass.UNCERTAIN,
        LabelClass.BLANK,
    ]


@pytest.mark.parametrize("seed", range(6))
def test_point_metrics_match_sklearn_directly(seed):
    rng = np.random.default_rng(seed)
    gold, pred = random_labels(rng, 60, 14, noise=0.4)
    per_obs, averages, confusion = point_metrics(gold, pred, OBSERVATIONS)
    for j in range(14):
        g, p = gold[:, j], pred[:, j]
        truth, guess = g != LabelClass.BLANK, p != LabelClass.BLANK
        assert per_obs["mention.precision"][j] == pytest.approx(precision_score(truth, guess))
        assert per_obs["mention.recall"][j] == pytest.approx(recall_score(truth, guess))
        assert per_obs["negative.f1"][j] == pytest.approx(
            f1_score(g == LabelClass.NEGATIVE, p == LabelClass.NEGATIVE)
        )
        assert per_obs["kappa"][j] == pytest.approx(cohen_kappa_score(g, p))
        assert confusion[j].sum() == 60
    # Micro F1 pools the binary decisions of the included observations.
    keep = [j for j, o in enumerate(OBSERVATIONS) if o not in ("No Finding", "Support Devices")]
    micro = f1_score(
        (gold[:, keep] == LabelClass.UNCERTAIN).ravel(),
        (pred[:, keep] == LabelClass.UNCERTAIN).ravel(),
    )
    assert averages["uncertain.f1.micro"] == pytest.approx(micro)


@pytest.mark.parametrize("seed", range(6))
def test_numpy_metrics_equal_sklearn_point_metrics(seed):
    rng = np.random.default_rng(100 + seed)
    n = int(rng.integers(3, 80))
    gold, pred = random_labels(rng, n, 14, noise=float(rng.random()))
    gold[:, 3] = LabelClass.BLANK  # an observation blank everywhere
    pred[:, 5] = gold[:, 5]  # a perfect one
    per_obs, averages, confusion = point_metrics(gold, pred, OBSERVATIONS)
    np.testing.assert_array_equal(confusion_counts(gold, pred), confusion)
    numpy_per_obs, numpy_averages = metrics_from_confusion(confusion, OBSERVATIONS)
    assert_same(per_obs, numpy_per_obs)
    assert_same(averages, numpy_averages)


def test_weighted_f1_by_hand():
    # gold: 2 positive, 1 negative, 1 uncertain; prediction gets one positive wrong (blank).
    gold = np.array(
        [
            [LabelClass.POSITIVE],
            [LabelClass.POSITIVE],
            [LabelClass.NEGATIVE],
            [LabelClass.UNCERTAIN],
        ],
        dtype=np.int8,
    )
    pred = np.array(
        [[LabelClass.POSITIVE], [LabelClass.BLANK], [LabelClass.NEGATIVE], [LabelClass.UNCERTAIN]],
        dtype=np.int8,
    )
    per_obs, _, _ = point_metrics(gold, pred, ["Edema"])
    positive_f1 = 2 * 1 / (2 * 1 + 0 + 1)  # tp 1, fp 0, fn 1
    expected = (positive_f1 * 2 + 1.0 * 1 + 1.0 * 1) / 4
    assert per_obs["weighted.f1"][0] == pytest.approx(expected)


def test_macro_averages_leave_out_no_finding_and_support_devices():
    observations = ["No Finding", "Edema", "Support Devices"]
    gold = np.array(
        [
            [LabelClass.NEGATIVE, LabelClass.NEGATIVE, LabelClass.UNCERTAIN],
            [LabelClass.POSITIVE, LabelClass.UNCERTAIN, LabelClass.NEGATIVE],
        ],
        dtype=np.int8,
    )
    pred = np.array(
        [
            [LabelClass.BLANK, LabelClass.NEGATIVE, LabelClass.BLANK],
            [LabelClass.POSITIVE, LabelClass.UNCERTAIN, LabelClass.BLANK],
        ],
        dtype=np.int8,
    )
    per_obs, averages, _ = point_metrics(gold, pred, observations)
    # No Finding's negative F1 is 0 and Support Devices' uncertain F1 is 0: both left out.
    assert per_obs["negative.f1"][0] == 0.0
    assert per_obs["uncertain.f1"][2] == 0.0
    assert averages["negative.f1.macro"] == pytest.approx(np.mean(per_obs["negative.f1"][1:]))
    assert averages["uncertain.f1.macro"] == pytest.approx(1.0)
    assert averages["mention.f1.macro"] == pytest.approx(np.mean(per_obs["mention.f1"]))


def test_zero_division_is_nan_not_zero():
    gold = np.full((5, 1), LabelClass.BLANK, dtype=np.int8)
    per_obs, averages, _ = point_metrics(gold, gold.copy(), ["Pleural Other"])
    for task in ("mention", "positive", "negative", "uncertain"):
        assert math.isnan(per_obs[f"{task}.f1"][0])
        assert per_obs[f"{task}.support"][0] == 0
    assert per_obs["blank.f1"][0] == 1.0
    assert math.isnan(per_obs["kappa"][0])  # both constant: chance agreement is 1
    assert math.isnan(per_obs["weighted.f1"][0])
    assert math.isnan(averages["mention.f1.macro"])


codes = st.integers(min_value=0, max_value=3)


@st.composite
def gold_sets(draw, min_reports: int = 2):
    n = draw(st.integers(min_value=min_reports, max_value=30))
    m = draw(st.integers(min_value=1, max_value=4))
    values = draw(st.lists(codes, min_size=n * m, max_size=n * m))
    return np.array(values, dtype=np.int8).reshape(n, m)


@given(gold=gold_sets())
def test_perfect_predictions_score_one(gold):
    observations = OBSERVATIONS[: gold.shape[1]]
    per_obs, _, _ = point_metrics(gold, gold.copy(), observations)
    for key, values in per_obs.items():
        if key.endswith((".f1", ".precision", ".recall")) or key == "kappa":
            defined = values[~np.isnan(values)]
            assert np.all(defined == 1.0), key
    for j in range(gold.shape[1]):
        if len(np.unique(gold[:, j])) > 1:  # kappa is defined once two values occur
            assert per_obs["kappa"][j] == 1.0


@given(gold=gold_sets(min_reports=3), seed=st.integers(0, 2**16))
def test_scrambled_predictions_score_lower(gold, seed):
    scrambled = gold[np.random.default_rng(seed).permutation(len(gold))]
    assume(not np.array_equal(scrambled, gold))
    observations = OBSERVATIONS[: gold.shape[1]]
    _, perfect, _ = point_metrics(gold, gold.copy(), observations)
    per_obs, averages, _ = point_metrics(gold, scrambled, observations)
    changed = [j for j in range(gold.shape[1]) if not np.array_equal(gold[:, j], scrambled[:, j])]
    for j in changed:
        assert per_obs["kappa"][j] < 1.0
        f1s = [per_obs[f"{c}.f1"][j] for c in ("positive", "negative", "uncertain", "blank")]
        assert min(f for f in f1s if not np.isnan(f)) < 1.0
    assert averages["kappa.macro"] < perfect["kappa.macro"] or np.isnan(perfect["kappa.macro"])


@given(gold=gold_sets(min_reports=5), noise=st.floats(0.0, 1.0), seed=st.integers(0, 2**16))
def test_bootstrap_interval_contains_point_estimate(gold, noise, seed):
    rng = np.random.default_rng(seed)
    pred = gold.copy()
    flip = rng.random(gold.shape) < noise
    pred[flip] = rng.integers(0, 4, int(flip.sum()))
    observations = OBSERVATIONS[: gold.shape[1]]
    per_obs, averages, _ = point_metrics(gold, pred, observations)
    intervals = bootstrap_intervals(gold, pred, observations, n_resamples=200, seed=seed)
    for key in ("mention.f1", "positive.f1", "negative.f1", "blank.f1", "weighted.f1", "kappa"):
        for j, point in enumerate(per_obs[key]):
            low, high = intervals.low[key][j], intervals.high[key][j]
            if not (np.isnan(point) or np.isnan(low)):
                assert low - 1e-9 <= point <= high + 1e-9, key
    for key, point in averages.items():
        low, high = intervals.average_low[key], intervals.average_high[key]
        if not (np.isnan(point) or np.isnan(low)):
            assert low - 1e-9 <= point <= high + 1e-9, key


def test_vectorised_bootstrap_equals_a_plain_loop():
    rng = np.random.default_rng(7)
    gold, pred = random_labels(rng, 40, 14, noise=0.3)
    per_obs, averages = resample_metrics(gold, pred, OBSERVATIONS, n_resamples=5, seed=3)
    weights = draw_counts(np.random.default_rng(3), 5, 40)
    for b in range(5):
        rows = np.repeat(np.arange(40), weights[b].astype(int))  # the reports drawn
        expected, expected_averages, _ = point_metrics(gold[rows], pred[rows], OBSERVATIONS)
        assert_same(expected, {k: v[b] for k, v in per_obs.items()})
        assert_same(expected_averages, {k: v[b] for k, v in averages.items()})


def test_bootstrap_is_reproducible_with_a_seed():
    gold, pred = random_labels(np.random.default_rng(1), 30, 14, noise=0.3)
    first = bootstrap_intervals(gold, pred, OBSERVATIONS, n_resamples=50, seed=5)
    again = bootstrap_intervals(gold, pred, OBSERVATIONS, n_resamples=50, seed=5)
    other = bootstrap_intervals(gold, pred, OBSERVATIONS, n_resamples=50, seed=6)
    assert_same(first.low, again.low)
    assert not np.allclose(first.low["mention.f1"], other.low["mention.f1"])


def test_bootstrap_batches_give_the_same_resamples(monkeypatch):
    import labelaudit.validation.bootstrap as bootstrap

    gold, pred = random_labels(np.random.default_rng(2), 25, 14, noise=0.3)
    whole = resample_metrics(gold, pred, OBSERVATIONS, n_resamples=12, seed=9)[0]
    monkeypatch.setattr(bootstrap, "_BATCH_CELLS", 25 * 5)  # batches of 5 resamples
    batched = resample_metrics(gold, pred, OBSERVATIONS, n_resamples=12, seed=9)[0]
    assert batched["kappa"].shape == (12, 14)
    assert_same(whole, batched)
