"""``labelaudit saliency``: maps for every image × observation of a trained run, exported.

Output folder:
- ``index.html``: every contact sheet with the colour scale, validity figures and verdicts;
- ``index.csv``: image, observation, method, logit, probability, map/overlay paths, the
  method's sanity verdict and, with ``masks``, the localisation scores;
- ``<method>/<observation slug>/<image name>.npy|.png``;
- ``contact_sheets/<method>__<observation slug>.png``: the top-scoring images;
- ``sanity.csv``: the model-randomisation check per method;
- ``validity.csv`` (with ``masks``): pointing game and energy per method × observation;
- ``skipped_images.csv``: images that could not be read, with why.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import torch

from labelaudit.atomic import atomic_write
from labelaudit.devices import Device
from labelaudit.errors import InputError, OptionError
from labelaudit.manifest import collect_images
from labelaudit.observations import slug
from labelaudit.outputs import check_output_dir
from labelaudit.saliency import export
from labelaudit.saliency.index_page import write_index
from labelaudit.saliency.inputs import output_names, resolve_observations
from labelaudit.saliency.maps import compute_maps
from labelaudit.saliency.methods import Method
from labelaudit.saliency.randomization import SanityResult, randomization_check, randomized_copy
from labelaudit.saliency.validity import energy_inside, load_mask, mask_fraction, pointing_hit
from labelaudit.train.dataset import IMAGE_ERRORS, check_image, open_grayscale
from labelaudit.train.run import load_run
from labelaudit.train.trainer import resolve_device
from labelaudit.train.transforms import eval_transform

INDEX = "index.csv"
SANITY = "sanity.csv"
VALIDITY = "validity.csv"
SKIPPED = "skipped_images.csv"
SHEETS = "contact_sheets"
CAPTION_CHARS = 38  # what fits under a 256 px overlay
SANITY_COLUMNS = ("method", "pairs", "mean_rho", "median_rho", "threshold", "verdict")


@dataclass(frozen=True)
class SaliencyInputs:
    """A training run folder and the images to explain (files, folders or path-column CSVs)."""

    run: Path
    images: Sequence[Path]


@dataclass(frozen=True)
class SaliencyOptions:
    """Which maps to draw; the defaults are ``labelaudit saliency``'s."""

    methods: Sequence[Method] = (Method.GRADCAM,)
    observations: Sequence[str] | None = None  # None: every observation the model predicts
    batch_size: int = 8
    device: Device = Device.auto
    top: int = 12  # images per contact sheet
    sanity_images: int = 8  # images for the randomisation check; 0 skips it
    masks: Path | None = None  # <masks>/<observation slug>/<image stem>.png
    seed: int = 0


@dataclass
class SaliencyResult:
    output: Path
    images: int
    rows: int
    skipped: list[tuple[str, str]] = field(default_factory=list)
    sanity: list[SanityResult] = field(default_factory=list)
    validity: pd.DataFrame | None = None


def run_saliency(
    inputs: SaliencyInputs,
    output: Path,
    options: SaliencyOptions,
    *,
    progress: Callable[[int], None] | None = None,
) -> SaliencyResult:
    """Compute, export and index the maps in the folder ``output``.

    ``progress(n)`` is called after each batch of n images.
    """
    check_output_dir(output, [inputs.run])
    image_paths = collect_images(inputs.images).paths
    device = str(resolve_device(options.device))
    if options.batch_size < 1:
        raise OptionError(f"batch_size must be at least 1, got {options.batch_size}", "batch_size")
    if options.masks is not None and not options.masks.is_dir():
        raise InputError(f"{options.masks}: masks folder not found")
    run_dir = inputs.run
    model, card = load_run(run_dir, device)
    known = list(card.observations)
    observations = resolve_observations(options.observations, known)
    targets = [known.index(o) for o in observations]
    readable, skipped = _readable(image_paths)
    names = output_names(readable)
    mean, std = card.mean, card.std
    transform = eval_transform(card.image_size, mean, std)
    loader = _BatchLoader(transform, device, skipped)

    sanity = _sanity(model, loader, readable, targets, options)
    verdicts = {s.method: s.verdict for s in sanity}
    exporter = _Exporter(output, names, observations, targets, options.masks)
    rows: list[dict] = []
    loaded_images = 0
    for start in range(0, len(readable), options.batch_size):
        paths = readable[start : start + options.batch_size]
        batch, kept = loader.load(paths)
        if kept:
            gray = (batch[:, 0] * std[0] + mean[0]).clamp(0, 1).cpu().numpy()
            for method in options.methods:
                maps, logits = compute_maps(model, batch, targets, method, seed=options.seed)
                rows += exporter.export(Method(method), kept, gray, maps, logits)
            loaded_images += len(kept)
        if progress is not None:
            progress(len(paths))
    if not rows:
        reasons = "; ".join(f"{p}: {r}" for p, r in skipped[:3])
        raise InputError(f"none of the {len(image_paths)} images could be decoded ({reasons})")

    for row in rows:
        row["sanity"] = verdicts.get(row["method"], "not run")
    validity = validity_summary(rows) if options.masks is not None else None
    _write_contact_sheets(output, rows, options.top)
    _write_rows(output / INDEX, rows, _index_columns(rows))
    _write_rows(output / SANITY, [s.to_dict() for s in sanity], SANITY_COLUMNS)
    _write_rows(
        output / SKIPPED, [{"path": p, "reason": r} for p, r in skipped], ["path", "reason"]
    )
    if validity is not None:
        _write_rows(output / VALIDITY, validity.to_dict("records"), list(validity.columns))
    sheets = SHEETS if options.top > 0 else None
    write_index(output, rows, sanity, validity, run=run_dir, sheets=sheets)
    return SaliencyResult(output, loaded_images, len(rows), skipped, sanity, validity)


def _readable(paths: Sequence[Path]) -> tuple[list[Path], list[tuple[str, str]]]:
    readable, skipped = [], []
    for path in paths:
        problem = check_image(str(path))
        if problem is None:
            readable.append(path)
        else:
            skipped.append((str(path), problem))
    if not readable:
        reasons = "; ".join(f"{p}: {r}" for p, r in skipped[:3])
        raise InputError(f"none of the {len(paths)} images can be read ({reasons})")
    return readable, skipped


class _BatchLoader:
    """Decode and transform images; one that fails only now is skipped and recorded."""

    def __init__(self, transform, device: str, skipped: list[tuple[str, str]]) -> None:
        self.transform = transform
        self.device = device
        self.skipped = skipped

    def load(self, paths: Sequence[Path]) -> tuple[torch.Tensor, list[Path]]:
        tensors, kept = [], []
        for path in paths:
            try:
                tensors.append(self.transform(open_grayscale(str(path))))
                kept.append(path)
            except IMAGE_ERRORS as exc:
                if not any(s[0] == str(path) for s in self.skipped):
                    self.skipped.append((str(path), f"corrupt: {type(exc).__name__}"))
        if not tensors:
            return torch.empty(0), []
        return torch.stack(tensors).to(self.device), kept


def _sanity(model, loader, readable, targets, options) -> list[SanityResult]:
    if options.sanity_images <= 0:
        return []
    batch, kept = loader.load(readable[: options.sanity_images])
    if not kept:
        return []
    randomized = randomized_copy(model)
    return [
        randomization_check(model, batch, targets, m, randomized=randomized, seed=options.seed)
        for m in options.methods
    ]


@dataclass
class _Exporter:
    """Writes the .npy and overlay of each image × observation and returns its index row."""

    output: Path
    names: dict[Path, str]
    observations: list[str]
    targets: list[int]
    masks: Path | None

    def export(self, method: Method, paths, gray, maps: torch.Tensor, logits: torch.Tensor):
        maps_np = maps.cpu().numpy()
        logits_np = logits.cpu().double().numpy()
        rows = []
        for i, path in enumerate(paths):
            for j, (observation, k) in enumerate(zip(self.observations, self.targets, strict=True)):
                rows.append(
                    self._one(method, path, observation, gray[i], maps_np[i, j], logits_np[i, k])
                )
        return rows

    def _one(self, method, path, observation, gray, saliency, logit) -> dict:
        logit = float(logit)
        probability = 1.0 / (1.0 + math.exp(-logit))
        folder = self.output / method.value / slug(observation)
        npy, png = folder / f"{self.names[path]}.npy", folder / f"{self.names[path]}.png"
        export.write_npy(npy, saliency)
        name = self.names[path]
        caption = [
            name if len(name) <= CAPTION_CHARS else "…" + name[-CAPTION_CHARS + 1 :],
            f"{observation} · {method.value}" + (" · flat map" if saliency.max() <= 0 else ""),
            f"logit {logit:+.2f} · p={probability:.3f}",
        ]
        mask_path = self.masks / slug(observation) / f"{path.stem}.png" if self.masks else None
        mask, localisation = None, {}
        if mask_path is not None and mask_path.is_file():  # no mask: finding absent
            mask = load_mask(mask_path, saliency.shape)
            localisation = _localisation(saliency, mask, mask_path)
        export.write_png(png, export.overlay_image(gray, saliency, caption, mask=mask))
        row = {
            "image": str(path),
            "observation": observation,
            "method": method.value,
            "logit": round(logit, 6),
            "probability": round(probability, 6),
            "map_npy": str(npy.relative_to(self.output)),
            "overlay_png": str(png.relative_to(self.output)),
        }
        row.update(localisation)
        return row


def _localisation(saliency: np.ndarray, mask: np.ndarray, mask_path: Path) -> dict:
    return {
        "mask": str(mask_path),
        "pointing_hit": int(pointing_hit(saliency, mask)),
        "energy_inside": round(energy_inside(saliency, mask), 6),
        "mask_fraction": round(mask_fraction(mask), 6),
    }


def validity_summary(rows: Sequence[dict]) -> pd.DataFrame:
    """Per method × observation, and per method overall: hit rate, energy inside, chance."""
    scored = pd.DataFrame([r for r in rows if "pointing_hit" in r])
    columns = ["method", "observation", "maps", "hit_rate", "energy_inside", "chance"]
    if scored.empty:
        return pd.DataFrame(columns=columns)
    overall = scored.assign(observation="(all)")
    summary = (
        pd.concat([scored, overall])
        .groupby(["method", "observation"], sort=False)
        .agg(
            maps=("pointing_hit", "size"),
            hit_rate=("pointing_hit", "mean"),
            energy_inside=("energy_inside", "mean"),
            chance=("mask_fraction", "mean"),
        )
        .reset_index()
    )
    return summary[columns].round(4)


def _index_columns(rows: Sequence[dict]) -> list[str]:
    columns: list[str] = []
    for row in rows:
        columns += [c for c in row if c not in columns]
    return columns


def _write_rows(path: Path, rows: Sequence[dict], columns: Sequence[str] | None = None) -> None:
    """A CSV written whole or not at all; an empty table keeps its header when given one."""
    columns = list(columns) if columns is not None else list(rows[0]) if rows else []
    with atomic_write(path) as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, restval="")
        writer.writeheader()
        writer.writerows(rows)


def _write_contact_sheets(output: Path, rows: Sequence[dict], top: int) -> None:
    if top <= 0:
        return
    table = pd.DataFrame(rows)
    for (method, observation), group in table.groupby(["method", "observation"], sort=False):
        best = group.sort_values("logit", ascending=False).head(top)
        title = f"{observation} · {method}: top {len(best)} of {len(group)} images by score"
        failed = (group["sanity"] == "FAILED").any()
        sheet = export.contact_sheet(
            [output / p for p in best["overlay_png"]], title, failed=failed
        )
        export.write_png(output / SHEETS / f"{method}__{slug(observation)}.png", sheet)
