"""One table model for every table labelaudit prints or writes, and its renderers.

A :class:`Table` holds two views of the same table: formatted cells for people (``rows`` and
``footer``, rendered for the terminal with rich, as Markdown or as HTML) and raw ``records``
for machines (CSV and JSON). Each command builds its tables as data and hands them to one of
the renderers here, so a table reads the same in the terminal, the ``.md`` and the ``.csv``.
"""

from __future__ import annotations

import html
import io
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from labelaudit.atomic import atomic_write_text
from labelaudit.csvfile import dict_writer

if TYPE_CHECKING:  # rich is imported where a table is printed: writing files does not need it
    from rich.table import Table as RichTable

Align = Literal["left", "right"]

UNDEFINED = "—"  # a metric with zero division


def number(value: float | None, digits: int = 3) -> str:
    """``value`` to ``digits`` decimals, or :data:`UNDEFINED` for None and NaN."""
    return UNDEFINED if value is None or math.isnan(value) else f"{value:.{digits}f}"


@dataclass(frozen=True)
class Column:
    """One column of the formatted view.

    ``short_header`` replaces ``header`` on narrow terminals; ``min_width`` and ``overflow``
    say how the terminal may squeeze the column ("fold" wraps, "ellipsis" cuts with "…").
    """

    header: str
    align: Align = "left"
    short_header: str | None = None
    min_width: int | None = None
    overflow: Literal["ellipsis", "fold"] = "ellipsis"


def metric_columns(
    headers: list[str], numeric: set[int], short_headers: list[str] | None = None
) -> list[Column]:
    """Columns of a metrics table: numbers right-aligned and folded, never cut short; the
    first column 12 wide, which keeps 'Cardiomegaly' and 'Pneumothorax' whole."""
    shorts: list[str | None] = [*short_headers] if short_headers else [None] * len(headers)
    return [
        Column(
            header,
            align="right" if i in numeric else "left",
            short_header=short,
            min_width=12 if i == 0 else None,
            overflow="ellipsis" if i == 0 else "fold",
        )
        for i, (header, short) in enumerate(zip(headers, shorts, strict=True))
    ]


@dataclass(frozen=True)
class Styled:
    """A cell drawn in a style on the terminal (e.g. ``"red"``); plain text everywhere else."""

    text: str
    style: str


Cell = str | Styled
Row = Sequence[Cell]


def cell_text(cell: Cell) -> str:
    """The text of a cell, without its terminal style."""
    return cell.text if isinstance(cell, Styled) else cell


@dataclass
class Table:
    """A titled table: columns, rows, footer rows (averages, totals) and notes under it.

    ``records`` are the raw values behind the rows for CSV and JSON (NaN or None: undefined);
    without them, the formatted cells are written under their headers. ``name`` is the file
    stem when the table is written to files.

    Presentation, kept per table so that every output stays as it was first published:
    ``title_justify`` places the title on the terminal; ``footer_rule`` draws a line above
    the footer and ``footer_style`` styles its rows there; ``markdown`` is "heading"
    (``### Title`` and ``| --- | ---: |``) or "caption" (``Title.`` and ``|:---|---:|``, as the
    papers' tables whose counts the distribution reproduces).
    """

    title: str
    columns: list[Column]
    rows: Sequence[Row]
    footer: Sequence[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    name: str = "table"
    records: list[dict[str, object]] = field(default_factory=list)
    title_justify: Literal["left", "center"] = "left"
    footer_rule: bool = True
    footer_style: str | None = None
    markdown: Literal["heading", "caption"] = "heading"

    def __post_init__(self) -> None:
        for row in [*self.rows, *self.footer]:
            if len(row) != len(self.columns):
                raise ValueError(
                    f"table {self.name!r}: a row has {len(row)} cells for "
                    f"{len(self.columns)} columns"
                )

    @property
    def headers(self) -> list[str]:
        return [column.header for column in self.columns]

    def all_rows(self) -> list[Row]:
        """Rows, then footer rows."""
        return [*self.rows, *self.footer]

    def texts(self) -> list[list[str]]:
        """The text of every cell, rows then footer rows."""
        return [[cell_text(c) for c in row] for row in self.all_rows()]


# -- machine formats ------------------------------------------------------------------------


def _plain(value: object) -> object:
    """JSON/CSV form of a raw value: undefined (NaN) becomes null / an empty cell."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, float):
        return round(value, 6)
    return value


def plain_records(table: Table) -> list[dict[str, object]]:
    """The raw records as JSON values, or the formatted cells keyed by header."""
    if not table.records:
        return [dict(zip(table.headers, row, strict=True)) for row in table.texts()]
    return [{k: _plain(v) for k, v in record.items()} for record in table.records]


def to_csv(table: Table) -> str:
    """One CSV line per record; columns in first-seen order; undefined values left empty."""
    records = plain_records(table)
    columns = list(dict.fromkeys(key for record in records for key in record))
    buffer = io.StringIO()
    writer = dict_writer(buffer, columns)
    writer.writeheader()
    for record in records:
        writer.writerow({k: "" if v is None else v for k, v in record.items()})
    return buffer.getvalue()


def to_json(table: Table, meta: dict[str, object] | None = None) -> str:
    """The records with the table's name, title, notes and ``meta``, indented."""
    document = {
        "table": table.name,
        "title": table.title,
        "meta": meta or {},
        "notes": table.notes,
        "rows": plain_records(table),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# -- documents ------------------------------------------------------------------------------


def to_markdown(table: Table) -> str:
    """A Markdown table under its title, notes as a list; ``|`` in a cell is escaped."""

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    right = [column.align == "right" for column in table.columns]
    if table.markdown == "caption":
        lines = [f"{table.title}.", "", line(table.headers)]
        lines.append("|" + "|".join("---:" if r else ":---" for r in right) + "|")
    else:
        lines = [f"### {table.title}", "", line(table.headers)]
        lines.append(line(["---:" if r else "---" for r in right]))
    lines += [line(row) for row in table.texts()]
    if table.notes:
        lines += ["", *(f"- {note}" for note in table.notes)]
    return "\n".join(lines) + "\n"


def to_html(table: Table) -> str:
    """An ``<h3>`` title, the table (right-aligned cells: class ``num``; footer rows: class
    ``avg``) and the notes as a list; everything escaped."""

    def escape(text: object) -> str:
        return html.escape(str(text), quote=True)

    head = "".join(f"<th>{escape(h)}</th>" for h in table.headers)
    body = []
    for i, row in enumerate(table.all_rows()):
        cells = "".join(
            f'<td class="num">{escape(cell_text(c))}</td>'
            if column.align == "right"
            else f"<td>{escape(cell_text(c))}</td>"
            for column, c in zip(table.columns, row, strict=True)
        )
        css = ' class="avg"' if i >= len(table.rows) else ""
        body.append(f"<tr{css}>{cells}</tr>")
    notes = "".join(f"<li>{escape(n)}</li>" for n in table.notes)
    return (
        f"<h3>{escape(table.title)}</h3><table><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(body)}</tbody></table>"
        + (f'<ul class="notes">{notes}</ul>' if notes else "")
    )


# -- the terminal ---------------------------------------------------------------------------


def to_rich(table: Table, *, compact: bool = False, stacked: bool = False) -> RichTable:
    """A rich table for the terminal.

    Cells that end in an interval, ``"0.812 (0.75–0.86)"``, stay on one line by default;
    ``stacked`` puts the interval under its value, and ``compact`` (narrow terminals) drops
    it, shortens the headers and ``a / b`` lists, and draws a lighter frame.
    """
    from rich import box
    from rich.table import Table as RichTable

    rich_table = RichTable(
        title=table.title,
        title_justify=table.title_justify,
        caption_justify="left",
        box=box.SIMPLE_HEAD if compact else box.HEAVY_HEAD,
        pad_edge=not compact,
    )
    for column in table.columns:
        header = column.short_header if compact and column.short_header else column.header
        rich_table.add_column(
            header, justify=column.align, min_width=column.min_width, overflow=column.overflow
        )

    def shown(cell: Cell) -> str:
        text = cell_text(cell)
        if compact:
            text = re.sub(r" \(.*\)$", "", text).replace(" / ", "/")
        elif stacked:
            text = text.replace(" (", "\n(")
        return f"[{cell.style}]{text}[/]" if isinstance(cell, Styled) else text

    for row in table.rows:
        rich_table.add_row(*map(shown, row))
    if table.footer and table.footer_rule:
        rich_table.add_section()
    for row in table.footer:
        rich_table.add_row(*map(shown, row), style=table.footer_style)
    notes = list(table.notes)
    if compact and any(n.startswith("In brackets") for n in notes):
        notes = [n for n in notes if not n.startswith("In brackets")]
        notes.insert(0, f"Confidence intervals: in {table.name}.md and report.html.")
    if notes:
        rich_table.caption = "\n".join(notes)
    return rich_table


def rich_for_width(table: Table, width: int) -> RichTable:
    """Fit the terminal: intervals inline when wide, below their values, or left out when
    narrow (tables of more than six columns only)."""
    wide_table = len(table.columns) > 6
    return to_rich(
        table,
        compact=wide_table and width < 120,
        stacked=width < (180 if wide_table else 100),
    )


def write_table(
    table: Table, output_dir: Path, meta: dict[str, object] | None = None
) -> list[Path]:
    """``NAME.csv``, ``NAME.md`` and ``NAME.json`` in ``output_dir``, each written atomically."""
    written = []
    for suffix, text in (
        (".csv", to_csv(table)),
        (".md", to_markdown(table)),
        (".json", to_json(table, meta)),
    ):
        path = output_dir / f"{table.name}{suffix}"
        atomic_write_text(path, text)
        written.append(path)
    return written
