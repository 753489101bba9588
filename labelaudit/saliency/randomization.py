"""Model-randomisation sanity check (Adebayo et al. 2018, "Sanity checks for saliency maps").

A map that explains the model must change when the model's learned weights are replaced by
random ones. We re-initialise every layer (the end point of their cascading randomisation)
and compare the maps of the trained and the randomised model by Spearman rank correlation.
A method whose maps stay similar (mean rho >= threshold) fails: it shows the image, not
what the model learned.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
import torch
from torch import nn

from labelaudit.saliency.maps import compute_maps
from labelaudit.saliency.methods import Method
from labelaudit.saliency.validity import rank_correlation

DEFAULT_THRESHOLD = 0.5
RANDOM_INIT_SEED = 2018  # fixed, so a rerun randomises the same way


@dataclass(frozen=True)
class SanityResult:
    method: str
    pairs: int  # image × observation pairs compared (pairs of two flat maps are left out)
    mean_rho: float
    median_rho: float
    threshold: float

    @property
    def verdict(self) -> str:
        if self.pairs == 0:
            return "undetermined"
        return "passed" if self.mean_rho < self.threshold else "FAILED"

    def to_dict(self) -> dict:
        return {**asdict(self), "verdict": self.verdict}


def randomized_copy(model: nn.Module, seed: int = RANDOM_INIT_SEED) -> nn.Module:
    """A copy of ``model`` with every layer re-initialised; the original is untouched."""
    clone = copy.deepcopy(model)
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        for module in clone.modules():
            reset = getattr(module, "reset_parameters", None)
            if callable(reset):
                reset()
    return clone


def randomization_check(
    model: nn.Module,
    images: torch.Tensor,
    targets: Sequence[int],
    method: Method | str,
    *,
    randomized: nn.Module | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    seed: int = 0,
) -> SanityResult:
    """Compare maps of ``model`` and of its randomised copy on ``images`` for ``targets``.

    ``seed`` is SmoothGrad's noise seed, the same for both models so only the weights differ.
    """
    randomized = randomized if randomized is not None else randomized_copy(model)
    trained_maps, _ = compute_maps(model, images, targets, method, seed=seed)
    random_maps, _ = compute_maps(randomized, images, targets, method, seed=seed)
    rhos = [
        _pair_correlation(a, b)
        for a, b in zip(
            trained_maps.flatten(0, 1).cpu().numpy(),
            random_maps.flatten(0, 1).cpu().numpy(),
            strict=True,
        )
    ]
    finite = [r for r in rhos if not math.isnan(r)]
    return SanityResult(
        method=Method(method).value,
        pairs=len(finite),
        mean_rho=float(np.mean(finite)) if finite else math.nan,
        median_rho=float(np.median(finite)) if finite else math.nan,
        threshold=threshold,
    )


def _pair_correlation(trained: np.ndarray, random: np.ndarray) -> float:
    """Spearman's rho; a flat map against a structured one shares no ranking (rho 0).

    Grad-CAM of a randomised model is often all zero after its ReLU: the map did change.
    Two flat maps say nothing either way (NaN, left out).
    """
    flat_trained = trained.min() == trained.max()
    flat_random = random.min() == random.max()
    if flat_trained and flat_random:
        return math.nan
    if flat_trained or flat_random:
        return 0.0
    return rank_correlation(trained, random)
