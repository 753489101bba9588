"""Where torch runs: the one ``Device`` choice of every part that runs a model.

Torch-free, so options dataclasses and the CLI can name a device without importing torch;
:func:`labelaudit.train.trainer.resolve_device` turns it into a ``torch.device``.
"""

from __future__ import annotations

from enum import Enum


class Device(str, Enum):
    """Where torch runs; ``auto`` picks CUDA when available."""

    auto = "auto"
    cpu = "cpu"
    cuda = "cuda"
