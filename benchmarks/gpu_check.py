"""GPU check: is the CUDA path fast, and is the data loader fast enough to feed it?

One script, under 5 minutes on one GPU. In the same run it measures:

- full VGG16 training images/s at 224 and 320 px: a plain PyTorch loop (fp32, NCHW) as the
  reference, then labelaudit's training step in fp32, with bf16 autocast + channels_last
  (what ``labelaudit train`` uses on CUDA), and optionally under ``torch.compile``;
- peak GPU memory of each;
- the data loader's images/s decoding JPEG films to 320 px with N workers (PIL on the CPU),
  and, for comparison, ``torchvision.io.decode_jpeg(device="cuda")``;
- ``predict`` (eval forward) and ``saliency`` (gradient and Grad-CAM) images/s.

It prints one table and exits 1 if the loader is slower than the model it feeds, 0
otherwise. Without CUDA it says so and exits 0, having measured nothing.

    .venv/bin/python benchmarks/gpu_check.py
    .venv/bin/python benchmarks/gpu_check.py --workers 8 --compile
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout


@dataclass(frozen=True)
class Measure:
    """One row of the table."""

    what: str
    images_per_s: float
    peak_memory_gib: float | None = None
    reference: str = ""  # the row this one is compared with, by ``what``


def loader_verdict(loader_images_per_s: float, model_images_per_s: float) -> tuple[bool, str]:
    """Whether the loader keeps up with the model, and a sentence saying so."""
    ratio = loader_images_per_s / model_images_per_s if model_images_per_s > 0 else float("inf")
    if ratio >= 1:
        return True, f"the loader is {ratio:.1f}x faster than the model: not the bottleneck"
    return False, (
        f"the loader is SLOWER than the model ({ratio:.2f}x): the GPU waits on JPEG decoding. "
        "Raise --workers, or decode on the GPU (torchvision.io.decode_jpeg(device='cuda'), "
        "measured above) with resizing and augmentation as tensor ops on the device"
    )


def build_table(rows: Sequence[Measure], title: str):
    """A rich table: images/s, the ratio to the reference row, and peak memory."""
    from rich.table import Table

    by_name = {row.what: row for row in rows}
    table = Table(title=title, title_justify="left")
    for column in ("measure", "images/s", "vs reference", "peak GPU memory GiB"):
        table.add_column(column, justify="left" if column == "measure" else "right")
    for row in rows:
        base = by_name.get(row.reference)
        ratio = (
            f"{row.images_per_s / base.images_per_s:.2f}x {row.reference}"
            if base is not None and base.images_per_s > 0
            else ""
        )
        memory = f"{row.peak_memory_gib:.1f}" if row.peak_memory_gib is not None else ""
        table.add_row(row.what, f"{row.images_per_s:.1f}", ratio, memory)
    return table


def _timed(step: Callable[[], None], device, warmup: int, steps: int) -> float:
    """Median seconds per call of ``step`` after ``warmup`` calls."""
    import torch

    def sync() -> None:
        if device.type == "cuda":
            torch.cuda.synchronize(device)

    for _ in range(warmup):
        step()
    sync()
    times = []
    for _ in range(steps):
        start = time.perf_counter()
        step()
        sync()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def train_images_per_s(
    model, batch_size: int, image_size: int, device, *, mode: str, warmup: int, steps: int
) -> tuple[float, float | None]:
    """Training images/s and peak GPU memory (GiB, None on the CPU) on a cached batch.

    ``mode``: ``plain`` (a hand-written fp32 NCHW loop), ``fp32`` (labelaudit's step with
    channels_last, fp32), ``bf16`` (that with bf16 autocast: what ``train`` does on CUDA).
    """
    import torch
    import torch.nn.functional as F

    from labelaudit.train.dataset import Batch
    from labelaudit.train.loop import Precision, train_step

    outputs = model(torch.zeros(1, 3, 32, 32, device=device)).shape[1]
    images = torch.randn(batch_size, 3, image_size, image_size)
    targets = torch.randint(0, 2, (batch_size, outputs)).float()
    masks = torch.ones(batch_size, outputs)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-5)
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats(device)
    if mode == "plain":
        model = model.to(memory_format=torch.contiguous_format)
        x, y = images.to(device), targets.to(device)

        def step() -> None:
            optimizer.zero_grad()
            F.binary_cross_entropy_with_logits(model(x), y).backward()
            optimizer.step()
    else:
        precision = Precision(device, bf16=mode == "bf16")  # channels_last, as labelaudit
        model = model.to(memory_format=torch.channels_last)
        batch = Batch(images, targets, masks, torch.arange(batch_size), [])

        def step() -> None:
            train_step(model, optimizer, batch, precision)

    seconds = _timed(step, device, warmup, steps)
    peak = torch.cuda.max_memory_allocated(device) / 2**30 if device.type == "cuda" else None
    return batch_size / seconds, peak


def predict_images_per_s(model, batch_size: int, image_size: int, device, steps: int) -> float:
    import torch

    from labelaudit.train.dataset import Batch
    from labelaudit.train.loop import Precision, predict

    precision = Precision(device, bf16=device.type == "cuda")
    images = torch.randn(batch_size, 3, image_size, image_size)
    batch = Batch(images, torch.zeros(0), torch.zeros(0), torch.arange(batch_size), [])
    seconds = _timed(lambda: predict(model, [batch], precision), device, 1, steps)
    return batch_size / seconds


def saliency_images_per_s(
    model, batch_size: int, image_size: int, device, method: str, steps: int
) -> float:
    """Maps for one observation per image, as ``labelaudit saliency`` computes them."""
    import torch

    from labelaudit.saliency.maps import compute_maps

    images = torch.randn(batch_size, 3, image_size, image_size, device=device)
    seconds = _timed(lambda: compute_maps(model, images, [2], method), device, 1, steps)
    return batch_size / seconds


def write_jpegs(root: Path, count: int, size: int, seed: int = 0) -> list[str]:
    """Film-like JPEGs (smooth shading plus noise) ``size`` px square, quality 90."""
    from PIL import Image

    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0:size, 0:size] / size
    paths = []
    for i in range(count):
        shade = 120 + 60 * np.sin(3 * xx + i) * np.cos(2 * yy)
        pixels = (shade + rng.normal(0, 12, (size, size))).clip(0, 255).astype(np.uint8)
        path = root / f"film{i:04d}.jpg"
        Image.fromarray(pixels, "L").save(path, quality=90)
        paths.append(str(path))
    return paths


def loader_images_per_s(paths: list[str], image_size: int, batch_size: int, workers: int) -> float:
    """labelaudit's training DataLoader (decode, resize, augment, collate), one full pass."""
    from torch.utils.data import DataLoader

    from labelaudit.train.dataset import ImageDataset, make_collate
    from labelaudit.train.model import IMAGENET_MEAN, IMAGENET_STD
    from labelaudit.train.transforms import train_transform

    zeros = np.zeros((len(paths), 14), dtype=np.float32)
    dataset = ImageDataset(
        paths, zeros, zeros, train_transform(image_size, IMAGENET_MEAN, IMAGENET_STD)
    )
    loader = DataLoader(
        dataset,
        batch_size=batch_size,
        num_workers=workers,
        collate_fn=make_collate(dataset),
        persistent_workers=workers > 0,
    )
    next(iter(loader))  # start the workers outside the clock
    start = time.perf_counter()
    images = sum(len(batch.indices) for batch in loader)
    return images / (time.perf_counter() - start)


def gpu_decode_images_per_s(paths: list[str], image_size: int, device) -> float:
    """``torchvision.io.decode_jpeg`` on the GPU plus a resize there: the fallback."""
    import torch.nn.functional as F
    from torchvision.io import ImageReadMode, decode_jpeg, read_file

    data = [read_file(p) for p in paths]

    def step() -> None:
        decoded = decode_jpeg(data, mode=ImageReadMode.GRAY, device=device)
        for image in decoded:
            F.interpolate(image[None].float(), size=(image_size, image_size), mode="bilinear")

    seconds = _timed(step, device, 1, 3)
    return len(paths) / seconds


def run_checks(args: argparse.Namespace, device) -> tuple[list[Measure], bool, str]:
    """Every measurement on ``device``; returns the rows and the loader verdict."""
    import torch

    from labelaudit.train.model import Architecture, build_model

    rows: list[Measure] = []
    model_rate_at_loader_size = 0.0
    for size in args.sizes:
        modes = ["plain", "fp32", "bf16"] + (["compile"] if args.compile else [])
        for mode in modes:
            torch.manual_seed(0)
            model = build_model(Architecture(width=args.width)).to(device)
            if mode == "compile":
                model = torch.compile(model.to(memory_format=torch.channels_last))
            rate, peak = train_images_per_s(
                model, args.batch_size, size, device,
                mode="bf16" if mode == "compile" else mode, warmup=args.warmup, steps=args.steps,
            )  # fmt: skip
            label = {"plain": "plain loop fp32", "fp32": "labelaudit fp32 + channels_last",
                     "bf16": "labelaudit bf16 + channels_last",
                     "compile": "labelaudit bf16 + channels_last + compile"}[mode]  # fmt: skip
            reference = f"train {size} px: plain loop fp32"
            what = f"train {size} px: {label}"
            rows.append(Measure(what, rate, peak, "" if what == reference else reference))
            if size == args.loader_size and mode == "bf16":
                model_rate_at_loader_size = rate
            del model
            if device.type == "cuda":
                torch.cuda.empty_cache()

    torch.manual_seed(0)
    model = build_model(Architecture(width=args.width)).to(device).eval()
    size = args.loader_size
    rows.append(
        Measure(f"predict {size} px", predict_images_per_s(model, args.batch_size, size, device,
                                                           args.steps))
    )  # fmt: skip
    for method in ("gradient", "gradcam"):
        rate = saliency_images_per_s(model, max(1, args.batch_size // 4), size, device, method, 3)
        rows.append(Measure(f"saliency {method} {size} px, 1 observation", rate))

    with tempfile.TemporaryDirectory() as folder:
        paths = write_jpegs(Path(folder), args.jpegs, args.jpeg_source_size)
        loader_rate = loader_images_per_s(paths, size, args.batch_size, args.workers)
        rows.append(
            Measure(f"data loader: JPEG {args.jpeg_source_size} px -> {size} px, "
                    f"{args.workers} workers (CPU)", loader_rate,
                    reference=f"train {size} px: labelaudit bf16 + channels_last")
        )  # fmt: skip
        if device.type == "cuda":
            rows.append(
                Measure(f"JPEG decode + resize on the GPU (decode_jpeg, {size} px)",
                        gpu_decode_images_per_s(paths, size, device))
            )  # fmt: skip
    ok, message = loader_verdict(loader_rate, model_rate_at_loader_size)
    return rows, ok, message


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[224, 320])
    parser.add_argument("--loader-size", type=int, default=320)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--width", type=float, default=1.0, help="1 = the real VGG16")
    parser.add_argument("--steps", type=int, default=10, help="timed steps per measure")
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--jpegs", type=int, default=512)
    parser.add_argument("--jpeg-source-size", type=int, default=1024)
    parser.add_argument("--compile", action="store_true", help="also time torch.compile")
    parser.add_argument("--device", default="cuda", help="cuda, or cpu to test the script")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    import torch
    from rich.console import Console

    args = parse_args(argv)
    console = Console()
    if args.device == "cuda" and not torch.cuda.is_available():
        console.print("gpu_check: no CUDA device found; nothing was measured (exit 0)")
        return 0
    device = torch.device(args.device)
    name = torch.cuda.get_device_name(device) if device.type == "cuda" else "CPU"
    rows, ok, message = run_checks(args, device)
    title = (f"GPU check on {name}, torch {torch.__version__}: VGG16 width {args.width}, "
             f"batch {args.batch_size}, median of {args.steps} steps")  # fmt: skip
    console.print(build_table(rows, title))
    console.print(("ok: " if ok else "FAIL: ") + message)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
