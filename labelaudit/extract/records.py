"""The plain values that cross between the main process and the workers.

Kept free of pandas and pyarrow so a worker process imports only what labeling needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

# (row, report_id, text): a report as read, cheap to pickle.
Report = tuple[int, str | None, str]


@dataclass(frozen=True)
class RowResult:
    """What a worker returns for one report: plain values only, cheap to pickle."""

    values: tuple[float, ...]  # 14 values in OBSERVATIONS order; NaN is blank
    status: str  # "ok" | "empty" | "too_long" | "no_section" | "error"
    evidence: tuple[dict[str, Any], ...] = ()
    warning: str | None = None  # why a report was not labeled, in words
