"""The record kept for every mention: where it is, what matched, and what decided its class."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass
class Mention:
    observation: str
    text: str  # the matched report text
    phrase: str  # the rule phrase that matched
    mention_rule: str  # "mentions/pleural_effusion.txt:2"
    start: int  # character offsets into the original report
    end: int
    section: str
    sentence_index: int
    sentence: str
    label: float | None  # 1.0 / 0.0 / -1.0, or None when the mention does not count
    # positive | negative | uncertain | ignored | other_finding, or the context phase that
    # took the label away: hypothetical | historical
    klass: str
    phase: str | None  # the phase whose trigger decided, None for the default
    trigger: str | None
    trigger_rule: str | None
    report_id: str | None = None

    def to_dict(self) -> dict:
        record = asdict(self)
        record["class"] = record.pop("klass")
        return record
