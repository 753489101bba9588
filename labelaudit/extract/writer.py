"""Stream labels out in the CheXpert labeler's exact CSV format, plus evidence and a meta sidecar.

Every file is written to a temporary file and renamed only when the whole run succeeded, so a
crash or a bad row never leaves a half-written output behind.
"""

from __future__ import annotations

import contextlib
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from labelaudit.atomic import atomic_write
from labelaudit.csvfile import csv_writer
from labelaudit.distribution import LabelCounts
from labelaudit.extract.records import Report, RowResult
from labelaudit.labelfile import REPORT_COLUMN, format_value
from labelaudit.observations import OBSERVATIONS

OK = "ok"


@dataclass
class Unlabeled:
    row: int
    report_id: str | None
    reason: str  # the labeler's status
    detail: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "report_id": self.report_id,
            "reason": self.reason,
            "detail": self.detail,
        }


@dataclass
class WriteSummary:
    """What was written, for the meta file, the warnings and the distribution table."""

    reports: int = 0
    mentions: int = 0
    statuses: Counter = field(default_factory=Counter)
    unlabeled: list[Unlabeled] = field(default_factory=list)
    counts: LabelCounts = field(default_factory=LabelCounts)
    values: list[np.ndarray] = field(default_factory=list)  # per chunk, when kept


def meta_path_for(output: Path) -> Path:
    return output.with_name(output.name + ".meta.json")


class LabelWriter:
    """Write labels (and evidence) chunk by chunk; commit all files together on success.

    Use as a context manager; call :meth:`write` per chunk, then :meth:`finish` with the
    run's metadata before leaving the block. Leaving with an exception removes every file.
    """

    def __init__(
        self,
        output: Path,
        *,
        id_column: str | None,
        evidence: Path | None = None,
        rules: dict[str, str] | None = None,
        keep_values: bool = False,
    ) -> None:
        self.output = output
        self.id_column = id_column
        self.evidence_path = evidence
        self.rules = rules or {}
        self.keep_values = keep_values
        self.summary = WriteSummary()
        self._stack = contextlib.ExitStack()
        self._finished = False

    def __enter__(self) -> LabelWriter:
        with self._stack as stack:
            handle = stack.enter_context(atomic_write(self.output))
            # The reference labeler writes with pandas: minimal quoting, "\n" line ends.
            self._csv = csv_writer(handle)
            header = [REPORT_COLUMN, *OBSERVATIONS]
            self._csv.writerow([self.id_column, *header] if self.id_column else header)
            self._evidence = (
                stack.enter_context(atomic_write(self.evidence_path))
                if self.evidence_path
                else None
            )
            self._stack = stack.pop_all()
        return self

    def __exit__(self, exc_type, exc, tb) -> bool | None:
        if exc_type is None and not self._finished:
            # A caller bug, not bad input: never commit a file without its meta sidecar.
            exc = RuntimeError("LabelWriter closed without finish()")
            self._stack.__exit__(type(exc), exc, None)
            raise exc
        return self._stack.__exit__(exc_type, exc, tb)

    def write(self, chunk: list[Report], results: list[RowResult]) -> None:
        summary = self.summary
        for (row, report_id, text), result in zip(chunk, results, strict=True):
            cells = [format_value(v) for v in result.values]
            self._csv.writerow([report_id, text, *cells] if self.id_column else [text, *cells])
            summary.statuses[result.status] += 1
            if result.status != OK:
                summary.unlabeled.append(Unlabeled(row, report_id, result.status, result.warning))
            if self._evidence is not None:
                for mention in result.evidence:
                    record = {
                        **mention,
                        "row": row,
                        "report_id": report_id,
                        "rules_version": self.rules.get("version"),
                        "rules_hash": self.rules.get("hash"),
                    }
                    self._evidence.write(json.dumps(record, ensure_ascii=False) + "\n")
                summary.mentions += len(result.evidence)
        block = np.array([r.values for r in results], dtype=np.float32).reshape(
            -1, len(OBSERVATIONS)
        )
        summary.counts.add(block)
        if self.keep_values:
            summary.values.append(block)
        summary.reports += len(chunk)

    def finish(self, meta: dict[str, Any]) -> None:
        """Write the meta sidecar; all files are renamed into place when the block ends."""
        summary = self.summary
        record = {
            **meta,
            "output": str(self.output),
            "evidence": str(self.evidence_path) if self.evidence_path else None,
            "rules": self.rules,
            "reports": summary.reports,
            "mentions": summary.mentions if self.evidence_path else None,
            "counts": dict(sorted(summary.statuses.items())),
            "unlabeled": [u.to_dict() for u in summary.unlabeled],
        }
        handle = self._stack.enter_context(atomic_write(meta_path_for(self.output)))
        json.dump(record, handle, indent=2, ensure_ascii=False, default=_json_default)
        handle.write("\n")
        self._finished = True


def _json_default(value: object) -> object:
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")
