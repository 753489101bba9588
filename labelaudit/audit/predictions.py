"""Read a predictions CSV (``labelaudit train --folds`` / ``labelaudit predict``) and align it
with the label file, by report id.

Predictions are per image; labels are per report. Images are tied to reports by an id column
that both files share, or through an image manifest (id + path). Several images of
one report are averaged: the label describes the whole study.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from labelaudit.csvfile import read_strict_frame
from labelaudit.errors import InputError
from labelaudit.labelfile import ID_COLUMN_CANDIDATES
from labelaudit.manifest import Manifest, resolve_listed
from labelaudit.observations import OBSERVATION_BY_SLUG, OBSERVATIONS

SHOW = 5  # ids quoted in an error message


def read_table(path: Path, what: str) -> pd.DataFrame:
    if not path.is_file():
        raise InputError(f"{path}: no such {what} file")
    if path.stat().st_size == 0:
        raise InputError(f"{path}: the {what} file is empty")
    try:
        return read_strict_frame(path)[0]
    except UnicodeDecodeError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{path}: cannot be read as CSV: {first}") from None


def probability_columns(table: pd.DataFrame) -> dict[str, str]:
    """Observation -> column: the observation's name, its slug, or ``prob_<slug>``."""
    found = {}
    for column in table.columns:
        key = str(column).strip()
        key = key.removeprefix("prob_").removeprefix("p_")
        name = key if key in OBSERVATIONS else OBSERVATION_BY_SLUG.get(key.lower())
        if name is not None and name not in found:
            found[name] = column
    return {o: found[o] for o in OBSERVATIONS if o in found}


def _id_column(table: pd.DataFrame, preferred: str) -> str | None:
    if preferred in table.columns:
        return preferred
    return next((c for c in ID_COLUMN_CANDIDATES if c in table.columns and c != "path"), None)


def load_predictions(
    path: Path,
    label_ids: pd.Index,
    id_column: str,
    manifest: Manifest | None = None,
) -> tuple[pd.DataFrame, int]:
    """Probabilities per report id (rows) and observation (columns), and the image count.

    Raises InputError for ids the labels do not have, or probabilities outside [0, 1].
    """
    table = read_table(path, "predictions")
    columns = probability_columns(table)
    if not columns:
        raise InputError(
            f"{path}: no probability columns; expected observation names such as "
            f"'{OBSERVATIONS[10]}' (found: {', '.join(map(str, table.columns[:8]))})"
        )
    ids = _prediction_ids(path, table, id_column, manifest)
    probabilities = pd.DataFrame(index=pd.Index(ids, name=id_column))
    for observation, column in columns.items():
        probabilities[observation] = _parse_probabilities(path, table[column], column)

    unknown = sorted(set(ids) - set(label_ids))
    if unknown:
        raise InputError(
            f"{path}: {len(unknown)} prediction ids are not in the labels, e.g. "
            f"{', '.join(unknown[:SHOW])}; the predictions must come from the same reports"
        )
    # Several images per report: the mean over them (NaN-aware) scores the report's label.
    return probabilities.groupby(level=0, sort=False).mean(), len(table)


def _prediction_ids(
    path: Path, table: pd.DataFrame, id_column: str, manifest: Manifest | None
) -> list[str]:
    column = _id_column(table, id_column)
    if column is not None:
        return table[column].str.strip().tolist()
    if "path" in table.columns and manifest is not None:
        rows = manifest.table
        by_path = dict(zip(rows["path"], rows[manifest.id_column], strict=True))
        resolved = resolve_listed(table["path"].str.strip(), path.parent)
        missing = [p for p in resolved if p not in by_path]
        if missing:
            raise InputError(
                f"{path}: {len(missing)} image paths are not in the image manifest, e.g. "
                f"{', '.join(missing[:3])}"
            )
        return [by_path[p] for p in resolved]
    raise InputError(
        f"{path}: no id column ('{id_column}' like the labels) to match the labels; "
        "with only a 'path' column, also pass images=manifest.csv",
        "images=",
    )


def _parse_probabilities(path: Path, raw: pd.Series, column: str) -> np.ndarray:
    values = pd.to_numeric(raw.str.strip().replace("", np.nan), errors="coerce").to_numpy()
    text_given = raw.str.strip() != ""
    bad = (text_given.to_numpy() & np.isnan(values)) | (values < 0) | (values > 1)
    if bad.any():
        rows = np.flatnonzero(bad)
        shown = ", ".join(f"row {r + 2}={raw.iloc[r]!r}" for r in rows[:SHOW])
        raise InputError(
            f"{path}: column '{column}' must hold probabilities in [0, 1]; found {shown}"
            f" ({len(rows)} in all)"
        )
    return values.astype(np.float64)
