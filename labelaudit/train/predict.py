"""Per-image probabilities from a finished run: ``labelaudit predict``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from torch.utils.data import DataLoader

from labelaudit.csvfile import read_strict_frame
from labelaudit.dicom import DICOM_SUFFIXES
from labelaudit.errors import InputError
from labelaudit.train.card import ModelCard
from labelaudit.train.dataset import ImageDataset, make_collate
from labelaudit.train.loop import Precision, predict
from labelaudit.train.transforms import eval_transform

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", *DICOM_SUFFIXES)
MANIFEST_PATH_COLUMNS = ("path", "image", "image_path", "Path")
# Manifest columns carried into the predictions, so they join back to reports and patients.
MANIFEST_ID_COLUMNS = ("report_id", "study_id", "patient_id")


def collect_images(inputs: Sequence[Path]) -> pd.DataFrame:
    """Resolve ``--images``: any mix of manifest CSVs, folders (searched recursively) and
    image files, in the order given; nothing given is dropped.

    Returns a frame with an absolute ``path`` column, plus any id columns of a manifest.
    """
    if not inputs:
        raise InputError("no images given: pass --images with a manifest CSV, a folder or files")
    missing = [str(p) for p in inputs if not p.exists()]
    if missing:
        raise InputError(f"no such image file, folder or manifest: {', '.join(missing[:3])}")
    parts = [_collect_one(path) for path in inputs]
    frame = pd.concat(parts, ignore_index=True) if len(parts) > 1 else parts[0]
    return frame.fillna("")


def _collect_one(path: Path) -> pd.DataFrame:
    if path.is_dir():
        found = sorted(
            p for p in path.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file()
        )
        if not found:
            raise InputError(f"{path}: no images ({', '.join(IMAGE_SUFFIXES)}) in this folder")
        return pd.DataFrame({"path": [str(p.resolve()) for p in found]})
    if path.suffix.lower() == ".csv":
        return _read_manifest(path)
    return pd.DataFrame({"path": [str(path.resolve())]})


def _read_manifest(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        frame = read_strict_frame(path)[0]  # an open quote would merge image rows
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{path}: cannot be read as a CSV manifest ({type(exc).__name__})"
        ) from None
    column = next((c for c in MANIFEST_PATH_COLUMNS if c in frame.columns), None)
    if column is None:
        raise InputError(
            f"{path}: no image column; expected one of {', '.join(MANIFEST_PATH_COLUMNS)}"
        )
    if frame.empty:
        raise InputError(f"{path}: the manifest lists no images")
    # Relative paths are relative to the manifest, so a dataset folder can be moved whole.
    paths = [
        str((path.parent / p).resolve()) if p and not Path(p).is_absolute() else p
        for p in frame[column]
    ]
    result = pd.DataFrame({"path": paths})
    for id_column in MANIFEST_ID_COLUMNS:
        if id_column in frame.columns:
            result[id_column] = frame[id_column].to_numpy()
    return result


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
