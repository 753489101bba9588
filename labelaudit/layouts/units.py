"""Counting per study, image or row: pack each row's 14 labels into one integer, then keep
one value per unit, checking that a unit's rows agree (or combining them on request).

Packed codes use 2 bits per observation (0 blank, 1 positive, 2 negative, 3 uncertain), so
a unit costs 24 bytes however wide the file is: 10 million rows fit in a few hundred MB.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, IntEnum

import numpy as np
import pandas as pd

from labelaudit.errors import LabelFileError
from labelaudit.observations import BLANK, NEGATIVE, OBSERVATIONS, POSITIVE, UNCERTAIN

N = len(OBSERVATIONS)
_SHIFTS = np.arange(N, dtype=np.int64) * 2


class PackedCode(IntEnum):
    """The 2-bit code of one label in a packed row; blank is 0, so all-blank packs to 0."""

    BLANK = 0
    POSITIVE = 1
    NEGATIVE = 2
    UNCERTAIN = 3


# code -> label value, indexed by PackedCode
CODE_VALUES = np.array([BLANK, POSITIVE, NEGATIVE, UNCERTAIN])
_STATED_CODES = (PackedCode.POSITIVE, PackedCode.NEGATIVE, PackedCode.UNCERTAIN)


class Combine(str, Enum):
    """How to merge the rows of one unit whose labels differ."""

    max = "max"  # per observation the strongest label: 1 > -1 > 0 > blank
    any = "any"  # positive if any row is; else negative if any is; else uncertain (NegBio-like)
    first = "first"  # the first row's labels


# rank of each code (blank, 1, 0, -1) under a rule; the highest rank wins
_RANKS = {Combine.max: np.array([0, 3, 1, 2]), Combine.any: np.array([0, 3, 2, 1])}


def encode(values: np.ndarray) -> np.ndarray:
    """(rows x 14) of 1/0/-1/NaN -> (rows x 14) uint8 codes."""
    codes = np.full(values.shape, PackedCode.BLANK, dtype=np.int64)
    for code in _STATED_CODES:
        codes[values == CODE_VALUES[code]] = code
    return codes


def pack(values: np.ndarray) -> np.ndarray:
    return (encode(values) << _SHIFTS).sum(axis=1)


def unpack_codes(packed: np.ndarray) -> np.ndarray:
    return (packed[:, None] >> _SHIFTS) & 3


def unpack(packed: np.ndarray) -> np.ndarray:
    return CODE_VALUES[unpack_codes(packed)]


def key_hashes(keys: pd.Series) -> np.ndarray:
    return pd.util.hash_pandas_object(keys, index=False).to_numpy().view(np.int64)


@dataclass
class UnitReducer:
    """Adds rows chunk by chunk; ``finish`` gives one packed label row per unit.

    ``keep_ids`` keeps each unit's id string (in memory); a streaming count leaves it off.
    """

    path: str
    unit: str
    combine: Combine | None
    keep_ids: bool
    hashes: list[np.ndarray] = field(default_factory=list)
    codes: list[np.ndarray] = field(default_factory=list)
    rows: list[np.ndarray] = field(default_factory=list)
    ids: list[np.ndarray] = field(default_factory=list)
    combined: int = 0  # units whose rows disagreed and were combined

    def add(self, keys: pd.Series, packed: np.ndarray, rows: np.ndarray) -> None:
        # ids go into the chunk's own check (for the error message) even when not kept
        hashes, packed, rows, ids = self._reduce(
            key_hashes(keys), packed, rows, keys.to_numpy(dtype=object)
        )
        self._append(hashes, packed, rows, ids if self.keep_ids else None)

    def _append(self, hashes, packed, rows, ids) -> None:
        self.hashes.append(hashes)
        self.codes.append(packed)
        self.rows.append(rows)
        if ids is not None:
            self.ids.append(ids)

    def finish(self) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
        """(packed codes, first row, ids or None) per unit, in order of first appearance."""
        hashes = np.concatenate(self.hashes) if self.hashes else np.zeros(0, np.int64)
        packed = np.concatenate(self.codes) if self.codes else np.zeros(0, np.int64)
        rows = np.concatenate(self.rows) if self.rows else np.zeros(0, np.int64)
        ids = np.concatenate(self.ids) if self.keep_ids and self.ids else None
        self.hashes, self.codes, self.rows, self.ids = [], [], [], []
        hashes, packed, rows, ids = self._reduce(hashes, packed, rows, ids)
        order = np.argsort(rows, kind="stable")
        return packed[order], rows[order], (ids[order] if ids is not None else None)

    def _reduce(self, hashes, packed, rows, ids):
        """Keep one entry per hash, checking (or combining) disagreeing labels."""
        order = np.lexsort((rows, hashes))  # by unit, then file order: first row first
        hashes, packed, rows = hashes[order], packed[order], rows[order]
        ids = ids[order] if ids is not None else None
        return self.reduce_grouped(hashes, packed, rows, ids)

    def reduce_grouped(self, hashes, packed, rows, ids):
        """The same, for entries already grouped by hash (each unit's rows next to each other)."""
        if len(hashes) == 0:
            return hashes, packed, rows, ids
        starts = np.flatnonzero(np.r_[True, hashes[1:] != hashes[:-1]])
        low = np.minimum.reduceat(packed, starts)
        high = np.maximum.reduceat(packed, starts)
        differ = np.flatnonzero(low != high)
        result = packed[starts].copy()
        if len(differ):
            if self.combine is None:
                self._conflict(starts, differ[0], hashes, packed, rows, ids)
            if self.combine is not Combine.first:
                ends = np.r_[starts[1:], len(hashes)]
                for group in differ:
                    members = unpack_codes(packed[starts[group] : ends[group]])
                    ranks = _RANKS[self.combine][members].max(axis=0)
                    codes = np.argsort(_RANKS[self.combine])[ranks]
                    # No Finding only if every row says so: one row's finding (even one
                    # outside the 14, which has no column here) means something was found.
                    no_finding = (members[:, 0] == PackedCode.POSITIVE).all()
                    codes[0] = PackedCode.POSITIVE if no_finding else PackedCode.BLANK
                    result[group] = int((codes.astype(np.int64) << _SHIFTS).sum())
            self.combined += len(differ)
        return hashes[starts], result, rows[starts], (ids[starts] if ids is not None else None)

    def _conflict(self, starts, group, hashes, packed, rows, ids) -> None:
        first = starts[group]
        end = first + 1
        while packed[end] == packed[first]:
            end += 1
        labels = unpack(packed[[first, end]])
        differs = [OBSERVATIONS[k] for k in range(N) if not _same(labels[0, k], labels[1, k])]
        name = f" {ids[first]!r}" if ids is not None else ""
        raise LabelFileError(
            f"{self.path}: row {rows[end]}: {self.unit}{name} has different labels than at row "
            f"{rows[first]} ({', '.join(differs[:3])}); every row of a {self.unit} must carry "
            "the same labels: check the file, count per=image, or merge with "
            "combine=max|any|first",
            *("per=", "combine="),
        )


def _same(a: float, b: float) -> bool:
    return (np.isnan(a) and np.isnan(b)) or a == b


def count_codes(packed: np.ndarray) -> np.ndarray:
    """(14, [positive, negative, uncertain, blank]) counts of packed label rows."""
    codes = unpack_codes(packed)
    order = (*_STATED_CODES, PackedCode.BLANK)
    return np.stack([(codes == code).sum(axis=0) for code in order], axis=1)


@dataclass
class GroupedCounter:
    """Counts units whose rows come next to each other in the file (CheXpert's train.csv
    lists a study's views together), holding 8 bytes per unit: the hash that proves, at
    the end, that no unit came back later. ``finish`` returns False when one did."""

    reducer: UnitReducer
    counts: np.ndarray = field(default_factory=lambda: np.zeros((N, 4), dtype=np.int64))
    units: int = 0
    seen: list[np.ndarray] = field(default_factory=list)
    carry: tuple | None = None  # the last unit of the previous chunk may go on

    def add(self, keys: pd.Series, packed: np.ndarray, rows: np.ndarray) -> None:
        hashes, ids = key_hashes(keys), keys.to_numpy(dtype=object)
        if self.carry is not None:
            hashes, packed, rows, ids = (
                np.concatenate([a, b])
                for a, b in zip(self.carry, (hashes, packed, rows, ids), strict=True)
            )
        changes = np.flatnonzero(hashes[1:] != hashes[:-1])
        last = int(changes[-1]) + 1 if len(changes) else 0
        self.carry = (hashes[last:], packed[last:], rows[last:], ids[last:])
        self._count(hashes[:last], packed[:last], rows[:last], ids[:last])

    def _count(self, hashes, packed, rows, ids) -> None:
        hashes, packed, _rows, _ids = self.reducer.reduce_grouped(hashes, packed, rows, ids)
        self.counts += count_codes(packed)
        self.units += len(hashes)
        self.seen.append(hashes)

    def finish(self) -> bool:
        if self.carry is not None:
            self._count(*self.carry)
            self.carry = None
        seen = np.concatenate(self.seen) if self.seen else np.zeros(0, np.int64)
        self.seen = []
        seen.sort()  # in place: no second copy of 10 million hashes
        return not bool((seen[1:] == seen[:-1]).any())
