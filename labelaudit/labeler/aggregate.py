"""From mention labels to one value per observation, and No Finding.

CheXpert (default), per observation over its mention labels:
  1. one label: that label;
  2. both 0 and -1 present: -1 (even when 1 is present too);
  3. 0 and 1: 1;   4. -1 and 1: 1;   no mention: blank.
NegBio/MIMIC variant: 1 if any mention is 1, else 0 if any is 0, else -1; and abnormalities
outside the 14 observations do not switch No Finding off.
No Finding is 1 when the labeled text has words, no observation other than Support Devices is
1 or -1, and (CheXpert) no other abnormality is mentioned as present or possible; else blank.
"""

from __future__ import annotations

from labelaudit.errors import OptionError
from labelaudit.observations import (
    BLANK,
    NEGATIVE,
    NO_FINDING,
    OBSERVATIONS,
    POSITIVE,
    SUPPORT_DEVICES,
    UNCERTAIN,
)

AGGREGATIONS = ("chexpert", "negbio")
NON_BLOCKING = frozenset({SUPPORT_DEVICES})


def check_aggregation(method: str) -> str:
    """``method`` if it is one of AGGREGATIONS, else an OptionError that names them."""
    if method not in AGGREGATIONS:
        raise OptionError(
            f"unknown aggregation {method!r}; expected one of {', '.join(AGGREGATIONS)}"
        )
    return method


def combine(labels: list[float], method: str = "chexpert") -> float:
    present = set(labels)
    if not present:
        return BLANK
    if len(present) == 1:
        return labels[0]
    if method == "negbio":
        if POSITIVE in present:
            return POSITIVE
        return NEGATIVE if NEGATIVE in present else UNCERTAIN
    if NEGATIVE in present and UNCERTAIN in present:
        return UNCERTAIN
    return POSITIVE


def aggregate(
    labels_by_observation: dict[str, list[float]],
    other_finding_present: bool,
    has_text: bool,
    method: str = "chexpert",
) -> dict[str, float]:
    values = {o: combine(labels_by_observation.get(o, []), method) for o in OBSERVATIONS[1:]}
    blocked = any(
        values[o] in (POSITIVE, UNCERTAIN) for o in OBSERVATIONS[1:] if o not in NON_BLOCKING
    )
    if method == "chexpert":
        blocked = blocked or other_finding_present
    no_finding = POSITIVE if has_text and not blocked else BLANK
    return {NO_FINDING: no_finding, **values}
