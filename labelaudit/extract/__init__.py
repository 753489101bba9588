"""``labelaudit extract``: label a file or folder of reports into a CheXpert-format CSV.

From Python::

    from labelaudit.extract import LabelerOptions, extract_labels, open_reports

    source = open_reports("reports.csv")
    result = extract_labels(source, Path("labels.csv"), options=LabelerOptions(), workers=2)

The names load on first use: a worker process imports ``labelaudit.extract.runner`` and
must not pay for pandas and pyarrow, which only the main process needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from labelaudit.extract.job import ExtractResult, default_output, extract_labels
    from labelaudit.extract.readers import ReportInput, open_reports
    from labelaudit.extract.runner import LabelerOptions

_HOMES = {
    "ExtractResult": "job",
    "default_output": "job",
    "extract_labels": "job",
    "ReportInput": "readers",
    "open_reports": "readers",
    "LabelerOptions": "runner",
}
__all__ = [
    "ExtractResult",
    "LabelerOptions",
    "ReportInput",
    "default_output",
    "extract_labels",
    "open_reports",
]


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(importlib.import_module(f"labelaudit.extract.{_HOMES[name]}"), name)
    raise AttributeError(f"module 'labelaudit.extract' has no attribute {name!r}")
