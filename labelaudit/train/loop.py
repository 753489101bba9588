"""The training step, one epoch, and batched prediction. No I/O, no printing."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import torch
from torch import nn

from labelaudit.errors import TrainingError
from labelaudit.train.dataset import Batch
from labelaudit.train.loss import LossFn, masked_bce_sum


@dataclass(frozen=True)
class Precision:
    """Where tensors live and how they are computed."""

    device: torch.device
    bf16: bool = False  # bf16 autocast (always on CUDA, opt-in on the CPU)

    # channels_last on every device: cuDNN's and oneDNN's fast convolutions want NHWC (on
    # the CPU a thin VGG16-BN steps 1.2-1.4x faster; docs/train.md).
    channels_last: bool = True

    def autocast(self) -> contextlib.AbstractContextManager:
        if not self.bf16:
            return contextlib.nullcontext()
        return torch.autocast(device_type=self.device.type, dtype=torch.bfloat16)

    def to_device(self, images: torch.Tensor) -> torch.Tensor:
        memory_format = torch.channels_last if self.channels_last else torch.preserve_format
        return images.to(self.device, non_blocking=True, memory_format=memory_format)


@dataclass
class EpochStats:
    loss: float = 0.0  # mean batch loss
    images: int = 0
    seconds: float = 0.0
    failed: list[tuple[int, str]] = field(default_factory=list)
    skipped_batches: int = 0  # batches left out because a rank could load none of it

    @property
    def images_per_s(self) -> float:
        return self.images / self.seconds if self.seconds > 0 else 0.0


def train_step(
    model: nn.Module,
    optimizer: torch.optim.Optimizer,
    batch: Batch,
    precision: Precision,
    loss_fn: LossFn = masked_bce_sum,
    scheduler: torch.optim.lr_scheduler.LRScheduler | None = None,
) -> torch.Tensor:
    images = precision.to_device(batch.images)
    targets = batch.targets.to(precision.device, non_blocking=True)
    masks = batch.masks.to(precision.device, non_blocking=True)
    optimizer.zero_grad(set_to_none=True)
    with precision.autocast():
        logits = model(images)
    loss = loss_fn(logits, targets, masks)
    loss.backward()
    optimizer.step()
    if scheduler is not None:
        scheduler.step()
    return loss.detach()


def train_epoch(
    model: nn.Module,
    loader: Iterable[Batch],
    optimizer: torch.optim.Optimizer,
    precision: Precision,
    on_batch: Callable[[int, float], None] | None = None,
    *,
    loss_fn: LossFn = masked_bce_sum,
    scheduler: torch.optim.lr_scheduler.LRScheduler | None = None,
    agree: Callable[[bool], bool] = lambda flag: flag,
) -> EpochStats:
    """One pass over ``loader``; ``on_batch(images, loss)`` drives the progress bar.

    ``scheduler`` (e.g. OneCycleLR) steps after every optimizer step. Under DDP, ``agree``
    is true only when every rank's flag is: a batch that failed to load on any rank is
    skipped on all of them, and a non-finite loss on any rank stops all of them, so no
    rank is left waiting in a gradient all-reduce.
    """
    model.train()
    stats = EpochStats()
    total_loss, batches = 0.0, 0
    start = time.perf_counter()
    for batch in loader:
        stats.failed.extend(batch.failed)
        if not agree(len(batch.indices) > 0):
            stats.skipped_batches += 1
            continue
        loss = train_step(model, optimizer, batch, precision, loss_fn, scheduler).item()
        if not agree(bool(np.isfinite(loss))):
            loss = loss if not np.isfinite(loss) else float("nan")
            raise TrainingError(
                f"the loss became {loss} after {stats.images} images; "
                "lower lr, or check the images for constant or extreme values",
                "lr",
            )
        total_loss += loss
        batches += 1
        stats.images += len(batch.indices)
        if on_batch is not None:
            on_batch(len(batch.indices), loss)
    stats.seconds = time.perf_counter() - start
    stats.loss = total_loss / batches if batches else float("nan")
    return stats


@torch.no_grad()
def predict(
    model: nn.Module, loader: Iterable[Batch], precision: Precision
) -> tuple[np.ndarray, np.ndarray, list[tuple[int, str]]]:
    """Sigmoid probabilities: (row indices, N x K float64 probabilities, failed rows)."""
    model.eval()
    indices, probabilities, failed = [], [], []
    for batch in loader:
        failed.extend(batch.failed)
        if len(batch.indices) == 0:
            continue
        with precision.autocast():
            logits = model(precision.to_device(batch.images))
        probabilities.append(torch.sigmoid(logits.float()).cpu().numpy().astype(np.float64))
        indices.append(batch.indices.numpy())
    if not indices:
        return np.empty(0, dtype=np.int64), np.empty((0, 0)), failed
    return np.concatenate(indices), np.concatenate(probabilities), failed
