"""SmoothGrad (Smilkov et al. 2017): the vanilla gradient map averaged over noisy copies.

Exact torch autograd, no extra library: n gradient passes on I + N(0, sigma^2), with sigma a
fraction of each image's value range (the paper recommends 10-20 %).
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

from labelaudit.errors import InputError
from labelaudit.saliency.gradient import gradient_maps
from labelaudit.saliency.model_io import checked_logits, evaluating

DEFAULT_SAMPLES = 16
DEFAULT_NOISE = 0.15


def smoothgrad_maps(
    model: nn.Module,
    images: torch.Tensor,
    targets: Sequence[int],
    *,
    samples: int = DEFAULT_SAMPLES,
    noise: float = DEFAULT_NOISE,
    seed: int = 0,
) -> tuple[torch.Tensor, torch.Tensor]:
    """Return ``(maps, logits)`` like :func:`gradient_maps`; logits are of the clean images."""
    if samples < 1:
        raise InputError(f"SmoothGrad needs at least 1 sample, got {samples}")
    if noise < 0:
        raise InputError(f"SmoothGrad noise must be >= 0, got {noise}")
    images = images.detach()
    with evaluating(model), torch.no_grad():
        logits = checked_logits(model, images, targets)
    dims = (1, 2, 3)
    sigma = noise * (images.amax(dim=dims, keepdim=True) - images.amin(dim=dims, keepdim=True))
    generator = torch.Generator(device=images.device).manual_seed(seed)
    total = torch.zeros((), device=images.device, dtype=images.dtype)  # broadcasts to the maps
    for _ in range(samples):
        noisy = images + sigma * torch.randn(
            images.shape, generator=generator, device=images.device, dtype=images.dtype
        )
        maps, _ = gradient_maps(model, noisy, targets)
        total = total + maps
    return total / samples, logits
