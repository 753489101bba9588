"""Validation of report labels against manual ones (``labelaudit validate``).

From Python::

    from labelaudit.validation import ValidationInputs, ValidationOptions, run_validation

    inputs = ValidationInputs(gold=Path("manual.csv"), pred=Path("labels.csv"))
    result = run_validation(inputs, Path("validation"), ValidationOptions(n_resamples=1000))

``join`` aligns gold and predictions, ``metrics`` and ``bootstrap`` score them, ``tables``
and ``render`` present the scores, ``error_audit`` lists every disagreement with the
labeler's evidence, ``chart`` and ``html_report`` draw them, and ``run`` ties it together.
The names load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from labelaudit.lazy import lazy_exports

if TYPE_CHECKING:
    from labelaudit.validation.run import (
        ValidationInputs,
        ValidationOptions,
        ValidationResult,
        run_validation,
    )

_HOMES = {
    "ValidationInputs": "run",
    "ValidationOptions": "run",
    "ValidationResult": "run",
    "run_validation": "run",
}
__all__ = ["ValidationInputs", "ValidationOptions", "ValidationResult", "run_validation"]
__getattr__ = lazy_exports(__name__, _HOMES)
