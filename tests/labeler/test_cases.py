"""The hand-written sentence and report cases in tests/labeler/cases/*.tsv.

Each line gives a text and every non-blank value expected for it; everything unlisted must be
blank. Cases where labelaudit deliberately or knowingly differs live in KNOWN_DIFFERENCES
with the reason.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

import pytest

from labelaudit.observations import OBSERVATIONS

CASES_DIR = Path(__file__).parent / "cases"

# (file, text) -> why the labeler's answer differs from the case's expectation.
KNOWN_DIFFERENCES: dict[tuple[str, str], str] = {}


def _parse_expected(cell: str) -> dict[str, float]:
    expected = {}
    for part in filter(None, (p.strip() for p in cell.split(";"))):
        name, _, value = part.partition("=")
        assert name.strip() in OBSERVATIONS, f"unknown observation {name!r} in case file"
        expected[name.strip()] = float(value)
    return expected


def _load_cases():
    for path in sorted(CASES_DIR.glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
            for line, row in enumerate(reader, start=2):
                text = row["text"].replace("\\n", "\n")
                mark = ()
                reason = KNOWN_DIFFERENCES.get((path.name, row["text"]))
                if reason:
                    mark = (pytest.mark.xfail(reason=reason, strict=True),)
                yield pytest.param(
                    text,
                    _parse_expected(row["expected"]),
                    id=f"{path.stem}:{line}",
                    marks=mark,
                )


@pytest.mark.parametrize(("text", "expected"), list(_load_cases()))
def test_case(labeler, text: str, expected: dict[str, float]) -> None:
    result = labeler.label(text)
    got = {o: v for o, v in result.values.items() if not math.isnan(v)}
    evidence = [(m.observation, m.text, m.klass, m.trigger) for m in result.mentions]
    assert got == expected, f"evidence: {evidence}"


def test_case_files_exist() -> None:
    assert len(list(_load_cases())) >= 400
