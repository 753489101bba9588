"""``labelaudit extract``: label a file or folder of reports into a CheXpert-format CSV.

From Python::

    from labelaudit.extract import ExtractInputs, ExtractOptions, open_reports, run_extract

    inputs = ExtractInputs(open_reports(Path("reports.csv")))
    result = run_extract(inputs, Path("labels.csv"), ExtractOptions(workers=2))

The names load on first use: a worker process imports ``labelaudit.extract.runner`` and
must not pay for pandas and pyarrow, which only the main process needs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from labelaudit.lazy import lazy_exports

if TYPE_CHECKING:
    from labelaudit.extract.job import (
        ExtractInputs,
        ExtractOptions,
        ExtractResult,
        default_output,
        run_extract,
    )
    from labelaudit.extract.readers import ReportInput, open_reports
    from labelaudit.extract.runner import LabelerOptions

_HOMES = {
    "ExtractInputs": "job",
    "ExtractOptions": "job",
    "ExtractResult": "job",
    "default_output": "job",
    "run_extract": "job",
    "ReportInput": "readers",
    "open_reports": "readers",
    "LabelerOptions": "runner",
}
__all__ = [
    "ExtractInputs",
    "ExtractOptions",
    "ExtractResult",
    "LabelerOptions",
    "ReportInput",
    "default_output",
    "open_reports",
    "run_extract",
]
__getattr__ = lazy_exports(__name__, _HOMES)
