"""The findings we draw, as small frozen specs, and where each one sits in the image.

A spec says what is there (side, size, faint or not); ``coverage`` turns it into a soft
[0, 1] map in anatomical coordinates. ``render`` decides how each finding changes the grey
levels; the ground-truth mask is ``coverage > MASK_LEVEL``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from labelaudit.observations import SUPPORT_DEVICES
from labelaudit.synth.anatomy import SIDES, Anatomy, costophrenic_y, heart_inside, lung_inside
from labelaudit.synth.geometry import Array, Grid, bezier, segment_distance, smooth_field, soft

# Observations drawn in the images, in the canonical CheXpert order.
DRAWN: tuple[str, ...] = (
    "Cardiomegaly",
    "Lung Lesion",
    "Lung Opacity",
    "Consolidation",
    "Pneumothorax",
    "Pleural Effusion",
    "Support Devices",
)

# Probability that a study has each finding; Lung Opacity comes with Consolidation.
PREVALENCE: dict[str, float] = {
    "Cardiomegaly": 0.30,
    "Lung Lesion": 0.22,
    "Consolidation": 0.25,
    "Pneumothorax": 0.22,
    "Pleural Effusion": 0.30,
    "Support Devices": 0.30,
}
FAINT_RATE = 0.2  # share of effusions, pneumothoraces, nodules, consolidations drawn faint
EDGE = 0.5  # edge softness of findings, in pixels: sharp enough for tight masks
MASK_LEVEL = 0.25  # coverage above which a pixel belongs to the ground-truth mask


def _size_word(size: float, *, moderate_from: float, large_from: float) -> str:
    """The word a report uses for a finding's size."""
    return "small" if size < moderate_from else "moderate" if size < large_from else "large"


@dataclass(frozen=True)
class Effusion:
    side: str
    height: float  # share of the hemithorax height filled at the lateral wall
    faint: bool

    @property
    def size_word(self) -> str:
        return _size_word(self.height, moderate_from=0.25, large_from=0.33)

    def coverage(self, grid: Grid, anatomy: Anatomy) -> Array:
        rel = np.clip(anatomy.across_lung(grid.x, self.side), -1, 1)
        lateral = (rel + 1) / 2  # 0 medial .. 1 lateral
        angle_y = costophrenic_y(anatomy, self.side)
        rise = self.height * (angle_y - anatomy.lung_top)
        top_lateral = angle_y - rise
        top_medial = top_lateral + 0.45 * rise
        meniscus = top_medial - (top_medial - top_lateral) * lateral**2
        edge = EDGE * grid.pixel
        return soft(lung_inside(grid, anatomy, self.side) + 0.01, edge) * soft(
            grid.y - meniscus, edge
        )


@dataclass(frozen=True)
class Pneumothorax:
    side: str
    rim: float  # width of the air rim between chest wall and pleural line, at the apex
    faint: bool

    @property
    def size_word(self) -> str:
        return _size_word(self.rim, moderate_from=0.04, large_from=0.055)

    def _rim_width(self, grid: Grid, anatomy: Anatomy) -> Array:
        """Widest at the apex and along the upper lateral wall, tapering towards the base."""
        rel = anatomy.across_lung(grid.x, self.side)
        lateral = np.clip((rel + 0.1) / 0.5, 0.0, 1.0)
        apical = np.clip((anatomy.lung_top + 0.16 - grid.y) / 0.08, 0.0, 1.0)
        base = anatomy.dome(self.side) - 0.02
        taper = np.clip((base - grid.y) / 0.3, 0.0, 1.0)
        return self.rim * np.maximum(lateral, apical) * taper

    def coverage(self, grid: Grid, anatomy: Anatomy) -> Array:
        inside = lung_inside(grid, anatomy, self.side)
        width = self._rim_width(grid, anatomy)
        edge = EDGE * grid.pixel
        rim = soft(inside, edge) * soft(width - inside, edge) * (width > grid.pixel)
        return np.maximum(rim, self.pleural_line(grid, anatomy))

    def pleural_line(self, grid: Grid, anatomy: Anatomy) -> Array:
        inside = lung_inside(grid, anatomy, self.side)
        width = self._rim_width(grid, anatomy)
        line = soft(0.6 * grid.pixel + 0.002 - np.abs(inside - width), EDGE * grid.pixel)
        return line * (width > 2 * grid.pixel)


@dataclass(frozen=True)
class Cardiomegaly:
    ratio: float  # cardiothoracic ratio, > 0.5

    @property
    def size_word(self) -> str:
        return "mild" if self.ratio < 0.58 else "moderate"

    def coverage(self, grid: Grid, anatomy: Anatomy) -> Array:
        return soft(heart_inside(grid, anatomy, self.ratio), EDGE * grid.pixel)


@dataclass(frozen=True)
class Devices:
    et_tube: bool
    central_line: str | None  # side of the catheter's entry, or None
    pacemaker: bool

    def _parts(self, grid: Grid, anatomy: Anatomy) -> list[tuple[Array, float]]:
        """(distance to the device's path, half width) for every tube, line and lead."""
        parts = []
        if self.et_tube:
            tip = anatomy.lung_top + 0.17
            path = bezier((0.51, -0.05), (0.51, 0.1), (0.5, tip - 0.08), (0.503, tip))
            parts.append((segment_distance(grid, path), 0.011))
        if self.central_line is not None:
            sign = anatomy.side_sign(self.central_line)
            entry = (0.5 + sign * 0.22, anatomy.lung_top - 0.03)
            path = bezier(entry, (0.5 + sign * 0.1, anatomy.lung_top), (0.47, 0.28), (0.47, 0.38))
            parts.append((segment_distance(grid, path), 0.0045))
        if self.pacemaker:
            box_x, box_y = 0.73, anatomy.lung_top + 0.07
            box = np.minimum(0.045 - np.abs(grid.x - box_x), 0.03 - np.abs(grid.y - box_y))
            parts.append((np.maximum(-box, 0.0), 0.0))
            heart_y = anatomy.dome_right - 0.05
            for end_x, end_y in ((0.47, heart_y - 0.06), (0.52, heart_y)):
                lead = bezier(
                    (box_x - 0.03, box_y), (0.6, box_y - 0.04), (0.48, 0.3), (end_x, end_y)
                )
                parts.append((segment_distance(grid, lead), 0.004))
        return parts

    def coverage(self, grid: Grid, anatomy: Anatomy) -> Array:
        return self.layers(grid, anatomy)[0]

    def layers(self, grid: Grid, anatomy: Anatomy) -> tuple[Array, Array]:
        """(coverage of all devices, the ET tube's two radiopaque walls)."""
        cover = np.zeros(grid.shape, dtype=np.float32)
        walls = np.zeros(grid.shape, dtype=np.float32)
        for index, (distance, half) in enumerate(self._parts(grid, anatomy)):
            # At least one pixel wide, so thin leads survive downsampling to 64 px.
            width = max(half, 0.6 * grid.pixel)
            np.maximum(cover, soft(width - distance, EDGE * grid.pixel), out=cover)
            if index == 0 and self.et_tube:
                wall = 0.6 * grid.pixel + 0.002 - np.abs(distance - half + 0.002)
                walls = soft(wall, EDGE * grid.pixel)
        return cover, walls


@dataclass(frozen=True)
class Nodule:
    side: str
    x: float
    y: float
    radius: float
    faint: bool

    @property
    def size_cm(self) -> float:
        return round(self.radius * 2 * 35, 1)  # a chest about 35 cm wide

    def coverage(self, grid: Grid, anatomy: Anatomy) -> Array:
        return soft(self.radius - np.hypot(grid.x - self.x, grid.y - self.y), EDGE * grid.pixel)

    def profile(self, grid: Grid) -> Array:
        """A sphere's thickness: densest in the middle."""
        r = np.hypot(grid.x - self.x, grid.y - self.y) / self.radius
        return np.sqrt(np.clip(1.0 - r**2, 0.0, 1.0)) * 0.6 + 0.4 * (r < 1)


@dataclass(frozen=True)
class Consolidation:
    side: str
    zone: str  # "lower" | "mid" | "upper"
    x: float
    y: float
    radius: float
    seed: int
    faint: bool

    def coverage(self, grid: Grid, anatomy: Anatomy) -> Array:
        lattice = np.random.default_rng(self.seed).random((11, 11)).astype(np.float32)
        patchy = smooth_field(lattice, grid)
        envelope = np.exp(-((np.hypot(grid.x - self.x, grid.y - self.y) / self.radius) ** 2))
        inside = soft(lung_inside(grid, anatomy, self.side), EDGE * grid.pixel)
        return soft(envelope * (0.55 + 0.9 * patchy) - 0.55, 0.015) * inside


Finding = Effusion | Pneumothorax | Cardiomegaly | Devices | Nodule | Consolidation


def sample_findings(rng: np.random.Generator, anatomy: Anatomy, *, cardiomegaly: float | None):
    """Draw a study's findings, keyed by observation. ``cardiomegaly``: the patient's CTR."""
    found: dict[str, Finding] = {}
    if cardiomegaly is not None:
        found["Cardiomegaly"] = Cardiomegaly(ratio=cardiomegaly)
    if rng.random() < PREVALENCE["Pleural Effusion"]:
        found["Pleural Effusion"] = Effusion(
            side=str(rng.choice(SIDES)), height=float(rng.uniform(0.18, 0.4)), faint=_faint(rng)
        )
    if rng.random() < PREVALENCE["Pneumothorax"]:
        found["Pneumothorax"] = Pneumothorax(
            side=str(rng.choice(SIDES)), rim=float(rng.uniform(0.03, 0.065)), faint=_faint(rng)
        )
    if rng.random() < PREVALENCE[SUPPORT_DEVICES]:
        found[SUPPORT_DEVICES] = _sample_devices(rng)
    if rng.random() < PREVALENCE["Lung Lesion"]:
        found["Lung Lesion"] = _sample_nodule(rng, anatomy)
    if rng.random() < PREVALENCE["Consolidation"]:
        found["Consolidation"] = _sample_consolidation(rng, anatomy)
    return found


def _faint(rng: np.random.Generator) -> bool:
    return bool(rng.random() < FAINT_RATE)


def _sample_devices(rng: np.random.Generator) -> Devices:
    while True:
        devices = Devices(
            et_tube=bool(rng.random() < 0.6),
            central_line=str(rng.choice(SIDES)) if rng.random() < 0.5 else None,
            pacemaker=bool(rng.random() < 0.35),
        )
        if devices.et_tube or devices.central_line or devices.pacemaker:
            return devices


def _sample_nodule(rng: np.random.Generator, anatomy: Anatomy) -> Nodule:
    side = str(rng.choice(SIDES))
    sign = anatomy.side_sign(side)
    # Lateral two thirds of the lung, clear of the heart and the hilum.
    rel = rng.uniform(0.0, 0.55)
    x = anatomy.lung_centre_x(side) + sign * rel * anatomy.lung_half_width()
    y = rng.uniform(anatomy.lung_top + 0.1, anatomy.dome(side) - 0.12)
    return Nodule(
        side=side,
        x=float(x),
        y=float(y),
        radius=float(rng.uniform(0.026, 0.042)),
        faint=_faint(rng),
    )


def _sample_consolidation(rng: np.random.Generator, anatomy: Anatomy) -> Consolidation:
    side = str(rng.choice(SIDES))
    zone = str(rng.choice(("lower", "lower", "mid", "upper")))
    sign = anatomy.side_sign(side)
    x = anatomy.lung_centre_x(side) + sign * rng.uniform(-0.1, 0.4) * anatomy.lung_half_width()
    zone_y = {
        "upper": anatomy.lung_top + 0.12,
        "mid": 0.45,
        "lower": anatomy.dome(side) - 0.07,
    }[zone]
    return Consolidation(
        side=side,
        zone=zone,
        x=float(x),
        y=float(zone_y + rng.uniform(-0.03, 0.03)),
        radius=float(rng.uniform(0.09, 0.12)),
        seed=int(rng.integers(2**31)),
        faint=_faint(rng),
    )
