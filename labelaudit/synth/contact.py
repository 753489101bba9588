"""A contact sheet of a synthetic dataset: one film per drawn finding, and its mask."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image, ImageDraw

from labelaudit.atomic import atomic_write_bytes
from labelaudit.errors import InputError
from labelaudit.observations import NO_FINDING, slug
from labelaudit.synth.findings import DRAWN

OUTLINE = (255, 60, 60)
OUTLINE_INDEX = 64  # palette entry after the 64 grey levels
TILE = 128
LABEL = 18  # pixels above the films for the captions
SHOWN = tuple(o for o in DRAWN if o != "Lung Opacity")  # same mask as Consolidation


def contact_sheet(dataset: str | Path, output: str | Path) -> Path:
    """Write a PNG: a normal film and one film per drawn finding; below, its mask outlined."""
    dataset = Path(dataset)
    truth_path = dataset / "truth.csv"
    if not truth_path.exists():
        raise InputError(f"{dataset}: no truth.csv; is it a folder written by labelaudit synth?")
    truth = pd.read_csv(truth_path, keep_default_na=False)
    normal = truth[truth[NO_FINDING] == 1]
    picks: list[tuple[str, str]] = []
    if len(normal):
        picks.append((NO_FINDING, str(normal.iloc[0]["path"])))
    for observation in SHOWN:
        # A film with this finding alone if there is one, drawn clearly (not faint).
        rows = truth[(truth[observation] == 1) & (truth["faint"] == "")]
        alone = rows[rows[list(SHOWN)].sum(axis=1) == 1]
        chosen = alone if len(alone) else rows
        if len(chosen):
            picks.append((observation, str(chosen.iloc[0]["path"])))
    if not picks:
        raise InputError(f"{dataset}: no images to show")

    # Paletted: 64 grey levels and one outline colour keep the PNG small for the repository.
    sheet = np.zeros((2 * TILE + LABEL, TILE * len(picks)), dtype=np.uint8)
    for i, (observation, path) in enumerate(picks):
        film = _film(dataset, path) // 4
        sheet[LABEL : LABEL + TILE, i * TILE : (i + 1) * TILE] = film
        outlined = film.copy()
        outlined[_outline(dataset, observation, path)] = OUTLINE_INDEX
        sheet[LABEL + TILE :, i * TILE : (i + 1) * TILE] = outlined
    image = Image.frombytes("P", (sheet.shape[1], sheet.shape[0]), sheet.tobytes())
    image.putpalette([*(v for g in range(64) for v in (4 * g + 2,) * 3), *OUTLINE])
    draw = ImageDraw.Draw(image)
    for i, (observation, _) in enumerate(picks):
        draw.text((i * TILE + 4, 3), observation, fill=63)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    atomic_write_bytes(output, buffer.getvalue())
    return Path(output)


def _film(dataset: Path, path: str) -> np.ndarray:
    image = Image.open(dataset / path).convert("L")
    return np.asarray(image.resize((TILE, TILE), Image.Resampling.BILINEAR))


def _outline(dataset: Path, observation: str, path: str) -> np.ndarray:
    """The mask's border pixels (none when the film has no mask for it)."""
    mask_path = dataset / "masks" / slug(observation) / Path(path).name
    if not mask_path.exists():
        return np.zeros((TILE, TILE), dtype=bool)
    mask = np.asarray(Image.open(mask_path).resize((TILE, TILE), Image.Resampling.NEAREST)) > 0
    inner = np.roll(mask, 1, 0) & np.roll(mask, -1, 0) & np.roll(mask, 1, 1) & np.roll(mask, -1, 1)
    return mask & ~inner
