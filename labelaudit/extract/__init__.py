"""``labelaudit extract``: label a file or folder of reports into a CheXpert-format CSV.

From Python::

    from labelaudit.extract import LabelerOptions, extract_labels, open_reports

    source = open_reports("reports.csv")
    result = extract_labels(source, Path("labels.csv"), options=LabelerOptions(), workers=2)
"""

from labelaudit.extract.job import ExtractResult, default_output, extract_labels
from labelaudit.extract.readers import ReportInput, open_reports
from labelaudit.extract.runner import LabelerOptions

__all__ = [
    "ExtractResult",
    "LabelerOptions",
    "ReportInput",
    "default_output",
    "extract_labels",
    "open_reports",
]
