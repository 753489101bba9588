"""Training throughput: labelaudit's training step against a plain PyTorch loop.

Same model (VGG16 cfg "D", thinned by --width), same images (PNG files on disk, decoded
and augmented by the same transforms), same DataLoader settings, in the same run. The two
loops alternate (ours, plain, ours, plain, ...) so that load from other processes on the
machine hits both alike; the median images/s of each is reported.

Targets: ours / plain >= 0.95 (our machinery costs nothing), and the data loader alone
>= 3x faster than the model alone (loading is never the bottleneck).

    .venv/bin/python benchmarks/bench_train.py                      # width 0.25, 128 px
    .venv/bin/python benchmarks/bench_train.py --width 1 --images 32  # the real VGG16
"""

from __future__ import annotations

import argparse
import copy
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

import torch
import torch.nn.functional as F
from PIL import Image
from rich.console import Console
from rich.table import Table
from torch.utils.data import DataLoader, Dataset

from labelaudit.observations import OBSERVATIONS
from labelaudit.train.dataset import ImageDataset, make_collate
from labelaudit.train.loop import Precision, train_epoch
from labelaudit.train.model import IMAGENET_MEAN, IMAGENET_STD, Architecture, build_model
from labelaudit.train.policies import targets_and_mask
from labelaudit.train.transforms import train_transform

TARGET_RATIO = 0.95
TARGET_LOADER = 3.0


def write_images(root: Path, count: int, size: int, seed: int = 0) -> tuple[list[str], np.ndarray]:
    """Noisy gray films at ``size`` px with random CheXpert-style labels."""
    rng = np.random.default_rng(seed)
    paths = []
    for i in range(count):
        pixels = rng.normal(110, 40, (size, size)).clip(0, 255).astype(np.uint8)
        path = root / f"film{i:04d}.png"
        Image.fromarray(pixels, "L").save(path)
        paths.append(str(path))
    labels = rng.choice([1.0, 0.0, -1.0, np.nan], size=(count, len(OBSERVATIONS)))
    return paths, labels


class PlainDataset(Dataset):
    """What a hand-written script does: open, convert, transform, return tensors."""

    def __init__(self, paths, targets, masks, transform):
        self.paths, self.targets, self.masks, self.transform = paths, targets, masks, transform

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, i):
        image = self.transform(Image.open(self.paths[i]).convert("L"))
        return image, torch.from_numpy(self.targets[i]), torch.from_numpy(self.masks[i])


def plain_epoch(model, loader, optimizer) -> tuple[int, float]:
    model.train()
    images_seen, start = 0, time.perf_counter()
    for images, targets, masks in loader:
        optimizer.zero_grad()
        logits = model(images)
        per_entry = F.binary_cross_entropy_with_logits(logits, targets, reduction="none")
        loss = ((per_entry * masks).sum(0) / masks.sum(0).clamp(min=1)).sum()
        loss.backward()
        optimizer.step()
        loss.item()
        images_seen += len(images)
    return images_seen, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=64)
    parser.add_argument("--image-size", type=int, default=128)
    parser.add_argument("--width", type=float, default=0.25)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=4, help="alternating ours/plain epochs")
    parser.add_argument("--bf16", action="store_true", help="bf16 autocast in both loops")
    args = parser.parse_args()
    console = Console()
    torch.manual_seed(0)

    with tempfile.TemporaryDirectory() as tmp:
        paths, labels = write_images(Path(tmp), args.images, args.image_size)
        targets, masks = targets_and_mask(labels)
        transform = train_transform(args.image_size, IMAGENET_MEAN, IMAGENET_STD)
        ours_set = ImageDataset(paths, targets, masks, transform)
        plain_set = PlainDataset(paths, targets, masks, transform)
        loader_args = dict(batch_size=args.batch_size, shuffle=True, num_workers=args.workers)
        ours_loader = DataLoader(ours_set, collate_fn=make_collate(ours_set), **loader_args)
        plain_loader = DataLoader(plain_set, **loader_args)

        base = build_model(Architecture(width=args.width))
        ours_model, plain_model = copy.deepcopy(base), copy.deepcopy(base)
        ours_opt = torch.optim.Adam(ours_model.parameters(), lr=1e-4)
        plain_opt = torch.optim.Adam(plain_model.parameters(), lr=1e-4)
        precision = Precision(torch.device("cpu"), bf16=args.bf16)

        # Warm-up epoch each (allocator, thread pools, worker start-up paths).
        train_epoch(ours_model, ours_loader, ours_opt, precision)
        with precision.autocast():
            plain_epoch(plain_model, plain_loader, plain_opt)

        # images per wall second, and per CPU second of this process (the model's threads;
        # both loops use the same loader workers): the latter is steadier on a shared machine.
        ours_rates, plain_rates, ours_cpu, plain_cpu = [], [], [], []
        for _ in range(args.rounds):
            cpu = time.process_time()
            stats = train_epoch(ours_model, ours_loader, ours_opt, precision)
            ours_cpu.append(stats.images / (time.process_time() - cpu))
            ours_rates.append(stats.images / stats.seconds)
            cpu = time.process_time()
            with precision.autocast():
                seen, seconds = plain_epoch(plain_model, plain_loader, plain_opt)
            plain_cpu.append(seen / (time.process_time() - cpu))
            plain_rates.append(seen / seconds)

        # The loader alone (decode + augment + collate, same workers), then the model alone
        # on batches already in memory.
        start, seen = time.perf_counter(), 0
        for _ in range(2):
            for batch in ours_loader:
                seen += len(batch.indices)
        loader_rate = seen / (time.perf_counter() - start)
        cached = [batch for batch, _ in zip(ours_loader, range(4), strict=False)]
        start, seen = time.perf_counter(), 0
        for batch in cached:
            train_epoch(ours_model, [batch], ours_opt, precision)
            seen += len(batch.indices)
        model_rate = seen / (time.perf_counter() - start)

    ours, plain = statistics.median(ours_rates), statistics.median(plain_rates)
    ours_c, plain_c = statistics.median(ours_cpu), statistics.median(plain_cpu)
    table = Table(
        title=f"Training throughput: {args.images} PNGs at {args.image_size} px, VGG16 width "
        f"{args.width}, batch {args.batch_size}, {args.workers} workers, "
        f"{'bf16' if args.bf16 else 'fp32'}, {torch.get_num_threads()} threads",
        title_justify="left",
    )
    table.add_column("measure")
    table.add_column("images/s", justify="right")
    table.add_column("ratio", justify="right")
    table.add_column("target", justify="right")
    table.add_row("labelaudit train_epoch (median)", f"{ours:.1f}", "", "")
    table.add_row("plain PyTorch loop (median)", f"{plain:.1f}", "", "")
    table.add_row("ours / plain", "", f"{ours / plain:.3f}", f">= {TARGET_RATIO}")
    table.add_row("labelaudit, images per CPU second", f"{ours_c:.2f}", "", "")
    table.add_row("plain, images per CPU second", f"{plain_c:.2f}", "", "")
    table.add_row("ours / plain (CPU)", "", f"{ours_c / plain_c:.3f}", f">= {TARGET_RATIO}")
    table.add_row("data loader alone", f"{loader_rate:.1f}", "", "")
    table.add_row("model step alone (cached batches)", f"{model_rate:.1f}", "", "")
    table.add_row("loader / model", "", f"{loader_rate / model_rate:.2f}", f">= {TARGET_LOADER}")
    console.print(table)
    console.print(
        "rounds: ours "
        + ", ".join(f"{r:.1f}" for r in ours_rates)
        + " | plain "
        + ", ".join(f"{r:.1f}" for r in plain_rates)
    )


if __name__ == "__main__":
    main()
