"""``TrainOptions``: how to train, torch-free so that options can be built and checked
without the ``[train]`` extra. The defaults are ``labelaudit train``'s."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from labelaudit.devices import Device
from labelaudit.errors import OptionError
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
    schedule: str = "constant"  # or onecycle: warm up to lr, then anneal to ~0
    threads: int = 0  # torch CPU threads; 0 keeps torch's default (one per core)
    folds: int = 0  # run_train: K models on patient folds and oof_predictions.csv (0: one run)
    split_seed: int = 0  # run_train: the patient split (and folds) when the data has none
    preset: str | None = None  # run_train: a named recipe for the options left at default

    def check(self) -> None:
        """An OptionError naming the first parameter out of range or at odds with another."""
        if self.epochs < 1:
            raise OptionError("epochs must be at least 1", "epochs")
        if self.image_size < 32:
            raise OptionError(
                "image_size must be at least 32 (VGG16 halves it five times)", "image_size"
            )
        if self.batch_size < 1:
            raise OptionError("batch_size must be at least 1", "batch_size")
        if not self.lr > 0 or not math.isfinite(self.lr):
            raise OptionError("lr must be a positive number", "lr")
        if self.workers < 0:
            raise OptionError("workers must be 0 or more", "workers")
        if self.n_resamples < 0:
            raise OptionError("n_resamples must be 0 or more", "n_resamples")
        if self.device not in ("auto", "cpu", "cuda"):
            raise OptionError("device must be auto, cpu or cuda", "device")
        if self.optimizer not in OPTIMIZERS:
            raise OptionError(f"optimizer must be one of {', '.join(OPTIMIZERS)}", "optimizer")
        if self.schedule not in SCHEDULES:
            raise OptionError(f"schedule must be one of {', '.join(SCHEDULES)}", "schedule")
        if not self.weight_decay >= 0:
            raise OptionError("weight_decay must be 0 or more", "weight_decay")
        if self.label_smoothing is not None and self.uncertain is not UncertaintyPolicy.ONES:
            raise OptionError(
                "label_smoothing applies to uncertain=ones only", "label_smoothing", "uncertain"
            )
        if self.threads < 0:
            raise OptionError("threads must be 0 (torch's default) or more", "threads")
        if self.self_train_rounds < 1:
            raise OptionError("self_train_rounds must be at least 1", "self_train_rounds")
        if self.folds < 0:
            raise OptionError("folds must be 0 (one run) or more", "folds")

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
