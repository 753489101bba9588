"""Write a :class:`Table` as CSV, Markdown, JSON or a rich table."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from pathlib import Path

from rich import box
from rich.table import Table as RichTable

from labelaudit.atomic import atomic_write_text
from labelaudit.validation.tables import Table


def _plain(value: object) -> object:
    """JSON/CSV form of a raw value: undefined (NaN) becomes null / an empty cell."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, float):
        return round(value, 6)
    return value


def to_csv(table: Table) -> str:
    columns = list(dict.fromkeys(key for record in table.records for key in record))
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for record in table.records:
        writer.writerow({k: "" if _plain(v) is None else _plain(v) for k, v in record.items()})
    return buffer.getvalue()


def to_json(table: Table, meta: dict[str, object] | None = None) -> str:
    document = {
        "table": table.name,
        "title": table.title,
        "meta": meta or {},
        "notes": table.notes,
        "rows": [{k: _plain(v) for k, v in record.items()} for record in table.records],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def to_markdown(table: Table) -> str:
    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    align = ["---:" if i in table.numeric else "---" for i in range(len(table.headers))]
    lines = [f"### {table.title}", "", line(table.headers), line(align)]
    lines += [line(row) for row in table.rows]
    if table.notes:
        lines.append("")
        lines += [f"- {note}" for note in table.notes]
    return "\n".join(lines) + "\n"


def to_rich(table: Table, *, compact: bool = False, inline: bool = False) -> RichTable:
    """A rich table. ``compact`` (narrow terminals) drops the CIs and shortens the headers;
    ``inline`` (wide ones) keeps each CI on its value's line instead of under it."""
    rich_table = RichTable(
        title=table.title,
        title_justify="left",
        caption_justify="left",
        box=box.SIMPLE_HEAD if compact else box.HEAVY_HEAD,
        pad_edge=not compact,
    )
    headers = table.short_headers if compact and table.short_headers else table.headers
    for i, header in enumerate(headers):
        numeric = i in table.numeric
        # Observation names wrap at spaces; 12 keeps 'Cardiomegaly' and 'Pneumothorax' whole.
        rich_table.add_column(
            header,
            justify="right" if numeric else "left",
            min_width=12 if i == 0 else None,
            overflow="ellipsis" if i == 0 else "fold",  # never cut a number or a name short
        )
    for row in table.rows:
        if compact:
            cells = [re.sub(r" \(.*\)$", "", cell).replace(" / ", "/") for cell in row]
        elif inline:
            cells = row
        else:  # the interval goes under its value
            cells = [cell.replace(" (", "\n(") for cell in row]
        rich_table.add_row(*cells, style="bold" if row[0].endswith("average") else None)
    notes = list(table.notes)
    if compact and any(n.startswith("In brackets") for n in notes):
        notes = [n for n in notes if not n.startswith("In brackets")]
        notes.insert(0, f"Confidence intervals: in {table.name}.md and report.html.")
    if notes:
        rich_table.caption = "\n".join(notes)
    return rich_table


def rich_for_width(table: Table, width: int) -> RichTable:
    """Fit the terminal: CIs inline when wide, below their values, or left out when narrow."""
    wide_table = len(table.headers) > 6
    return to_rich(
        table,
        compact=wide_table and width < 120,
        inline=width >= (180 if wide_table else 100),
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
