"""``Labeler``: label one report or a stream of them, with evidence for every mention."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from labelaudit.labeler.component import ChexpertLabeler
from labelaudit.labeler.evidence import Mention
from labelaudit.labeler.pipeline import build_nlp
from labelaudit.labeler.rules import RuleSet
from labelaudit.labeler.sections import Section
from labelaudit.labeler.text import has_words
from labelaudit.observations import BLANK, OBSERVATIONS, is_blank

DEFAULT_MAX_CHARS = 100_000  # far above any real report (MIMIC's longest are ~10k characters)
STATUSES = ("ok", "empty", "too_long", "no_section")


@dataclass
class ReportLabels:
    """The 14 values of one report, why they are what they are, and whether it was labeled."""

    values: dict[str, float]
    mentions: list[Mention] = field(default_factory=list)
    status: str = "ok"
    warning: str | None = None
    report_id: str | None = None

    def as_row(self) -> list[float]:
        return [self.values[o] for o in OBSERVATIONS]

    @property
    def labeled(self) -> bool:
        return self.status == "ok"


def _blank_values() -> dict[str, float]:
    return dict.fromkeys(OBSERVATIONS, BLANK)


class Labeler:
    """CheXpert-style report labeler.

    >>> labeler = Labeler()
    >>> result = labeler.label("No pneumothorax. Small left effusion.")
    >>> result.values["Pleural Effusion"], result.values["Pneumothorax"]
    (1.0, 0.0)
    """

    def __init__(
        self,
        rules: str | Path | None = None,
        sections: str = "auto",
        aggregation: str = "chexpert",
        max_chars: int = DEFAULT_MAX_CHARS,
    ) -> None:
        rules_path = str(Path(rules).resolve()) if rules is not None else None
        # The component validates the options, chooses the sections and labels them; the
        # Labeler adds what a stream of reports needs: statuses, ids, batching, a size limit.
        self.nlp = build_nlp(rules_path, sections, aggregation)
        component = self.nlp.get_pipe("labelaudit_chexpert")
        assert isinstance(component, ChexpertLabeler)
        self._component = component
        self.rules: RuleSet = component.rules  # loads them now, so a bad folder fails here
        self.policy = component.policy
        self.sections = sections
        self.aggregation = aggregation
        self.max_chars = max_chars

    def label(self, text: object, report_id: str | None = None) -> ReportLabels:
        return next(self.label_many([(report_id, text)]))

    def label_many(
        self, reports: Iterable[object], batch_size: int = 256
    ) -> Iterator[ReportLabels]:
        """Label texts, or (report_id, text) pairs, lazily and in input order."""
        batch: list[tuple[str | None, object]] = []
        for item in reports:
            batch.append(item if isinstance(item, tuple) else (None, item))
            if len(batch) >= batch_size:
                yield from self._label_batch(batch)
                batch = []
        if batch:
            yield from self._label_batch(batch)

    def _label_batch(self, batch: list[tuple[str | None, object]]) -> Iterator[ReportLabels]:
        plans: list[ReportLabels | tuple[list[Section], list[str]]] = []
        pieces: list[str] = []
        for report_id, raw in batch:
            plan = self._plan(report_id, raw)
            plans.append(plan)
            if not isinstance(plan, ReportLabels):
                pieces.extend(plan[1])
        # Sections are chosen before tokenizing, so history and comparison text costs nothing.
        docs = (self.nlp.make_doc(piece) for piece in pieces)
        for (report_id, _), plan in zip(batch, plans, strict=True):
            if isinstance(plan, ReportLabels):
                yield plan
                continue
            chosen = plan[0]
            values, mentions = self._component.label_sections(chosen, [next(docs) for _ in chosen])
            for mention in mentions:
                mention.report_id = report_id
            yield ReportLabels(values, mentions, "ok", None, report_id)

    def _plan(
        self, report_id: str | None, raw: object
    ) -> ReportLabels | tuple[list[Section], list[str]]:
        """The sections to label and their text, or the result of a report not to label."""
        if is_blank(raw):
            return ReportLabels(
                _blank_values(), status="empty", warning="no report text", report_id=report_id
            )
        if not isinstance(raw, str):
            raw = str(raw)
        if len(raw) > self.max_chars:
            return ReportLabels(
                _blank_values(),
                status="too_long",
                warning=f"report has {len(raw):,} characters, over the limit of {self.max_chars:,}",
                report_id=report_id,
            )
        if not has_words(raw):
            return ReportLabels(
                _blank_values(), status="empty", warning="report has no words", report_id=report_id
            )
        chosen, pieces = self._component.plan(raw)
        if not chosen:
            return ReportLabels(
                _blank_values(),
                status="no_section",
                warning=f"no section to label under --sections {self.sections}",
                report_id=report_id,
            )
        return chosen, pieces
