"""Per-image probabilities from a finished run: ``labelaudit predict``."""

from __future__ import annotations

import numpy as np
import pandas as pd
import torch
from torch.utils.data import DataLoader

from labelaudit.dicom import is_dicom_path
from labelaudit.extras import require
from labelaudit.train.card import ModelCard
from labelaudit.train.dataset import ImageDataset, make_collate
from labelaudit.train.loop import Precision, predict
from labelaudit.train.transforms import eval_transform


def predict_table(
    model: torch.nn.Module,
    card: ModelCard,
    images: pd.DataFrame,
    *,
    device: torch.device,
    batch_size: int = 32,
    workers: int = 0,
    bf16: bool = False,
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Probabilities for every image that loads; the rest come back as {path: reason}."""
    observations = list(card.observations)
    paths = images["path"].astype(str).tolist()
    if any(is_dicom_path(p) for p in paths):  # here, not in a DataLoader worker
        require("dicom", "reading DICOM files")
    zeros = np.zeros((len(paths), len(observations)), dtype=np.float32)
    dataset = ImageDataset(
        paths, zeros, zeros, eval_transform(card.image_size, card.mean, card.std)
    )
    loader = DataLoader(
        dataset,
        batch_size=batch_size,
        num_workers=workers,
        pin_memory=device.type == "cuda",
        collate_fn=make_collate(dataset),
    )
    precision = Precision(device, bf16=bf16 or device.type == "cuda")
    if precision.channels_last:
        model = model.to(memory_format=torch.channels_last)
    indices, probabilities, failed = predict(model, loader, precision)
    result = images.iloc[indices].reset_index(drop=True)
    if len(indices):
        result[observations] = probabilities
    else:
        result = result.reindex(columns=[*result.columns, *observations])
    return result, {paths[i]: why for i, why in failed}
