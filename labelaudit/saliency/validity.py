"""How well a saliency map points at a finding whose ground-truth mask is known.

- pointing game (as in CheXlocalize's hit rate): is the map's maximum inside the mask?
- energy inside the mask (Score-CAM's energy-based pointing game): sum inside / sum overall.
- the mask's area fraction: what a random point, or a uniform map, would score on both.
- Spearman rank correlation between two maps, for the model-randomisation sanity check.

Torch-free: these work on numpy arrays read back from the exported ``.npy`` files.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError
from scipy.stats import spearmanr

from labelaudit.errors import InputError


def pointing_hit(saliency: np.ndarray, mask: np.ndarray) -> bool:
    """True when the (first) maximum of ``saliency`` lies inside ``mask``; a flat map misses."""
    _check_same_shape(saliency, mask)
    if not np.isfinite(saliency).all() or saliency.max() == saliency.min():
        return False
    row, col = np.unravel_index(int(np.argmax(saliency)), saliency.shape)
    return bool(mask[row, col])


def energy_inside(saliency: np.ndarray, mask: np.ndarray) -> float:
    """Fraction of the (non-negative) saliency mass inside ``mask``; NaN for an all-zero map."""
    _check_same_shape(saliency, mask)
    energy = np.clip(saliency.astype(np.float64), 0, None)
    total = energy.sum()
    if not np.isfinite(total) or total <= 0:
        return math.nan
    return float(energy[mask.astype(bool)].sum() / total)


def mask_fraction(mask: np.ndarray) -> float:
    """The chance level of both metrics: the share of pixels inside the mask."""
    return float(mask.astype(bool).mean())


def rank_correlation(first: np.ndarray, second: np.ndarray) -> float:
    """Spearman's rho over all pixels; NaN when either map is constant (no ranking)."""
    _check_same_shape(first, second)
    a, b = first.ravel(), second.ravel()
    if a.min() == a.max() or b.min() == b.max():
        return math.nan
    return float(spearmanr(a, b).statistic)


def load_mask(path: str | Path, shape: tuple[int, int]) -> np.ndarray:
    """A mask image (any non-zero pixel is inside) resized to ``shape`` (H, W), as bool."""
    try:
        with Image.open(path) as image:
            gray = image.convert("L").resize((shape[1], shape[0]), Image.Resampling.NEAREST)
    except (OSError, UnidentifiedImageError) as exc:
        raise InputError(f"{path}: cannot read mask image ({type(exc).__name__})") from None
    return np.asarray(gray) > 0


def _check_same_shape(first: np.ndarray, second: np.ndarray) -> None:
    if first.shape != second.shape or first.ndim != 2:
        raise ValueError(f"maps must be 2-D and of one shape, got {first.shape} and {second.shape}")
