"""Training data sources: CheXpert, MIMIC-CXR-JPG, or your own labels plus an image manifest.

Each loader returns a :class:`DataSource` whose ``table`` is the image table of
docs/interfaces.md: one row per image with ``path`` (absolute), ``patient_id``,
``study_id``, ``split`` ("train" / "valid" / "test" / None) and the 14 observations
(1.0 / 0.0 / -1.0 / NaN). No torch here: this runs in the core install.

Images listed but absent on disk are not an error at this stage (the loader skips and
lists them during training); the source counts them in ``missing_images``.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from labelaudit.csvfile import read_strict_frame
from labelaudit.errors import InputError, OptionError
from labelaudit.labelfile import ID_COLUMN_CANDIDATES, read_label_file
from labelaudit.manifest import SPLIT_COLUMN, read_manifest
from labelaudit.observations import OBSERVATIONS

TABLE_COLUMNS: tuple[str, ...] = ("path", "patient_id", "study_id", "split", *OBSERVATIONS)
CHEXPERT_FOLDERS = ("CheXpert-v1.0-small", "CheXpert-v1.0")
MIMIC_LABELERS = ("chexpert", "negbio")
MIMIC_SPLITS = {"train": "train", "validate": "valid", "valid": "valid", "test": "test"}
OWN_SPLITS = {**MIMIC_SPLITS, "val": "valid", "validation": "valid"}
_CHEXPERT_IDS = re.compile(r"(patient\d+)/(study\d+)/")


@dataclass
class DataSource:
    """An image table and what a user should know about how it was built."""

    name: str  # "chexpert" | "mimic-cxr" | "labels+manifest"
    table: pd.DataFrame
    label_files: list[Path]  # hashed into model.json by the trainer
    missing_images: int = 0
    notes: list[str] = field(default_factory=list)


def parse_views(text: str | None) -> tuple[str, ...] | None:
    """'PA, ap' -> ('PA', 'AP'); None or '' means every view."""
    if not text:
        return None
    views = tuple(v.strip().upper() for v in text.split(",") if v.strip())
    return views or None


def load_source(
    *,
    chexpert_root: str | Path | None = None,
    mimic_root: str | Path | None = None,
    labels: str | Path | None = None,
    images: str | Path | None = None,
    views: tuple[str, ...] | None = None,
    mimic_labeler: str = "chexpert",
) -> DataSource:
    """The one source the options name; a clear error for none, several, or half of one."""
    given = [
        name
        for name, value in (
            ("chexpert_root", chexpert_root),
            ("mimic_root", mimic_root),
            ("labels with images", labels or images),
        )
        if value
    ]
    if len(given) != 1:
        which = "none" if not given else " and ".join(given)
        raise OptionError(
            "give exactly one data source: chexpert_root, mimic_root, or labels with images "
            f"(got {which})",
            *("chexpert_root", "mimic_root", "labels", "images"),
        )
    if chexpert_root:
        return load_chexpert(chexpert_root, views=views)
    if mimic_root:
        return load_mimic(mimic_root, labeler=mimic_labeler, views=views)
    if not labels or not images:
        raise OptionError(
            "labels and images go together: a label file and its image manifest",
            *("labels", "images"),
        )
    if views:
        raise OptionError(
            "views applies to chexpert_root and mimic_root only",
            *("views", "chexpert_root", "mimic_root"),
        )
    return load_own(labels, images)


# -- CheXpert ----------------------------------------------------------------------------------


def load_chexpert(root: str | Path, *, views: tuple[str, ...] | None = None) -> DataSource:
    """CheXpert-v1.0 or -small: train.csv and valid.csv, whose Path leads to the images.

    ``root`` is the dataset folder (with train.csv) or the folder holding it. Paths start
    with the dataset folder's name; they resolve against whichever folder has it.
    """
    root = _existing_folder(root, "chexpert_root")
    csv_dir = _chexpert_csv_folder(root)
    frames, label_files, notes = [], [], []
    for split in ("train", "valid"):
        path = csv_dir / f"{split}.csv"
        if not path.is_file():
            raise InputError(
                f"{csv_dir}: no {split}.csv; a CheXpert folder has train.csv and valid.csv"
            )
        labels = read_label_file(path, id_column="Path", strict_columns=True)
        notes += _missing_observation_notes(labels.values.columns, path)
        frame = _with_all_observations(labels.values).reset_index(names="relative")
        if views is not None:
            frame = frame[_chexpert_views(path).isin(views).to_numpy()]
        frame["split"] = split
        frames.append(frame)
        label_files.append(path)
    frame = pd.concat(frames, ignore_index=True)

    ids = frame["relative"].str.extract(_CHEXPERT_IDS)
    unparsed = ids[0].isna()
    if unparsed.any():
        examples = ", ".join(frame.loc[unparsed, "relative"].head(3))
        raise InputError(
            f"{csv_dir}: {int(unparsed.sum())} Path values lack patientNNNNN/studyN, e.g. "
            f"{examples}; expected e.g. {CHEXPERT_FOLDERS[0]}/train/patient00001/study1/view1.jpg"
        )
    frame["patient_id"] = ids[0]
    frame["study_id"] = ids[0] + "/" + ids[1]
    base, strip = _chexpert_base(root, frame["relative"].iloc[0] if len(frame) else "")
    relative = frame["relative"].str.split("/", n=1).str[1] if strip else frame["relative"]
    frame["path"] = (base + os.sep + relative).to_numpy(dtype=object)
    if views is not None:
        notes.append(f"kept views {', '.join(views)}: {len(frame)} images")
    return _finish("chexpert", frame, label_files, notes)


def _chexpert_csv_folder(root: Path) -> Path:
    if (root / "train.csv").is_file():
        return root
    for name in CHEXPERT_FOLDERS:
        if (root / name / "train.csv").is_file():
            return root / name
    raise InputError(
        f"{root}: no train.csv here or in {' or '.join(CHEXPERT_FOLDERS)}/; "
        "chexpert_root is the folder with CheXpert's train.csv and valid.csv",
        "chexpert_root",
    )


def _chexpert_base(root: Path, first_path: str) -> tuple[str, bool]:
    """(folder the Path values join onto, whether to drop their first component)."""
    prefix = first_path.split("/", 1)[0]
    if (root / prefix).is_dir():
        return str(root.absolute()), False
    if root.name == prefix:
        return str(root.parent.absolute()), False
    # A renamed dataset folder: the Path values still carry the original name.
    return str(root.absolute()), True


def _chexpert_views(path: Path) -> pd.Series:
    """Per row: 'PA', 'AP', ... for frontal films, 'LATERAL' for lateral ones."""
    meta = _read_csv(path, required=("Path",))
    frontal = meta.get("Frontal/Lateral", pd.Series("", index=meta.index)).str.strip()
    ap_pa = meta.get("AP/PA", pd.Series("", index=meta.index)).str.strip().str.upper()
    return pd.Series(np.where(frontal.str.lower() == "lateral", "LATERAL", ap_pa))


# -- MIMIC-CXR-JPG -----------------------------------------------------------------------------


def load_mimic(
    root: str | Path, *, labeler: str = "chexpert", views: tuple[str, ...] | None = None
) -> DataSource:
    """MIMIC-CXR-JPG: a study's labels go to each of its films, filtered by ViewPosition."""
    if labeler not in MIMIC_LABELERS:
        raise InputError(
            f"MIMIC label file must be one of {', '.join(MIMIC_LABELERS)}, not {labeler!r}"
        )
    root = _existing_folder(root, "mimic_root")
    label_path = _mimic_file(root, labeler)
    meta_path = _mimic_file(root, "metadata")
    split_path = _mimic_file(root, "split")

    labels = read_label_file(label_path, id_column="study_id", strict_columns=True)
    values = _with_all_observations(labels.values)
    values.index = values.index.map(_int_text)
    meta = _read_csv(meta_path, required=("dicom_id", "subject_id", "study_id", "ViewPosition"))
    meta["study_id"] = meta["study_id"].map(_int_text)
    meta["subject_id"] = meta["subject_id"].map(_int_text)
    notes = _missing_observation_notes(labels.values.columns, label_path)

    if views is not None:
        position = meta["ViewPosition"].str.strip().str.upper()
        kept = meta[position.isin(views)]
        if kept.empty:
            present = position.replace("", "(blank)").value_counts().head(8)
            listing = ", ".join(f"{v} ({n})" for v, n in present.items())
            raise InputError(
                f"{meta_path}: no images with views {', '.join(views)}; views present: {listing}"
            )
        notes.append(f"kept views {', '.join(views)}: {len(kept)} of {len(meta)} images")
        meta = kept

    splits = _read_csv(split_path, required=("dicom_id", "split"))
    unknown = sorted(set(splits["split"].str.strip()) - set(MIMIC_SPLITS))
    if unknown:
        raise InputError(
            f"{split_path}: unknown split names {unknown}; expected train, validate, test"
        )
    split_of = dict(
        zip(splits["dicom_id"], splits["split"].str.strip().map(MIMIC_SPLITS), strict=True)
    )

    labelled = meta["study_id"].isin(values.index)
    if not labelled.any():
        raise InputError(
            f"{label_path}: none of its studies has an image in {meta_path.name} "
            "(labels without images); are both files from the same MIMIC-CXR-JPG release?"
        )
    if (~labelled).any():
        notes.append(f"{int((~labelled).sum())} images of unlabelled studies left out")
    meta = meta[labelled]
    unseen = values.index.difference(pd.Index(meta["study_id"].unique()))
    if len(unseen):
        notes.append(f"{len(unseen)} labelled studies have no image{_views_suffix(views)}")

    frame = values.loc[meta["study_id"]].reset_index(drop=True)
    frame["patient_id"] = meta["subject_id"].to_numpy()
    frame["study_id"] = meta["study_id"].to_numpy()
    frame["split"] = [split_of.get(d) for d in meta["dicom_id"]]
    base = str(root.absolute())
    frame["path"] = [
        _mimic_film(os.path.join(base, "files", f"p{s[:2]}", f"p{s}", f"s{st}", d))
        for s, st, d in zip(meta["subject_id"], meta["study_id"], meta["dicom_id"], strict=True)
    ]
    no_split = sum(s is None for s in frame["split"])
    if no_split:
        notes.append(f"{no_split} images are not in {split_path.name}; they get a patient split")
    return _finish("mimic-cxr", frame, [label_path], notes)


def _mimic_film(stem: str) -> str:
    """MIMIC-CXR-JPG's ``<dicom_id>.jpg``, or MIMIC-CXR's ``<dicom_id>.dcm`` in the same
    layout when only the DICOM is there (a missing film stays .jpg and is reported)."""
    jpg = stem + ".jpg"
    if os.path.exists(jpg):
        return jpg
    dcm = stem + ".dcm"
    return dcm if os.path.exists(dcm) else jpg


def _mimic_file(root: Path, kind: str) -> Path:
    for suffix in (".csv.gz", ".csv"):
        path = root / f"mimic-cxr-2.0.0-{kind}{suffix}"
        if path.is_file():
            return path
    raise InputError(
        f"{root}: no mimic-cxr-2.0.0-{kind}.csv.gz (or .csv); is it the MIMIC-CXR-JPG folder?"
    )


def _int_text(value: object) -> str:
    """'50414267', '50414267.0' and 50414267 are one study id."""
    text = str(value).strip()
    return text[:-2] if text.endswith(".0") else text


def _views_suffix(views: tuple[str, ...] | None) -> str:
    return f" with views {', '.join(views)}" if views else ""


# -- your own labels + image manifest ----------------------------------------------------------


def load_own(labels: str | Path, images: str | Path, *, id_column: str | None = None) -> DataSource:
    """A label file with ids (e.g. ``labelaudit extract`` output) and a manifest of images.

    The manifest (read by :func:`labelaudit.manifest.read_manifest`) has an id column (the
    label file's, or one of its id names), a path column, optionally a patient column (else
    each id is its own patient) and a split column.
    """
    label_table = read_label_file(labels, id_column=id_column, strict_columns=True)
    if not label_table.has_ids:
        raise InputError(
            f"{labels}: no id column ({', '.join(ID_COLUMN_CANDIDATES)}); the manifest maps ids "
            "to images, so the label file needs them"
        )
    values = _with_all_observations(label_table.values)
    images = Path(images)
    manifest = read_manifest(images, id_column=label_table.id_column, require_ids=True)
    rows = manifest.table
    ids = rows[manifest.id_column]
    notes = _missing_observation_notes(label_table.values.columns, Path(labels)) + manifest.notes

    without_images = values.index.difference(pd.Index(ids.unique()))
    if len(without_images):
        shown = ", ".join(map(str, without_images[:5]))
        raise InputError(
            f"{labels}: {len(without_images)} of {len(values)} labelled ids have no image in "
            f"{images} (labels without images), e.g. {shown}"
        )
    labelled = ids.isin(values.index)
    if not labelled.all():
        notes.append(f"{int((~labelled).sum())} manifest images have no labels; left out")
        rows, ids = rows[labelled], ids[labelled]

    if manifest.patient_column is not None:
        patients = rows[manifest.patient_column]
        patients = patients.where(patients != "", ids)
        conflicting = patients.groupby(ids).nunique()
        if (conflicting > 1).any():
            example = conflicting[conflicting > 1].index[0]
            raise InputError(f"{images}: id {example} is listed with more than one patient")
    else:
        patients = ids

    frame = values.loc[ids].reset_index(drop=True)
    frame["study_id"] = ids.to_numpy()
    frame["patient_id"] = patients.to_numpy()
    frame["path"] = rows["path"].to_numpy()
    frame["split"] = _own_splits(rows, images)
    return _finish("labels+manifest", frame, [Path(labels)], notes)


def _own_splits(rows: pd.DataFrame, images: Path) -> list[str | None]:
    if SPLIT_COLUMN not in rows.columns:
        return [None] * len(rows)
    raw = rows[SPLIT_COLUMN].str.lower()
    unknown = sorted(set(raw) - set(OWN_SPLITS) - {""})
    if unknown:
        raise InputError(f"{images}: unknown split names {unknown}; expected train, valid, test")
    return [OWN_SPLITS.get(s) for s in raw]


# -- shared ------------------------------------------------------------------------------------


def _existing_folder(root: str | Path, parameter: str) -> Path:
    root = Path(root).expanduser()
    if not root.exists():
        raise InputError(f"{root}: no such folder ({parameter})", parameter)
    if not root.is_dir():
        raise InputError(f"{root}: not a folder ({parameter})", parameter)
    return root


def _read_csv(path: Path, required: tuple[str, ...]) -> pd.DataFrame:
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        frame = read_strict_frame(path)[0]  # an open quote must not merge manifest rows
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except pd.errors.EmptyDataError:
        raise InputError(f"{path}: the file is empty") from None
    except (pd.errors.ParserError, ValueError, OSError, EOFError) as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise InputError(f"{path}: cannot be read as a table: {first}") from None
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise InputError(
            f"{path}: missing columns {', '.join(missing)}; columns are: {', '.join(frame.columns)}"
        )
    return frame


def _with_all_observations(values: pd.DataFrame) -> pd.DataFrame:
    """All 14 observation columns, in order; those the file lacks are blank."""
    return values.reindex(columns=list(OBSERVATIONS)).astype("float64")


def _missing_observation_notes(columns, path: Path) -> list[str]:
    missing = [o for o in OBSERVATIONS if o not in set(columns)]
    if not missing:
        return []
    return [f"{path.name}: observations not in the file, left blank: {', '.join(missing)}"]


def _finish(
    name: str, frame: pd.DataFrame, label_files: list[Path], notes: list[str]
) -> DataSource:
    if frame.empty:
        raise InputError(f"{name}: no images with labels (labels without images)")
    table = pd.DataFrame(
        {
            "path": frame["path"].astype(object).to_numpy(),
            "patient_id": frame["patient_id"].astype(str).to_numpy(dtype=object),
            "study_id": frame["study_id"].astype(str).to_numpy(dtype=object),
            # object dtype keeps None for "no split given" (a str column would turn it to NaN)
            "split": pd.Series(
                [s if isinstance(s, str) else None for s in frame["split"]], dtype=object
            ),
            **{o: frame[o].to_numpy(dtype=np.float64) for o in OBSERVATIONS},
        }
    )
    missing = sum(not os.path.isfile(p) for p in table["path"])
    if missing:
        notes.append(f"{missing} of {len(table)} listed images do not exist; training skips them")
    return DataSource(name, table, label_files, missing, notes)
