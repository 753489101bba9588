"""Image transforms: light, anatomy-preserving augmentation for training; none for eval."""

from __future__ import annotations

from collections.abc import Sequence

from torchvision import transforms as T


def eval_transform(image_size: int, mean: Sequence[float], std: Sequence[float]) -> T.Compose:
    """Deterministic: resize (whole image, no crop), grayscale -> 3 channels, normalize."""
    return T.Compose(
        [
            T.Grayscale(num_output_channels=3),
            T.Resize((image_size, image_size), antialias=True),
            T.ToTensor(),
            T.Normalize(mean, std),
        ]
    )


def train_transform(
    image_size: int,
    mean: Sequence[float],
    std: Sequence[float],
    *,
    hflip: bool = False,
) -> T.Compose:
    """Random affine (small rotation, shift, zoom) plus brightness and contrast.

    No horizontal flip unless asked: the heart sits on the left, and a flip would teach the
    model that dextrocardia is normal.
    """
    steps = [
        T.Grayscale(num_output_channels=1),  # augment one channel, replicate afterwards
        T.Resize((image_size, image_size), antialias=True),
        T.RandomAffine(degrees=7, translate=(0.05, 0.05), scale=(0.9, 1.1)),
        T.ColorJitter(brightness=0.2, contrast=0.2),
    ]
    if hflip:
        steps.append(T.RandomHorizontalFlip())
    steps += [T.Grayscale(num_output_channels=3), T.ToTensor(), T.Normalize(mean, std)]
    return T.Compose(steps)
