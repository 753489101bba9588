"""Helpers shared by the saliency methods: eval mode, and a model whose outputs fit."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence

import torch
from torch import nn

from labelaudit.errors import InputError


@contextlib.contextmanager
def evaluating(model: nn.Module) -> Iterator[nn.Module]:
    """Eval mode for the duration (dropout off, batch-norm frozen), then restore."""
    was_training = model.training
    model.eval()
    try:
        yield model
    finally:
        model.train(was_training)


def checked_logits(model: nn.Module, inputs: torch.Tensor, targets: Sequence[int]) -> torch.Tensor:
    """Run the model; check it returns N×outputs logits that cover every target index."""
    if inputs.ndim != 4:
        raise InputError(f"saliency needs an N×C×H×W image batch, got shape {tuple(inputs.shape)}")
    if len(targets) == 0:
        raise InputError("saliency needs at least one observation")
    logits = model(inputs)
    if logits.ndim != 2 or logits.shape[0] != inputs.shape[0]:
        raise InputError(
            f"the model returned shape {tuple(logits.shape)}; expected one row of logits per image"
        )
    bad = [k for k in targets if not 0 <= k < logits.shape[1]]
    if bad:
        raise InputError(f"output index {bad[0]} out of range: the model has {logits.shape[1]}")
    return logits
