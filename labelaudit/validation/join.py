"""Align a gold label file with predictions: by id, else by row order with matching texts."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from labelaudit.errors import LabelFileError
from labelaudit.labelfile import LabelTable
from labelaudit.observations import OBSERVATIONS


@dataclass
class Aligned:
    """Gold and predicted values on the same reports, in the gold file's order."""

    gold: pd.DataFrame  # scored observations only
    pred: pd.DataFrame  # same index and columns as ``gold``
    not_annotated: list[str]  # observations the gold file has no column for
    reports: pd.Series | None  # report text per report, when either file has it
    pred_keys: list[str]  # per row: the prediction's id, or its 0-based row number
    unscored_predictions: int = 0  # predicted reports that the gold file does not annotate

    @property
    def observations(self) -> list[str]:
        return list(self.gold.columns)

    @property
    def ids(self) -> list[str]:
        return [str(i) for i in self.gold.index]


def summarise(items: list[str], limit: int = 5) -> str:
    """'a, b, c (3 in all)' or 'a, b, c, d, e … (12 in all)'."""
    shown = ", ".join(items[:limit])
    return shown + (" …" if len(items) > limit else "") + f" ({len(items)} in all)"


def normalise_text(text: str) -> str:
    """Whitespace-insensitive form of a report, for checking row-order joins."""
    return re.sub(r"\s+", " ", text).strip()


def scored_observations(gold: LabelTable) -> tuple[list[str], list[str]]:
    """(observations the gold file annotates, the others), in canonical order."""
    scored = [o for o in OBSERVATIONS if o in gold.values.columns]
    return scored, [o for o in OBSERVATIONS if o not in scored]


def align(gold: LabelTable, pred: LabelTable) -> Aligned:
    """Join ``pred`` to ``gold``; every mismatch is an error that names what is wrong."""
    if gold.values.empty:
        raise LabelFileError(f"{gold.path}: no reports in the file")
    scored, not_annotated = scored_observations(gold)
    missing = [o for o in scored if o not in pred.values.columns]
    if missing:
        raise LabelFileError(
            f"{pred.path}: no column for observations that {gold.path.name} annotates: "
            f"{summarise(missing)}"
        )
    on_ids = gold.has_ids and pred.has_ids
    unscored = 0
    if on_ids:
        pred_values = _join_on_ids(gold, pred)
        unscored = len(pred.values) - len(pred_values)
        index = gold.values.index
        pred_keys = [str(i) for i in index]
    else:
        _check_row_order(gold, pred)
        index = gold.values.index if gold.has_ids else pred.values.index
        pred_values = pred.values.set_axis(index)
        pred_keys = (
            [str(i) for i in pred.values.index]
            if pred.has_ids
            else [str(row) for row in range(len(index))]
        )
    gold_values = gold.values[scored].set_axis(index)
    reports = None
    if gold.reports is not None:
        reports = gold.reports.set_axis(index)
    elif pred.reports is not None:
        reports = pred.reports.loc[index] if on_ids else pred.reports.set_axis(index)
    return Aligned(
        gold=gold_values,
        pred=pred_values[scored],
        not_annotated=not_annotated,
        reports=reports,
        pred_keys=pred_keys,
        unscored_predictions=unscored,
    )


def _join_on_ids(gold: LabelTable, pred: LabelTable) -> pd.DataFrame:
    """Every gold report needs a prediction; predictions beyond the gold set are common
    (labels of a whole corpus, gold for a sample of it) and are left out of the scores."""
    gold_ids = gold.values.index
    pred_ids = pred.values.index
    only_gold = [str(i) for i in gold_ids.difference(pred_ids, sort=False)]
    if only_gold:
        parts = [f"in {gold.path.name}, not in {pred.path.name}: {summarise(only_gold)}"]
        only_pred = [str(i) for i in pred_ids.difference(gold_ids, sort=False)]
        if only_pred:
            parts.append(f"in {pred.path.name}, not in {gold.path.name}: {summarise(only_pred)}")
        raise LabelFileError(f"{gold.path}: the ids do not match; " + "; ".join(parts))
    return pred.values.loc[gold_ids]


def _check_row_order(gold: LabelTable, pred: LabelTable) -> None:
    """Without ids on both sides, rows pair up only if the report texts prove it."""
    if len(gold.values) != len(pred.values):
        raise LabelFileError(
            f"{gold.path}: {len(gold.values)} reports, but {pred.path} has {len(pred.values)}; "
            "without ids on both sides they are joined row by row"
        )
    if gold.reports is None or pred.reports is None:
        lacking = gold.path if gold.reports is None else pred.path
        raise LabelFileError(
            f"{lacking}: no ids to join on and no Reports column to check the row order with; "
            "give both files an id column (id_column)",
            "id_column",
        )
    differing = [
        str(row + 2)
        for row, (a, b) in enumerate(zip(gold.reports, pred.reports, strict=True))
        if normalise_text(a) != normalise_text(b)
    ]
    if differing:
        raise LabelFileError(
            f"{gold.path}: report texts differ from {pred.path} on rows {summarise(differing)}; "
            "without ids on both sides the files must list the same reports in the same order"
        )
