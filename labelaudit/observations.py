"""The 14 CheXpert observations and the label value convention.

Order and spelling follow the CheXpert labeler's output header exactly, so files we write
are read unchanged by tools built for the reference labeler.
"""

from __future__ import annotations

import math

OBSERVATIONS: tuple[str, ...] = (
    "No Finding",
    "Enlarged Cardiomediastinum",
    "Cardiomegaly",
    "Lung Lesion",
    "Lung Opacity",
    "Edema",
    "Consolidation",
    "Pneumonia",
    "Atelectasis",
    "Pneumothorax",
    "Pleural Effusion",
    "Pleural Other",
    "Fracture",
    "Support Devices",
)

# The five CheXpert competition tasks (Irvin et al. 2019), used for the mean AUROC.
COMPETITION_TASKS: tuple[str, ...] = (
    "Atelectasis",
    "Cardiomegaly",
    "Consolidation",
    "Edema",
    "Pleural Effusion",
)

POSITIVE = 1.0
NEGATIVE = 0.0
UNCERTAIN = -1.0
BLANK = math.nan  # not mentioned

VALUE_NAMES: dict[float, str] = {POSITIVE: "positive", NEGATIVE: "negative", UNCERTAIN: "uncertain"}


def slug(observation: str) -> str:
    """File-name form of an observation: 'Pleural Effusion' -> 'pleural_effusion'."""
    return observation.lower().replace(" ", "_")


OBSERVATION_BY_SLUG: dict[str, str] = {slug(o): o for o in OBSERVATIONS}


def is_blank(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))
