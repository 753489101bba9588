"""Read free-text reports from CSV, the CheXpert headerless CSV, Parquet, JSONL or a MIMIC folder.

Every reader streams: it yields chunks of ``(row, report_id, text)`` tuples, so memory stays
flat however large the input. :func:`open_reports` detects the format and the columns and
checks the whole input up front (encoding, binary junk, duplicate ids), so a bad file fails
before any labeling starts.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import itertools
import json
import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from labelaudit.csvfile import DELIMITER_NAMES, OTHER_DELIMITERS, sep_line, strict_rows
from labelaudit.errors import InputError
from labelaudit.extract.records import Report
from labelaudit.jsonlines import parse_object
from labelaudit.labelfile import ID_COLUMN_CANDIDATES

# Full-report columns first; findings/impression columns only when no full report exists.
TEXT_COLUMN_NAMES: tuple[str, ...] = (
    "report",
    "reports",
    "report_text",
    "text",
    "radiology_report",
    "full_report",
    "note",
    "note_text",
    "body",
)
SECTION_COLUMN_NAMES: tuple[str, ...] = ("findings", "impression")
ID_COLUMN_NAMES: tuple[str, ...] = (
    "report_id",
    "study_id",
    "id",
    "accession_number",
    "accession",
    "uid",
    "exam_id",
    "case_id",
    "note_id",
)
# A cell that means "no report" rather than a report that reads "NA".
MISSING_TEXT = ("", "NA", "N/A", "NaN", "nan", "null", "NULL", "None", "<NA>", "#N/A")
_SCAN_BLOCK = 1 << 20
_MIMIC_NAME = re.compile(r"s\d+\.txt", re.IGNORECASE)


def _key(name: str) -> str:
    """Column names compare case-, space- and dash-insensitively: 'Report Text' ~ 'report_text'."""
    return name.strip().lower().replace(" ", "_").replace("-", "_")


def _list_columns(columns: list[str], limit: int = 12) -> str:
    shown = ", ".join(repr(c) for c in columns[:limit])
    return shown + (f" … ({len(columns)} in all)" if len(columns) > limit else "")


@dataclass
class ReportInput:
    """A detected input: where the report text and ids come from, and how to stream them."""

    path: Path
    format: str  # "csv" | "chexpert" | "parquet" | "jsonl" | "mimic"
    text_columns: tuple[str, ...] = ()  # two columns: findings + impression, joined
    id_column: str | None = None  # the input's own name for the id
    total: int = 0  # number of reports: open_reports counts them before labeling
    ids: list[str] | None = field(default=None, repr=False)  # kept only when asked for
    delimiter: str = ","
    skip_lines: int = 0  # an Excel "sep=;" line before the header
    header: list[str] = field(default_factory=lambda: ["Reports"])
    files: list[Path] = field(default_factory=list, repr=False)  # a MIMIC folder's reports
    skipped: list[str] = field(default_factory=list)  # a MIMIC folder's other .txt files

    @property
    def has_ids(self) -> bool:
        return self.id_column is not None

    @property
    def output_id_column(self) -> str | None:
        """The id header written out: the input's own name when label-file readers know it."""
        if self.id_column is None:
            return None
        return self.id_column if self.id_column in ID_COLUMN_CANDIDATES else "report_id"

    def describe(self) -> str:
        what = {
            "csv": "CSV",
            "chexpert": "headerless CheXpert CSV",
            "parquet": "Parquet",
            "jsonl": "JSONL",
            "mimic": "MIMIC-CXR report folder",
        }[self.format]
        if self.format == "mimic":
            return f"{what}, one report per .txt file, study ids from the file names"
        text = " + ".join(self.text_columns)
        ids = f", ids from {self.id_column!r}" if self.id_column else ", no ids"
        return f"{what}, text from {text}{ids}"

    def chunks(self, size: int = 256) -> Iterator[list[Report]]:
        """Yield the reports in input order, ``size`` at a time."""
        readers = {
            "csv": self._csv_blocks,
            "chexpert": self._csv_blocks,
            "parquet": self._parquet_chunks,
            "jsonl": self._jsonl_chunks,
            "mimic": self._mimic_chunks,
        }
        row = 0
        for ids, texts in readers[self.format](size):
            chunk = [
                (row + i, rid, text) for i, (rid, text) in enumerate(zip(ids, texts, strict=True))
            ]
            row += len(chunk)
            yield chunk

    # -- per-format streaming: each yields (ids or [None]*n, texts) per block --------------

    def _csv_rows(self) -> Iterator[list[str]]:
        """Data rows, each checked to have exactly as many fields as the header.

        The csv module in strict mode, not pandas: pandas silently shifts or truncates a row
        with an unquoted delimiter in the report, and an unclosed quote swallows later rows.
        """
        rows = strict_rows(self.path, self.delimiter, skip_lines=self.skip_lines)
        with _table_errors(self.path):
            if self.format != "chexpert":
                next(rows, None)  # the header
            width = len(self.header)
            for line, row in rows:
                if not row or (width > 1 and len(row) == 1 and not row[0].strip()):
                    continue  # a blank line, skipped as the CheXpert labeler (pandas) does
                if len(row) != width:
                    raise InputError(_width_error(self.path, line, len(row), width, self.delimiter))
                yield row

    def _csv_blocks(self, size: int, with_text: bool = True) -> Iterator[tuple[list, list[str]]]:
        header = self.header
        text_at = [header.index(c) for c in self.text_columns]
        id_at = header.index(self.id_column) if self.id_column else None
        pairs = (
            (
                _id_value(row[id_at]) if id_at is not None else None,
                self._join(*(row[i] for i in text_at)) if with_text else None,
            )
            for row in self._csv_rows()
        )
        yield from _blocks(pairs, size)

    def _parquet_chunks(self, size: int) -> Iterator[tuple[list, list[str]]]:
        columns = list(self.text_columns) + ([self.id_column] if self.id_column else [])
        with _table_errors(self.path):
            parquet = pq.ParquetFile(self.path)
            for batch in parquet.iter_batches(batch_size=size, columns=columns):
                yield self._split(batch.to_pandas())

    def _jsonl_chunks(self, size: int) -> Iterator[tuple[list, list[str]]]:
        yield from _blocks(self._jsonl_pairs(), size)

    def _jsonl_pairs(self) -> Iterator[tuple[object, str]]:
        for row, record in enumerate(_jsonl_records(self.path)):
            report_id = _id_value(record.get(self.id_column)) if self.id_column else None
            try:
                text = self._join(*(record.get(c) for c in self.text_columns))
            except InputError as exc:
                raise InputError(f"{self.path}: record {row + 1}: {exc}") from None
            yield report_id, text

    def _mimic_chunks(self, size: int) -> Iterator[tuple[list, list[str]]]:
        files = self.files
        for start in range(0, len(files), size):
            block = files[start : start + size]
            yield [_study_id(f) for f in block], [_read_text_file(f) for f in block]

    def _split(self, frame: pd.DataFrame) -> tuple[list, list[str]]:
        columns = [frame[c].tolist() for c in self.text_columns]
        texts = [self._join(*cells) for cells in zip(*columns, strict=True)]
        if self.id_column:
            ids = [_id_value(v) for v in frame[self.id_column].tolist()]
        else:
            ids = [None] * len(texts)
        return ids, texts

    def _join(self, *cells: object) -> str:
        """One column: its text. Findings + impression: a report with both section titles."""
        parts = [_text_value(c) for c in cells]
        if len(parts) == 1:
            return parts[0]
        titled = [
            f"{name.upper()}: {text}"
            for name, text in zip(("findings", "impression"), parts, strict=True)
            if text.strip()
        ]
        return "\n\n".join(titled)


def _text_value(cell: object) -> str:
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return ""
    if isinstance(cell, bytes):
        cell = cell.decode("utf-8")  # a Parquet binary column; not UTF-8 is a read error
    if not isinstance(cell, str):
        # A list, a dict or a number labeled as its Python repr would give wrong labels.
        raise InputError(f"report text is a {type(cell).__name__}, not a string")
    return "" if cell.strip() in MISSING_TEXT else cell


def _id_value(cell: object) -> str | None:
    if cell is None or (isinstance(cell, float) and math.isnan(cell)):
        return None
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))  # 123.0 from a numeric column is id "123"
    text = str(cell).strip()
    return text or None


@contextlib.contextmanager
def _table_errors(path: Path) -> Iterator[None]:
    """Turn pandas/pyarrow read errors into one clear line naming the file."""
    try:
        yield
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except (csv.Error, pd.errors.ParserError, pa.ArrowException, ValueError, OSError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{path}: cannot be read: {first}") from None


# -- detection -------------------------------------------------------------------------------


def open_reports(
    path: str | Path,
    *,
    text_column: str | None = None,
    id_column: str | None = None,
    keep_ids: bool = False,
) -> ReportInput:
    """Detect the input format and columns, and check the whole input before labeling.

    ``keep_ids`` keeps the list of ids (to compare with another label file up front).
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if path.is_dir():
        source = _detect_mimic(path, text_column, id_column)
    elif not path.is_file():
        raise InputError(
            f"{path}: not a regular file (a pipe?); the input is read more than once, so save "
            "it to a file first (zcat reports.csv.gz > reports.csv)"
        )
    else:
        suffix = path.suffix.lower()
        if suffix == ".parquet":
            source = _detect_parquet(path, text_column, id_column)
        elif suffix in (".jsonl", ".ndjson"):
            check_text_file(path)
            source = _detect_jsonl(path, text_column, id_column)
        else:
            check_text_file(path)
            source = _detect_csv(path, text_column, id_column)
    _scan_ids(source, keep_ids)
    return source


def _pick_columns(
    path: Path, columns: list[str], text_column: str | None, id_column: str | None
) -> tuple[tuple[str, ...], str | None] | None:
    """The text column(s) and id column among ``columns``; None when no text column is known."""
    if id_column is not None and id_column not in columns:
        raise InputError(
            f"{path}: id column {id_column!r} not found; columns are: {_list_columns(columns)}"
        )
    if text_column is not None:
        if text_column not in columns:
            raise InputError(
                f"{path}: text column {text_column!r} not found; "
                f"columns are: {_list_columns(columns)}"
            )
        texts: tuple[str, ...] = (text_column,)
    else:
        by_key = {_key(c): c for c in reversed(columns)}  # first spelling wins
        found = next((by_key[n] for n in TEXT_COLUMN_NAMES if n in by_key), None)
        if found is not None:
            texts = (found,)
        else:
            texts = tuple(by_key[n] for n in SECTION_COLUMN_NAMES if n in by_key)
        if not texts:
            return None
    if id_column is None:
        by_key = {_key(c): c for c in reversed(columns) if c not in texts}
        id_column = next((by_key[n] for n in ID_COLUMN_NAMES if n in by_key), None)
    return texts, id_column


def _no_text_column(path: Path, columns: list[str]) -> InputError:
    return InputError(
        f"{path}: no report text column found (looked for {', '.join(TEXT_COLUMN_NAMES)}, "
        f"findings/impression); columns are: {_list_columns(columns)}; "
        "name it with text_column",
        "text_column",
    )


def _detect_csv(path: Path, text_column: str | None, id_column: str | None) -> ReportInput:
    """A header with a report column (comma-separated, or another delimiter that gives one),
    else CheXpert's headerless one-column file. A header that is only recognisable when split
    at another delimiter is never taken for a report."""
    named = sep_line(path)
    skip = 1 if named else 0
    default = named or ("\t" if path.suffix.lower() == ".tsv" else ",")
    columns: list[str] | None = None
    first_error: InputError | None = None
    try:
        columns = _csv_header(path, default, skip)
        picked = _pick_columns(path, columns, text_column, id_column)
        if picked is not None:
            return ReportInput(
                path, "csv", *picked, delimiter=default, skip_lines=skip, header=columns
            )
    except InputError as exc:  # '"id";"report"' read at commas, or a named column not found
        first_error = exc
    if named is None and default == "," and (columns is None or len(columns) == 1):
        split_input = _split_otherwise(path, text_column, id_column)
        if split_input is not None:
            return split_input
    if first_error is not None:
        raise first_error
    if columns is not None and len(columns) == 1 and id_column is None and text_column is None:
        # The CheXpert labeler's input: one unnamed column, the first line is already a report.
        return ReportInput(path, "chexpert", ("Reports",), None, delimiter=default)
    raise _no_text_column(path, columns or [])


def _split_otherwise(
    path: Path, text_column: str | None, id_column: str | None
) -> ReportInput | None:
    """The input read at ';', tab or '|', when its first line names a report column so."""
    for delimiter in OTHER_DELIMITERS:
        try:
            split = _csv_header(path, delimiter, 0)
            picked = _pick_columns(path, split, text_column, id_column)
        except InputError:
            continue
        if len(split) < 2:
            continue
        if picked is not None:
            return ReportInput(path, "csv", *picked, delimiter=delimiter, header=split)
        if text_column is None and any(_looks_like_column(c) for c in split):
            raise InputError(
                f"{path}: the header looks {DELIMITER_NAMES[delimiter]}-separated "
                f"({_list_columns(split)}) but has no report text column; name it with "
                "text_column",
                "text_column",
            )
    return None


def _looks_like_column(name: str) -> bool:
    """A field of a split first line that names a column (an id, a report) rather than text."""
    key = _key(name)
    known = TEXT_COLUMN_NAMES + SECTION_COLUMN_NAMES + ID_COLUMN_NAMES
    return key in known or key.endswith("_id")


def _csv_header(path: Path, delimiter: str, skip_lines: int) -> list[str]:
    with _table_errors(path):
        first = next(strict_rows(path, delimiter, skip_lines=skip_lines), (1, []))[1]
    if not first:
        raise InputError(f"{path}: the first line is empty; expected a header or a report")
    return first


def _width_error(path: Path, line: int, found: int, width: int, delimiter: str) -> str:
    message = f"{path}: line {line} has {found} fields, expected {width}"
    if found > width:
        return message + f"; a report containing {delimiter!r} must be quoted"
    return message + f" (separated by {delimiter!r})"


def _detect_parquet(path: Path, text_column: str | None, id_column: str | None) -> ReportInput:
    with _table_errors(path):
        parquet = pq.ParquetFile(path)
        columns = list(parquet.schema_arrow.names)
        total = parquet.metadata.num_rows
    picked = _pick_columns(path, columns, text_column, id_column)
    if picked is None:
        raise _no_text_column(path, columns)
    for name in picked[0]:
        kind = parquet.schema_arrow.field(name).type
        if pa.types.is_dictionary(kind):
            kind = kind.value_type
        if not (_is_text_type(kind) or pa.types.is_null(kind)):
            raise InputError(f"{path}: text column {name!r} holds {kind}, not text")
    return ReportInput(path, "parquet", picked[0], picked[1], total=total)


def _is_text_type(kind: pa.DataType) -> bool:
    return any(
        check(kind)
        for check in (
            pa.types.is_string,
            pa.types.is_large_string,
            pa.types.is_binary,
            pa.types.is_large_binary,
        )
    )


def _detect_jsonl(path: Path, text_column: str | None, id_column: str | None) -> ReportInput:
    keys: dict[str, None] = {}
    for record in _jsonl_records(path):
        keys.update(dict.fromkeys(record))  # every record: an id key may first appear late
    if not keys:
        raise InputError(f"{path}: no reports (the file has no JSON objects with fields)")
    columns = list(keys)
    picked = _pick_columns(path, columns, text_column, id_column)
    if picked is None:
        raise _no_text_column(path, columns)
    return ReportInput(path, "jsonl", picked[0], picked[1])


def _detect_mimic(path: Path, text_column: str | None, id_column: str | None) -> ReportInput:
    if text_column is not None or id_column is not None:
        raise InputError(
            f"{path}: text_column and id_column do not apply to a folder of .txt reports",
            *("text_column", "id_column"),
        )
    files, skipped = _mimic_files(path)
    if not files:
        raise InputError(f"{path}: no .txt reports found in this folder or below it")
    return ReportInput(
        path, "mimic", (), "study_id", total=len(files), files=files, skipped=skipped
    )


def _blocks(
    pairs: Iterator[tuple[object, str | None]], size: int
) -> Iterator[tuple[list, list[str]]]:
    """(id, text) pairs as (ids, texts) blocks of ``size``; a None text (ids only) is left out."""
    while block := list(itertools.islice(pairs, size)):
        yield [report_id for report_id, _ in block], [t for _, t in block if t is not None]


def _jsonl_records(path: Path) -> Iterator[dict]:
    with open(path, encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            record = parse_object(path, number, line)
            if "\\u" in line and not _encodable(record):
                raise InputError(
                    f"{path}: line {number}: a \\u escape is half of a surrogate pair, not a "
                    "character; the text cannot be written as UTF-8"
                )
            yield record


def _encodable(record: dict) -> bool:
    try:
        json.dumps(record, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _mimic_files(folder: Path) -> tuple[list[Path], list[str]]:
    """The reports below ``folder`` in sorted path order (pXX/pSUBJECT/sSTUDY.txt), and the
    other .txt files, skipped.

    When any file has MIMIC-CXR's report name (``s`` + digits + ``.txt``), only such files are
    reports, and a README.txt or notes.txt beside them is skipped; otherwise every .txt file
    is one. A folder or file that cannot be read is an error, never a silent gap.
    """
    unreadable: list[str] = []
    found: list[Path] = []
    for root, _, names in os.walk(folder, onerror=lambda exc: unreadable.append(exc.filename)):
        for name in names:
            path = Path(root, name)
            if path.suffix.lower() == ".txt" and path.is_file():
                if not os.access(path, os.R_OK):
                    unreadable.append(str(path))
                found.append(path)
    if unreadable:
        shown = ", ".join(sorted(unreadable)[:5])
        more = f" … ({len(unreadable)} in all)" if len(unreadable) > 5 else ""
        raise InputError(f"{folder}: cannot read {shown}{more}; fix the permissions first")
    found.sort()
    if any(_MIMIC_NAME.fullmatch(p.name) for p in found):
        reports = [p for p in found if _MIMIC_NAME.fullmatch(p.name)]
        skipped = [str(p) for p in found if not _MIMIC_NAME.fullmatch(p.name)]
        return reports, skipped
    return found, []


def _study_id(path: Path) -> str:
    """'s50414267.txt' -> '50414267', the study_id spelling of MIMIC-CXR's label files."""
    stem = path.stem
    return stem[1:] if stem[:1] == "s" and stem[1:].isdigit() else stem


def _read_text_file(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if b"\x00" in data:
        raise InputError(f"{path}: binary data (NUL bytes), not a text report")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def check_text_file(path: Path) -> None:
    """Reject binary junk and non-UTF-8 text early, in one streaming pass over the bytes."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    offset = 0
    with open(path, "rb") as handle:
        while block := handle.read(_SCAN_BLOCK):
            if offset == 0:
                _refuse_utf16(path, block)
            nul = block.find(b"\x00")
            if nul >= 0:
                raise InputError(
                    f"{path}: binary data (NUL byte at byte {offset + nul}), not a text file"
                )
            try:
                decoder.decode(block)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{path}: not UTF-8 text ({exc.reason} at byte {offset + exc.start}); "
                    "convert it to UTF-8 first"
                ) from None
            offset += len(block)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise InputError(f"{path}: not UTF-8 text (truncated character at the end)") from None
    if offset == 0:
        raise InputError(f"{path}: the file is empty")


def _refuse_utf16(path: Path, head: bytes) -> None:
    """UTF-16 (Excel's "Unicode text", Windows tools) is text, not binary junk: say so."""
    sample = head[:4096]
    bom = sample[:2] in (b"\xff\xfe", b"\xfe\xff")
    halves = (
        len(sample) >= 4 and max(sample[0::2].count(0), sample[1::2].count(0)) > len(sample) / 4
    )
    if bom or halves:
        raise InputError(
            f"{path}: UTF-16 text; convert it to UTF-8 first "
            "(iconv -f UTF-16 -t UTF-8, or save as 'CSV UTF-8')"
        )


def _scan_ids(source: ReportInput, keep_ids: bool) -> None:
    """Count the reports and check the ids (present, unique) before any labeling."""
    hashes: list[np.ndarray] = []
    kept: list[str] = []
    total = 0
    for chunk in _id_chunks(source):
        if source.id_column is not None:
            missing = [total + i for i, rid in enumerate(chunk) if rid is None]
            if missing:
                rows = ", ".join(str(r) for r in missing[:5])
                raise InputError(
                    f"{source.path}: empty id in column {source.id_column!r} at row(s) {rows} "
                    "(rows count from 0)"
                )
            # 64-bit hashes keep the uniqueness check small for millions of ids.
            hashes.append(pd.util.hash_array(np.asarray(chunk, dtype=object)))
            if keep_ids:
                kept.extend(chunk)
        total += len(chunk)
    if total == 0:
        raise InputError(f"{source.path}: no reports found")
    source.total = total
    if source.id_column is None:
        return
    all_hashes = np.concatenate(hashes)
    if len(np.unique(all_hashes)) != len(all_hashes):
        _report_duplicates(source)
    if keep_ids:
        source.ids = kept


def _id_chunks(source: ReportInput, size: int = 65536) -> Iterator[list]:
    """Only the id column, streamed; [None] * n per block when the input has no ids."""
    if source.format in ("csv", "chexpert"):
        for ids, _ in source._csv_blocks(size, with_text=False):
            yield ids
    elif source.format == "parquet":
        with _table_errors(source.path):
            parquet = pq.ParquetFile(source.path)
            if source.id_column is None:
                yield [None] * parquet.metadata.num_rows
                return
            for batch in parquet.iter_batches(batch_size=size, columns=[source.id_column]):
                yield [_id_value(v) for v in batch.column(0).to_pylist()]
    elif source.format == "jsonl":
        block: list = []
        for record in _jsonl_records(source.path):
            block.append(_id_value(record.get(source.id_column)) if source.id_column else None)
            if len(block) == size:
                yield block
                block = []
        yield block
    else:
        yield [_study_id(f) for f in source.files]


def _report_duplicates(source: ReportInput) -> None:
    seen: set[str] = set()
    duplicates: dict[str, None] = {}
    for chunk in _id_chunks(source):
        for rid in chunk:
            if rid in seen:
                duplicates[rid] = None
            seen.add(rid)
    if duplicates:  # else a 64-bit hash collision, not a duplicate
        names = list(duplicates)
        shown = ", ".join(names[:5]) + (f" … ({len(names)} in all)" if len(names) > 5 else "")
        raise InputError(f"{source.path}: duplicate ids in column {source.id_column!r}: {shown}")
