"""Where predictions and their evidence come from: an evidence JSONL, or the labeler itself."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from labelaudit.errors import InputError
from labelaudit.jsonlines import parse_object
from labelaudit.observations import OBSERVATIONS


@dataclass
class LabelerRun:
    """Labels of a list of reports, their evidence records, and the rule set that made them."""

    values: pd.DataFrame  # 14 observation columns, one row per report, in input order
    evidence: list[dict]
    statuses: pd.Series  # "ok" | "empty" | "too_long" | "no_section" per report
    rules_version: str = ""
    rules_hash: str = ""
    not_ok: dict[str, int] = field(default_factory=dict)  # status -> count, for warnings


def run_labeler(
    keys: Sequence[str],
    texts: Sequence[str],
    *,
    rules: Path | None = None,
    progress: Callable[[int], None] | None = None,
) -> LabelerRun:
    """Label ``texts`` with labelaudit's labeler; evidence records carry ``keys`` as ids.

    ``progress(1)`` is called after each report."""
    from labelaudit.labeler import Labeler  # spaCy loads only when labels are needed

    labeler = Labeler(rules=str(rules) if rules is not None else None)
    rows: list[list[float]] = []
    statuses: list[str] = []
    evidence: list[dict] = []
    pairs = [(str(k), "" if t is None else str(t)) for k, t in zip(keys, texts, strict=True)]
    for result in labeler.label_many(pairs):
        rows.append([float(result.values[o]) for o in OBSERVATIONS])
        statuses.append(result.status)
        evidence.extend(m.to_dict() for m in result.mentions)
        if progress is not None:
            progress(1)
    index = pd.Index([str(k) for k in keys])
    status_series = pd.Series(statuses, index=index, dtype=object)
    not_ok = status_series[status_series != "ok"].value_counts().to_dict()
    return LabelerRun(
        values=pd.DataFrame(rows, columns=list(OBSERVATIONS), index=index, dtype=float),
        evidence=evidence,
        statuses=status_series,
        rules_version=str(labeler.rules.version),
        rules_hash=str(labeler.rules.hash),
        not_ok={str(k): int(v) for k, v in not_ok.items()},
    )


def read_evidence(path: Path) -> list[dict]:
    """Evidence records from ``labelaudit extract --evidence FILE.jsonl``, checked line by line."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, expected an evidence JSONL file")
    records = []
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                records.append(_parse_record(path, number, line))
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    return records


def _parse_record(path: Path, number: int, line: str) -> dict:
    record = parse_object(path, number, line)
    if record.get("observation") not in OBSERVATIONS:
        raise InputError(
            f"{path}:{number}: 'observation' must be one of the 14 observations, "
            f"got {record.get('observation')!r}"
        )
    report_id = record.get("report_id")
    row = record.get("row")
    if report_id in (None, "") and not (isinstance(row, int) and row >= 0):
        raise InputError(f"{path}:{number}: an evidence record needs a 'report_id' or a 'row'")
    for name in ("start", "end"):
        value = record.get(name)
        if value is not None and (not isinstance(value, (int, float)) or math.isnan(value)):
            raise InputError(f"{path}:{number}: '{name}' must be a character offset")
    return record
