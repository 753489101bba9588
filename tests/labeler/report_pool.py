"""500 reports from the repository's own report sets, with sections and without.

Used where two ways of labeling must agree, so equality, not accuracy, is tested: the
held-out ``benchmarks/data/hard_reports.csv`` may run here too (nobody tunes on it).
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CASES = Path(__file__).resolve().parent / "cases"
_CSV_SETS = (
    ("examples/reports.csv", "report"),
    ("examples/demo/reports.csv", "report"),
    ("benchmarks/data/dev_reports.csv", "Reports"),
    ("benchmarks/data/heldout_reports.csv", "Reports"),
    ("benchmarks/data/hard_reports.csv", "Reports"),
)


def _read_column(path: Path, column: str) -> list[str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [row[column] for row in csv.DictReader(handle)]


def _all_reports() -> list[str]:
    reports: list[str] = []
    for relative, column in _CSV_SETS:
        reports += _read_column(REPO / relative, column)
    with (REPO / "examples/chexpert_style.csv").open(newline="", encoding="utf-8") as handle:
        reports += [row[0] for row in csv.reader(handle) if row]  # headerless, one column
    folder = REPO / "examples/mimic_layout/files"
    reports += [p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.txt"))]
    for table in sorted(CASES.glob("*.tsv")):
        with table.open(newline="", encoding="utf-8") as handle:
            rows = csv.DictReader(handle, delimiter="\t")
            reports += [row["text"].replace("\\n", "\n") for row in rows]
    return reports


def report_pool(size: int = 500, seed: int = 0) -> list[str]:
    """``size`` reports: most as written, a fifth assembled into titled sections."""
    reports = _all_reports()
    rng = random.Random(seed)
    rng.shuffle(reports)
    assembled_count = size // 5
    pool = reports[: size - assembled_count]
    spare = reports[size - assembled_count :]
    for index in range(assembled_count):
        history, findings, impression = (spare[(3 * index + k) % len(spare)] for k in range(3))
        pool.append(
            f"INDICATION: {history[:80]}\n\nFINDINGS: {findings}\n\nIMPRESSION:\n{impression}"
        )
    return pool
