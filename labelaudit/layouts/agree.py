"""``labelaudit agree`` over any layout: the files' units, and the readers inside one file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from labelaudit.errors import InputError
from labelaudit.labelfile import LabelTable
from labelaudit.layouts.load import LayoutOptions, UnitInfo, read_units
from labelaudit.layouts.readers import has_readers, split_readers


def read_readers(
    files: Sequence[Path], reference: Path | None, options: LayoutOptions, id_column: str | None
) -> tuple[list[LabelTable], LabelTable | None]:
    """The readers' label tables (a VinDr-CXR file gives one per reading) and the reference,
    all counted per the same unit."""
    tables: list[LabelTable] = []
    units: list[tuple[Path, str]] = []
    for path in files:
        if has_readers(path, options):
            tables += split_readers(path, options)
            units.append((path, "image"))
            continue
        table, info = read_units(path, options, id_column=id_column, strict_columns=True)
        tables.append(table)
        units.append((path, _unit(info)))
    truth = None
    if reference is not None:
        reference_options = LayoutOptions(per=units[0][1] if units[0][1] != "row" else None)
        plain = not any(has_readers(p, options) for p in files) and options.per is None
        truth, info = read_units(
            reference,
            LayoutOptions() if plain else reference_options,
            id_column=id_column,
            strict_columns=True,
        )
        units.append((reference, _unit(info)))
    kinds = {unit for _, unit in units}
    if len(kinds) > 1:
        detail = ", ".join(f"{path.name} per {unit}" for path, unit in units)
        raise InputError(
            f"the files are counted in different units ({detail}); choose one with per=UNIT",
            "per=",
        )
    return tables, truth


def _unit(info: UnitInfo | None) -> str:
    return info.unit if info is not None else "row"
