"""Resolution-independent drawing primitives on a normalized coordinate grid.

Shapes are described in anatomical units (the chest spans about 0..1 on both axes) and
rendered as soft masks whose edge is about one pixel wide, so the same case looks the same
at 64 px and at 512 px and masks stay aligned with what is drawn.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

Array = np.ndarray


@dataclass(frozen=True)
class Grid:
    """Anatomical coordinates of every pixel of one image."""

    x: Array  # float32 (size, size), 0 = image left (patient's right)
    y: Array  # float32 (size, size), 0 = top
    pixel: float  # one pixel in anatomical units, for edge softness and line widths

    @property
    def shape(self) -> tuple[int, int]:
        return self.x.shape


def make_grid(size: int, *, shift_x: float = 0.0, shift_y: float = 0.0, zoom: float = 1.0) -> Grid:
    """Pixel grid mapped to anatomy; ``zoom`` > 1 shows a larger patient (less margin)."""
    axis = (np.arange(size, dtype=np.float32) + 0.5) / size
    y, x = np.meshgrid(axis, axis, indexing="ij")
    x = (x - 0.5 - shift_x) / zoom + 0.5
    y = (y - 0.5 - shift_y) / zoom + 0.5
    return Grid(x=x, y=y, pixel=1.0 / (size * zoom))


def soft(signed: Array, width: float) -> Array:
    """Signed inside-distance -> coverage in [0, 1] with an edge ``width`` wide."""
    return 1.0 / (1.0 + np.exp(-np.clip(signed / max(width, 1e-6), -30.0, 30.0)))


def ellipse(grid: Grid, cx: float, cy: float, rx: float, ry: float) -> Array:
    """Approximate signed distance to an ellipse boundary (positive inside)."""
    r = np.sqrt(((grid.x - cx) / rx) ** 2 + ((grid.y - cy) / ry) ** 2)
    return (1.0 - r) * min(rx, ry)


def segment_distance(grid: Grid, points: Array, reach: float = 0.05) -> Array:
    """Distance from every pixel to a polyline given as an (n, 2) array of (x, y).

    Exact up to ``reach`` from the line's bounding box, ``inf`` beyond: callers only need
    the few pixels a tube or lead covers, and skipping the rest is what keeps it fast.
    """
    best = np.full(grid.shape, np.inf, dtype=np.float32)
    cols = np.flatnonzero(
        (grid.x[0] >= points[:, 0].min() - reach) & (grid.x[0] <= points[:, 0].max() + reach)
    )
    rows = np.flatnonzero(
        (grid.y[:, 0] >= points[:, 1].min() - reach) & (grid.y[:, 0] <= points[:, 1].max() + reach)
    )
    if not len(rows) or not len(cols):
        return best
    window = (slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1))
    x, y = grid.x[window], grid.y[window]
    near = best[window]
    for (ax, ay), (bx, by) in itertools.pairwise(points):
        dx, dy = bx - ax, by - ay
        t = np.clip(((x - ax) * dx + (y - ay) * dy) / max(dx * dx + dy * dy, 1e-12), 0.0, 1.0)
        np.minimum(near, np.hypot(x - (ax + t * dx), y - (ay + t * dy)), out=near)
    best[window] = near
    return best


def bezier(p0, p1, p2, p3, n: int = 24) -> Array:
    """Points of a cubic Bezier curve, for tubes and leads that bend smoothly."""
    t = np.linspace(0.0, 1.0, n)[:, None]
    p0, p1, p2, p3 = (np.asarray(p, dtype=np.float32) for p in (p0, p1, p2, p3))
    return (
        (1 - t) ** 3 * p0 + 3 * (1 - t) ** 2 * t * p1 + 3 * (1 - t) * t**2 * p2 + t**3 * p3
    ).astype(np.float32)


def smooth_field(lattice: Array, grid: Grid) -> Array:
    """Smooth random field: a lattice of values spread over anatomy 0..1, interpolated.

    Evaluated in anatomical coordinates, so two views of one study share the same pattern.
    """
    cells = lattice.shape[0] - 1
    gx = np.clip(grid.x, 0.0, 1.0) * cells
    gy = np.clip(grid.y, 0.0, 1.0) * cells
    x0 = np.minimum(np.floor(gx).astype(int), cells - 1)
    y0 = np.minimum(np.floor(gy).astype(int), cells - 1)
    fx = _smoothstep(gx - x0)
    fy = _smoothstep(gy - y0)
    top = lattice[y0, x0] * (1 - fx) + lattice[y0, x0 + 1] * fx
    bottom = lattice[y0 + 1, x0] * (1 - fx) + lattice[y0 + 1, x0 + 1] * fx
    return (top * (1 - fy) + bottom * fy).astype(np.float32)


def _smoothstep(t: Array) -> Array:
    return t * t * (3.0 - 2.0 * t)


def box_blur(image: Array) -> Array:
    """3x3 mean filter with edge padding: the slight unsharpness of a real radiograph."""
    padded = np.pad(image, 1, mode="edge")
    h, w = image.shape
    total = np.zeros_like(image)
    for dy in range(3):
        for dx in range(3):
            total += padded[dy : dy + h, dx : dx + w]
    return total / 9.0
