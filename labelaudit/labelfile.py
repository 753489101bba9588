"""Read CheXpert-format label files: 1.0 / 0.0 / -1.0 / blank per observation.

Accepts the reference labeler's output, labelaudit's own output, CheXpert's train.csv and
MIMIC-CXR's chexpert/negbio label files. Values are checked, never coerced silently.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from labelaudit.errors import InputError, LabelFileError
from labelaudit.observations import OBSERVATIONS

ID_COLUMN_CANDIDATES: tuple[str, ...] = ("report_id", "study_id", "id", "ID", "Id", "Path", "path")
REPORT_COLUMN = "Reports"

_VALUE_SPELLINGS: dict[str, float] = {
    "1": 1.0,
    "1.0": 1.0,
    "+1": 1.0,
    "1.": 1.0,
    "0": 0.0,
    "0.0": 0.0,
    "-0": 0.0,
    "-0.0": 0.0,
    "0.": 0.0,
    "-1": -1.0,
    "-1.0": -1.0,
    "-1.": -1.0,
    "": math.nan,
    "nan": math.nan,
    "NaN": math.nan,
    "NA": math.nan,
    "None": math.nan,
}


def parse_label_value(raw: object) -> float:
    """Map one cell to 1.0, 0.0, -1.0 or NaN (blank); raise ValueError for anything else."""
    if raw is None:
        return math.nan
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, (int, float)):
        value = float(raw)
        if math.isnan(value) or value in (1.0, 0.0, -1.0):
            return value
        raise ValueError(raw)
    text = str(raw).strip()
    if text in _VALUE_SPELLINGS:
        return _VALUE_SPELLINGS[text]
    raise ValueError(raw)


def format_value(value: float | None) -> str:
    """The reference labeler's spelling: '1.0', '0.0', '-1.0' or '' for blank."""
    if value is None or math.isnan(value):
        return ""
    return f"{float(value):.1f}"


@dataclass
class LabelTable:
    """Labels of one file, columns in canonical order, indexed by id (or row number)."""

    path: Path
    values: pd.DataFrame  # float columns, a subset of OBSERVATIONS in canonical order
    id_column: str | None  # None: the index is the 0-based row number
    reports: pd.Series | None  # the Reports text, when the file has it

    @property
    def observations(self) -> list[str]:
        return list(self.values.columns)

    @property
    def has_ids(self) -> bool:
        return self.id_column is not None


def _parse_column(column: pd.Series) -> tuple[list[float], list[int]]:
    """Parse a whole column, checking each distinct spelling once (a CheXpert train.csv has
    224k rows but a handful of spellings). Returns the values and the invalid row numbers."""
    keys = [None if _is_missing(raw) else raw for raw in column.tolist()]
    mapping: dict[object, float | None] = {}
    for key in set(keys):
        try:
            mapping[key] = parse_label_value(key)
        except ValueError:
            mapping[key] = None  # invalid
    parsed = [mapping[key] for key in keys]
    invalid = [row for row, value in enumerate(parsed) if value is None]
    return [math.nan if value is None else value for value in parsed], invalid


def _is_missing(raw: object) -> bool:
    return raw is None or (isinstance(raw, float) and math.isnan(raw))


def _summarise(items: list[str], total: int, limit: int = 5) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" … ({total} in all)" if total > limit else f" ({total} in all)")


def read_label_file(
    path: str | Path,
    *,
    id_column: str | None = None,
    detect_id: bool = True,
    strict_columns: bool = False,
) -> LabelTable:
    """Read and validate a CheXpert-format label file (CSV, or Parquet by extension).

    ``strict_columns`` rejects columns that look like misspelled observations, which a
    gold file must not have; metadata columns (Path, Sex, ...) are otherwise ignored.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, expected a CSV label file")
    frame = _read_table(path)
    known = [o for o in OBSERVATIONS if o in frame.columns]
    if not known:
        raise LabelFileError(
            f"{path}: no observation columns found; expected some of: {', '.join(OBSERVATIONS)}"
        )
    if strict_columns:
        _reject_unknown_observation_columns(path, frame, id_column)

    if id_column is not None:
        if id_column not in frame.columns:
            raise LabelFileError(
                f"{path}: id column '{id_column}' not found; "
                f"columns are: {', '.join(frame.columns)}"
            )
    elif detect_id:
        id_column = next((c for c in ID_COLUMN_CANDIDATES if c in frame.columns), None)

    values = pd.DataFrame(index=frame.index)
    bad: list[str] = []
    bad_total = 0
    for observation in known:
        parsed, invalid = _parse_column(frame[observation])
        values[observation] = parsed
        bad_total += len(invalid)
        for row in invalid[: 5 - len(bad)]:
            bad.append(f"row {row + 2} {observation}={frame[observation].iloc[row]!r}")
    if bad_total:
        raise LabelFileError(
            f"{path}: values must be 1, 0, -1 or blank; found {_summarise(bad, bad_total)}"
        )

    if id_column is not None:
        ids = frame[id_column].astype(str).str.strip()
        _reject_duplicate_ids(path, ids, id_column)
        values.index = pd.Index(ids, name=id_column)
    reports = frame[REPORT_COLUMN].fillna("").astype(str) if REPORT_COLUMN in frame else None
    if reports is not None:
        reports.index = values.index
    return LabelTable(path=path, values=values, id_column=id_column, reports=reports)


def _read_table(path: Path) -> pd.DataFrame:
    try:
        if path.suffix.lower() == ".parquet":
            return pd.read_parquet(path)
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except pd.errors.EmptyDataError:
        raise InputError(f"{path}: the file is empty") from None
    except (pd.errors.ParserError, ValueError, OSError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{path}: cannot be read as a table: {first}") from None


def _reject_duplicate_ids(path: Path, ids: pd.Series, id_column: str) -> None:
    duplicated = ids[ids.duplicated(keep=False)]
    if len(duplicated):
        unique = list(dict.fromkeys(duplicated.tolist()))
        raise LabelFileError(
            f"{path}: duplicate ids in column '{id_column}': {_summarise(unique, len(unique))}"
        )


def _reject_unknown_observation_columns(
    path: Path, frame: pd.DataFrame, id_column: str | None
) -> None:
    """A column that is a near miss of an observation name is a typo, not metadata."""
    unknown = []
    lowered = {o.lower(): o for o in OBSERVATIONS}
    for column in frame.columns:
        if column in OBSERVATIONS or column in (id_column, REPORT_COLUMN):
            continue
        near = difflib.get_close_matches(column.lower(), list(lowered), n=1, cutoff=0.75)
        if near:
            unknown.append(f"'{column}' (did you mean '{lowered[near[0]]}'?)")
    if unknown:
        raise LabelFileError(
            f"{path}: unknown observation columns: {_summarise(unknown, len(unknown))}"
        )
