"""Transforms, image loading, and collation that drops unreadable images."""

from __future__ import annotations

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from PIL import Image  # noqa: E402

from labelaudit.train.dataset import ImageDataset, check_image, make_collate  # noqa: E402
from labelaudit.train.model import IMAGENET_MEAN, IMAGENET_STD  # noqa: E402
from labelaudit.train.transforms import eval_transform, train_transform  # noqa: E402


def gray(size=(50, 40), value=None, mode="L"):
    if mode == "I;16":
        return Image.fromarray(np.full(size, 40000, dtype=np.uint16))
    rng = np.random.default_rng(0)
    pixels = (
        rng.integers(0, 255, size).astype(np.uint8)
        if value is None
        else np.full(size, value, np.uint8)
    )
    return Image.fromarray(pixels, mode)


def test_eval_transform_is_deterministic_three_channel_and_sized():
    transform = eval_transform(32, IMAGENET_MEAN, IMAGENET_STD)
    image = gray()
    first, second = transform(image), transform(image)
    assert first.shape == (3, 32, 32)
    assert torch.equal(first, second)
    assert torch.equal(first[0], first[1]) is False  # normalised per channel
    # the three channels come from one gray channel: undo normalisation and compare
    mean, std = (
        torch.tensor(IMAGENET_MEAN)[:, None, None],
        torch.tensor(IMAGENET_STD)[:, None, None],
    )
    raw = first * std + mean
    assert torch.allclose(raw[0], raw[2], atol=1e-5)


def test_train_transform_is_random_but_keeps_shape():
    torch.manual_seed(0)
    transform = train_transform(32, IMAGENET_MEAN, IMAGENET_STD)
    image = gray()
    outputs = [transform(image) for _ in range(4)]
    assert all(o.shape == (3, 32, 32) for o in outputs)
    assert not all(torch.equal(outputs[0], o) for o in outputs[1:])


def test_no_horizontal_flip_by_default():
    steps = [type(t).__name__ for t in train_transform(32, IMAGENET_MEAN, IMAGENET_STD).transforms]
    assert "RandomHorizontalFlip" not in steps
    flip = train_transform(32, IMAGENET_MEAN, IMAGENET_STD, hflip=True)
    assert "RandomHorizontalFlip" in [type(t).__name__ for t in flip.transforms]


def test_sixteen_bit_png_is_scaled_not_clipped(tmp_path):
    path = tmp_path / "deep.png"
    gray(mode="I;16").save(path)
    dataset = ImageDataset(
        [str(path)], np.zeros((1, 2)), np.ones((1, 2)), lambda im: torch.tensor(np.asarray(im))
    )
    pixels, _, _ = dataset[0]
    assert 150 < int(pixels.float().mean()) < 160  # 40000 / 65535 * 255 = 155.6


def test_missing_and_corrupt_images_are_dropped_and_reported(tmp_path):
    good = tmp_path / "good.png"
    gray().save(good)
    corrupt = tmp_path / "corrupt.png"
    corrupt.write_bytes(good.read_bytes()[:60])  # header parses, pixel data truncated
    garbage = tmp_path / "garbage.png"
    garbage.write_bytes(b"definitely not an image")
    paths = [str(good), str(tmp_path / "gone.png"), str(corrupt), str(garbage)]
    targets = np.arange(8, dtype=np.float32).reshape(4, 2)
    dataset = ImageDataset(
        paths, targets, np.ones((4, 2)), eval_transform(32, IMAGENET_MEAN, IMAGENET_STD)
    )
    batch = make_collate(dataset)([dataset[i] for i in range(4)])
    assert batch.images.shape == (1, 3, 32, 32)
    assert batch.indices.tolist() == [0]
    assert batch.targets.tolist() == [[0.0, 1.0]]
    reasons = dict(batch.failed)
    assert reasons[1] == "missing"
    assert reasons[2].startswith("corrupt") and reasons[3].startswith("corrupt")
    assert check_image(paths[0]) is None
    assert check_image(paths[1]) == "missing"
    assert check_image(paths[3]).startswith("unreadable")
