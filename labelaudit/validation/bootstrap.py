"""Percentile bootstrap confidence intervals, resampling reports with a fixed seed.

All resamples of a batch are scored at once: a (resamples x reports) matrix of draw
counts times a one-hot matrix of (report, observation, gold, predicted) cells gives every
resample's confusion matrices in one product, and the metrics follow from those.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from labelaudit.resampling import percentile_interval, resample_rows
from labelaudit.validation.metrics import Metrics, confusion_counts, metrics_from_confusion

# Cap on the draw-count matrix per batch (entries), so memory stays small for big gold sets.
_BATCH_CELLS = 2_000_000


@dataclass(frozen=True)
class Intervals:
    """Lower and upper bounds for every per-observation metric and every average."""

    low: Metrics
    high: Metrics
    average_low: Metrics
    average_high: Metrics
    n_resamples: int
    seed: int
    confidence: float


def draw_counts(rng: np.random.Generator, n_resamples: int, n_reports: int) -> np.ndarray:
    """How often each report is drawn in each resample (resamples x reports)."""
    draws = resample_rows(rng, n_resamples, n_reports)
    offsets = draws + np.arange(n_resamples)[:, None] * n_reports
    counts = np.bincount(offsets.ravel(), minlength=n_resamples * n_reports)
    return counts.reshape(n_resamples, n_reports).astype(np.float64)


def resample_metrics(
    gold: np.ndarray,
    pred: np.ndarray,
    observations: Sequence[str],
    *,
    n_resamples: int,
    seed: int,
) -> tuple[Metrics, Metrics]:
    """Every metric of every resample: arrays of shape (resamples, m) and (resamples,)."""
    rng = np.random.default_rng(seed)
    n_reports = gold.shape[0]
    batch = max(1, min(n_resamples, _BATCH_CELLS // max(n_reports, 1)))
    per_obs_parts: list[Metrics] = []
    average_parts: list[Metrics] = []
    for start in range(0, n_resamples, batch):
        weights = draw_counts(rng, min(batch, n_resamples - start), n_reports)
        per_obs, averages = metrics_from_confusion(
            confusion_counts(gold, pred, weights), observations
        )
        per_obs_parts.append(per_obs)
        average_parts.append(averages)
    return _concat(per_obs_parts), _concat(average_parts)


def bootstrap_intervals(
    gold: np.ndarray,
    pred: np.ndarray,
    observations: Sequence[str],
    *,
    n_resamples: int = 1000,
    seed: int = 0,
    confidence: float = 0.95,
) -> Intervals:
    """Percentile intervals; resamples where a metric is undefined are left out of it."""
    if n_resamples < 1:
        raise ValueError("n_resamples must be at least 1")
    per_obs, averages = resample_metrics(
        gold, pred, observations, n_resamples=n_resamples, seed=seed
    )
    low, high = _percentiles(per_obs, confidence)
    average_low, average_high = _percentiles(averages, confidence)
    return Intervals(low, high, average_low, average_high, n_resamples, seed, confidence)


def _concat(parts: list[Metrics]) -> Metrics:
    return {key: np.concatenate([np.atleast_1d(p[key]) for p in parts]) for key in parts[0]}


def _percentiles(samples: Metrics, confidence: float) -> tuple[Metrics, Metrics]:
    low: Metrics = {}
    high: Metrics = {}
    for key, values in samples.items():
        low[key], high[key] = percentile_interval(values, confidence)
    return low, high
