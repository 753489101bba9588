"""``labelaudit distribution`` over units and in either paper's convention."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from labelaudit.distribution import (
    Distribution,
    DistributionRow,
    align_labels,
    count_disagreements,
)
from labelaudit.errors import LabelFileError
from labelaudit.layouts.formats import UNIT_PLURALS
from labelaudit.layouts.load import LayoutOptions, UnitInfo, count_units, is_plain, read_units
from labelaudit.observations import NO_FINDING, OBSERVATIONS


class Negatives(str, Enum):
    explicit = "explicit"  # MIMIC-CXR-JPG Table 2: Negative = 0; blank is neither
    implicit = "implicit"  # CheXpert Table 1: Negative = 0 or blank


def unit_distribution(
    path: Path,
    options: LayoutOptions,
    negatives: Negatives = Negatives.explicit,
    against: Path | None = None,
) -> Distribution:
    counted = count_units(path, options)
    info, counts = counted.info, counted.counts
    disagreements = None
    if against is not None:
        disagreements = _disagreements(path, against, options, info)
    rows = []
    for observation in info.observations:
        k = OBSERVATIONS.index(observation)
        negative: int | None  # None prints "-"
        uncertain: int | None
        positive, negative, uncertain, blank = (int(c) for c in counts[k])
        if negatives is Negatives.implicit:
            negative += blank
        elif observation == NO_FINDING:
            negative = negative or None  # "-" as in the paper, unless the file has such values
            uncertain = uncertain or None
        disagreement = None
        if disagreements is not None and observation in disagreements.index:
            disagreement = int(disagreements[observation])
        rows.append(DistributionRow(observation, positive, negative, uncertain, disagreement))
    return Distribution(
        reports=info.units,
        rows=tuple(rows),
        against=str(against) if against is not None else None,
        counted=info.describe(),
        negatives=negatives.value,
        notes=tuple(info.note_lines()),
    )


def _disagreements(path: Path, against: Path, options: LayoutOptions, info: UnitInfo):
    ours, _ = read_units(
        path, LayoutOptions(options.layout, info.unit, options.combine, options.vocabulary)
    )
    try:
        theirs, _ = read_units(against, LayoutOptions(per=info.unit, combine=options.combine))
    except LabelFileError as exc:
        if "cannot be counted per" not in str(exc):
            raise
        raise LabelFileError(
            f"{exc}; against needs a file of the same {UNIT_PLURALS[info.unit]} as {path}",
            *exc.parameters,
            "against",
        ) from None
    aligned = align_labels(ours, theirs)
    return count_disagreements(ours.values, aligned)


def uses_layouts(path: Path, options: LayoutOptions, negatives: Negatives | None) -> bool:
    """False for a plain CheXpert-format file without layout options: counted as before."""
    return options.chosen or negatives is not None or not is_plain(path)
