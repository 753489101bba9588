"""Multi-task loss: the sum over observations of masked binary cross-entropy on logits."""

from __future__ import annotations

import torch
import torch.nn.functional as F


def masked_bce_sum(logits: torch.Tensor, targets: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Sum over the K observations of the mean BCE over that observation's unmasked images.

    An observation with no unmasked image in the batch adds nothing (not a NaN). Computed in
    float32 even under bf16 autocast.
    """
    per_entry = F.binary_cross_entropy_with_logits(logits.float(), targets, reduction="none")
    counts = mask.sum(dim=0)
    per_observation = (per_entry * mask).sum(dim=0) / counts.clamp(min=1)
    return per_observation.sum()
