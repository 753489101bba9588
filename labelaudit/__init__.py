"""labelaudit: label chest X-ray reports, audit the labels, train image models on them.

``import labelaudit`` is light: spaCy loads on first use of :class:`Labeler`, and torch
only inside the training commands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from labelaudit.observations import OBSERVATIONS

__version__ = "0.3.0"
__all__ = ["OBSERVATIONS", "Labeler", "ReportLabels", "__version__"]

if TYPE_CHECKING:
    from labelaudit.labeler import Labeler, ReportLabels


def __getattr__(name: str):
    if name in ("Labeler", "ReportLabels"):
        from labelaudit import labeler

        return getattr(labeler, name)
    raise AttributeError(f"module 'labelaudit' has no attribute {name!r}")
