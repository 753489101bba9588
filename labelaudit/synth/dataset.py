"""A synthetic cohort (patients, studies, films) and the files it is written to.

Layout of OUTDIR:
  images/<report_id>_<view>.png            the films, 8-bit grayscale
  masks/<obs_slug>/<report_id>_<view>.png  ground truth for each drawn finding (0/255)
  reports.csv    report_id, patient_id, report
  manifest.csv   report_id, patient_id, path (relative to OUTDIR)
  truth.csv      per image: what was drawn (1/0), faint findings, deliberate report errors
  stated.csv     per report: the 14 labels the text states (CheXpert format)
"""

from __future__ import annotations

import csv
import dataclasses
import glob
import io
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from labelaudit.atomic import atomic_write, atomic_write_bytes, process_alive
from labelaudit.errors import InputError, OptionError
from labelaudit.extras import require
from labelaudit.labelfile import format_value
from labelaudit.observations import NO_FINDING, OBSERVATIONS, SUPPORT_DEVICES, slug
from labelaudit.synth.anatomy import Anatomy, sample_anatomy
from labelaudit.synth.findings import DRAWN, PREVALENCE, Finding, sample_findings
from labelaudit.synth.render import View, render, sample_view
from labelaudit.synth.reports import Report, write_report

STUDIES_PER_PATIENT = ((1, 0.7), (2, 0.2), (3, 0.1))
TWO_VIEW_RATE = 0.25

# What a synthetic dataset folder holds; anything else in it is the user's and is kept.
DATASET_ENTRIES = ("images", "masks", "reports.csv", "manifest.csv", "truth.csv", "stated.csv")


@dataclass(frozen=True)
class Study:
    report_id: str
    patient_id: str
    anatomy: Anatomy
    findings: dict[str, Finding]
    views: tuple[View, ...]
    report: Report

    def image_names(self) -> list[str]:
        """Mask file names (and film names, with the film format's suffix)."""
        return [f"{self.report_id}_{k}.png" for k in range(1, len(self.views) + 1)]


@dataclass(frozen=True)
class SynthSummary:
    outdir: Path
    images: int
    studies: int
    patients: int
    prevalence: dict[str, float]  # share of images with each drawn finding
    report_errors: int


def sample_cohort(n_images: int, seed: int, *, error_rate: float = 0.05) -> list[Study]:
    """Patients with one to three studies of one or two films each, ``n_images`` films in all.

    Each patient draws from its own random stream, so the first patients are the same
    whatever ``n_images`` is.
    """
    studies: list[Study] = []
    images = 0
    patient = 0
    while images < n_images:
        patient += 1
        rng = np.random.default_rng([seed, patient])
        anatomy = sample_anatomy(rng)
        zoom = float(rng.uniform(0.9, 1.05))  # patient size
        ratio = (
            float(rng.uniform(0.53, 0.65)) if rng.random() < PREVALENCE["Cardiomegaly"] else None
        )
        counts, weights = zip(*STUDIES_PER_PATIENT, strict=True)
        for visit in range(int(rng.choice(counts, p=weights))):
            if images >= n_images:
                break
            n_views = min(2 if rng.random() < TWO_VIEW_RATE else 1, n_images - images)
            findings = sample_findings(rng, anatomy, cardiomegaly=ratio)
            report = write_report(
                findings, rng, views=n_views, follow_up=visit > 0, error_rate=error_rate
            )
            studies.append(
                Study(
                    report_id=f"s{len(studies) + 1:05d}",
                    patient_id=f"p{patient:05d}",
                    anatomy=anatomy,
                    findings=findings,
                    views=tuple(sample_view(rng, zoom) for _ in range(n_views)),
                    report=report,
                )
            )
            images += n_views
    return studies


def generate(
    outdir: str | Path,
    *,
    n: int = 400,
    size: int = 128,
    seed: int = 0,
    error_rate: float = 0.05,
    overwrite: bool = False,
    on_image: Callable[[], None] | None = None,
    film_format: str = "png",
) -> SynthSummary:
    """Render the cohort and write every file of the layout above into ``outdir``.

    ``film_format="dicom"`` writes each film as a 12-bit MONOCHROME1 DX DICOM file
    (``images/<report_id>_<view>.dcm``, needs the ``[dicom]`` extra) instead of a PNG; the
    masks stay PNG. ``on_image`` is called after each film, for a progress bar.
    """
    if film_format not in FILM_FORMATS:
        raise OptionError(
            f"film_format must be one of {', '.join(FILM_FORMATS)}, got {film_format}",
            "film_format",
        )
    if n < 1:
        raise OptionError(f"n must be at least 1, got {n}", "n")
    if not 32 <= size <= 2048:
        raise OptionError(f"size must be between 32 and 2048 pixels, got {size}", "size")
    if not 0.0 <= error_rate <= 1.0:
        raise OptionError(f"error_rate must be between 0 and 1, got {error_rate}", "error_rate")
    if film_format == "dicom":
        require("dicom", "writing DICOM films")  # before any film is drawn
    final = Path(outdir)
    _prepare(final, overwrite)
    # The new dataset is written beside the old one and swapped in at the end, so Ctrl-C
    # never leaves old reports and a manifest beside new films under the same names.
    outdir = final.parent / f".{final.name}.synth-{os.getpid()}.tmp"
    try:
        summary = _write_dataset(outdir, n, size, seed, error_rate, on_image, film_format)
        _swap_in(outdir, final)
    except BaseException:
        shutil.rmtree(outdir, ignore_errors=True)
        raise
    return dataclasses.replace(summary, outdir=final)


def _write_dataset(
    outdir: Path,
    n: int,
    size: int,
    seed: int,
    error_rate: float,
    on_image: Callable[[], None] | None,
    film_format: str,
) -> SynthSummary:
    studies = sample_cohort(n, seed, error_rate=error_rate)
    manifest, truth = [], []
    for study in studies:
        for view, name in zip(study.views, study.image_names(), strict=True):
            pixels, masks = render(study.anatomy, study.findings, view, size)
            film = name if film_format == "png" else name.replace(".png", ".dcm")
            atomic_write_bytes(outdir / "images" / film, _film(pixels, film_format, study))
            for observation, mask in masks.items():
                atomic_write_bytes(
                    outdir / "masks" / slug(observation) / name,
                    _png(mask.astype(np.uint8) * 255),
                )
            path = f"images/{film}"
            manifest.append((study.report_id, study.patient_id, path))
            truth.append(_truth_row(study, path, masks))
            if on_image is not None:
                on_image()

    _write_csv(
        outdir / "reports.csv",
        ["report_id", "patient_id", "report"],
        [(s.report_id, s.patient_id, s.report.text) for s in studies],
    )
    _write_csv(outdir / "manifest.csv", ["report_id", "patient_id", "path"], manifest)
    _write_csv(
        outdir / "truth.csv",
        ["path", "report_id", "patient_id", NO_FINDING, *DRAWN, "faint", "report_error"],
        truth,
    )
    _write_csv(
        outdir / "stated.csv",
        ["report_id", *OBSERVATIONS],
        [(s.report_id, *(format_value(s.report.stated[o]) for o in OBSERVATIONS)) for s in studies],
    )
    drawn_columns = {o: 4 + i for i, o in enumerate(DRAWN)}
    return SynthSummary(
        outdir=outdir,
        images=len(truth),
        studies=len(studies),
        patients=len({s.patient_id for s in studies}),
        prevalence={o: sum(row[c] for row in truth) / len(truth) for o, c in drawn_columns.items()},
        report_errors=sum(1 for s in studies if s.report.error),
    )


def _truth_row(study: Study, path: str, masks: dict) -> tuple:
    drawn = [int(o in masks) for o in DRAWN]
    pathology = [o for o in masks if o != SUPPORT_DEVICES]
    faint = [o for o, f in study.findings.items() if getattr(f, "faint", False)]
    return (
        path,
        study.report_id,
        study.patient_id,
        int(not pathology),
        *drawn,
        ";".join(faint),
        study.report.error,
    )


def _swap_in(staged: Path, final: Path) -> None:
    """Replace ``final`` by ``staged``; files of the user's own in ``final`` are kept."""
    if not final.exists():
        os.replace(staged, final)
        return
    old = final.parent / f".{final.name}.old-{os.getpid()}.tmp"
    for entry in final.iterdir():
        if entry.name not in DATASET_ENTRIES:
            os.replace(entry, staged / entry.name)
    os.replace(final, old)
    os.replace(staged, final)
    shutil.rmtree(old, ignore_errors=True)


def _sweep_stale(final: Path) -> None:
    """Staging folders of a killed run (``kill -9``): their process is gone."""
    for entry in final.parent.glob(f".{glob.escape(final.name)}.*-*.tmp"):
        pid = entry.name.rsplit("-", 1)[-1].removesuffix(".tmp")
        if pid.isdigit() and entry.is_dir() and not process_alive(int(pid)):
            shutil.rmtree(entry, ignore_errors=True)


def _prepare(outdir: Path, overwrite: bool) -> None:
    if outdir.exists() and not outdir.is_dir():
        raise InputError(f"{outdir}: exists and is not a folder")
    if outdir.is_dir() and any(outdir.iterdir()):
        if not overwrite:
            raise OptionError(
                f"{outdir}: folder is not empty; pass overwrite=True to replace a dataset",
                "overwrite",
            )
        if not (outdir / "manifest.csv").exists():
            raise InputError(
                f"{outdir}: not a synthetic dataset (no manifest.csv); refusing to overwrite it"
            )
    outdir.parent.mkdir(parents=True, exist_ok=True)
    _sweep_stale(outdir)


FILM_FORMATS = ("png", "dicom")


def _film(pixels: np.ndarray, film_format: str, study: Study) -> bytes:
    if film_format == "png":
        return _png(pixels)
    from labelaudit.dicom import encode_dicom

    return encode_dicom(
        pixels, bits=12, photometric="MONOCHROME1", patient_id=study.patient_id,
        study_id=study.report_id, view="PA",
    )  # fmt: skip


def _png(pixels: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    return buffer.getvalue()


def _write_csv(path: Path, header: list[str], rows: list) -> None:
    with atomic_write(path) as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
