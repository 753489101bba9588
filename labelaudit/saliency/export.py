"""Saliency exports: PNG overlays with a caption and mask outline, raw ``.npy`` maps,
contact sheets.

Pillow and matplotlib's colour maps only (no figures): an overlay takes milliseconds, which
matters at 14 observations × 3 methods per image.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
from matplotlib import colormaps
from PIL import Image, ImageDraw, ImageFont

from labelaudit.atomic import atomic_write, atomic_write_bytes

MIN_DISPLAY = 256  # px: small model inputs are enlarged so the caption stays readable
CLIP_PERCENTILE = 99.5  # gradient maps are spiky; a few pixels would wash out the rest
HEAT_ALPHA = 0.65
CAPTION_LINE = 18
BACKGROUND = (20, 20, 20)
TEXT = (235, 235, 235)
OUTLINE = (255, 255, 255)  # the drawn mask's edge: white is not on the jet scale
FAILED_BAND = (190, 20, 20)
COLOURMAP = "jet"


@lru_cache(maxsize=4)
def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.load_default(size=size)
    except (TypeError, OSError):  # Pillow without FreeType: the fixed bitmap font
        return ImageFont.load_default()


def display_scale(saliency: np.ndarray) -> np.ndarray:
    """Map to [0, 1] for display: divide by a high percentile, clip; a zero map stays zero."""
    values = np.nan_to_num(saliency.astype(np.float64), nan=0.0, posinf=0.0, neginf=0.0)
    values = np.clip(values, 0, None)
    top = float(np.percentile(values, CLIP_PERCENTILE))
    if top <= 0:
        top = float(values.max())
    if top <= 0:
        return np.zeros_like(values)
    return np.clip(values / top, 0, 1)


def overlay_image(
    gray: np.ndarray,
    saliency: np.ndarray,
    caption: Sequence[str],
    mask: np.ndarray | None = None,
) -> Image.Image:
    """Heat map over the X-ray (both H×W; gray in [0, 1]) with caption lines underneath and,
    when ``mask`` (H×W bool) is given, the drawn finding's outline in white."""
    if gray.shape != saliency.shape:
        raise ValueError(f"image {gray.shape} and map {saliency.shape} differ in shape")
    strength = display_scale(saliency)[..., None]
    heat = colormaps[COLOURMAP](strength[..., 0])[..., :3]
    base = np.repeat(np.clip(gray, 0, 1)[..., None], 3, axis=2)
    blended = (1 - HEAT_ALPHA * strength) * base + HEAT_ALPHA * strength * heat
    picture = Image.fromarray((blended * 255).round().astype(np.uint8), "RGB")
    side = max(MIN_DISPLAY, max(picture.size))
    scale = side / max(picture.size)
    size = (round(picture.width * scale), round(picture.height * scale))
    picture = picture.resize(size, Image.Resampling.BILINEAR)
    if mask is not None:
        _draw_outline(picture, mask)
    return _with_caption(picture, caption)


def outline(mask: np.ndarray) -> np.ndarray:
    """The pixels of ``mask`` that touch a pixel outside it (4-neighbourhood, border counts)."""
    inside = np.pad(mask.astype(bool), 1, constant_values=False)
    interior = inside[:-2, 1:-1] & inside[2:, 1:-1] & inside[1:-1, :-2] & inside[1:-1, 2:]
    return mask.astype(bool) & ~interior


def _draw_outline(picture: Image.Image, mask: np.ndarray) -> None:
    """Outline at display size, so the line stays one or two pixels thin when enlarged."""
    big = Image.fromarray(mask.astype(np.uint8) * 255).resize(
        picture.size, Image.Resampling.NEAREST
    )
    edge = outline(np.asarray(big) > 0)
    pixels = np.asarray(picture).copy()
    pixels[edge] = OUTLINE
    picture.paste(Image.fromarray(pixels, "RGB"))


def _with_caption(picture: Image.Image, lines: Sequence[str]) -> Image.Image:
    canvas = Image.new("RGB", (picture.width, picture.height + CAPTION_LINE * len(lines) + 6))
    canvas.paste(BACKGROUND, (0, 0, canvas.width, canvas.height))
    canvas.paste(picture, (0, 0))
    draw = ImageDraw.Draw(canvas)
    for number, line in enumerate(lines):
        draw.text((4, picture.height + 3 + number * CAPTION_LINE), line, fill=TEXT, font=_font(13))
    return canvas


def png_bytes(picture: Image.Image) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def write_png(path: Path, picture: Image.Image) -> None:
    atomic_write_bytes(path, png_bytes(picture))


def write_npy(path: Path, saliency: np.ndarray) -> None:
    with atomic_write(path, "wb") as handle:
        np.save(handle, saliency.astype(np.float32, copy=False))


def contact_sheet(
    tiles: Sequence[Path], title: str, columns: int = 4, failed: bool = False
) -> Image.Image:
    """Tile overlay PNGs (already captioned) under a title, ``columns`` per row; ``failed``
    stamps a red band saying the method failed the model-randomisation check."""
    if not tiles:
        raise ValueError("a contact sheet needs at least one tile")
    pictures = []
    for path in tiles:
        with Image.open(path) as tile:
            pictures.append(tile.convert("RGB"))
    width = max(p.width for p in pictures)
    height = max(p.height for p in pictures)
    columns = max(1, min(columns, len(pictures)))
    rows = -(-len(pictures) // columns)
    header = CAPTION_LINE + 10
    sheet = Image.new("RGB", (columns * width, header + rows * height), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    if failed:
        draw.rectangle((0, 0, sheet.width, header - 1), fill=FAILED_BAND)
        title = f"FAILED sanity check: maps do not depend on the model · {title}"
    draw.text((6, 5), title, fill=TEXT, font=_font(15))
    for number, picture in enumerate(pictures):
        row, col = divmod(number, columns)
        sheet.paste(picture, (col * width, header + row * height))
    return sheet
