"""Score aligned gold and predicted labels: point estimates, intervals, confusion matrices."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from labelaudit.validation.bootstrap import Intervals, bootstrap_intervals
from labelaudit.validation.join import Aligned
from labelaudit.validation.metrics import Metrics, encode, point_metrics


@dataclass(frozen=True)
class Evaluation:
    observations: list[str]  # scored, canonical order
    not_annotated: list[str]
    n_reports: int
    per_observation: Metrics  # key -> array over observations
    averages: Metrics  # key -> 0-d array
    confusion: np.ndarray  # (observations, 4, 4) gold x predicted
    intervals: Intervals | None  # None when the bootstrap was switched off


def evaluate(aligned: Aligned, *, n_resamples: int = 1000, seed: int = 0) -> Evaluation:
    gold = encode(aligned.gold)
    pred = encode(aligned.pred)
    observations = aligned.observations
    per_obs, averages, confusion = point_metrics(gold, pred, observations)
    intervals = (
        bootstrap_intervals(gold, pred, observations, n_resamples=n_resamples, seed=seed)
        if n_resamples > 0
        else None
    )
    return Evaluation(
        observations=observations,
        not_annotated=aligned.not_annotated,
        n_reports=len(aligned.gold),
        per_observation=per_obs,
        averages=averages,
        confusion=confusion,
        intervals=intervals,
    )
