"""Validation metrics: per-observation AUROC/AUPRC with bootstrap CIs, means, ROC plot.

Torch-free: works on arrays of ground truth (1/0/NaN) and probabilities.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import cast

import numpy as np
from sklearn.metrics import average_precision_score, roc_auc_score, roc_curve

from labelaudit.observations import COMPETITION_TASKS
from labelaudit.resampling import percentile_interval, resample_rows


@dataclass
class ObservationScore:
    observation: str
    positives: int
    negatives: int
    auroc: float
    auprc: float
    auroc_ci: tuple[float, float] | None = None  # None when not bootstrapped
    auprc_ci: tuple[float, float] | None = None


@dataclass
class ValidationScores:
    scores: list[ObservationScore] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)  # observation -> why not scored
    n_resamples: int = 0  # bootstrap resamples behind the CIs (0: none)

    @property
    def by_observation(self) -> dict[str, ObservationScore]:
        return {s.observation: s for s in self.scores}

    @property
    def mean_auroc(self) -> float:
        """Mean over every observation that could be scored."""
        return _mean([s.auroc for s in self.scores])

    @property
    def competition_auroc(self) -> float:
        """Mean over the five CheXpert competition tasks that could be scored."""
        return _mean([s.auroc for s in self.scores if s.observation in COMPETITION_TASKS])

    @property
    def selection_auroc(self) -> float:
        """What picks the best checkpoint: the competition mean, else the overall mean."""
        competition = self.competition_auroc
        return competition if not math.isnan(competition) else self.mean_auroc

    def to_dict(self) -> dict:
        return {
            "mean_auroc_competition": _json_float(self.competition_auroc),
            "competition_tasks": [o for o in COMPETITION_TASKS if o in self.by_observation],
            "mean_auroc": _json_float(self.mean_auroc),
            "bootstrap_resamples": self.n_resamples,
            "observations": {s.observation: asdict(s) for s in self.scores},
            "skipped": self.skipped,
        }


def _mean(values: list[float]) -> float:
    return float(np.mean(values)) if values else math.nan


def _json_float(value: float) -> float | None:
    return None if math.isnan(value) else round(value, 6)


def score_observations(
    truth: np.ndarray,
    probabilities: np.ndarray,
    observations: Sequence[str],
    *,
    n_resamples: int = 0,
    confidence: float = 0.95,
    seed: int = 0,
) -> ValidationScores:
    """Score each observation on the rows where its truth is 0 or 1 (NaN rows are left out).

    An observation with only one class among those rows cannot have an AUROC; it is skipped
    with a note instead of failing or scoring 0.5.
    """
    result = ValidationScores(n_resamples=n_resamples)
    rng = np.random.default_rng(seed)
    for k, observation in enumerate(observations):
        known = ~np.isnan(truth[:, k])
        y, p = truth[known, k].astype(int), probabilities[known, k]
        positives, negatives = int(y.sum()), int(len(y) - y.sum())
        if positives == 0 or negatives == 0:
            result.skipped[observation] = (
                f"single class in the validation split ({positives} positive, {negatives} negative)"
            )
            continue
        score = ObservationScore(
            observation,
            positives,
            negatives,
            auroc=float(roc_auc_score(y, p)),
            auprc=float(average_precision_score(y, p)),
        )
        if n_resamples:
            score.auroc_ci, score.auprc_ci = _bootstrap_ci(y, p, n_resamples, confidence, rng)
        result.scores.append(score)
    return result


def _bootstrap_ci(
    y: np.ndarray, p: np.ndarray, n_resamples: int, confidence: float, rng: np.random.Generator
) -> tuple[tuple[float, float] | None, tuple[float, float] | None]:
    """Percentile CIs over resamples of the rows; single-class resamples are skipped."""
    aurocs, auprcs = [], []
    for rows in resample_rows(rng, n_resamples, len(y)):
        ys = y[rows]
        if ys.min() == ys.max():
            continue
        aurocs.append(roc_auc_score(ys, p[rows]))
        auprcs.append(average_precision_score(ys, p[rows]))
    if not aurocs:
        return None, None
    return _interval(aurocs, confidence), _interval(auprcs, confidence)


def _interval(samples: list[float], confidence: float) -> tuple[float, float]:
    low, high = percentile_interval(np.array(samples), confidence)
    return float(low), float(high)


def roc_palette() -> list[tuple[float, float, float]]:
    """18 distinct colours for 14 curves: tab20, strong shades first, without its two greys,
    so that no curve can pass for the black dotted chance line."""
    from matplotlib import colormaps
    from matplotlib.colors import ListedColormap

    # matplotlib types a ListedColormap's colours as any colour spec; tab20's are RGB tuples.
    tab20 = cast(ListedColormap, colormaps["tab20"])
    colours = cast("list[tuple[float, float, float]]", tab20.colors)
    return [c for c in (*colours[::2], *colours[1::2]) if len(set(c)) > 1]


def roc_png(
    truth: np.ndarray, probabilities: np.ndarray, observations: Sequence[str], title: str
) -> bytes:
    """ROC curves of every scorable observation, as PNG bytes (no pyplot global state)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(7, 6), dpi=100)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    axes.plot([0, 1], [0, 1], color="black", linestyle=":", linewidth=1, label="chance")
    palette = roc_palette()
    for k, observation in enumerate(observations):
        known = ~np.isnan(truth[:, k])
        y = truth[known, k].astype(int)
        if len(np.unique(y)) < 2:
            continue
        fpr, tpr, _ = roc_curve(y, probabilities[known, k])
        auroc = roc_auc_score(y, probabilities[known, k])
        axes.plot(
            fpr, tpr, linewidth=1.2, color=palette[k % len(palette)],
            label=f"{observation} ({auroc:.3f})",
        )  # fmt: skip
    axes.set(xlabel="False positive rate", ylabel="True positive rate", title=title)
    axes.set_xlim(0, 1)
    axes.set_ylim(0, 1.01)
    axes.legend(loc="lower right", fontsize=7)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
