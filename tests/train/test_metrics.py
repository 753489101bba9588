from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.metrics import average_precision_score, roc_auc_score

from labelaudit.observations import OBSERVATIONS
from labelaudit.train.metrics import roc_png, score_observations


@pytest.fixture
def scored():
    rng = np.random.default_rng(1)
    truth = np.full((60, len(OBSERVATIONS)), np.nan)
    probabilities = rng.random((60, len(OBSERVATIONS)))
    for name in ("Cardiomegaly", "Edema", "Fracture"):
        k = OBSERVATIONS.index(name)
        truth[:, k] = rng.integers(0, 2, 60)
        probabilities[:, k] = np.clip(truth[:, k] * 0.4 + rng.random(60) * 0.6, 0, 1)
    truth[:, OBSERVATIONS.index("Pneumonia")] = 0.0  # one class only
    truth[:30, OBSERVATIONS.index("Fracture")] = np.nan  # scored on known rows only
    return truth, probabilities


def test_scores_match_sklearn_on_known_rows(scored):
    truth, probabilities = scored
    result = score_observations(truth, probabilities, OBSERVATIONS)
    k = OBSERVATIONS.index("Fracture")
    fracture = result.by_observation["Fracture"]
    assert fracture.auroc == pytest.approx(roc_auc_score(truth[30:, k], probabilities[30:, k]))
    assert fracture.auprc == pytest.approx(
        average_precision_score(truth[30:, k], probabilities[30:, k])
    )
    assert fracture.positives + fracture.negatives == 30


def test_single_class_observations_are_skipped_with_a_note(scored):
    truth, probabilities = scored
    result = score_observations(truth, probabilities, OBSERVATIONS)
    assert set(result.by_observation) == {"Cardiomegaly", "Edema", "Fracture"}
    assert "single class" in result.skipped["Pneumonia"]
    assert "0 positive, 60 negative" in result.skipped["Pneumonia"]
    assert "0 positive, 0 negative" in result.skipped["Atelectasis"]


def test_means_over_competition_tasks_and_all_scored(scored):
    truth, probabilities = scored
    result = score_observations(truth, probabilities, OBSERVATIONS)
    s = result.by_observation
    assert result.competition_auroc == pytest.approx(
        (s["Cardiomegaly"].auroc + s["Edema"].auroc) / 2
    )
    assert result.mean_auroc == pytest.approx(np.mean([v.auroc for v in s.values()]))
    data = result.to_dict()
    assert data["competition_tasks"] == ["Cardiomegaly", "Edema"]
    assert set(data["skipped"]) >= {"Pneumonia"}


def test_bootstrap_interval_brackets_the_estimate(scored):
    truth, probabilities = scored
    result = score_observations(truth, probabilities, OBSERVATIONS, n_resamples=100, seed=3)
    for score in result.scores:
        low, high = score.auroc_ci
        assert low <= score.auroc <= high and high - low > 0
        low, high = score.auprc_ci
        assert low < high


def test_nothing_scorable_gives_nan_means():
    truth = np.zeros((5, len(OBSERVATIONS)))
    result = score_observations(truth, np.random.default_rng(0).random(truth.shape), OBSERVATIONS)
    assert math.isnan(result.mean_auroc) and math.isnan(result.selection_auroc)
    assert result.to_dict()["mean_auroc"] is None


def test_roc_png_is_a_png(scored):
    truth, probabilities = scored
    data = roc_png(truth, probabilities, OBSERVATIONS, "ROC")
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000


def test_roc_palette_has_a_distinct_colour_for_every_observation_and_no_grey():
    from labelaudit.train.metrics import roc_palette

    palette = roc_palette()
    assert len(set(palette)) == len(palette) >= len(OBSERVATIONS)
    assert all(len(set(colour)) > 1 for colour in palette)  # r == g == b is a grey
