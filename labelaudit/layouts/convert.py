"""``labelaudit convert``: any layout -> a CheXpert-format file, one row per unit."""

from __future__ import annotations

import csv
from pathlib import Path

from labelaudit.atomic import atomic_write
from labelaudit.labelfile import format_value
from labelaudit.layouts.formats import UNIT_ID_COLUMNS, detect
from labelaudit.layouts.load import LayoutOptions, UnitInfo, read_first_row, read_header, read_units
from labelaudit.outputs import check_output_file


def default_output(path: Path) -> Path:
    return path.with_name(f"{path.stem}_chexpert.csv")


def convert(path: Path, output: Path, options: LayoutOptions) -> UnitInfo:
    """Write the unit's id column and the observations the file can express, in canonical
    order; observations it cannot express are left out, so no tool reads them as blank."""
    check_output_file(Path(output), [Path(path)])  # not an input, a folder, a link or a FIFO
    header = read_header(Path(path))
    layout = options.layout or detect(str(path), header, read_first_row(Path(path), header)).name
    chosen = LayoutOptions(layout, options.per, options.combine, options.vocabulary)
    table, info = read_units(path, chosen)  # a layout given: never the plain reader
    assert info is not None
    with atomic_write(output) as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([UNIT_ID_COLUMNS[info.unit], *table.observations])
        for unit_id, values in zip(
            table.values.index, table.values.itertuples(index=False), strict=True
        ):
            writer.writerow([unit_id, *(format_value(v) for v in values)])
    return info
