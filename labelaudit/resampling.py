"""The percentile bootstrap that every part's confidence intervals share.

Resamples draw report (or image) rows with replacement from one seeded generator; the
interval is the percentile range of a statistic over the resamples, leaving out those
where it is undefined (NaN).
"""

from __future__ import annotations

import warnings

import numpy as np


def resample_rows(rng: np.random.Generator, n_resamples: int, n_rows: int) -> np.ndarray:
    """Row indices of each resample, drawn with replacement: shape (resamples, rows)."""
    return rng.integers(0, n_rows, size=(n_resamples, n_rows))


def percentile_interval(
    samples: np.ndarray, confidence: float, axis: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """(low, high) percentile bounds over ``axis``; NaN samples are left out of them."""
    tail = (1.0 - confidence) / 2.0 * 100.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN slices give NaN
        low, high = np.nanpercentile(samples, [tail, 100.0 - tail], axis=axis)
    return low, high
