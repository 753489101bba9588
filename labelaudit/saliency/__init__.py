"""Saliency maps for a trained image model: where in the X-ray it looked for each finding.

From Python::

    from labelaudit.saliency import Method, SaliencyInputs, SaliencyOptions, run_saliency

    inputs = SaliencyInputs(run=Path("runs/u-ignore"), images=[Path("images/")])
    result = run_saliency(inputs, Path("maps"), SaliencyOptions(methods=[Method.GRADIENT]))

Methods (:mod:`.gradient`, :mod:`.gradcam`, :mod:`.smoothgrad`) need torch; the exports
(:mod:`.export`) and the localisation metrics (:mod:`.validity`) do not. The names load
on first use, so ``import labelaudit.saliency`` imports nothing heavy.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from labelaudit.lazy import lazy_exports

if TYPE_CHECKING:
    from labelaudit.saliency.methods import Method
    from labelaudit.saliency.pipeline import (
        SaliencyInputs,
        SaliencyOptions,
        SaliencyResult,
        run_saliency,
    )

_HOMES = {
    "Method": "methods",
    "SaliencyInputs": "pipeline",
    "SaliencyOptions": "pipeline",
    "SaliencyResult": "pipeline",
    "run_saliency": "pipeline",
}
__all__ = ["Method", "SaliencyInputs", "SaliencyOptions", "SaliencyResult", "run_saliency"]
__getattr__ = lazy_exports(__name__, _HOMES)
