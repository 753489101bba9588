"""Compose one radiograph view from the anatomy and the findings, with its masks.

Grey levels stand for density (bright = dense). Layers go in the order a radiograph adds
them up: body, lungs with their markings, mediastinum and heart, fluid, lung opacities,
bones, devices; then blur, noise and the exposure of this particular film.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from labelaudit.observations import SUPPORT_DEVICES
from labelaudit.synth import anatomy as anat
from labelaudit.synth.anatomy import SIDES, Anatomy
from labelaudit.synth.findings import (
    EDGE,
    MASK_LEVEL,
    Cardiomegaly,
    Consolidation,
    Devices,
    Effusion,
    Finding,
    Nodule,
    Pneumothorax,
)
from labelaudit.synth.geometry import Array, box_blur, make_grid, soft


@dataclass(frozen=True)
class View:
    """One film of a study: patient position and exposure differ between films."""

    shift_x: float
    shift_y: float
    zoom: float  # patient size on the film
    contrast: float
    brightness: float
    gamma: float
    noise: float
    noise_seed: int


def sample_view(rng: np.random.Generator, patient_zoom: float) -> View:
    return View(
        shift_x=float(rng.uniform(-0.03, 0.03)),
        shift_y=float(rng.uniform(-0.03, 0.03)),
        zoom=float(patient_zoom * rng.uniform(0.97, 1.03)),
        contrast=float(rng.uniform(0.85, 1.15)),
        brightness=float(rng.uniform(-0.03, 0.05)),
        gamma=float(rng.uniform(0.85, 1.15)),
        noise=float(rng.uniform(0.012, 0.03)),
        noise_seed=int(rng.integers(2**31)),
    )


def render(
    anatomy: Anatomy, findings: dict[str, Finding], view: View, size: int
) -> tuple[Array, dict[str, Array]]:
    """Return the image (uint8, size x size) and a boolean mask per drawn observation."""
    grid = make_grid(size, shift_x=view.shift_x, shift_y=view.shift_y, zoom=view.zoom)
    walls = None
    coverage = {}
    for observation, finding in findings.items():
        if isinstance(finding, Devices):  # one pass gives the coverage and the tube walls
            coverage[observation], walls = finding.layers(grid, anatomy)
        else:
            coverage[observation] = finding.coverage(grid, anatomy)
    if "Consolidation" in coverage:
        coverage["Lung Opacity"] = coverage["Consolidation"]

    image = 0.03 + 0.40 * soft(anat.body_inside(grid, anatomy), 2 * grid.pixel)

    lungs = np.maximum(*(soft(anat.lung_inside(grid, anatomy, side), grid.pixel) for side in SIDES))
    ptx = findings.get("Pneumothorax")
    rim = coverage.get("Pneumothorax", 0.0)
    markings = 0.12 * anat.lung_markings(grid, anatomy) * (1.0 - rim)
    air = 0.06 if isinstance(ptx, Pneumothorax) and ptx.faint else 0.12
    lung_grey = anatomy.lung_level + markings - air * rim
    image = image * (1.0 - lungs) + lungs * lung_grey
    if isinstance(ptx, Pneumothorax):
        image += (0.08 if ptx.faint else 0.15) * ptx.pleural_line(grid, anatomy)

    _towards(image, soft(anat.mediastinum_inside(grid, anatomy), grid.pixel), 0.52)
    heart = findings.get("Cardiomegaly")
    ratio = heart.ratio if isinstance(heart, Cardiomegaly) else anatomy.heart_ratio
    _towards(image, soft(anat.heart_inside(grid, anatomy, ratio), EDGE * grid.pixel), 0.55)

    effusion = findings.get("Pleural Effusion")
    if isinstance(effusion, Effusion):
        _towards(image, coverage["Pleural Effusion"] * (0.5 if effusion.faint else 1.0), 0.5)
    consolidation = findings.get("Consolidation")
    if isinstance(consolidation, Consolidation):
        image += (0.12 if consolidation.faint else 0.24) * coverage["Consolidation"]
    nodule = findings.get("Lung Lesion")
    if isinstance(nodule, Nodule):
        image += (0.15 if nodule.faint else 0.3) * coverage["Lung Lesion"] * nodule.profile(grid)

    image += 0.05 * anat.spine(grid) + 0.06 * anat.ribs(grid, anatomy)

    if walls is not None:
        _towards(image, coverage[SUPPORT_DEVICES], 0.88)
        image += 0.1 * walls

    image = box_blur(image)
    image += np.random.default_rng(view.noise_seed).normal(0.0, view.noise, image.shape)
    image = np.clip(image * view.contrast + view.brightness, 0.0, 1.0) ** view.gamma
    pixels = np.round(image * 255).astype(np.uint8)
    masks = {obs: cover > MASK_LEVEL for obs, cover in coverage.items()}
    return pixels, masks


def _towards(image: Array, weight: Array, level: float) -> None:
    """Blend in place towards ``level`` where ``weight`` > 0, never making it darker."""
    image += weight * np.clip(level - image, 0.0, None)
