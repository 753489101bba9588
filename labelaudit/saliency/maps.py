"""One entry point for every method: maps at the input's resolution, plus the logits."""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

from labelaudit.saliency.gradcam import gradcam_maps, upsample
from labelaudit.saliency.gradient import gradient_maps
from labelaudit.saliency.methods import Method
from labelaudit.saliency.smoothgrad import smoothgrad_maps


def compute_maps(
    model: nn.Module,
    images: torch.Tensor,
    targets: Sequence[int],
    method: Method | str,
    *,
    seed: int = 0,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Return ``(maps, logits)``: float32 maps N×K×H×W (the input's H×W), non-negative."""
    method = Method(method)
    if method is Method.GRADIENT:
        maps, logits = gradient_maps(model, images, targets)
    elif method is Method.SMOOTHGRAD:
        maps, logits = smoothgrad_maps(model, images, targets, seed=seed)
    else:
        maps, logits = gradcam_maps(model, images, targets)
        maps = upsample(maps, (images.shape[-2], images.shape[-1]))
    return maps.float(), logits.float()
