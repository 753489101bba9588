"""A contact sheet of a synthetic dataset: one film per drawn finding, with its mask outlined."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image, ImageDraw

from labelaudit.atomic import atomic_write_bytes
from labelaudit.errors import InputError
from labelaudit.observations import slug
from labelaudit.synth.findings import DRAWN

OUTLINE = (255, 60, 60)
TILE = 192
SHOWN = tuple(o for o in DRAWN if o != "Lung Opacity")  # same mask as Consolidation


def contact_sheet(dataset: str | Path, output: str | Path) -> Path:
    """Write a PNG: a normal film, then one film per drawn finding with its mask outlined."""
    dataset = Path(dataset)
    truth_path = dataset / "truth.csv"
    if not truth_path.exists():
        raise InputError(f"{dataset}: no truth.csv; is it a folder written by labelaudit synth?")
    truth = pd.read_csv(truth_path, keep_default_na=False)
    normal = truth[truth["No Finding"] == 1]
    picks: list[tuple[str, str]] = []
    if len(normal):
        picks.append(("No Finding", str(normal.iloc[0]["path"])))
    for observation in SHOWN:
        # A film with this finding alone if there is one, drawn clearly (not faint).
        rows = truth[(truth[observation] == 1) & (truth["faint"] == "")]
        alone = rows[rows[list(SHOWN)].sum(axis=1) == 1]
        chosen = alone if len(alone) else rows
        if len(chosen):
            picks.append((observation, str(chosen.iloc[0]["path"])))
    if not picks:
        raise InputError(f"{dataset}: no images to show")

    tiles = [_tile(dataset, observation, path) for observation, path in picks]
    sheet = Image.new("RGB", (TILE * len(tiles), TILE + 18), (0, 0, 0))
    draw = ImageDraw.Draw(sheet)
    for i, (tile, (observation, _)) in enumerate(zip(tiles, picks, strict=True)):
        sheet.paste(tile, (i * TILE, 18))
        draw.text((i * TILE + 4, 3), observation, fill=(255, 255, 255))
    buffer = io.BytesIO()
    sheet.save(buffer, format="PNG", optimize=True)
    atomic_write_bytes(output, buffer.getvalue())
    return Path(output)


def _tile(dataset: Path, observation: str, path: str) -> Image.Image:
    image = Image.open(dataset / path).convert("L").resize((TILE, TILE), Image.Resampling.BILINEAR)
    rgb = np.stack([np.asarray(image)] * 3, axis=-1)
    mask_path = dataset / "masks" / slug(observation) / Path(path).name
    if mask_path.exists():
        mask = np.asarray(Image.open(mask_path).resize((TILE, TILE), Image.Resampling.NEAREST)) > 0
        edge = mask & ~(
            np.roll(mask, 1, 0) & np.roll(mask, -1, 0) & np.roll(mask, 1, 1) & np.roll(mask, -1, 1)
        )
        rgb[edge] = OUTLINE
    return Image.fromarray(rgb)
