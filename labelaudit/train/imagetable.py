"""Checks on the image table (docs/interfaces.md) before any training starts."""

from __future__ import annotations

import difflib

import numpy as np
import pandas as pd

from labelaudit.errors import InputError
from labelaudit.observations import LABEL_VALUES, OBSERVATIONS

REQUIRED_COLUMNS = ("path", "patient_id", "study_id", "split")
SPLITS = ("train", "valid", "test")


def check_image_table(table: pd.DataFrame, *, need: tuple[str, ...] = ("train", "valid")) -> None:
    """Raise InputError for anything training could not use or would silently misread."""
    missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
    if missing:
        raise InputError(f"image table lacks columns: {', '.join(missing)}")
    _check_observation_columns(table)
    no_path = table["path"].isna() | (table["path"].astype(str).str.strip() == "")
    if no_path.any():
        ids = table.loc[no_path, "study_id"].astype(str).tolist()
        raise InputError(
            f"{len(ids)} labelled rows have no image path (labels without images), "
            f"e.g. study {', '.join(ids[:3])}"
        )
    unknown_splits = sorted(set(table["split"].dropna()) - set(SPLITS))
    if unknown_splits:
        raise InputError(f"unknown split names {unknown_splits}; expected {', '.join(SPLITS)}")
    for split in need:
        if not (table["split"] == split).any():
            raise InputError(f"the {split} split is empty; nothing to {_verb(split)}")
    values = table[list(OBSERVATIONS)].to_numpy(dtype=np.float64)
    bad = ~(np.isnan(values) | np.isin(values, LABEL_VALUES))
    if bad.any():
        row, col = map(int, np.argwhere(bad)[0])
        raise InputError(
            f"label values must be 1, 0, -1 or blank; {table['path'].iloc[row]} has "
            f"{OBSERVATIONS[col]}={values[row, col]} ({int(bad.sum())} bad values in all)"
        )


def _verb(split: str) -> str:
    return "train on" if split == "train" else "validate on"


def _check_observation_columns(table: pd.DataFrame) -> None:
    missing = [o for o in OBSERVATIONS if o not in table.columns]
    lowered = {o.lower(): o for o in missing}
    misspelled = []
    for column in table.columns:
        if column in OBSERVATIONS or column in REQUIRED_COLUMNS:
            continue
        near = difflib.get_close_matches(str(column).lower(), list(lowered), n=1, cutoff=0.75)
        if near:
            misspelled.append(f"'{column}' (did you mean '{lowered[near[0]]}'?)")
    if misspelled:
        raise InputError(f"unknown observations: {', '.join(misspelled)}")
    if missing:
        raise InputError(f"image table lacks observations: {', '.join(missing)}")
