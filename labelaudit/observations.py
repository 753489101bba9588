"""The 14 CheXpert observations and the label value convention, in one place.

Order and spelling follow the CheXpert labeler's output header exactly, so files we write
are read unchanged by tools built for the reference labeler.

Two vocabularies, kept apart on purpose:

- label *values* are floats, as written in label files: POSITIVE 1.0, NEGATIVE 0.0,
  UNCERTAIN -1.0, and BLANK (NaN, not mentioned);
- metric class *codes* (:class:`LabelClass`) are small integers 0-3 that index confusion
  matrices; blank is a class of its own there.
"""

from __future__ import annotations

import math
from enum import IntEnum

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

# Observations with a rule of their own in labeling and scoring.
NO_FINDING = "No Finding"
SUPPORT_DEVICES = "Support Devices"

POSITIVE = 1.0
NEGATIVE = 0.0
UNCERTAIN = -1.0
BLANK = math.nan  # not mentioned; test with is_blank(), since NaN != NaN

# The values a stated label takes; blank is the absence of one.
LABEL_VALUES: tuple[float, ...] = (POSITIVE, NEGATIVE, UNCERTAIN)
VALUE_NAMES: dict[float, str] = {POSITIVE: "positive", NEGATIVE: "negative", UNCERTAIN: "uncertain"}


class LabelClass(IntEnum):
    """Class code of a label value in metrics and agreement: a confusion-matrix index.

    Not a label value: ``LabelClass.POSITIVE`` is 0, the value ``POSITIVE`` is 1.0.
    """

    POSITIVE = 0
    NEGATIVE = 1
    UNCERTAIN = 2
    BLANK = 3


# Class code -> label value (BLANK is NaN: match it with is_blank, not ==).
CLASS_VALUES: dict[LabelClass, float] = {
    LabelClass.POSITIVE: POSITIVE,
    LabelClass.NEGATIVE: NEGATIVE,
    LabelClass.UNCERTAIN: UNCERTAIN,
    LabelClass.BLANK: BLANK,
}


def slug(observation: str) -> str:
    """File-name form of an observation: 'Pleural Effusion' -> 'pleural_effusion'."""
    return observation.lower().replace(" ", "_")


OBSERVATION_BY_SLUG: dict[str, str] = {slug(o): o for o in OBSERVATIONS}


def is_blank(value: object) -> bool:
    """True for a blank label value or cell: None or NaN."""
    return value is None or (isinstance(value, float) and math.isnan(value))
