"""Uncertainty and blank policies: label values (1, 0, -1, NaN) -> training target and mask.

Torch-free on purpose, so the policies can be tested and documented without the extra.
The five uncertainty policies are the CheXpert paper's (Irvin et al. 2019); ``ones`` can
also smooth its uncertain targets (Pham et al. 2019, "U-Ones+LSR").
"""

from __future__ import annotations

from enum import Enum, IntEnum

import numpy as np

from labelaudit.errors import OptionError
from labelaudit.observations import LABEL_VALUES, POSITIVE, UNCERTAIN


class UncertaintyPolicy(str, Enum):
    """What an uncertain (-1) label becomes."""

    IGNORE = "ignore"  # U-Ignore: masked, adds nothing to the loss
    ZEROS = "zeros"  # U-Zeros: -1 -> 0
    ONES = "ones"  # U-Ones: -1 -> 1, or uniform in [LO, HI] with label smoothing
    MULTICLASS = "multiclass"  # U-MultiClass: a third class, 3-way softmax per observation
    SELF_TRAIN = "self-train"  # U-SelfTrained: ignore first, then the model's own predictions


class BlankPolicy(str, Enum):
    """What a blank (not mentioned) label becomes; the CheXpert paper treats it as negative."""

    ZEROS = "zeros"
    IGNORE = "ignore"


class MulticlassTarget(IntEnum):
    """U-MultiClass target: the index of the logit, of 3 per observation, for each label value."""

    NEGATIVE = 0  # negative, and blank under --blank zeros
    UNCERTAIN = 1
    POSITIVE = 2


MULTICLASS_LOGITS = len(MulticlassTarget)
# Pham et al. 2019 draw U-Ones targets uniformly from [0.55, 0.85].
DEFAULT_SMOOTHING = (0.55, 0.85)


def classes_per_observation(policy: UncertaintyPolicy) -> int:
    """Logits per observation the model needs: 3 for U-MultiClass, else 1 (a sigmoid)."""
    return MULTICLASS_LOGITS if UncertaintyPolicy(policy) is UncertaintyPolicy.MULTICLASS else 1


def parse_smoothing(text: str) -> tuple[float, float]:
    """``"0.55,0.85"`` -> (0.55, 0.85), checked: 0 <= LO <= HI <= 1; ``"default"`` too."""
    if text.strip().lower() == "default":
        return DEFAULT_SMOOTHING
    try:
        low, high = (float(part) for part in text.split(","))
    except ValueError:
        raise OptionError(
            f"label_smoothing takes LO,HI such as 0.55,0.85; got '{text}'", "label_smoothing"
        ) from None
    if not 0 <= low <= high <= 1:
        raise OptionError(
            f"label_smoothing needs 0 <= LO <= HI <= 1; got {low},{high}", "label_smoothing"
        )
    return low, high


def targets_and_mask(
    values: np.ndarray,
    uncertain: UncertaintyPolicy = UncertaintyPolicy.IGNORE,
    blank: BlankPolicy = BlankPolicy.ZEROS,
    *,
    smoothing: tuple[float, float] | None = None,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Return float32 ``targets`` and float32 ``mask`` in {0, 1}, same shape.

    Targets are probabilities in [0, 1], except under ``multiclass``, where they are the
    class index (0 negative, 1 uncertain, 2 positive). ``smoothing=(LO, HI)`` (``ones``
    only) draws each uncertain target uniformly from [LO, HI], reproducibly from ``seed``.
    ``self-train`` starts as ``ignore``; :func:`self_train_targets` gives later rounds.
    Masked entries get target 0 so that nothing NaN ever reaches the loss.
    """
    values = np.asarray(values, dtype=np.float64)
    valid = np.isnan(values) | np.isin(values, LABEL_VALUES)
    if not valid.all():
        bad = sorted(set(values[~valid].tolist()))[:5]
        raise ValueError(f"label values must be 1, 0, -1 or blank; found {bad}")
    uncertain = UncertaintyPolicy(uncertain)
    blank = BlankPolicy(blank)
    if smoothing is not None and uncertain is not UncertaintyPolicy.ONES:
        raise ValueError("smoothing applies to uncertain=ones only")

    is_uncertain = values == UNCERTAIN
    targets = np.where(values == POSITIVE, 1.0, 0.0)  # probabilities, not label values
    mask = np.ones_like(values)
    if uncertain in (UncertaintyPolicy.IGNORE, UncertaintyPolicy.SELF_TRAIN):
        mask[is_uncertain] = 0.0
    elif uncertain is UncertaintyPolicy.ONES:
        if smoothing is None:
            targets[is_uncertain] = 1.0
        else:
            draws = np.random.default_rng(seed).uniform(*smoothing, size=values.shape)
            targets[is_uncertain] = draws[is_uncertain]
    elif uncertain is UncertaintyPolicy.MULTICLASS:
        targets = np.where(
            values == POSITIVE, MulticlassTarget.POSITIVE, MulticlassTarget.NEGATIVE
        ).astype(np.float64)
        targets[is_uncertain] = MulticlassTarget.UNCERTAIN
    if blank is BlankPolicy.IGNORE:
        mask[np.isnan(values)] = 0.0
    return targets.astype(np.float32), mask.astype(np.float32)


def self_train_targets(
    values: np.ndarray,
    predictions: np.ndarray,
    blank: BlankPolicy = BlankPolicy.ZEROS,
    *,
    hard: bool = False,
) -> tuple[np.ndarray, np.ndarray]:
    """U-SelfTrained after a round: uncertain labels take the model's probability.

    ``predictions`` are the previous round's probabilities, same shape as ``values``. With
    ``hard`` they are rounded at 0.5. Certain (1/0) labels and blanks keep their
    ``ignore``-policy targets; an uncertain entry with no prediction (NaN) stays masked.
    """
    targets, mask = targets_and_mask(values, UncertaintyPolicy.IGNORE, blank)
    predictions = np.asarray(predictions, dtype=np.float64)
    if predictions.shape != targets.shape:
        raise ValueError(f"predictions {predictions.shape} do not match labels {targets.shape}")
    relabel = (np.asarray(values) == UNCERTAIN) & ~np.isnan(predictions)
    new = (predictions >= 0.5).astype(np.float64) if hard else predictions.clip(0.0, 1.0)
    targets[relabel] = new[relabel]
    mask[relabel] = 1.0
    return targets.astype(np.float32), mask.astype(np.float32)


def evaluation_targets(values: np.ndarray, blank: BlankPolicy) -> np.ndarray:
    """Ground truth for metrics: 1/0, NaN where not scorable.

    Uncertain labels are never ground truth, whatever the training policy; blank counts as
    negative only when training does so too.
    """
    targets, mask = targets_and_mask(values, UncertaintyPolicy.IGNORE, blank)
    return np.where(mask > 0, targets, np.nan)
