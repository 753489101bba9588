"""Read CheXpert-format label files: 1.0 / 0.0 / -1.0 / blank per observation.

Accepts the reference labeler's output, labelaudit's own output, CheXpert's train.csv and
MIMIC-CXR's chexpert/negbio label files. Values are checked, never coerced silently.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass
from lzma import LZMAError
from pathlib import Path

import pandas as pd
from pyarrow import ArrowException

from labelaudit.csvfile import OTHER_DELIMITERS, read_strict_frame, sep_line, strict_rows
from labelaudit.errors import InputError, LabelFileError
from labelaudit.observations import (
    BLANK,
    LABEL_VALUES,
    NEGATIVE,
    OBSERVATIONS,
    POSITIVE,
    UNCERTAIN,
    is_blank,
)

ID_COLUMN_CANDIDATES: tuple[str, ...] = ("report_id", "study_id", "id", "ID", "Id", "Path", "path")
REPORT_COLUMN = "Reports"

_VALUE_SPELLINGS: dict[str, float] = {
    **dict.fromkeys(("1", "1.0", "+1", "1."), POSITIVE),
    **dict.fromkeys(("0", "0.0", "-0", "-0.0", "0."), NEGATIVE),
    **dict.fromkeys(("-1", "-1.0", "-1."), UNCERTAIN),
    **dict.fromkeys(("", "nan", "NaN", "NA", "None"), BLANK),
}


def parse_label_value(raw: object) -> float:
    """Map one cell to 1.0, 0.0, -1.0 or NaN (blank); raise ValueError for anything else."""
    if raw is None:
        return BLANK
    if isinstance(raw, bool):
        raise ValueError(raw)
    if isinstance(raw, (int, float)):
        value = float(raw)
        if math.isnan(value) or value in LABEL_VALUES:
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
    keys = [None if is_blank(raw) else raw for raw in column.tolist()]
    mapping: dict[object, float | None] = {}
    for key in set(keys):
        try:
            mapping[key] = parse_label_value(key)
        except ValueError:
            mapping[key] = None  # invalid
    parsed = [mapping[key] for key in keys]
    invalid = [row for row, value in enumerate(parsed) if value is None]
    return [BLANK if value is None else value for value in parsed], invalid


def _summarise(items: list[str], total: int, limit: int = 5) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" … ({total} in all)" if total > limit else f" ({total} in all)")


def check_label_path(path: Path) -> None:
    """A label file must exist and be a regular file: it is read more than once."""
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, expected a CSV label file")
    if not path.is_file():
        raise InputError(
            f"{path}: not a regular file (a pipe?); the file is read more than once, so save "
            "it to a file first"
        )


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
    check_label_path(path)
    frame, lines = _read_table(path)
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
            where = f"line {lines[row]}" if lines is not None else f"data row {row + 1}"
            bad.append(f"{where} {observation}={frame[observation].iloc[row]!r}")
    if bad_total:
        raise LabelFileError(
            f"{path}: values must be 1, 0, -1 or blank; found {_summarise(bad, bad_total)}"
        )

    if id_column is not None:
        ids = frame[id_column].map(_id_text)
        _reject_empty_ids(path, ids, id_column, lines)
        _reject_duplicate_ids(path, ids, id_column)
        values.index = pd.Index(ids, name=id_column)
    reports = frame[REPORT_COLUMN].fillna("").astype(str) if REPORT_COLUMN in frame else None
    if reports is not None:
        reports.index = values.index
    return LabelTable(path=path, values=values, id_column=id_column, reports=reports)


def _read_table(path: Path) -> tuple[pd.DataFrame, list[int] | None]:
    """The table as strings, and for a CSV the physical line each row starts on."""
    try:
        if path.suffix.lower() == ".parquet":
            return pd.read_parquet(path), None
        return _read_csv(path)
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except (ValueError, OSError, EOFError, LZMAError, ArrowException) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{path}: cannot be read as a table: {first}") from None


def _read_csv(path: Path) -> tuple[pd.DataFrame, list[int]]:
    """Strict CSV (see labelaudit.csvfile): an open quote or a short row is an error naming
    its line, never rows merged or values moved between columns."""
    named = sep_line(path)
    delimiter = named or ","
    skip = 1 if named else 0
    if named is None:
        header = _first_row(path, ",", 0) or []
        if len(header) == 1 and header[0] not in OBSERVATIONS:
            # Excel in many locales saves ';'-separated "CSV"; take it when that names columns.
            for other in OTHER_DELIMITERS:
                split = _first_row(path, other, 0) or []
                if any(column in OBSERVATIONS for column in split):
                    delimiter = other
                    break
    return read_strict_frame(path, delimiter, skip_lines=skip)


def _first_row(path: Path, delimiter: str, skip: int) -> list[str] | None:
    return next((row for _, row in strict_rows(path, delimiter, skip_lines=skip)), None)


def _id_text(raw: object) -> str:
    if is_blank(raw):
        return ""
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))  # 123.0 from a numeric Parquet column is id "123"
    return str(raw).strip()


def _reject_empty_ids(path: Path, ids: pd.Series, id_column: str, lines: list[int] | None) -> None:
    empty = [i for i, rid in enumerate(ids.tolist()) if not rid]
    if empty:
        where = [f"line {lines[i]}" if lines is not None else f"data row {i + 1}" for i in empty]
        raise LabelFileError(
            f"{path}: empty id in column '{id_column}' at {_summarise(where, len(where))}"
        )


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
