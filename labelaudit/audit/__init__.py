"""Audit report labels with an image model: confident learning on out-of-fold probabilities.

From Python::

    from labelaudit.audit import AuditInputs, AuditOptions, run_audit

    inputs = AuditInputs(labels=Path("labels.csv"), predictions=Path("oof_predictions.csv"))
    result = run_audit(inputs, Path("audit"), AuditOptions())

Torch-free: the audit reads a predictions CSV, so it runs with pandas and cleanlab alone.
The names load on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from labelaudit.lazy import lazy_exports

if TYPE_CHECKING:
    from labelaudit.audit.job import AuditInputs, AuditOptions, AuditResult, run_audit

_HOMES = {
    "AuditInputs": "job",
    "AuditOptions": "job",
    "AuditResult": "job",
    "run_audit": "job",
}
__all__ = ["AuditInputs", "AuditOptions", "AuditResult", "run_audit"]
__getattr__ = lazy_exports(__name__, _HOMES)
