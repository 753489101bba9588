"""The label-file layouts labelaudit reads directly, and how each one is detected.

A layout turns one chunk of its file (strings, as read) into CheXpert values (rows x 14,
NaN where blank or not expressible) and gives each row its id per unit: study, image or
row. Mapped layouts go through a vocabulary (``vocabularies/<layout>.tsv``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import ClassVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from labelaudit.errors import LabelFileError, UnknownLayoutError
from labelaudit.labelfile import ID_COLUMN_CANDIDATES, parse_label_value
from labelaudit.layouts.vocabulary import IGNORE, OTHER, Vocabulary
from labelaudit.observations import (
    BLANK,
    NEGATIVE,
    NO_FINDING,
    OBSERVATIONS,
    POSITIVE,
    SUPPORT_DEVICES,
)

UNITS: tuple[str, ...] = ("study", "image", "row")
UNIT_PLURALS = {"study": "studies", "image": "images", "row": "rows"}
# The id column `labelaudit convert` writes, per unit; read back as that unit.
UNIT_ID_COLUMNS = {"study": "study_id", "image": "image_id", "row": "row_id"}
_STUDY_IN_PATH = re.compile(r"(?P<study>patient\d+/study\d+)/")


@dataclass
class Notes:
    """Per-row facts worth a warning, counted over the whole file: kind -> (count, first row)."""

    seen: dict[str, list[int]] = field(default_factory=dict)

    def add(self, kind: str, rows: np.ndarray) -> None:
        if len(rows):
            entry = self.seen.setdefault(kind, [0, int(rows[0])])
            entry[0] += len(rows)

    def lines(self) -> list[str]:
        return [
            f"{kind}: {n:,} {'row' if n == 1 else 'rows'} (first: row {first})"
            for kind, (n, first) in self.seen.items()
        ]


class Layout:
    name: str = ""
    description: str = ""
    detected_by: str = ""
    mapped = False  # True: read through a vocabulary

    def __init__(self, path: str, header: list[str], vocabulary: Vocabulary | None = None):
        self.path = path
        self.header = header
        self.vocabulary = vocabulary

    @classmethod
    def matches(cls, header: list[str]) -> bool:
        raise NotImplementedError

    # -- units -------------------------------------------------------------------------------
    def units(self) -> tuple[str, ...]:
        return tuple(u for u in UNITS if self.unit_columns(u) is not None)

    def default_unit(self) -> str:
        raise NotImplementedError

    def unit_columns(self, unit: str) -> tuple[str, ...] | None:
        """The columns whose values, joined by '/', identify a unit; None: not available."""
        raise NotImplementedError

    def keys(self, chunk: pd.DataFrame, unit: str, first_row: int) -> pd.Series:
        columns = self.unit_columns(unit)
        if columns is None:
            raise LabelFileError(self.no_unit_message(unit), "per=")
        if not columns:  # the row number
            return pd.Series(np.arange(first_row, first_row + len(chunk)).astype(str))
        keys = chunk[columns[0]].str.strip()
        for column in columns[1:]:
            keys = keys + "/" + chunk[column].str.strip()
        empty = np.flatnonzero((keys == "").to_numpy())
        if len(empty):
            raise LabelFileError(
                f"{self.path}: row {first_row + empty[0]}: empty {' / '.join(columns)}; "
                f"every row needs its {unit} id"
            )
        return keys.reset_index(drop=True)

    def no_unit_message(self, unit: str) -> str:
        return (
            f"{self.path}: a {self.name} file cannot be counted per {unit}; "
            f"it has {', '.join(self.units())} ids (per={'|'.join(self.units())})"
        )

    # -- values ------------------------------------------------------------------------------
    def observations(self) -> list[str]:
        raise NotImplementedError

    def needed_columns(self) -> list[str]:
        raise NotImplementedError

    def _with_unit_ids(self, columns: list[str]) -> list[str]:
        """Every unit's id columns, then ``columns``: each once, in that order."""
        ids = [c for u in UNITS for c in (self.unit_columns(u) or ())]
        return list(dict.fromkeys([*ids, *columns]))

    def _parse_column(
        self, cells: pd.Series, first_row: int, parse: Callable[[str], float], expected: str
    ) -> np.ndarray:
        """``parse`` each distinct cell once; a cell it rejects (ValueError) stops the read
        with the first row that holds it."""
        codes, uniques = pd.factorize(cells)
        parsed = np.empty(len(uniques))
        for index, raw in enumerate(uniques):
            try:
                parsed[index] = parse(raw)
            except ValueError:
                row = first_row + int(np.flatnonzero(codes == index)[0])
                raise LabelFileError(
                    f"{self.path}: row {row}: {cells.name}={raw!r}; expected {expected}"
                ) from None
        return parsed[codes]

    def values(self, chunk: pd.DataFrame, first_row: int, notes: Notes) -> np.ndarray:
        """(rows x 14) float: 1.0 / 0.0 / -1.0 / NaN."""
        raise NotImplementedError


def _unit_columns_from(header: list[str], table: dict[str, tuple[str, ...]], unit: str):
    columns = table.get(unit)
    if columns is None or not all(c in header for c in columns):
        return None
    return columns


# -- CheXpert format: chexpert, mimic-cxr, and any CheXpert-format file ------------------------


class ChexpertFormat(Layout):
    name = "labels"
    description = "any CheXpert-format label file (e.g. labelaudit extract output)"
    detected_by = "observation columns, none of the layouts above"

    @classmethod
    def matches(cls, header: list[str]) -> bool:
        return any(o in header for o in OBSERVATIONS)

    def _id_column(self) -> str | None:
        for column in (*UNIT_ID_COLUMNS.values(), *ID_COLUMN_CANDIDATES):
            if column in self.header:
                return column
        return None

    def unit_columns(self, unit: str):
        column = self._id_column()
        if unit == "row":
            return (column,) if column else ()
        return (column,) if column == UNIT_ID_COLUMNS[unit] else None

    def default_unit(self) -> str:
        column = self._id_column()
        return next((u for u, c in UNIT_ID_COLUMNS.items() if c == column), "row")

    def observations(self) -> list[str]:
        return [o for o in OBSERVATIONS if o in self.header]

    def needed_columns(self) -> list[str]:
        return self._with_unit_ids(self.observations())

    def values(self, chunk: pd.DataFrame, first_row: int, notes: Notes) -> np.ndarray:
        out = np.full((len(chunk), len(OBSERVATIONS)), BLANK)
        for observation in self.observations():
            out[:, OBSERVATIONS.index(observation)] = self._parse_column(
                chunk[observation].fillna(""), first_row, parse_label_value, "1, 0, -1 or blank"
            )
        return out


class Chexpert(ChexpertFormat):
    name = "chexpert"
    description = "CheXpert train.csv / valid.csv: one row per image, Path patientN/studyN/viewN"
    detected_by = "a Path column with patientNNNNN/studyN/"

    @classmethod
    def matches(cls, header: list[str]) -> bool:
        return "Path" in header and super().matches(header)

    def unit_columns(self, unit: str):
        return ("Path",)  # the study is cut out of the path in keys()

    def default_unit(self) -> str:
        return "study"

    def keys(self, chunk: pd.DataFrame, unit: str, first_row: int) -> pd.Series:
        paths = super().keys(chunk, "image", first_row)
        if unit != "study":
            return paths
        # pyarrow's regex kernel: pandas' str.extract loops in Python (3x slower here)
        found = pc.extract_regex(pa.array(paths, type=pa.string()), _STUDY_IN_PATH.pattern)
        studies = pd.Series(found.field(0).to_pandas(), dtype=object)
        missing = np.flatnonzero(pd.isna(studies).to_numpy())
        if len(missing):
            raise LabelFileError(
                f"{self.path}: row {first_row + missing[0]}: Path {paths[missing[0]]!r} has no "
                "patientNNNNN/studyN/ folder to count studies by (use per=image or per=row)",
                "per=",
            )
        return studies


class MimicCxr(ChexpertFormat):
    name = "mimic-cxr"
    description = "MIMIC-CXR-JPG chexpert / negbio files: one row per study"
    detected_by = "subject_id and study_id columns"

    @classmethod
    def matches(cls, header: list[str]) -> bool:
        return "subject_id" in header and "study_id" in header and super().matches(header)

    def unit_columns(self, unit: str):
        return ("study_id",) if unit in ("study", "row") else None

    def default_unit(self) -> str:
        return "study"


# -- mapped layouts ---------------------------------------------------------------------------


class MappedLayout(Layout):
    mapped = True
    binary = True  # an absent finding is 0 (else blank: not mentioned)
    unit_table: ClassVar[dict[str, tuple[str, ...]]] = {}

    @property
    def vocab(self) -> Vocabulary:
        assert self.vocabulary is not None
        return self.vocabulary

    def unit_columns(self, unit: str):
        return _unit_columns_from(self.header, self.unit_table, unit)

    def source_names(self) -> list[str]:
        """The source findings this file can hold, in vocabulary order."""
        return [s for s in self.vocab.targets if self.vocab.targets[s] not in (IGNORE,)]

    def observations(self) -> list[str]:
        targets = {self.vocab.targets[s] for s in self.source_names()}
        if self.vocab.default and self.vocab.default != IGNORE and not self.binary:
            targets.add(self.vocab.default)
        return [o for o in OBSERVATIONS if o in targets]

    def sources(self, chunk: pd.DataFrame, first_row: int, notes: Notes):
        """(rows x sources) of 1.0 / 0.0 / NaN, and the source names of its columns."""
        raise NotImplementedError

    def values(self, chunk: pd.DataFrame, first_row: int, notes: Notes) -> np.ndarray:
        matrix, names = self.sources(chunk, first_row, notes)
        out = np.full((len(chunk), len(OBSERVATIONS)), BLANK)
        other = np.zeros(len(chunk), dtype=bool)
        no_finding = np.full(len(chunk), BLANK)
        by_target: dict[str, list[int]] = {}
        for index, name in enumerate(names):
            by_target.setdefault(self.vocab.target(name) or IGNORE, []).append(index)
        for target, columns in by_target.items():
            block = matrix[:, columns]
            if target == IGNORE:
                continue
            if target == OTHER:
                other |= (block == POSITIVE).any(axis=1)
                continue
            combined = np.fmax.reduce(block, axis=1)  # 1 beats 0; NaN only if all NaN
            if target == NO_FINDING:
                no_finding = combined
            else:
                out[:, OBSERVATIONS.index(target)] = combined
        if NO_FINDING in self.observations():
            findings = [
                i for i, o in enumerate(OBSERVATIONS) if o not in (NO_FINDING, SUPPORT_DEVICES)
            ]
            found = other | (out[:, findings] == POSITIVE).any(axis=1)
            both = (no_finding == POSITIVE) & found
            notes.add(
                "No Finding listed together with a finding: No Finding left blank",
                first_row + np.flatnonzero(both),
            )
            # CheXpert's convention: No Finding is 1 or blank, never 0.
            out[:, 0] = np.where((no_finding == POSITIVE) & ~found, POSITIVE, BLANK)
        return out


class _ListLayout(MappedLayout):
    """Findings as a list in one column (ChestX-ray14's 'A|B', PadChest's "['a', 'b']")."""

    label_column = ""

    def needed_columns(self) -> list[str]:
        return self._with_unit_ids([self.label_column])

    def split(self, raw: str) -> list[str] | None:
        raise NotImplementedError

    def sources(self, chunk: pd.DataFrame, first_row: int, notes: Notes):
        names = self.source_names()
        position = {name: i for i, name in enumerate(names)}
        codes, uniques = pd.factorize(chunk[self.label_column].fillna(""))
        absent = NEGATIVE if self.binary else BLANK
        table = np.full((len(uniques), len(names) + 1), absent)  # last column: unlisted names
        table[:, -1] = NEGATIVE
        empty_rows = []
        for index, raw in enumerate(uniques):
            row = first_row + int(np.flatnonzero(codes == index)[0])
            labels = self.split(str(raw))
            if labels is None:
                raise LabelFileError(
                    f"{self.path}: row {row}: {self.label_column}={raw!r} is not a list of labels"
                )
            if not labels:
                table[index, :-1] = BLANK  # nothing stated: every observation blank
                empty_rows.append(index)
            for label in labels:
                if label in position:
                    table[index, position[label]] = POSITIVE
                elif self.vocab.default is None:
                    raise LabelFileError(
                        f"{self.path}: row {row}: {self.label_column} {label!r} is not in the "
                        f"{self.name} vocabulary ({self.vocab.source}); expected one of: "
                        + ", ".join(names)
                    )
                elif self.vocab.default == OTHER:
                    table[index, -1] = POSITIVE
        if empty_rows:
            notes.add(
                f"empty {self.label_column}: all labels blank",
                first_row + np.flatnonzero(np.isin(codes, empty_rows)),
            )
        return table[codes], [*names, "*"]


class ChestXray14(_ListLayout):
    name = "chestx-ray14"
    description = "NIH ChestX-ray14 Data_Entry_2017.csv: pipe-separated Finding Labels"
    detected_by = "Image Index and Finding Labels columns"
    label_column = "Finding Labels"
    unit_table: ClassVar[dict[str, tuple[str, ...]]] = {
        "study": ("Patient ID", "Follow-up #"),
        "image": ("Image Index",),
        "row": ("Image Index",),
    }

    @classmethod
    def matches(cls, header: list[str]) -> bool:
        return "Image Index" in header and "Finding Labels" in header

    def default_unit(self) -> str:
        return "image"

    def split(self, raw: str) -> list[str] | None:
        return [part.strip() for part in raw.split("|") if part.strip()]


class PadChest(_ListLayout):
    name = "padchest"
    description = "PadChest: Labels column of list strings, one row per image"
    detected_by = "a Labels column with ImageID or StudyID"
    label_column = "Labels"
    binary = False
    unit_table: ClassVar[dict[str, tuple[str, ...]]] = {
        "study": ("StudyID",),
        "image": ("ImageID",),
        "row": ("ImageID",),
    }

    @classmethod
    def matches(cls, header: list[str]) -> bool:
        return "Labels" in header and ("ImageID" in header or "StudyID" in header)

    def default_unit(self) -> str:
        return "study" if "StudyID" in self.header else "image"

    def split(self, raw: str) -> list[str] | None:
        text = raw.strip()
        if text in ("", "nan", "[]"):
            return []
        try:
            parsed = ast.literal_eval(text)
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            return None
        if not isinstance(parsed, (list, tuple)) or not all(isinstance(p, str) for p in parsed):
            return None
        return [p.strip() for p in parsed if p.strip()]


class _ColumnLayout(MappedLayout):
    """One column per finding."""

    id_columns: tuple[str, ...] = ()
    yes: tuple[str, ...] = ()
    no: tuple[str, ...] = ()
    strict_header = False  # True: every other column must be in the vocabulary

    def present_sources(self) -> list[str]:
        return [s for s in self.source_names() if s in self.header]

    def observations(self) -> list[str]:
        targets = {self.vocab.targets[s] for s in self.present_sources()}
        return [o for o in OBSERVATIONS if o in targets]

    def needed_columns(self) -> list[str]:
        return self._with_unit_ids(self.present_sources())

    def check_header(self) -> None:
        if not self.present_sources():
            raise LabelFileError(
                f"{self.path}: no finding column of the {self.name} vocabulary "
                f"({self.vocab.source}); expected some of: {', '.join(self.source_names())}"
            )
        if self.strict_header:
            unknown = [
                c for c in self.header if c not in self.id_columns and c not in self.vocab.targets
            ]
            if unknown:
                raise LabelFileError(
                    f"{self.path}: header row: column {unknown[0]!r} is not in the {self.name} "
                    f"vocabulary ({self.vocab.source}); expected {', '.join(self.id_columns)} "
                    "and finding columns"
                )

    def sources(self, chunk: pd.DataFrame, first_row: int, notes: Notes):
        names = self.present_sources()
        matrix = np.empty((len(chunk), len(names)))
        spellings = {
            **dict.fromkeys(self.yes, POSITIVE),
            **dict.fromkeys(self.no, NEGATIVE),
            "": BLANK,
        }

        def parse(raw: str) -> float:
            value = spellings.get(raw, spellings.get(str(raw).upper()))
            if value is None:
                raise ValueError(raw)
            return value

        expected = f"{' or '.join(self.yes[:1] + self.no[:1])} or blank"
        for index, name in enumerate(names):
            cells = chunk[name].fillna("").str.strip()
            matrix[:, index] = self._parse_column(cells, first_row, parse, expected)
        return matrix, names


class NihExpert(_ColumnLayout):
    name = "nih-expert"
    description = "expert labels of ChestX-ray14 test/validation images: YES/NO columns"
    detected_by = "Image Index with Fracture, Pneumothorax, Airspace opacity or Nodule or mass"
    yes = ("YES",)
    no = ("NO",)
    unit_table: ClassVar[dict[str, tuple[str, ...]]] = {
        "image": ("Image Index",),
        "row": ("Image Index",),
    }

    @classmethod
    def matches(cls, header: list[str]) -> bool:
        return "Image Index" in header and any(
            c in header for c in ("Airspace opacity", "Nodule or mass", "Fracture")
        )

    def default_unit(self) -> str:
        return "image"


class VindrCxr(_ColumnLayout):
    name = "vindr-cxr"
    description = "VinDr-CXR image labels: image_id, rad_id, one 0/1 column per finding"
    detected_by = "image_id with finding columns (rad_id: several readers per image)"
    yes = ("1", "1.0")
    no = ("0", "0.0")
    id_columns = ("image_id", "rad_id")
    strict_header = True
    unit_table: ClassVar[dict[str, tuple[str, ...]]] = {
        "image": ("image_id",),
        "row": ("image_id", "rad_id"),
    }

    @classmethod
    def matches(cls, header: list[str]) -> bool:
        return "image_id" in header and any(
            c in header for c in ("No finding", "Aortic enlargement", "Nodule/Mass")
        )

    def unit_columns(self, unit: str):
        if unit == "row" and "rad_id" not in self.header:
            return ("image_id",)
        return super().unit_columns(unit)

    def default_unit(self) -> str:
        return "row" if "rad_id" in self.header else "image"

    @property
    def reader_column(self) -> str | None:
        return "rad_id" if "rad_id" in self.header else None


# Detection order: the specific layouts first, the generic CheXpert format last.
LAYOUTS: tuple[type[Layout], ...] = (
    Chexpert,
    MimicCxr,
    ChestXray14,
    NihExpert,
    VindrCxr,
    PadChest,
    ChexpertFormat,
)
LAYOUT_NAMES = tuple(layout.name for layout in LAYOUTS)


def layout_class(name: str) -> type[Layout]:
    for layout in LAYOUTS:
        if layout.name == name:
            return layout
    raise LabelFileError(f"unknown layout {name!r}; expected one of: {', '.join(LAYOUT_NAMES)}")


def detect(path: str, header: list[str], first: dict[str, str] | None = None) -> type[Layout]:
    """The layout the header fits; ``first`` (the first data row) tells CheXpert's Path
    (patientNNNNN/studyN/...) from any other Path id column."""
    specific = [layout for layout in LAYOUTS[:-1] if layout.matches(header)]
    path_value = (first or {}).get("Path", "")
    if Chexpert in specific and first is not None and not _STUDY_IN_PATH.search(path_value):
        specific.remove(Chexpert)
    if len(specific) > 1:
        names = " and ".join(layout.name for layout in specific)
        raise LabelFileError(
            f"{path}: header row: the columns fit the {names} layouts; choose one with layout",
            "layout",
        )
    if specific:
        return specific[0]
    if ChexpertFormat.matches(header):
        return ChexpertFormat
    raise UnknownLayoutError(
        f"{path}: header row: not a known label layout ({', '.join(header[:6])}"
        f"{', …' if len(header) > 6 else ''}); expected CheXpert observation columns or one of "
        f"the layouts {', '.join(LAYOUT_NAMES[:-1])} (see 'labelaudit layouts')"
    )
