"""The model card (``model.json``) of a training run, and the provenance it records.

Torch-free, so ``predict``, ``saliency`` and ``audit`` can read a card without torch. The
trainer writes the card with :meth:`ModelCard.write`; everything that reads a run folder
reads it with :meth:`ModelCard.read`, which checks its keys and types.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from labelaudit.atomic import atomic_write_text
from labelaudit.errors import InputError

CARD = "model.json"
CARD_FORMAT = 1
# What a card needs to rebuild the model and its input transform.
REQUIRED_KEYS = ("observations", "image_size", "normalization", "architecture")


def sha256_file(path: str | Path) -> str:
    """sha256 of a file, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class Provenance:
    """Where a run's labels came from; the card records all but the fold numbers."""

    data_source: str | None = None
    label_file: str | None = None
    label_file_hash: str | None = None
    rules_version: str | None = None
    split_seed: int | None = None
    fold: int | None = None  # with --folds: this run's held-out fold, and how many
    folds: int | None = None
    self_train_round: int | None = None  # with --uncertain self-train

    @classmethod
    def of_label_files(
        cls, data_source: str, label_files: Sequence[Path], split_seed: int
    ) -> Provenance:
        """The label files' names, hash and rules version (from ``extract``'s sidecar)."""
        return cls(
            data_source=data_source,
            label_file=", ".join(str(p) for p in label_files),
            label_file_hash=_hash_files(label_files),
            rules_version=_rules_version(label_files),
            split_seed=split_seed,
        )


def _hash_files(paths: Sequence[Path]) -> str | None:
    """sha256 of the label file; of the per-file hashes when a source has several."""
    hashes = [sha256_file(path) for path in paths]
    if len(hashes) <= 1:
        return hashes[0] if hashes else None
    return hashlib.sha256("".join(hashes).encode()).hexdigest()


def _rules_version(paths: Sequence[Path]) -> str | None:
    """The labeler rules version, from the sidecar ``labelaudit extract`` writes."""
    for path in paths:
        meta = path.with_name(path.name + ".meta.json")
        try:
            version = json.loads(meta.read_text(encoding="utf-8"))["rules"]["version"]
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if version:
            return str(version)
    return None


@dataclass(frozen=True, kw_only=True)
class ModelCard:
    """``model.json``: what a run trained, on what, and how well. Fields in file order."""

    format: int = CARD_FORMAT
    package: str = "labelaudit"
    package_version: str | None = None
    torch_version: str | None = None
    observations: list[str]
    policy: str | None = None
    blank_policy: str | None = None
    image_size: int
    channels: int = 3
    normalization: dict[str, list[float]]  # {"mean": [r, g, b], "std": [r, g, b]}
    architecture: dict[str, Any]  # labelaudit.train.model.Architecture.to_dict()
    seed: int | None = None
    epochs: int | None = None
    batch_size: int | None = None
    lr: float | None = None
    optimizer: str | None = None
    weight_decay: float | None = None
    schedule: str | None = None
    label_smoothing: list[float] | None = None
    self_train: dict[str, Any] | None = None
    hflip: bool | None = None
    world_size: int | None = None
    train_images: int | None = None
    valid_images: int | None = None
    label_file: str | None = None
    label_file_hash: str | None = None
    rules_version: str | None = None
    split_seed: int | None = None
    data_source: str | None = None
    best_epoch: int | None = None
    best_sha256: str | None = None
    valid_auroc_competition: float | None = None
    valid_auroc_mean: float | None = None
    extra: dict[str, Any] = field(default_factory=dict, repr=False)  # keys of newer versions

    @property
    def mean(self) -> list[float]:
        return list(self.normalization["mean"])

    @property
    def std(self) -> list[float]:
        return list(self.normalization["std"])

    def to_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "extra"}
        return {**data, **self.extra}

    def to_json(self) -> str:
        """The file's text: two-space indent, no NaN (a NaN score is written as null)."""
        return json.dumps(self.to_dict(), indent=2, allow_nan=False) + "\n"

    @classmethod
    def from_dict(cls, data: object, source: str = CARD) -> ModelCard:
        """Check and read a card; ``source`` names it in the one-line error."""
        if not isinstance(data, dict):
            raise InputError(f"{source}: not a model card (a JSON object)")
        missing = [k for k in REQUIRED_KEYS if k not in data]
        if missing:
            raise InputError(f"{source}: missing keys: {', '.join(missing)}")
        _check_types(data, source)
        known = {f.name for f in fields(cls)} - {"extra"}
        # Keys of a newer labelaudit are kept (and written back), not dropped or refused.
        extra = {k: v for k, v in data.items() if k not in known}
        return cls(**{k: v for k, v in data.items() if k in known}, extra=extra)

    @classmethod
    def from_json(cls, text: str, source: str = CARD) -> ModelCard:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{source}: not valid JSON ({exc})") from None
        return cls.from_dict(data, source)

    @classmethod
    def read(cls, run_dir: str | Path) -> ModelCard:
        """The card of a run folder; a one-line error when there is none or it is malformed."""
        run_dir = Path(run_dir)
        path = run_dir / CARD
        if not path.is_file():
            raise InputError(f"{run_dir}: not a training run folder (no {CARD})")
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not valid JSON ({exc})") from None
        return cls.from_json(text, str(path))

    def write(self, run_dir: str | Path) -> None:
        atomic_write_text(Path(run_dir) / CARD, self.to_json())

    @classmethod
    def provenance_fields(cls, provenance: Provenance) -> dict[str, Any]:
        """The provenance keys the card records, as keyword arguments."""
        recorded = ("label_file", "label_file_hash", "rules_version", "split_seed", "data_source")
        values = asdict(provenance)
        return {key: values[key] for key in recorded}


def _check_types(data: dict, source: str) -> None:
    observations = data["observations"]
    if not (
        isinstance(observations, list)
        and observations
        and all(isinstance(o, str) for o in observations)
    ):
        raise InputError(f"{source}: 'observations' must be a list of observation names")
    size = data["image_size"]
    if isinstance(size, bool) or not isinstance(size, int) or size < 1:
        raise InputError(f"{source}: 'image_size' must be a positive whole number, got {size!r}")
    norm = data["normalization"]
    if not (isinstance(norm, dict) and all(_numbers(norm.get(k)) for k in ("mean", "std"))):
        raise InputError(f"{source}: 'normalization' must hold 'mean' and 'std' number lists")
    if not isinstance(data["architecture"], dict):
        raise InputError(f"{source}: 'architecture' must be an object")


def _numbers(value: object) -> bool:
    return (
        isinstance(value, list)
        and len(value) > 0
        and all(
            isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v)
            for v in value
        )
    )
