"""DistributedDataParallel under torchrun: process group, rank checks, gathering results.

Started by ``torchrun --nproc-per-node N -m labelaudit train ...``, which sets RANK,
WORLD_SIZE and LOCAL_RANK. Without them everything here is a single-process no-op.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import torch
import torch.distributed as dist


@dataclass(frozen=True)
class DistContext:
    rank: int = 0
    world_size: int = 1
    local_rank: int = 0

    @property
    def enabled(self) -> bool:
        return self.world_size > 1

    @property
    def is_main(self) -> bool:
        return self.rank == 0


def launched_by_torchrun() -> bool:
    return "RANK" in os.environ and "WORLD_SIZE" in os.environ


def init_distributed(device_type: str) -> DistContext:
    """Join the process group torchrun prepared: NCCL on CUDA, gloo on the CPU."""
    if not launched_by_torchrun() or int(os.environ["WORLD_SIZE"]) <= 1:
        return DistContext()
    context = DistContext(
        rank=int(os.environ["RANK"]),
        world_size=int(os.environ["WORLD_SIZE"]),
        local_rank=int(os.environ.get("LOCAL_RANK", 0)),
    )
    if not dist.is_initialized():
        backend = "nccl" if device_type == "cuda" else "gloo"
        if device_type == "cuda":
            torch.cuda.set_device(context.local_rank)
        dist.init_process_group(backend=backend)
    return context


def close_distributed() -> None:
    if dist.is_available() and dist.is_initialized():
        dist.destroy_process_group()


def gather_objects(context: DistContext, obj: Any) -> list[Any]:
    """Every rank's ``obj``, in rank order (a list of one without DDP)."""
    if not context.enabled:
        return [obj]
    gathered: list[Any] = [None] * context.world_size
    dist.all_gather_object(gathered, obj)
    return gathered


def all_ranks(context: DistContext, flag: bool, device: torch.device | None = None) -> bool:
    """True on every rank when ``flag`` is true on every rank (one tiny all_reduce).

    Collective steps must happen in the same order on every rank, or DDP hangs: a rank
    whose whole batch failed to load asks the others, and all skip that batch together.
    """
    if not context.enabled:
        return flag
    value = torch.tensor([1 if flag else 0], device=device or torch.device("cpu"))
    dist.all_reduce(value, op=dist.ReduceOp.MIN)
    return bool(value.item())


def barrier(context: DistContext) -> None:
    if context.enabled:
        dist.barrier()


def is_main_process() -> bool:
    """Rank 0, or no torchrun at all; usable before the process group exists."""
    return int(os.environ.get("RANK", "0")) == 0
