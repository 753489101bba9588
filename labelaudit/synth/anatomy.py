"""A patient's normal chest: lung fields, heart, mediastinum, diaphragm, ribs, spine.

Sides follow the radiological convention: the patient's right is on the image left, so the
heart shadow reaches further towards the image right.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from labelaudit.synth.geometry import Array, Grid, ellipse, segment_distance, smooth_field, soft

SIDES = ("right", "left")


@dataclass(frozen=True)
class Anatomy:
    """Per-patient shape parameters, in anatomical units (chest about 0..1)."""

    thorax_half: float  # centre to the lateral lung wall
    mediastinum_half: float
    lung_top: float
    dome_right: float  # top of the right hemidiaphragm dome (the left sits lower)
    dome_left: float
    heart_ratio: float  # cardiothoracic ratio of a normal heart, 0.38..0.47
    lung_level: float  # grey level of aerated lung
    rib_start: float
    rib_spacing: float
    texture_seed: int  # lung markings

    def side_sign(self, side: str) -> float:
        """-1 for the patient's right (image left), +1 for the left."""
        return -1 if side == "right" else 1  # int: a sign, not a label value

    def lung_centre_x(self, side: str) -> float:
        return 0.5 + self.side_sign(side) * (self.thorax_half + self.mediastinum_half) / 2

    def lung_half_width(self) -> float:
        return (self.thorax_half - self.mediastinum_half) / 2

    def across_lung(self, x: Array, side: str) -> Array:
        """Where ``x`` lies across one lung: 0 at its centre, -1 at the mediastinum, +1 at
        the chest wall (beyond +-1 outside the lung)."""
        return self.side_sign(side) * (x - self.lung_centre_x(side)) / self.lung_half_width()

    def dome(self, side: str) -> float:
        return self.dome_right if side == "right" else self.dome_left


def sample_anatomy(rng: np.random.Generator) -> Anatomy:
    dome_right = float(rng.uniform(0.66, 0.71))
    return Anatomy(
        thorax_half=float(rng.uniform(0.35, 0.40)),
        mediastinum_half=float(rng.uniform(0.045, 0.06)),
        lung_top=float(rng.uniform(0.13, 0.18)),
        dome_right=dome_right,
        dome_left=dome_right + float(rng.uniform(0.015, 0.04)),
        heart_ratio=float(rng.uniform(0.38, 0.46)),
        lung_level=float(rng.uniform(0.19, 0.25)),
        rib_start=float(rng.uniform(0.10, 0.14)),
        rib_spacing=float(rng.uniform(0.068, 0.078)),
        texture_seed=int(rng.integers(2**31)),
    )


def diaphragm_y(grid: Grid, anatomy: Anatomy, side: str) -> Array:
    """The dome: highest mid-hemithorax, falling to the costophrenic angle laterally."""
    rel = (grid.x - anatomy.lung_centre_x(side)) / anatomy.lung_half_width()
    return anatomy.dome(side) + 0.075 * rel**2


def lung_inside(grid: Grid, anatomy: Anatomy, side: str) -> Array:
    """Signed inside-distance of one lung field: a tall rounded field cut by the dome.

    The wall is nearly vertical where the dome meets it, so the costophrenic angle is sharp.
    """
    cx = anatomy.lung_centre_x(side)
    rx = anatomy.lung_half_width()
    ry = 0.46
    cy = anatomy.lung_top + ry
    power = 2.4
    r = (np.abs((grid.x - cx) / rx) ** power + np.abs((grid.y - cy) / ry) ** power) ** (1 / power)
    wall = (1.0 - r) * rx
    return np.minimum(wall, diaphragm_y(grid, anatomy, side) - grid.y)


def costophrenic_y(anatomy: Anatomy, side: str) -> float:
    """Height of the costophrenic angle: where the dome meets the lateral wall."""
    return anatomy.dome(side) + 0.075 * 0.9**2


def heart_inside(grid: Grid, anatomy: Anatomy, ratio: float) -> Array:
    """Signed inside-distance of the heart shadow for a given cardiothoracic ratio."""
    width = ratio * 2 * anatomy.thorax_half
    left_part, right_part = 0.64 * width, 0.36 * width
    cx = 0.5 + (left_part - right_part) / 2
    ry = 0.12 + 0.2 * (ratio - 0.40)
    cy = anatomy.dome_right - ry * 0.4
    return ellipse(grid, cx, cy, width / 2, ry)


def mediastinum_inside(grid: Grid, anatomy: Anatomy) -> Array:
    """A vertical band from the neck down to the heart, slightly wider at the aortic knob."""
    half = anatomy.mediastinum_half + 0.012 * np.exp(-(((grid.y - 0.3) / 0.05) ** 2))
    return np.minimum(half - np.abs(grid.x - 0.505), anatomy.dome_right - grid.y)


def body_inside(grid: Grid, anatomy: Anatomy) -> Array:
    return ellipse(grid, 0.5, 0.6, anatomy.thorax_half + 0.09, 0.66)


def lung_markings(grid: Grid, anatomy: Anatomy) -> Array:
    """Vessel-like branching lines, denser near the hila: what a pneumothorax lacks."""
    rng = np.random.default_rng(anatomy.texture_seed)
    field = smooth_field(rng.random((19, 19)).astype(np.float32), grid)
    lines = np.exp(-(((field - 0.5) / 0.04) ** 2))
    hilum_y = 0.45
    dist = np.minimum(
        np.hypot(grid.x - (0.5 - anatomy.mediastinum_half), grid.y - hilum_y),
        np.hypot(grid.x - (0.5 + anatomy.mediastinum_half), grid.y - hilum_y),
    )
    return lines * np.clip(1.0 - dist / 0.42, 0.15, 1.0)


def ribs(grid: Grid, anatomy: Anatomy) -> Array:
    """Posterior ribs as bands curving down laterally (seen over the lungs), and clavicles."""
    dx = np.abs(grid.x - 0.5)
    near_lungs = np.maximum(
        *(soft(lung_inside(grid, anatomy, side) + 0.025, 0.01) for side in SIDES)
    )
    phase = (grid.y - anatomy.rib_start - 1.1 * dx**2) / anatomy.rib_spacing
    frac = phase - np.floor(phase)
    band = soft(0.17 - np.abs(frac - 0.5), 0.025) * (phase > 0)
    clavicles = np.zeros_like(grid.x)
    for sign in (-1, 1):
        points = np.array(
            [
                [0.5 + sign * 0.05, anatomy.lung_top + 0.02],
                [0.5 + sign * 0.3, anatomy.lung_top - 0.05],
            ],
            dtype=np.float32,
        )
        clavicles = np.maximum(clavicles, soft(0.014 - segment_distance(grid, points), grid.pixel))
    return np.maximum(band * near_lungs, clavicles)


def spine(grid: Grid) -> Array:
    return soft(0.032 - np.abs(grid.x - 0.5), grid.pixel)
