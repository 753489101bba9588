"""The run folder: model card, checkpoints, log, and loading a trained model back.

Layout (``labelaudit train --output runs/NAME``): ``model.json``, ``best.pt`` (state_dict of
the best epoch by mean AUROC), ``last.pt`` (resume checkpoint), ``metrics.json``,
``roc.png``, ``log.csv``, ``skipped_images.csv``, ``valid_predictions.csv``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch
from torch import nn

from labelaudit.atomic import atomic_write, atomic_write_bytes, atomic_write_text
from labelaudit.errors import InputError
from labelaudit.train.card import CARD, ModelCard, sha256_file
from labelaudit.train.model import Architecture, binary_view, build_model

BEST = "best.pt"
LAST = "last.pt"
METRICS = "metrics.json"
ROC = "roc.png"
LOG = "log.csv"
SKIPPED = "skipped_images.csv"
VALID_PREDICTIONS = "valid_predictions.csv"  # the best epoch's validation probabilities


def save_torch(obj: Any, path: Path) -> str:
    """Write a torch object atomically; return its sha256."""
    buffer = io.BytesIO()
    torch.save(obj, buffer)
    data = buffer.getvalue()
    atomic_write_bytes(path, data)
    return hashlib.sha256(data).hexdigest()


def write_json(path: Path, data: dict) -> None:
    atomic_write_text(path, json.dumps(data, indent=2, allow_nan=False) + "\n")


def load_run(
    run_dir: str | Path, device: str | torch.device = "cpu"
) -> tuple[nn.Module, ModelCard]:
    """The best model of a finished run, in eval mode on ``device``, and its model card.

    The model returns one logit per observation whatever the policy (a U-MultiClass run
    comes back as its positive-vs-negative view), so a sigmoid gives the probability.
    """
    run_dir = Path(run_dir)
    card = ModelCard.read(run_dir)
    weights = run_dir / BEST
    if not weights.is_file():
        raise InputError(f"{run_dir}: no {BEST}; the run has not finished an epoch")
    expected = card.best_sha256
    if expected and sha256_file(weights) != expected:
        raise InputError(
            f"{weights}: checksum differs from {CARD}; the file was changed or is damaged"
        )
    arch = Architecture.from_dict(card.architecture)
    model = build_model(arch)
    try:
        state = torch.load(weights, map_location="cpu", weights_only=True)
        model.load_state_dict(state)
    except Exception as exc:  # a foreign or truncated file: one line, not a traceback
        raise InputError(
            f"{weights}: cannot be loaded as this run's model ({type(exc).__name__})"
        ) from None
    return binary_view(model, arch).to(device).eval(), card


def write_log(path: Path, rows: Sequence[dict]) -> None:
    """The whole training log, rewritten after each epoch (it is small)."""
    if not rows:
        return
    with atomic_write(path) as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def write_skipped(path: Path, skipped: dict[str, str]) -> None:
    """Every image left out, with why; written even when empty so its absence means nothing."""
    with atomic_write(path) as handle:
        writer = csv.writer(handle)
        writer.writerow(["path", "reason"])
        writer.writerows(sorted(skipped.items()))
