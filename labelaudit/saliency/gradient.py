"""Vanilla gradient saliency (Simonyan, Vedaldi & Zisserman 2014).

The map for observation k is |dS_k/dI| with S_k the logit, the score *before* the sigmoid:
a confident prediction saturates the sigmoid and would shrink its gradient towards zero.
For a colour (or gray-replicated) input the channels are reduced with max |.|.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

from labelaudit.saliency.model_io import checked_logits, evaluating


def gradient_maps(
    model: nn.Module, images: torch.Tensor, targets: Sequence[int]
) -> tuple[torch.Tensor, torch.Tensor]:
    """Return ``(maps, logits)``: maps N×K×H×W (K = len(targets)) and logits N×outputs.

    One forward pass; one backward pass per target. The samples of a batch do not interact
    in eval mode, so the gradient of the summed logit gives each image its own gradient.
    """
    with evaluating(model), torch.enable_grad():
        inputs = images.detach().clone().requires_grad_(True)
        logits = checked_logits(model, inputs, targets)
        maps = []
        for position, k in enumerate(targets):
            (grad,) = torch.autograd.grad(
                logits[:, k].sum(), inputs, retain_graph=position < len(targets) - 1
            )
            maps.append(grad.abs().amax(dim=1))
    return torch.stack(maps, dim=1), logits.detach()
