"""Grad-CAM (Selvaraju et al. 2017) on a convolutional layer, by default the last one.

L_k = ReLU(sum_c alpha_c A_c) with alpha_c the spatial mean of dS_k/dA_c, S_k the logit.
The map has the layer's (feature-map) resolution; :func:`upsample` brings it to the input's.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
import torch.nn.functional as F
from torch import nn

from labelaudit.errors import InputError
from labelaudit.saliency.model_io import checked_logits, evaluating


def last_conv_layer(model: nn.Module) -> nn.Conv2d:
    """The last ``nn.Conv2d`` of ``model.features`` (VGG-style), else of the whole model."""
    for root in (getattr(model, "features", None), model):
        if isinstance(root, nn.Module):
            convs = [m for m in root.modules() if isinstance(m, nn.Conv2d)]
            if convs:
                return convs[-1]
    raise InputError("Grad-CAM needs a convolutional layer, and the model has none")


def gradcam_maps(
    model: nn.Module,
    images: torch.Tensor,
    targets: Sequence[int],
    layer: nn.Module | None = None,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Return ``(maps, logits)``: maps N×K×h×w at the layer's resolution, non-negative."""
    layer = layer if layer is not None else last_conv_layer(model)
    captured: list[torch.Tensor] = []

    def keep_activations(_module, _inputs, output):
        captured.append(output)
        # Hand a copy downstream: an in-place ReLU after the conv must not overwrite the
        # activations we differentiate against.
        return output.clone()

    handle = layer.register_forward_hook(keep_activations)
    try:
        with evaluating(model), torch.enable_grad():
            # A frozen model still needs a graph from the input to the activations.
            inputs = images.detach().clone().requires_grad_(True)
            logits = checked_logits(model, inputs, targets)
            if len(captured) != 1:
                raise InputError("the Grad-CAM layer must run exactly once per forward pass")
            activations = captured[0]
            maps = []
            for position, k in enumerate(targets):
                (grad,) = torch.autograd.grad(
                    logits[:, k].sum(), activations, retain_graph=position < len(targets) - 1
                )
                weights = grad.mean(dim=(2, 3), keepdim=True)
                maps.append(F.relu((weights * activations).sum(dim=1)).detach())
    finally:
        handle.remove()
    return torch.stack(maps, dim=1), logits.detach()


def upsample(maps: torch.Tensor, size: tuple[int, int]) -> torch.Tensor:
    """Bilinear resize of N×K×h×w maps to N×K×size; stays non-negative."""
    if tuple(maps.shape[-2:]) == tuple(size):
        return maps
    return F.interpolate(maps, size=size, mode="bilinear", align_corners=False).clamp_min(0)
