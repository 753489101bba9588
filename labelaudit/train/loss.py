"""Multi-task losses: the sum over observations of a masked per-observation loss.

Binary cross-entropy on one logit per observation for the sigmoid policies; cross-entropy
over 3 logits per observation (negative, uncertain, positive) for U-MultiClass.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
import torch.nn.functional as F

from labelaudit.train.policies import MULTICLASS_LOGITS

LossFn = Callable[[torch.Tensor, torch.Tensor, torch.Tensor], torch.Tensor]


def _masked_sum(per_entry: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    counts = mask.sum(dim=0)
    return ((per_entry * mask).sum(dim=0) / counts.clamp(min=1)).sum()


def masked_bce_sum(logits: torch.Tensor, targets: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Sum over the K observations of the mean BCE over that observation's unmasked images.

    Targets may be soft (U-Ones smoothing, U-SelfTrained). An observation with no unmasked
    image in the batch adds nothing (not a NaN). Computed in float32 even under autocast.
    """
    per_entry = F.binary_cross_entropy_with_logits(logits.float(), targets, reduction="none")
    return _masked_sum(per_entry, mask)


def masked_ce_sum(logits: torch.Tensor, targets: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """U-MultiClass: ``logits`` N x 3K (3 per observation), ``targets`` N x K class indices."""
    n, k = targets.shape
    per_entry = F.cross_entropy(
        logits.float().reshape(n * k, MULTICLASS_LOGITS),
        targets.long().reshape(n * k),
        reduction="none",
    )
    return _masked_sum(per_entry.reshape(n, k), mask)


def loss_for(classes_per_observation: int) -> LossFn:
    return masked_ce_sum if classes_per_observation == MULTICLASS_LOGITS else masked_bce_sum
