"""Tiny image tables for training tests: random 40 px PNGs, thin VGG, 32 px input.

No torch import here: the torch-free tests in this folder run in a core install too.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from labelaudit.observations import OBSERVATIONS


def write_image_table(root: Path, n: int = 12, n_valid: int = 4, seed: int = 0) -> pd.DataFrame:
    """An image table (docs/interfaces.md) whose positives carry a bright corner blob."""
    rng = np.random.default_rng(seed)
    root.mkdir(parents=True, exist_ok=True)
    rows = []
    for i in range(n):
        effusion = float(i % 2)
        pixels = rng.integers(0, 90, (40, 40)).astype(np.uint8)
        if effusion:
            pixels[24:, :16] = 230
        path = root / f"img{i:02d}.png"
        Image.fromarray(pixels, "L").save(path)
        row = {o: np.nan for o in OBSERVATIONS}
        row.update(
            path=str(path),
            patient_id=f"p{i // 2}",
            study_id=f"s{i}",
            split="valid" if i >= n - n_valid else "train",
        )
        row["Pleural Effusion"] = effusion
        row["Cardiomegaly"] = float(i % 3 == 0) if i % 4 else -1.0
        row["No Finding"] = 1.0 if not effusion and i % 3 else np.nan
        rows.append(row)
    return pd.DataFrame(rows)


@pytest.fixture
def image_table(tmp_path: Path) -> pd.DataFrame:
    return write_image_table(tmp_path / "images")


@pytest.fixture
def tiny_config():
    from labelaudit.train.options import TrainOptions

    return TrainOptions(
        epochs=1, image_size=32, width=1 / 16, batch_size=4, workers=0, n_resamples=10, lr=1e-3
    )


@pytest.fixture
def make_image_table():
    """The table writer itself, for tests that need more images or their own folder."""
    return write_image_table
