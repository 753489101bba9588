"""Uncertainty and blank policies: label values (1, 0, -1, NaN) -> training target and mask.

Torch-free on purpose, so the policies can be tested and documented without the extra.
"""

from __future__ import annotations

from enum import Enum

import numpy as np


class UncertaintyPolicy(str, Enum):
    """What an uncertain (-1) label becomes (Irvin et al. 2019, U-Ignore/U-Zeros/U-Ones)."""

    IGNORE = "ignore"  # masked: adds nothing to the loss
    ZEROS = "zeros"  # -1 -> 0
    ONES = "ones"  # -1 -> 1


class BlankPolicy(str, Enum):
    """What a blank (not mentioned) label becomes; the CheXpert paper treats it as negative."""

    ZEROS = "zeros"
    IGNORE = "ignore"


def targets_and_mask(
    values: np.ndarray,
    uncertain: UncertaintyPolicy = UncertaintyPolicy.IGNORE,
    blank: BlankPolicy = BlankPolicy.ZEROS,
) -> tuple[np.ndarray, np.ndarray]:
    """Return float32 ``targets`` in {0, 1} and float32 ``mask`` in {0, 1}, same shape.

    Masked entries get target 0 so that nothing NaN ever reaches the loss.
    """
    values = np.asarray(values, dtype=np.float64)
    valid = np.isnan(values) | np.isin(values, (1.0, 0.0, -1.0))
    if not valid.all():
        bad = sorted(set(values[~valid].tolist()))[:5]
        raise ValueError(f"label values must be 1, 0, -1 or blank; found {bad}")
    uncertain = UncertaintyPolicy(uncertain)
    blank = BlankPolicy(blank)

    targets = np.where(values == 1.0, 1.0, 0.0)
    mask = np.ones_like(values)
    is_uncertain = values == -1.0
    if uncertain is UncertaintyPolicy.IGNORE:
        mask[is_uncertain] = 0.0
    elif uncertain is UncertaintyPolicy.ONES:
        targets[is_uncertain] = 1.0
    if blank is BlankPolicy.IGNORE:
        mask[np.isnan(values)] = 0.0
    return targets.astype(np.float32), mask.astype(np.float32)


def evaluation_targets(values: np.ndarray, blank: BlankPolicy) -> np.ndarray:
    """Ground truth for metrics: 1/0, NaN where not scorable.

    Uncertain labels are never ground truth, whatever the training policy; blank counts as
    negative only when training does so too.
    """
    targets, mask = targets_and_mask(values, UncertaintyPolicy.IGNORE, blank)
    return np.where(mask > 0, targets, np.nan)
