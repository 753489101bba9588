"""Image dataset that reports unreadable images instead of crashing the loader."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np
import torch
from PIL import Image, UnidentifiedImageError
from torch.utils.data import Dataset

from labelaudit.dicom import DicomError, check_dicom, is_dicom_path, read_dicom

# Errors PIL raises for missing, truncated or foreign files, and a DICOM that is no radiograph.
IMAGE_ERRORS = (
    OSError,
    ValueError,
    UnidentifiedImageError,
    Image.DecompressionBombError,
    DicomError,
)


class Batch(NamedTuple):
    images: torch.Tensor  # N x 3 x H x W, only the images that loaded
    targets: torch.Tensor  # N x K
    masks: torch.Tensor  # N x K
    indices: torch.Tensor  # N, row numbers into the dataset
    failed: list[tuple[int, str]]  # (row, reason) of images that did not load


def open_grayscale(path: str) -> Image.Image:
    """Load an image fully as 8-bit grayscale; 16-bit PNGs and DICOM are scaled, not clipped."""
    if is_dicom_path(path):
        return read_dicom(path)
    with Image.open(path) as image:
        image.load()
        if image.mode in ("I;16", "I;16B", "I;16L", "I"):
            array = np.asarray(image, dtype=np.float64)
            peak = 65535.0 if image.mode.startswith("I;16") else max(float(array.max()), 1.0)
            return Image.fromarray((array / peak * 255).clip(0, 255).astype(np.uint8), "L")
        return image.convert("L")


def check_image(path: str) -> str | None:
    """Cheap up-front check (exists, header parses); returns the problem or None."""
    try:
        if is_dicom_path(path):
            check_dicom(path)
            return None
        with Image.open(path) as image:
            image.size  # noqa: B018 - reading the header is the check
    except FileNotFoundError:
        return "missing"
    except DicomError as exc:
        return f"unreadable: {exc}"
    except IMAGE_ERRORS as exc:
        return f"unreadable: {type(exc).__name__}"
    return None


class ImageDataset(Dataset):
    """Rows of (image path, target vector, mask vector)."""

    def __init__(
        self,
        paths: Sequence[str],
        targets: np.ndarray,
        masks: np.ndarray,
        transform: Callable[[Image.Image], torch.Tensor],
    ) -> None:
        self.paths = list(paths)
        self.targets = torch.as_tensor(targets, dtype=torch.float32)
        self.masks = torch.as_tensor(masks, dtype=torch.float32)
        self.transform = transform

    def __len__(self) -> int:
        return len(self.paths)

    def __getitem__(self, index: int) -> tuple[torch.Tensor | None, int, str]:
        try:
            image = self.transform(open_grayscale(self.paths[index]))
        except FileNotFoundError:
            return None, index, "missing"
        except IMAGE_ERRORS as exc:
            return None, index, f"corrupt: {type(exc).__name__}: {exc}".splitlines()[0][:200]
        return image, index, ""


def make_collate(dataset: ImageDataset) -> Callable[[list], Batch]:
    return _Collate(dataset)


class _Collate:
    """Picklable collate (worker processes need it) that drops images that failed."""

    def __init__(self, dataset: ImageDataset) -> None:
        self.targets = dataset.targets
        self.masks = dataset.masks

    def __call__(self, items: list[tuple[torch.Tensor | None, int, str]]) -> Batch:
        loaded = [(image, index) for image, index, _ in items if image is not None]
        failed = [(index, reason) for image, index, reason in items if image is None]
        images = torch.stack([image for image, _ in loaded]) if loaded else torch.empty(0)
        indices = torch.tensor([index for _, index in loaded], dtype=torch.long)
        return Batch(images, self.targets[indices], self.masks[indices], indices, failed)
