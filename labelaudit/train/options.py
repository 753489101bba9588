"""``TrainOptions``: how to train, torch-free so that options can be built and checked
without the ``[train]`` extra. The defaults are ``labelaudit train``'s."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from labelaudit.devices import Device
from labelaudit.errors import InputError
from labelaudit.train.policies import BlankPolicy, UncertaintyPolicy, classes_per_observation

if TYPE_CHECKING:
    from labelaudit.train.model import Architecture

OPTIMIZERS = ("adam", "adamw")
SCHEDULES = ("constant", "onecycle")


@dataclass(frozen=True)
class TrainOptions:
    """How to train: the defaults are ``labelaudit train``'s."""

    uncertain: UncertaintyPolicy = UncertaintyPolicy.IGNORE
    blank: BlankPolicy = BlankPolicy.ZEROS
    epochs: int = 3
    image_size: int = 224
    batch_size: int = 16
    lr: float = 1e-4
    seed: int = 0
    width: float = 1.0
    batch_norm: bool = False
    pretrained: bool = False
    device: Device = Device.auto
    bf16: bool = False  # CPU opt-in; always on for CUDA
    workers: int = 2
    hflip: bool = False
    strict: bool = False
    n_resamples: int = 200  # bootstrap resamples for the CIs of the best epoch
    resume: bool = False
    label_smoothing: tuple[float, float] | None = None  # ones only: uncertain ~ U[LO, HI]
    self_train_rounds: int = 1  # self-train: relabel-and-retrain rounds after the first
    self_train_hard: bool = False  # self-train: round the relabelled targets at 0.5
    optimizer: str = "adam"
    weight_decay: float = 0.0
    schedule: str = "constant"  # or onecycle: warm up to --lr, then anneal to ~0
    threads: int = 0  # torch CPU threads; 0 keeps torch's default (one per core)
    folds: int = 0  # run_train: K models on patient folds and oof_predictions.csv (0: one run)
    split_seed: int = 0  # run_train: the patient split (and folds) when the data has none
    preset: str | None = None  # run_train: a named recipe for the options left at default

    def check(self) -> None:
        if self.epochs < 1:
            raise InputError("--epochs must be at least 1")
        if self.image_size < 32:
            raise InputError("--image-size must be at least 32 (VGG16 halves it five times)")
        if self.batch_size < 1:
            raise InputError("--batch-size must be at least 1")
        if not self.lr > 0 or not math.isfinite(self.lr):
            raise InputError("--lr must be a positive number")
        if self.workers < 0:
            raise InputError("--workers must be 0 or more")
        if self.n_resamples < 0:
            raise InputError("--bootstrap must be 0 or more")
        if self.device not in ("auto", "cpu", "cuda"):
            raise InputError("--device must be auto, cpu or cuda")
        if self.optimizer not in OPTIMIZERS:
            raise InputError(f"--optimizer must be one of {', '.join(OPTIMIZERS)}")
        if self.schedule not in SCHEDULES:
            raise InputError(f"--schedule must be one of {', '.join(SCHEDULES)}")
        if not self.weight_decay >= 0:
            raise InputError("--weight-decay must be 0 or more")
        if self.label_smoothing is not None and self.uncertain is not UncertaintyPolicy.ONES:
            raise InputError("--label-smoothing applies to --uncertain ones only")
        if self.threads < 0:
            raise InputError("--threads must be 0 (torch's default) or more")
        if self.self_train_rounds < 1:
            raise InputError("--self-train-rounds must be at least 1")
        if self.folds < 0:
            raise InputError("--folds must be 0 (one run) or more")

    def to_dict(self) -> dict:
        data = asdict(self)
        data["uncertain"] = self.uncertain.value
        data["blank"] = self.blank.value
        data["device"] = Device(self.device).value  # plain types: last.pt loads weights-only
        if self.label_smoothing is not None:
            data["label_smoothing"] = list(self.label_smoothing)
        return data

    @property
    def architecture(self) -> Architecture:
        from labelaudit.train.model import Architecture  # torch

        return Architecture(
            width=self.width,
            pretrained=self.pretrained,
            batch_norm=self.batch_norm,
            classes=classes_per_observation(self.uncertain),
        )
