"""Image manifests, and everything ``--images`` may name (manifests, folders, image files).

One reader for ``train``, ``predict``, ``saliency`` and ``audit``: the same column names, paths
relative to the manifest's folder, the same error for the same problem. A listed image that
does not exist is not a manifest error: the command that opens the images skips it and
counts it. Core module: no torch, no PIL (dicom.py takes its suffixes from here).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from lzma import LZMAError
from pathlib import Path

import pandas as pd

from labelaudit.csvfile import read_strict_frame
from labelaudit.errors import InputError
from labelaudit.labelfile import ID_COLUMN_CANDIDATES
from labelaudit.wording import plural

PATH_COLUMNS: tuple[str, ...] = ("path", "image", "image_path", "Path", "file")
# A label file may be keyed by CheXpert's ``Path``; in a manifest that column is the image.
ID_COLUMNS: tuple[str, ...] = tuple(c for c in ID_COLUMN_CANDIDATES if c not in PATH_COLUMNS)
PATIENT_COLUMNS: tuple[str, ...] = ("patient_id", "patient", "subject_id", "PatientID")
SPLIT_COLUMN = "split"
DICOM_SUFFIXES: tuple[str, ...] = (".dcm", ".dicom")
IMAGE_SUFFIXES: tuple[str, ...] = (
    ".png",
    ".jpg",
    ".jpeg",
    ".bmp",
    ".tif",
    ".tiff",
    *DICOM_SUFFIXES,
)
MANIFEST_SUFFIXES: tuple[str, ...] = (".csv", ".csv.gz", ".csv.bz2", ".csv.xz")
_SHOW = 5  # line numbers quoted in an error


@dataclass(frozen=True)
class Manifest:
    """One manifest's rows in file order; a row identical to an earlier one is counted once.

    ``table`` holds ``path`` (absolute, resolved) and the file's other columns as stripped
    text.
    """

    source: Path
    table: pd.DataFrame
    id_column: str | None  # the column ids come from, None when the file has none
    patient_column: str | None
    repeated: int  # rows dropped as repeats of an earlier row

    @property
    def notes(self) -> list[str]:
        """What a command tells the user about the manifest (nothing when nothing repeats)."""
        if not self.repeated:
            return []
        return [f"{plural(self.repeated, 'repeated manifest row')} counted once"]


def read_manifest(
    source: str | Path, *, id_column: str | None = None, require_ids: bool = False
) -> Manifest:
    """Read an image manifest (see docs/interfaces.md, "Manifests").

    ``id_column`` (e.g. the label file's) is tried before the usual id names; with
    ``require_ids`` a manifest without an id column, or with an empty id, is an error.
    """
    source = Path(source)
    frame, lines = _read(source)
    path_column = _first_present(frame, PATH_COLUMNS)
    if path_column is None:
        raise InputError(_no_column(source, "image path", PATH_COLUMNS, frame))
    id_names = tuple(
        dict.fromkeys(c for c in (id_column, *ID_COLUMNS) if c and c not in PATH_COLUMNS)
    )
    found_id = _first_present(frame, id_names)
    if require_ids and found_id is None:
        raise InputError(_no_column(source, "id", id_names, frame))
    if frame.empty:
        raise InputError(f"{source}: the manifest lists no images")

    frame = frame.apply(lambda column: column.str.strip())
    _reject_blank(source, frame[path_column], lines, "empty image path")
    if require_ids and found_id is not None:
        _reject_blank(source, frame[found_id], lines, f"empty id in column '{found_id}'")
    resolved = resolve_listed(frame[path_column], source.parent)
    frame = frame.drop(columns=path_column)
    frame.insert(0, "path", resolved)
    repeated = frame.duplicated().to_numpy()
    return Manifest(
        source=source,
        table=frame[~repeated].reset_index(drop=True),
        id_column=found_id,
        patient_column=_first_present(frame, PATIENT_COLUMNS),
        repeated=int(repeated.sum()),
    )


def resolve_listed(texts: Iterable[str], folder: Path) -> list[str]:
    """Paths as listed in a file: relative to that file's folder, absolute kept; resolved,
    so two spellings of one image (``a/../b.png``, a symlinked folder) are one path.

    The same as ``os.path.realpath`` on each, but a folder shared by many films is resolved
    once (realpath checks every component of every path: 2.2x slower on 200,000 rows,
    benchmarks/bench_manifest.py).
    """
    real_folders: dict[str, str] = {}
    return [_real_path(os.path.join(folder, text), real_folders) for text in texts]


def _real_path(path: str, real_folders: dict[str, str]) -> str:
    head, name = os.path.split(path)
    if name in ("", ".", "..") or head == path:
        return os.path.realpath(path)  # '..' needs its folder's real place: realpath's rule
    if head not in real_folders:
        real_folders[head] = _real_path(head, real_folders)
    inside = os.path.join(real_folders[head], name)
    return os.path.realpath(inside) if os.path.islink(inside) else inside


def is_manifest_name(path: Path) -> bool:
    """A CSV (optionally compressed) names a manifest; anything else is an image file."""
    return path.name.lower().endswith(MANIFEST_SUFFIXES)


@dataclass(frozen=True)
class ImageList:
    """What ``collect_images`` found: one row per image, in the order the inputs named them."""

    table: pd.DataFrame  # "path" (absolute) + the manifests' id and patient columns ('' if none)
    repeated: int  # rows named more than once (same path and ids), counted once

    @property
    def warnings(self) -> list[str]:
        """What a command tells the user about the list (nothing when nothing repeats)."""
        if not self.repeated:
            return []
        return [f"{plural(self.repeated, 'image')} named more than once, counted once"]

    @property
    def paths(self) -> list[Path]:
        """Each image once, in order: an image listed under two ids is still one image."""
        return [Path(p) for p in dict.fromkeys(self.table["path"])]


def collect_images(inputs: Sequence[str | Path]) -> ImageList:
    """Expand manifests, folders (searched recursively, sorted) and image files, in order.

    Manifests carry their id and patient columns (``ID_COLUMNS``, ``PATIENT_COLUMNS``), so
    per-image results join back to reports and patients.
    """
    if not inputs:
        raise InputError("no images given: name a manifest CSV, a folder of images or image files")
    paths = [Path(p) for p in inputs]
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise InputError(f"no such image file, folder or manifest: {', '.join(missing[:3])}")
    parts, within = zip(*(_collect_one(path) for path in paths), strict=True)
    table = pd.concat(parts, ignore_index=True).fillna("")
    repeated = table.duplicated().to_numpy()
    return ImageList(table[~repeated].reset_index(drop=True), sum(within) + int(repeated.sum()))


def _collect_one(path: Path) -> tuple[pd.DataFrame, int]:
    """One input's images, and the rows a manifest repeated."""
    if path.is_dir():
        found = sorted(
            p for p in path.rglob("*") if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file()
        )
        if not found:
            raise InputError(f"{path}: folder has no images ({', '.join(IMAGE_SUFFIXES)})")
        return pd.DataFrame({"path": [str(p.resolve()) for p in found]}), 0
    if is_manifest_name(path):
        manifest = read_manifest(path)
        carried = [c for c in (*ID_COLUMNS, *PATIENT_COLUMNS) if c in manifest.table.columns]
        return manifest.table[["path", *carried]], manifest.repeated
    return pd.DataFrame({"path": [str(path.resolve())]}), 0


def _read(source: Path) -> tuple[pd.DataFrame, list[int]]:
    if not source.is_file():
        raise InputError(f"{source}: no such file")
    try:
        return read_strict_frame(source)  # an open quote must not merge image rows
    except UnicodeDecodeError as exc:
        raise InputError(f"{source}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except (OSError, EOFError, LZMAError) as exc:  # a damaged .csv.gz / .bz2 / .xz
        raise InputError(f"{source}: cannot be read as a table: {exc}") from None


def _first_present(frame: pd.DataFrame, names: Sequence[str]) -> str | None:
    return next((name for name in names if name in frame.columns), None)


def _no_column(source: Path, what: str, names: Sequence[str], frame: pd.DataFrame) -> str:
    return (
        f"{source}: no {what} column; expected one of: {', '.join(names)}; "
        f"columns are: {', '.join(frame.columns)}"
    )


def _reject_blank(source: Path, values: pd.Series, lines: list[int], what: str) -> None:
    blank = [line for line, value in zip(lines, values, strict=True) if not value]
    if blank:
        shown = ", ".join(map(str, blank[:_SHOW]))
        raise InputError(f"{source}: {what} on line(s) {shown} ({len(blank)} in all)")
