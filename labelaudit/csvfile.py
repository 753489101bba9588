"""CSV in and out, strictly: every row read is a row written, and every row written reads back.

Reading uses the csv module in strict mode and reports the physical line where a bad row
starts, because a quote left open silently swallows the rows after it in lenient readers
(pandas, csv without ``strict``). Writing quotes a bare carriage return, which the csv module
leaves unquoted with a ``"\\n"`` line end, so a report holding one would split its row.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import lzma
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import pandas as pd

from labelaudit.errors import InputError

_MAX_FIELD = 1 << 30  # characters in one cell: a 1 MB report is a row to keep, not an error
_SEP_LINE = re.compile(r"^sep=(.)\r?\n?$")  # Excel's first line naming the delimiter
OTHER_DELIMITERS: tuple[str, ...] = (";", "\t", "|")
_DECOMPRESSORS: dict[str, Callable[..., IO[str]]] = {
    ".gz": gzip.open,
    ".bz2": bz2.open,
    ".xz": lzma.open,
}
DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


def open_text(path: Path) -> IO[str]:
    """UTF-8 text (a BOM is fine), decompressed when the name ends in .gz, .bz2 or .xz
    (MIMIC-CXR ships its label files as .csv.gz)."""
    opener = _DECOMPRESSORS.get(Path(path).suffix.lower())
    if opener is not None:
        return opener(path, "rt", encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def allow_large_fields() -> None:
    if csv.field_size_limit() < _MAX_FIELD:
        csv.field_size_limit(_MAX_FIELD)


def sep_line(path: Path) -> str | None:
    """The delimiter named by an Excel ``sep=;`` first line, or None."""
    with open_text(path) as handle:
        match = _SEP_LINE.match(handle.readline(16))
    return match.group(1) if match else None


def strict_rows(
    path: Path, delimiter: str = ",", *, skip_lines: int = 0
) -> Iterator[tuple[int, list[str]]]:
    """Yield ``(line, row)`` for every row; ``line`` is the physical line (from 1) it starts on.

    Blank lines yield ``[]`` rows, as the csv module gives them; callers decide about them.
    A quote that is never closed, or text after a closing quote, is an InputError naming the
    line where the row (and so the quote) started.
    """
    allow_large_fields()
    with open_text(path) as handle:
        for _ in range(skip_lines):
            handle.readline()
        reader = csv.reader(handle, delimiter=delimiter, strict=True)
        while True:
            start = reader.line_num + 1 + skip_lines
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise InputError(
                    _quote_error(path, start, reader.line_num + skip_lines, str(exc))
                ) from None
            yield start, row


def read_strict_frame(
    path: Path, delimiter: str = ",", *, skip_lines: int = 0
) -> tuple[pd.DataFrame, list[int]]:
    """A whole CSV as strings, and the physical line each row starts on.

    What pandas would guess at is an error naming its line: an open quote, a row with more or
    fewer fields than the header, a repeated column name. Blank lines are skipped. (One tight
    loop over the csv reader, not :func:`strict_rows`: label files have 200,000+ rows.)
    """
    allow_large_fields()
    rows: list[list[str]] = []
    lines: list[int] = []
    header: list[str] | None = None
    with open_text(path) as handle:
        for _ in range(skip_lines):
            handle.readline()
        reader = csv.reader(handle, delimiter=delimiter, strict=True)
        end = 0
        try:
            for row in reader:
                start, end = end + 1, reader.line_num
                if not row or (len(row) == 1 and not row[0].strip() and header is not None):
                    continue  # a blank line, as pandas skips it
                if header is None:
                    header = row
                elif len(row) != len(header):
                    raise InputError(
                        f"{path}: line {start + skip_lines} has {len(row)} fields, expected "
                        f"{len(header)} (separated by {delimiter!r}); a field containing "
                        f"{delimiter!r} must be quoted"
                    )
                else:
                    rows.append(row)
                    lines.append(start + skip_lines)
        except csv.Error as exc:
            where = reader.line_num + skip_lines
            raise InputError(_quote_error(path, end + 1 + skip_lines, where, str(exc))) from None
    if header is None:
        raise InputError(f"{path}: the file is empty")
    duplicated = sorted({c for c in header if header.count(c) > 1})
    if duplicated:
        raise InputError(f"{path}: duplicate column names: {', '.join(duplicated)}")
    return pd.DataFrame(rows, columns=header, dtype=object), lines


def _quote_error(path: Path, start: int, end: int, detail: str) -> str:
    if "unexpected end of data" in detail:
        return (
            f"{path}: line {start}: a quote opened in this row is never closed (the file ends "
            'inside it); a quote inside a quoted field must be doubled ("")'
        )
    if "expected after" in detail:
        where = "" if end == start else f", and the quoted field runs on to line {end}"
        return (
            f"{path}: line {start}: text follows a closing quote ({detail}){where}; "
            'a quote inside a quoted field must be doubled ("")'
        )
    return f"{path}: line {start}: not valid CSV ({detail})"


class _LineFeedRows:
    """Rows go through csv with a ``"\\r\\n"`` terminator, so that it quotes every field
    holding a ``\\r`` or ``\\n``; the terminator becomes ``"\\n"`` here. The csv module writes
    one row per ``write`` call, and the terminator is always its last two characters."""

    def __init__(self, handle: IO[str]) -> None:
        self._handle = handle

    def write(self, text: str) -> int:
        if text.endswith("\r\n"):
            text = text[:-2] + "\n"
        return self._handle.write(text)


def csv_writer(handle: IO[str], **options: Any) -> Any:
    """A ``csv.writer`` with ``"\\n"`` line ends that quotes bare carriage returns too."""
    return csv.writer(_LineFeedRows(handle), lineterminator="\r\n", **options)


def dict_writer(handle: IO[str], fieldnames: Sequence[str], **options: Any) -> csv.DictWriter:
    return csv.DictWriter(_LineFeedRows(handle), fieldnames, lineterminator="\r\n", **options)


def frame_to_csv(frame: pd.DataFrame, handle: IO[str], **options: Any) -> None:
    """``DataFrame.to_csv`` with the same quoting as :func:`csv_writer`."""
    frame.to_csv(_LineFeedRows(handle), lineterminator="\r\n", **options)
