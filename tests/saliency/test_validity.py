"""Pointing game, energy inside the mask, rank correlation, mask loading."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PIL import Image

from labelaudit.errors import InputError
from labelaudit.saliency.validity import (
    energy_inside,
    load_mask,
    mask_fraction,
    pointing_hit,
    rank_correlation,
)


@pytest.fixture
def mask() -> np.ndarray:
    inside = np.zeros((8, 8), dtype=bool)
    inside[2:4, 2:6] = True  # 8 of 64 pixels
    return inside


def test_pointing_hit_inside_and_outside(mask):
    saliency = np.zeros((8, 8))
    saliency[3, 4] = 1.0
    assert pointing_hit(saliency, mask)
    saliency[7, 7] = 2.0
    assert not pointing_hit(saliency, mask)


def test_flat_map_never_hits(mask):
    assert not pointing_hit(np.ones((8, 8)), mask)


def test_energy_inside(mask):
    saliency = np.zeros((8, 8))
    saliency[mask] = 3.0
    saliency[0, 0] = 1.0  # 24 inside, 1 outside
    assert energy_inside(saliency, mask) == pytest.approx(24 / 25)
    assert energy_inside(np.ones((8, 8)), mask) == pytest.approx(mask_fraction(mask))
    assert mask_fraction(mask) == pytest.approx(8 / 64)
    assert math.isnan(energy_inside(np.zeros((8, 8)), mask))


def test_rank_correlation():
    rng = np.random.default_rng(0)
    first = rng.random((6, 6))
    assert rank_correlation(first, first**3) == pytest.approx(1.0)
    assert rank_correlation(first, -first) == pytest.approx(-1.0)
    assert math.isnan(rank_correlation(first, np.zeros((6, 6))))


def test_shapes_must_match(mask):
    with pytest.raises(ValueError, match="one shape"):
        energy_inside(np.ones((4, 4)), mask)


def test_load_mask_resizes_and_thresholds(tmp_path):
    pixels = np.zeros((20, 20), dtype=np.uint8)
    pixels[:10, :] = 255
    Image.fromarray(pixels).save(tmp_path / "m.png")
    loaded = load_mask(tmp_path / "m.png", (10, 5))
    assert loaded.shape == (10, 5) and loaded.dtype == bool
    assert loaded[:5].all() and not loaded[5:].any()


def test_unreadable_mask_is_a_clear_error(tmp_path):
    (tmp_path / "bad.png").write_bytes(b"not a png")
    with pytest.raises(InputError, match="cannot read mask"):
        load_mask(tmp_path / "bad.png", (4, 4))
