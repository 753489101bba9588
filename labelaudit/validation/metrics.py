"""Label-quality metrics per observation, in the conventions the field publishes.

Every value is one of four classes: positive (1), negative (0), uncertain (-1), blank.
Binary tasks score one set of classes against the rest:

- mention: any of 1, 0, -1 against blank (MIMIC-CXR-JPG Table 4, the mimic-cxr notebook);
- positive, negative, uncertain, blank: that class against all others (CheXbert);

plus the CheXbert weighted F1 (positive, negative and uncertain F1 weighted by their gold
counts) and Cohen's kappa over the four classes. Undefined values (zero division) are NaN.

Point estimates use scikit-learn. The bootstrap needs the same numbers for thousands of
resamples at once, so :func:`metrics_from_confusion` derives them from confusion matrices
with numpy; tests check that both agree.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import cohen_kappa_score, confusion_matrix, precision_recall_fscore_support

from labelaudit.observations import (
    CLASS_VALUES,
    NO_FINDING,
    SUPPORT_DEVICES,
    LabelClass,
)

# Class names and column labels, in class-code order.
CLASSES: tuple[str, ...] = tuple(c.name.lower() for c in LabelClass)
CLASS_SHORT: tuple[str, ...] = ("1", "0", "-1", "blank")

# Which classes count as "present" in each binary task.
TASKS: dict[str, tuple[LabelClass, ...]] = {
    "mention": (LabelClass.POSITIVE, LabelClass.NEGATIVE, LabelClass.UNCERTAIN),
    "positive": (LabelClass.POSITIVE,),
    "negative": (LabelClass.NEGATIVE,),
    "uncertain": (LabelClass.UNCERTAIN,),
    "blank": (LabelClass.BLANK,),
}
# CheXbert's macro averages leave out observations that (almost) never have the class.
MACRO_EXCLUDES: dict[str, frozenset[str]] = {
    "negative": frozenset({NO_FINDING}),
    "uncertain": frozenset({NO_FINDING, SUPPORT_DEVICES}),
}
WEIGHTED_CLASSES: tuple[LabelClass, ...] = (
    LabelClass.POSITIVE,
    LabelClass.NEGATIVE,
    LabelClass.UNCERTAIN,
)

Metrics = dict[str, np.ndarray]


def encode(values: pd.DataFrame) -> np.ndarray:
    """Label values (1.0 / 0.0 / -1.0 / NaN) as class codes, shape (reports, observations)."""
    array = values.to_numpy(dtype=float)
    codes = np.full(array.shape, LabelClass.BLANK, dtype=np.int8)
    for label_class, value in CLASS_VALUES.items():
        codes[array == value] = label_class  # NaN == NaN is False: blanks stay BLANK
    return codes


def included(task: str, observations: Sequence[str]) -> np.ndarray:
    """Mask of the observations that enter the averages of ``task``."""
    excluded = MACRO_EXCLUDES.get(task, frozenset())
    return np.array([o not in excluded for o in observations], dtype=bool)


def _quiet_nanmean(values: np.ndarray, axis: int = -1) -> np.ndarray:
    """Mean over defined values; NaN (not a warning) when none is defined."""
    defined = ~np.isnan(values)
    count = defined.sum(axis=axis)
    total = np.where(defined, values, 0.0).sum(axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, total / np.maximum(count, 1), np.nan)


def _divide(numerator: np.ndarray, denominator: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        safe = np.where(denominator > 0, denominator, 1)
        return np.where(denominator > 0, numerator / safe, np.nan)


def _prf(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> tuple[np.ndarray, ...]:
    """Precision, recall and F1 from counts; NaN where the denominator is zero (as sklearn)."""
    return _divide(tp, tp + fp), _divide(tp, tp + fn), _divide(2 * tp, 2 * tp + fp + fn)


# ---------------------------------------------------------------- point estimates (sklearn)


def point_metrics(
    gold: np.ndarray, pred: np.ndarray, observations: Sequence[str]
) -> tuple[Metrics, Metrics, np.ndarray]:
    """Per-observation metrics, their averages, and confusion matrices (m, 4, 4).

    Keys: ``{task}.precision/recall/f1/support/predicted``, ``weighted.f1``, ``kappa``;
    averages add ``.micro`` / ``.macro`` to the F1, precision and recall keys.
    """
    m = len(observations)
    per_obs: Metrics = {}
    labels = [int(c) for c in LabelClass]
    confusion = np.stack(
        [confusion_matrix(gold[:, j], pred[:, j], labels=labels) for j in range(m)]
    ).reshape(m, len(LabelClass), len(LabelClass))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        warnings.simplefilter("ignore", UserWarning)
        for task, members in TASKS.items():
            truth = np.isin(gold, members)
            guess = np.isin(pred, members)
            scores = np.array(
                [
                    precision_recall_fscore_support(
                        truth[:, j], guess[:, j], average="binary", zero_division=np.nan
                    )[:3]
                    for j in range(m)
                ],
                dtype=float,
            ).reshape(m, 3)
            per_obs[f"{task}.precision"] = scores[:, 0]
            per_obs[f"{task}.recall"] = scores[:, 1]
            per_obs[f"{task}.f1"] = scores[:, 2]
            per_obs[f"{task}.support"] = truth.sum(axis=0).astype(float)
            per_obs[f"{task}.predicted"] = guess.sum(axis=0).astype(float)
        per_obs["kappa"] = np.array(
            [cohen_kappa_score(gold[:, j], pred[:, j], labels=labels) for j in range(m)],
            dtype=float,
        )
    per_obs["weighted.f1"] = _weighted_f1(per_obs)

    averages: Metrics = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UndefinedMetricWarning)
        for task, members in TASKS.items():
            keep = included(task, observations)
            truth = np.isin(gold[:, keep], members).ravel()
            guess = np.isin(pred[:, keep], members).ravel()
            micro = (
                precision_recall_fscore_support(
                    truth, guess, average="binary", zero_division=np.nan
                )[:3]
                if truth.size
                else (np.nan, np.nan, np.nan)  # every scored observation is left out
            )
            for name, value in zip(("precision", "recall", "f1"), micro, strict=True):
                averages[f"{task}.{name}.micro"] = np.asarray(float(value))
                averages[f"{task}.{name}.macro"] = _quiet_nanmean(per_obs[f"{task}.{name}"][keep])
    averages["weighted.f1.macro"] = _quiet_nanmean(per_obs["weighted.f1"])
    averages["kappa.macro"] = _quiet_nanmean(per_obs["kappa"])
    return per_obs, averages, confusion


def _weighted_f1(per_obs: Metrics) -> np.ndarray:
    """CheXbert's weighted F1: class F1s weighted by gold support; classes absent weigh 0."""
    numerator: np.ndarray | float = 0.0
    denominator: np.ndarray | float = 0.0
    for code in WEIGHTED_CLASSES:
        task = CLASSES[code]
        support = per_obs[f"{task}.support"]
        numerator = numerator + np.where(support > 0, per_obs[f"{task}.f1"], 0.0) * support
        denominator = denominator + support
    return _divide(np.asarray(numerator), np.asarray(denominator))


# ------------------------------------------------------- the same from confusion matrices


def confusion_counts(
    gold: np.ndarray, pred: np.ndarray, weights: np.ndarray | None = None
) -> np.ndarray:
    """Confusion matrices (..., m, 4, 4) of gold x predicted class per observation.

    ``weights`` (resamples x reports) counts how often each report is drawn, so one matrix
    product gives the confusion matrices of every resample.
    """
    n, m = gold.shape
    k = len(LabelClass)
    cell = (gold.astype(np.int64) * k + pred).reshape(n, m)  # cell index per report, obs
    onehot = np.zeros((n, m * k * k), dtype=np.float64)
    onehot[np.arange(n)[:, None], np.arange(m)[None, :] * k * k + cell] = 1.0
    if weights is None:
        return onehot.sum(axis=0).reshape(m, k, k)
    return (weights @ onehot).reshape(*weights.shape[:-1], m, k, k)


def metrics_from_confusion(
    confusion: np.ndarray, observations: Sequence[str]
) -> tuple[Metrics, Metrics]:
    """The metrics of :func:`point_metrics`, vectorised over leading (resample) axes."""
    per_obs: Metrics = {}
    counts: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    for task, members in TASKS.items():
        inside = np.zeros(len(LabelClass), dtype=bool)
        inside[list(members)] = True
        tp = confusion[..., inside, :][..., :, inside].sum(axis=(-2, -1))
        fp = confusion[..., ~inside, :][..., :, inside].sum(axis=(-2, -1))
        fn = confusion[..., inside, :][..., :, ~inside].sum(axis=(-2, -1))
        counts[task] = (tp, fp, fn)
        precision, recall, f1 = _prf(tp, fp, fn)
        per_obs[f"{task}.precision"] = precision
        per_obs[f"{task}.recall"] = recall
        per_obs[f"{task}.f1"] = f1
        per_obs[f"{task}.support"] = tp + fn
        per_obs[f"{task}.predicted"] = tp + fp
    per_obs["weighted.f1"] = _weighted_f1(per_obs)
    per_obs["kappa"] = _kappa(confusion)

    averages: Metrics = {}
    for task, (tp, fp, fn) in counts.items():
        keep = included(task, observations)
        micro = _prf(tp[..., keep].sum(-1), fp[..., keep].sum(-1), fn[..., keep].sum(-1))
        for name, value in zip(("precision", "recall", "f1"), micro, strict=True):
            averages[f"{task}.{name}.micro"] = value
            averages[f"{task}.{name}.macro"] = _quiet_nanmean(per_obs[f"{task}.{name}"][..., keep])
    averages["weighted.f1.macro"] = _quiet_nanmean(per_obs["weighted.f1"])
    averages["kappa.macro"] = _quiet_nanmean(per_obs["kappa"])
    return per_obs, averages


def _kappa(confusion: np.ndarray) -> np.ndarray:
    """Cohen's kappa per matrix; NaN when chance agreement is 1 (both sides constant)."""
    total = confusion.sum(axis=(-2, -1))
    observed = np.trace(confusion, axis1=-2, axis2=-1)
    expected = (confusion.sum(axis=-1) * confusion.sum(axis=-2)).sum(axis=-1)
    # kappa = (po - pe) / (1 - pe), with po = observed / N and pe = expected / N²
    return _divide(total * observed - expected, total * total - expected)
