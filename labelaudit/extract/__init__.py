"""``labelaudit extract``: label a file or folder of reports into a CheXpert-format CSV.

From Python::

    from labelaudit.extract import LabelerOptions, extract_labels, open_reports

    source = open_reports("reports.csv")
    result = extract_labels(source, Path("labels.csv"), options=LabelerOptions(), workers=2)

The names load on first use: a worker process imports ``labelaudit.extract.runner`` and
must not pay for pandas and pyarrow, which only the main process needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from labelaudit.lazy import lazy_exports

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

__getattr__ = lazy_exports(__name__, _HOMES)
