"""Image-model training on report labels: VGG16 multi-task with uncertainty policies.

From Python::

    from labelaudit.train import TrainInputs, TrainOptions, run_train

    inputs = TrainInputs(labels=Path("labels.csv"), images=Path("manifest.csv"))
    result = run_train(inputs, Path("runs/u-ignore"), TrainOptions(epochs=3))

Needs the ``[train]`` extra (torch, torchvision). The names load on first use, so
``import labelaudit.train`` does not import torch; :class:`TrainOptions`, :class:`ModelCard`,
:class:`Provenance` and :mod:`labelaudit.train.policies` never need it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from labelaudit.lazy import lazy_exports

if TYPE_CHECKING:
    from labelaudit.train.card import ModelCard, Provenance
    from labelaudit.train.job import TrainInputs, TrainResult, run_train
    from labelaudit.train.options import TrainOptions
    from labelaudit.train.trainer import RunResult

_HOMES = {
    "ModelCard": "card",
    "Provenance": "card",
    "TrainInputs": "job",
    "TrainResult": "job",
    "run_train": "job",
    "RunResult": "trainer",
    "TrainOptions": "options",
}
__all__ = [
    "ModelCard",
    "Provenance",
    "RunResult",
    "TrainInputs",
    "TrainOptions",
    "TrainResult",
    "run_train",
]

__getattr__ = lazy_exports(__name__, _HOMES)
