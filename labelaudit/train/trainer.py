"""One training run, start to finish: data, model, epochs, checkpoints, metrics, run folder.

The same code runs single-process and under torchrun (DDP); rank 0 alone writes files and
prints. Each epoch reseeds from (seed, epoch), so ``--resume`` after an interruption gives
the same weights as an uninterrupted run on the CPU.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import torch
from torch.utils.data import DataLoader, DistributedSampler

import labelaudit
from labelaudit.atomic import atomic_write, atomic_write_bytes
from labelaudit.devices import Device
from labelaudit.errors import InputError, OptionError, TrainingError
from labelaudit.observations import OBSERVATIONS
from labelaudit.train import run as runfolder
from labelaudit.train.card import ModelCard, Provenance
from labelaudit.train.dataset import ImageDataset, check_image, make_collate
from labelaudit.train.distributed import (
    DistContext,
    all_ranks,
    barrier,
    gather_objects,
    init_distributed,
)
from labelaudit.train.imagetable import check_image_table
from labelaudit.train.loop import Precision, predict, train_epoch
from labelaudit.train.loss import loss_for
from labelaudit.train.metrics import ValidationScores, roc_png, score_observations
from labelaudit.train.model import (
    IMAGENET_MEAN,
    IMAGENET_STD,
    binary_view,
    build_model,
)
from labelaudit.train.options import TrainOptions
from labelaudit.train.policies import (
    UncertaintyPolicy,
    evaluation_targets,
    self_train_targets,
    targets_and_mask,
)
from labelaudit.train.progress import Reporter, scores_table
from labelaudit.train.transforms import eval_transform, train_transform
from labelaudit.wording import plural

EpochHook = Callable[[int, list[str], np.ndarray], None]

# Options that must match for resume to continue the same run.
RESUME_KEYS = (
    "uncertain",
    "blank",
    "image_size",
    "batch_size",
    "lr",
    "seed",
    "width",
    "batch_norm",
    "pretrained",
    "hflip",
    "label_smoothing",
    "self_train_hard",
    "optimizer",
    "weight_decay",
    "schedule",
)


@dataclass
class RunResult:
    output: Path
    best_epoch: int
    scores: ValidationScores
    history: list[dict]
    skipped: dict[str, str]
    # The last epoch's validation probabilities by valid image (NaN rows: failed to load).
    valid_paths: list[str] = field(default_factory=list)
    last_valid_probabilities: np.ndarray = field(repr=False, default_factory=lambda: np.empty(0))


def _no_validation() -> tuple[np.ndarray, np.ndarray]:
    """(valid rows, probabilities) before the first epoch has been validated."""
    return np.empty(0, dtype=np.int64), np.empty((0, len(OBSERVATIONS)))


@dataclass
class _Progress:
    """Everything ``last.pt`` carries between epochs besides weights and optimizer."""

    epoch: int = 0  # epochs finished
    history: list[dict] = field(default_factory=list)
    best_epoch: int = 0  # 0: no epoch validated yet
    best_score: float = -math.inf
    best_valid: tuple[np.ndarray, np.ndarray] = field(default_factory=_no_validation)
    last_valid: tuple[np.ndarray, np.ndarray] = field(default_factory=_no_validation)

    def record(self, indices: np.ndarray, probabilities: np.ndarray, score: float) -> bool:
        """Note one finished epoch's validation; return whether it is the best so far."""
        self.epoch += 1
        self.last_valid = (indices, probabilities)
        # Nothing scorable (NaN) never beats a real score; the first epoch is best by default.
        is_best = self.best_epoch == 0 or (not math.isnan(score) and score > self.best_score)
        if is_best:
            self.best_epoch, self.best_valid = self.epoch, self.last_valid
            self.best_score = score if not math.isnan(score) else -math.inf
        return is_best

    def to_checkpoint(self) -> dict:
        """Tensors and plain types only, so ``torch.load(weights_only=True)`` reads it."""
        return {
            "epoch": self.epoch,
            "history": self.history,
            "best_epoch": self.best_epoch,
            "best_score": self.best_score,
            "best_valid": [torch.from_numpy(a) for a in self.best_valid],
            "last_valid": [torch.from_numpy(a) for a in self.last_valid],
        }

    @classmethod
    def from_checkpoint(cls, state: dict) -> _Progress:
        def arrays(pair: list) -> tuple[np.ndarray, np.ndarray]:
            return pair[0].cpu().numpy(), pair[1].cpu().numpy()

        return cls(
            state["epoch"],
            state["history"],
            state["best_epoch"],
            state["best_score"],
            arrays(state["best_valid"]),
            arrays(state["last_valid"]),
        )


def resolve_device(device: Device | str, context: DistContext | None = None) -> torch.device:
    """The torch device for a :class:`~labelaudit.devices.Device` choice (or its name)."""
    name = Device(device).value
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    if name == "cuda":
        if not torch.cuda.is_available():
            raise OptionError("device=cuda: no CUDA device is available; use device=cpu", "device=")
        return torch.device("cuda", context.local_rank if context else 0)
    return torch.device("cpu")


def train(
    table: pd.DataFrame,
    config: TrainOptions,
    output: str | Path,
    *,
    provenance: Provenance | None = None,
    reporter: Reporter | None = None,
    relabel: pd.DataFrame | None = None,
    on_epoch: EpochHook | None = None,
) -> RunResult:
    """Train on the image table's train split, validate on its valid split, fill ``output``.

    ``relabel`` (U-SelfTrained rounds after the first) holds the previous round's training
    probabilities, indexed by path with one column per observation; uncertain labels take
    them as targets. Use :func:`labelaudit.train.selftrain.run_training` for all rounds.
    ``on_epoch(epoch, valid_paths, probabilities)`` sees every epoch's validation
    probabilities (benchmarks score them against a known truth).
    """
    config.check()
    check_image_table(table)
    if config.threads:
        torch.set_num_threads(config.threads)
    wanted = "cuda" if config.device == "auto" and torch.cuda.is_available() else config.device
    # Joins torchrun's process group once; the caller closes it (close_distributed) at exit.
    context = init_distributed("cuda" if wanted == "cuda" else "cpu")
    reporter = reporter or Reporter()
    reporter.enabled = reporter.enabled and context.is_main
    run = _Run(table, config, Path(output), provenance or Provenance(), reporter, context, relabel)
    run.on_epoch = on_epoch
    return run.fit()


class _Run:
    def __init__(
        self,
        table: pd.DataFrame,
        config: TrainOptions,
        output: Path,
        provenance: Provenance,
        reporter: Reporter,
        context: DistContext,
        relabel: pd.DataFrame | None = None,
    ) -> None:
        self.config = config
        self.relabel = relabel
        self.on_epoch: EpochHook | None = None
        self.output = output
        self.provenance = provenance
        self.reporter = reporter
        self.context = context
        self.device = resolve_device(config.device, context)
        self.precision = Precision(self.device, bf16=config.bf16 or self.device.type == "cuda")
        self._check_output()
        self.skipped: dict[str, str] = {}
        # Test images are never read here, so they are neither checked nor listed.
        table = self._drop_unreadable(table[table["split"].isin(("train", "valid"))])
        self.train_rows = table[table["split"] == "train"].reset_index(drop=True)
        self.valid_rows = table[table["split"] == "valid"].reset_index(drop=True)
        for name, rows in (("train", self.train_rows), ("valid", self.valid_rows)):
            if rows.empty:
                raise TrainingError(f"the {name} split has no readable images")

    # -- setup ---------------------------------------------------------------------------
    def _check_output(self) -> None:
        last = self.output / runfolder.LAST
        if self.config.resume and not last.is_file():
            raise OptionError(
                f"resume=True: {last} does not exist; there is no run to continue", "resume"
            )
        if not self.config.resume and last.is_file():
            raise OptionError(
                f"{self.output} already holds a run; use resume=True to continue it "
                "or choose another output folder",
                "resume",
            )
        barrier(self.context)  # nobody writes before every rank has looked

    def _drop_unreadable(self, table: pd.DataFrame) -> pd.DataFrame:
        paths = table["path"].astype(str).tolist()
        with ThreadPoolExecutor(max_workers=8) as pool:  # I/O bound: headers only
            problems = list(pool.map(check_image, paths))
        bad = {p: why for p, why in zip(paths, problems, strict=True) if why}
        if bad and self.config.strict:
            first = next(iter(bad.items()))
            raise InputError(
                f"strict=True: {len(bad)} images cannot be used, e.g. {first[0]} ({first[1]})",
                "strict",
            )
        if bad:
            self.skipped.update(bad)
            self.reporter.note(
                f"[yellow]warning:[/] skipping {len(bad)} missing or unreadable images "
                f"(listed in {self.output / runfolder.SKIPPED})"
            )
        return table[[p not in bad for p in paths]]

    def _datasets(self) -> tuple[ImageDataset, ImageDataset]:
        c = self.config
        values = self.train_rows[list(OBSERVATIONS)].to_numpy(dtype=np.float64)
        if self.relabel is not None:
            previous = self.relabel.reindex(self.train_rows["path"].astype(str))
            predictions = previous[list(OBSERVATIONS)].to_numpy(dtype=np.float64)
            targets, masks = self_train_targets(
                values, predictions, c.blank, hard=c.self_train_hard
            )
        else:
            targets, masks = targets_and_mask(
                values, c.uncertain, c.blank, smoothing=c.label_smoothing, seed=c.seed
            )
        if masks.sum() == 0:
            raise TrainingError("no label is left to learn from under these policies")
        train_set = ImageDataset(
            self.train_rows["path"].astype(str).tolist(),
            targets,
            masks,
            train_transform(c.image_size, IMAGENET_MEAN, IMAGENET_STD, hflip=c.hflip),
        )
        valid_values = self.valid_rows[list(OBSERVATIONS)].to_numpy(dtype=np.float64)
        self.valid_truth = evaluation_targets(valid_values, c.blank)
        valid_set = ImageDataset(
            self.valid_rows["path"].astype(str).tolist(),
            np.nan_to_num(self.valid_truth),
            ~np.isnan(self.valid_truth),
            eval_transform(c.image_size, IMAGENET_MEAN, IMAGENET_STD),
        )
        return train_set, valid_set

    def _loader(self, dataset: ImageDataset, *, shuffle: bool, epoch: int) -> DataLoader:
        sampler: DistributedSampler | None = None
        if self.context.enabled:
            sampler = DistributedSampler(
                dataset,
                num_replicas=self.context.world_size,
                rank=self.context.rank,
                shuffle=shuffle,
                seed=self.config.seed,
            )
            sampler.set_epoch(epoch)
        generator = torch.Generator().manual_seed(_epoch_seed(self.config.seed, epoch))
        return DataLoader(
            dataset,
            batch_size=self.config.batch_size,
            shuffle=shuffle and sampler is None,
            sampler=sampler,
            num_workers=self.config.workers,
            pin_memory=self.device.type == "cuda",
            collate_fn=make_collate(dataset),
            generator=generator,
        )

    # -- training ------------------------------------------------------------------------
    def fit(self) -> RunResult:
        c = self.config
        train_set, valid_set = self._datasets()
        torch.manual_seed(c.seed)  # same initial weights on every rank
        model = build_model(c.architecture)
        if self.precision.channels_last:
            model = model.to(memory_format=torch.channels_last)
        model.to(self.device)
        optimizer = self._optimizer(model)
        scheduler = self._scheduler(optimizer, len(train_set))
        progress = self._resume(model, optimizer, scheduler) if c.resume else _Progress()
        loss_fn = loss_for(c.architecture.classes)
        scored = binary_view(model, c.architecture)  # one logit per observation
        net = model
        if self.context.enabled:
            device_ids = [self.device.index] if self.device.type == "cuda" else None
            net = torch.nn.parallel.DistributedDataParallel(model, device_ids=device_ids)

        if self.context.is_main:
            self._card(progress, None, None).write(self.output)
        for epoch in range(progress.epoch, c.epochs):
            # Dropout and main-process augmentation; loader workers get theirs from _loader.
            torch.manual_seed(_epoch_seed(c.seed, epoch) + self.context.rank)
            loader = self._loader(train_set, shuffle=True, epoch=epoch)
            per_rank = math.ceil(len(train_set) / self.context.world_size)
            with self.reporter.epoch(f"epoch {epoch + 1}/{c.epochs}", per_rank) as advance:
                stats = train_epoch(
                    net,
                    loader,
                    optimizer,
                    self.precision,
                    on_batch=advance,
                    loss_fn=loss_fn,
                    scheduler=scheduler,
                    agree=lambda flag: all_ranks(self.context, flag, self.device),
                )
            if stats.skipped_batches and self.context.enabled:
                self.reporter.note(
                    f"[yellow]warning:[/] {stats.skipped_batches} batches skipped on every rank "
                    "because one rank could load none of its images"
                )
            indices, probabilities, failed = self._validate(scored, valid_set, epoch)
            self._record_failures(stats.failed, train_set, failed, valid_set)
            scores = score_observations(self.valid_truth[indices], probabilities, OBSERVATIONS)
            is_best = progress.record(indices, probabilities, scores.selection_auroc)
            if self.on_epoch is not None and self.context.is_main:
                paths = self.valid_rows["path"].astype(str).to_numpy()[indices].tolist()
                self.on_epoch(epoch + 1, paths, probabilities)
            # Every rank's share of the epoch: mean loss, all images, the slowest rank's time.
            shares = gather_objects(self.context, (stats.loss, stats.images, stats.seconds))
            images, seconds = sum(s[1] for s in shares), max(s[2] for s in shares)
            progress.history.append(
                {
                    "epoch": epoch + 1,
                    "train_loss": float(np.mean([s[0] for s in shares])),
                    "images": images,
                    "images_per_s": images / seconds if seconds > 0 else 0.0,
                    "seconds": seconds,
                    "valid_auroc_competition": _or_none(scores.competition_auroc),
                    "valid_auroc_mean": _or_none(scores.mean_auroc),
                    "best": is_best,
                }
            )
            if self.context.is_main:
                if is_best:
                    runfolder.save_torch(model.state_dict(), self.output / runfolder.BEST)
                self._save_last(model, optimizer, scheduler, progress)
                runfolder.write_log(self.output / runfolder.LOG, progress.history)
                self.reporter.epoch_done(progress.history[-1])
            barrier(self.context)

        final = self._finish(progress)
        last_probabilities = np.full((len(self.valid_rows), len(OBSERVATIONS)), np.nan)
        last_probabilities[progress.last_valid[0]] = progress.last_valid[1]
        return RunResult(
            self.output,
            progress.best_epoch,
            final,
            progress.history,
            dict(self.skipped),
            self.valid_rows["path"].astype(str).tolist(),
            last_probabilities,
        )

    def _validate(
        self, model: torch.nn.Module, valid_set: ImageDataset, epoch: int
    ) -> tuple[np.ndarray, np.ndarray, list[tuple[int, str]]]:
        """Predict this rank's share of the valid split, then gather every rank's share."""
        indices, probabilities, failed = predict(
            model, self._loader(valid_set, shuffle=False, epoch=epoch), self.precision
        )
        if self.context.enabled:
            parts = gather_objects(self.context, (indices, probabilities, failed))
            failed = [f for p in parts for f in p[2]]
            loaded = [p for p in parts if len(p[0])]
            if loaded:
                # DistributedSampler pads with repeats; keep each row once.
                indices, first = np.unique(
                    np.concatenate([p[0] for p in loaded]), return_index=True
                )
                probabilities = np.concatenate([p[1] for p in loaded])[first]
            else:
                indices = np.empty(0, dtype=np.int64)
        if len(indices) == 0:
            raise TrainingError("no validation image could be loaded; see the warnings above")
        return indices, probabilities, failed

    def _record_failures(
        self,
        train_failed: list[tuple[int, str]],
        train_set: ImageDataset,
        valid_failed: list[tuple[int, str]],
        valid_set: ImageDataset,
    ) -> None:
        train_failed = [f for part in gather_objects(self.context, train_failed) for f in part]
        failures = {train_set.paths[i]: why for i, why in train_failed}
        failures.update({valid_set.paths[i]: why for i, why in valid_failed})
        if failures and self.config.strict:
            path, why = next(iter(failures.items()))
            raise TrainingError(
                f"strict=True: {len(failures)} images failed to load, e.g. {path} ({why})",
                "strict",
            )
        new = set(failures) - set(self.skipped)
        if new:
            self.reporter.note(
                f"[yellow]warning:[/] {plural(len(new), 'image')} failed to load and were skipped"
            )
        self.skipped.update(failures)

    def _optimizer(self, model: torch.nn.Module) -> torch.optim.Optimizer:
        c = self.config
        kind = torch.optim.AdamW if c.optimizer == "adamw" else torch.optim.Adam
        return kind(model.parameters(), lr=c.lr, weight_decay=c.weight_decay)

    def _scheduler(
        self, optimizer: torch.optim.Optimizer, train_images: int
    ) -> torch.optim.lr_scheduler.LRScheduler | None:
        """OneCycle over every step of the run: a short warm-up to lr, then cosine to ~0."""
        if self.config.schedule != "onecycle":
            return None
        per_rank = math.ceil(train_images / self.context.world_size)
        steps = math.ceil(per_rank / self.config.batch_size) * self.config.epochs
        # At least 8 steps: OneCycleLR divides by zero on a 2-step warm-up (a tiny run).
        return torch.optim.lr_scheduler.OneCycleLR(
            optimizer, max_lr=self.config.lr, total_steps=max(steps, 8), pct_start=0.25
        )

    # -- checkpoints and run folder ------------------------------------------------------
    def _save_last(
        self,
        model: torch.nn.Module,
        optimizer: torch.optim.Optimizer,
        scheduler: torch.optim.lr_scheduler.LRScheduler | None,
        progress: _Progress,
    ) -> None:
        checkpoint = {
            "model": model.state_dict(),
            "optimizer": optimizer.state_dict(),
            "scheduler": scheduler.state_dict() if scheduler is not None else {},
            "config": self.config.to_dict(),
            "skipped": self.skipped,
            **progress.to_checkpoint(),
        }
        runfolder.save_torch(checkpoint, self.output / runfolder.LAST)

    def _resume(
        self,
        model: torch.nn.Module,
        optimizer: torch.optim.Optimizer,
        scheduler: torch.optim.lr_scheduler.LRScheduler | None,
    ) -> _Progress:
        path = self.output / runfolder.LAST
        try:
            state = torch.load(path, map_location=self.device, weights_only=True)
        except Exception as exc:  # truncated or foreign file
            raise InputError(
                f"{path}: cannot be read as a checkpoint ({type(exc).__name__})"
            ) from None
        saved, now = state["config"], self.config.to_dict()
        keys = (*RESUME_KEYS, "epochs") if self.config.schedule == "onecycle" else RESUME_KEYS
        # Options added since a run was saved count as their default.
        defaults = TrainOptions().to_dict()
        changed = [
            f"{k} {saved.get(k, defaults[k])} -> {now[k]}"
            for k in keys
            if saved.get(k, defaults[k]) != now[k]
        ]
        if changed:
            raise OptionError(
                f"resume=True with different options than the run: {', '.join(changed)}", "resume"
            )
        model.load_state_dict(state["model"])
        optimizer.load_state_dict(state["optimizer"])
        if scheduler is not None:
            scheduler.load_state_dict(state["scheduler"])
        self.skipped.update(state["skipped"])
        progress = _Progress.from_checkpoint(state)
        self.reporter.note(f"resuming {self.output} after epoch {progress.epoch}")
        return progress

    def _card(
        self, progress: _Progress, best_sha256: str | None, scores: ValidationScores | None
    ) -> ModelCard:
        c = self.config
        return ModelCard(
            package_version=labelaudit.__version__,
            torch_version=torch.__version__,
            observations=list(OBSERVATIONS),
            policy=c.uncertain.value,
            blank_policy=c.blank.value,
            image_size=c.image_size,
            normalization={"mean": list(IMAGENET_MEAN), "std": list(IMAGENET_STD)},
            architecture=c.architecture.to_dict(),
            seed=c.seed,
            epochs=c.epochs,
            batch_size=c.batch_size,
            lr=c.lr,
            optimizer=c.optimizer,
            weight_decay=c.weight_decay,
            schedule=c.schedule,
            label_smoothing=list(c.label_smoothing) if c.label_smoothing else None,
            self_train=self._self_train_card(),
            hflip=c.hflip,
            world_size=self.context.world_size,
            train_images=len(self.train_rows),
            valid_images=len(self.valid_rows),
            **ModelCard.provenance_fields(self.provenance),
            best_epoch=progress.best_epoch,
            best_sha256=best_sha256,
            valid_auroc_competition=_or_none(scores.competition_auroc) if scores else None,
            valid_auroc_mean=_or_none(scores.mean_auroc) if scores else None,
        )

    def _self_train_card(self) -> dict | None:
        c = self.config
        if c.uncertain is not UncertaintyPolicy.SELF_TRAIN:
            return None
        return {
            "rounds": c.self_train_rounds,
            "targets": "hard" if c.self_train_hard else "soft",
            "round": self.provenance.self_train_round,
        }

    def _finish(self, progress: _Progress) -> ValidationScores:
        """Bootstrap CIs for the best epoch, then metrics.json, roc.png and the final card."""
        c = self.config
        best_epoch, history = progress.best_epoch, progress.history
        indices, probabilities = progress.best_valid
        truth = self.valid_truth[indices]
        scores = score_observations(
            truth, probabilities, OBSERVATIONS, n_resamples=c.n_resamples, seed=c.seed
        )
        if not self.context.is_main:
            return scores
        metrics = {
            "best_epoch": best_epoch,
            "epochs": len(history),
            "valid_images_scored": len(indices),
            "skipped_images": len(self.skipped),
            "policy": c.uncertain.value,
            "blank_policy": c.blank.value,
            **scores.to_dict(),
            "history": history,
        }
        runfolder.write_json(self.output / runfolder.METRICS, metrics)
        predictions = self.valid_rows.iloc[indices][["path", "study_id", "patient_id"]]
        predictions = predictions.reset_index(drop=True)
        predictions[list(OBSERVATIONS)] = probabilities
        with atomic_write(self.output / runfolder.VALID_PREDICTIONS) as handle:
            predictions.to_csv(handle, index=False, float_format="%.6f")
        title = f"Validation ROC, epoch {best_epoch} (U-{c.uncertain.value})"
        atomic_write_bytes(
            self.output / runfolder.ROC, roc_png(truth, probabilities, OBSERVATIONS, title)
        )
        runfolder.write_skipped(self.output / runfolder.SKIPPED, self.skipped)
        best_sha = runfolder.sha256_file(self.output / runfolder.BEST)
        self._card(progress, best_sha, scores).write(self.output)
        self.reporter.table(scores_table(scores, best_epoch))
        if scores.skipped:
            self.reporter.note(
                "note: not scored (a single class among the validation images): "
                + ", ".join(scores.skipped)
            )
        self.reporter.note(f"run folder: {self.output}")
        return scores


def _or_none(value: float) -> float | None:
    return None if math.isnan(value) else value


def _epoch_seed(seed: int, epoch: int) -> int:
    return seed * 100_003 + epoch
