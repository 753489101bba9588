"""Every report x observation where prediction and gold differ, with the labeler's evidence.

Error kinds, in the order rows are listed within an observation:

- missed mention: the gold has a value (1, 0 or -1), the prediction is blank;
- false mention: the gold is blank, the prediction has a value;
- wrong negation: one side says positive (1), the other negative (0);
- wrong uncertainty: both have a value and one of them is uncertain (-1): 1 vs -1 or 0 vs -1;
- No Finding disagreement: any difference in No Finding (it depends on every other finding).
"""

from __future__ import annotations

import io
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from labelaudit.atomic import atomic_write_text
from labelaudit.csvfile import dict_writer
from labelaudit.labelfile import format_value
from labelaudit.observations import NO_FINDING, SUPPORT_DEVICES, UNCERTAIN
from labelaudit.validation.join import Aligned

MISSED, FALSE, NEGATION, UNCERTAINTY, NO_FINDING_DISAGREEMENT = (
    "missed mention",
    "false mention",
    "wrong negation",
    "wrong uncertainty",
    "No Finding disagreement",
)
ERROR_KINDS: tuple[str, ...] = (MISSED, FALSE, NEGATION, UNCERTAINTY, NO_FINDING_DISAGREEMENT)

ERROR_COLUMNS: tuple[str, ...] = (
    "report_id",
    "observation",
    "gold",
    "predicted",
    "kind",
    "sentence",
    "mention",
    "mention_class",
    "trigger",
    "trigger_rule",
    "mention_rule",
    "report",
)


def error_kind(observation: str, gold: float, predicted: float) -> str | None:
    """The kind of disagreement between two values, or None when they agree."""
    gold_blank, pred_blank = math.isnan(gold), math.isnan(predicted)
    if (gold_blank and pred_blank) or gold == predicted:
        return None
    if observation == NO_FINDING:
        return NO_FINDING_DISAGREEMENT
    if pred_blank:
        return MISSED
    if gold_blank:
        return FALSE
    if UNCERTAIN in (gold, predicted):
        return UNCERTAINTY
    return NEGATION


class EvidenceIndex:
    """Evidence records (``Mention.to_dict()``) looked up by report key and observation.

    A record's key is its ``report_id``, or its 0-based ``row`` when the input had no ids;
    it is matched with the prediction file's id or row (``Aligned.pred_keys``).
    """

    def __init__(self, records: Iterable[dict]) -> None:
        self._by_report: dict[str, list[dict]] = defaultdict(list)
        rules: dict[tuple[str, str], None] = {}
        for record in records:
            self._by_report[self.key(record)].append(record)
            if record.get("rules_version") or record.get("rules_hash"):
                rules[str(record.get("rules_version")), str(record.get("rules_hash"))] = None
        self.rules: list[tuple[str, str]] = list(rules)  # (version, hash) of the rule sets

    @staticmethod
    def key(record: dict) -> str:
        report_id = record.get("report_id")
        return str(report_id) if report_id not in (None, "") else str(record.get("row"))

    def __len__(self) -> int:
        return len(self._by_report)

    def __contains__(self, report_key: str) -> bool:
        return report_key in self._by_report

    def for_error(self, report_key: str, observation: str) -> list[dict]:
        """Mentions that explain a value: the observation's own, in text order.

        For No Finding, the positive or uncertain findings that rule it out (and any
        mention the labeler filed under No Finding itself).
        """
        records = self._by_report.get(report_key, [])
        if observation == NO_FINDING:
            chosen = [
                r
                for r in records
                if r.get("observation") == NO_FINDING
                or (
                    r.get("observation") != SUPPORT_DEVICES
                    and r.get("class") in ("positive", "uncertain")
                )
            ]
        else:
            chosen = [r for r in records if r.get("observation") == observation]
        return sorted(chosen, key=lambda r: (r.get("start") or 0, r.get("end") or 0))


@dataclass(frozen=True)
class ErrorRow:
    report_id: str
    observation: str
    gold: float
    predicted: float
    kind: str
    report: str
    evidence: tuple[dict, ...] = field(default=())

    def to_record(self) -> dict[str, str]:
        """The flat ``errors.csv`` row; several mentions are joined with ' | '."""

        def joined(name: str, distinct: bool = False) -> str:
            values = [str(e.get(name) or "") for e in self.evidence]
            if distinct:  # several mentions often share one sentence
                values = list(dict.fromkeys(values))
            return " | ".join(values) if any(values) else ""

        return {
            "report_id": self.report_id,
            "observation": self.observation,
            "gold": format_value(self.gold),
            "predicted": format_value(self.predicted),
            "kind": self.kind,
            "sentence": joined("sentence", distinct=True),
            "mention": joined("text"),
            "mention_class": joined("class"),
            "trigger": joined("trigger"),
            "trigger_rule": joined("trigger_rule"),
            "mention_rule": joined("mention_rule"),
            "report": self.report,
        }


def audit_errors(aligned: Aligned, evidence: EvidenceIndex | None = None) -> list[ErrorRow]:
    """All disagreements, sorted by observation (canonical order), kind, then input order."""
    rows: list[tuple[tuple[int, int, int], ErrorRow]] = []
    reports = aligned.reports
    keys = aligned.ids
    evidence_keys = aligned.pred_keys
    for column, observation in enumerate(aligned.observations):
        gold_values = aligned.gold[observation].to_numpy(dtype=float)
        pred_values = aligned.pred[observation].to_numpy(dtype=float)
        for position, (gold, predicted) in enumerate(zip(gold_values, pred_values, strict=True)):
            kind = error_kind(observation, gold, predicted)
            if kind is None:
                continue
            row = ErrorRow(
                report_id=keys[position],
                observation=observation,
                gold=float(gold),
                predicted=float(predicted),
                kind=kind,
                report=str(reports.iloc[position]) if reports is not None else "",
                evidence=tuple(evidence.for_error(evidence_keys[position], observation))
                if evidence is not None
                else (),
            )
            rows.append(((column, ERROR_KINDS.index(kind), position), row))
    return [row for _, row in sorted(rows, key=lambda item: item[0])]


def count_by_kind(rows: Sequence[ErrorRow]) -> dict[str, int]:
    counts = dict.fromkeys(ERROR_KINDS, 0)
    for row in rows:
        counts[row.kind] += 1
    return counts


def errors_csv(rows: Sequence[ErrorRow]) -> str:
    buffer = io.StringIO()
    writer = dict_writer(buffer, ERROR_COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow(row.to_record())
    return buffer.getvalue()


def write_errors_csv(rows: Sequence[ErrorRow], path: Path) -> None:
    atomic_write_text(path, errors_csv(rows))
