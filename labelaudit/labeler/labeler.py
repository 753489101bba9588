"""``Labeler``: label one report or a stream of them, with evidence for every mention."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from labelaudit.errors import OptionError
from labelaudit.labeler import sections as sections_mod
from labelaudit.labeler.aggregate import AGGREGATIONS
from labelaudit.labeler.component import ChexpertLabeler, cached_rules
from labelaudit.labeler.evidence import Mention
from labelaudit.labeler.pipeline import build_nlp
from labelaudit.labeler.rules import RuleSet
from labelaudit.labeler.text import clean, has_words, join_wrapped_lines
from labelaudit.observations import OBSERVATIONS

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
    return {o: math.nan for o in OBSERVATIONS}


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
        if aggregation not in AGGREGATIONS:
            raise OptionError(
                f"unknown aggregation {aggregation!r}; expected one of {', '.join(AGGREGATIONS)}"
            )
        try:
            self.policy = sections_mod.parse_policy(sections)
        except ValueError as exc:
            raise OptionError(str(exc), "sections") from None
        self.sections = sections
        self.aggregation = aggregation
        self.max_chars = max_chars
        rules_path = str(Path(rules).resolve()) if rules is not None else None
        self.rules: RuleSet = cached_rules(rules_path)
        # The pipeline labels the chosen section text; sections are chosen here, before
        # tokenizing, so history and comparison text costs nothing.
        self.nlp = build_nlp(rules_path, "all", aggregation)
        component = self.nlp.get_pipe("labelaudit_chexpert")
        assert isinstance(component, ChexpertLabeler)
        self._titles = sections_mod.title_pattern(self.rules.section_titles)

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
        plans: list[ReportLabels | tuple[str, list[sections_mod.Section]]] = []
        pieces: list[str] = []
        for report_id, raw in batch:
            plan = self._plan(report_id, raw)
            plans.append(plan)
            if not isinstance(plan, ReportLabels):
                text, chosen = plan
                pieces.extend(join_wrapped_lines(text[s.start : s.end]) for s in chosen)
        docs = iter(self.nlp.pipe(pieces))
        for (report_id, _), plan in zip(batch, plans, strict=False):
            if isinstance(plan, ReportLabels):
                yield plan
                continue
            text, chosen = plan
            yield self._merge(report_id, text, chosen, [next(docs) for _ in chosen])

    def _plan(self, report_id: str | None, raw: object):
        if raw is None or (isinstance(raw, float) and math.isnan(raw)):
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
        text = clean(raw)
        if self.policy == "all":
            chosen = [sections_mod.Section("all", 0, len(text))]
        else:
            found = sections_mod.split_sections(text, self._titles, self.rules.section_titles)
            chosen = sections_mod.choose(text, found, self.policy)
        if not chosen:
            return ReportLabels(
                _blank_values(),
                status="no_section",
                warning=f"no section to label under --sections {self.sections}",
                report_id=report_id,
            )
        return text, chosen

    def _merge(self, report_id, text, chosen, docs) -> ReportLabels:
        """Combine the labeled sections of one report: offsets back into the whole text."""
        mentions: list[Mention] = []
        sentence_base = 0
        for section, doc in zip(chosen, docs, strict=False):
            for mention in doc._.chexpert_mentions:
                mention.start += section.start
                mention.end += section.start
                mention.section = section.name
                mention.sentence_index += sentence_base
                mention.report_id = report_id
                mentions.append(mention)
            sentence_base += sum(1 for _ in doc.sents)
        values = dict(docs[0]._.chexpert) if len(docs) == 1 else self._combine_sections(docs)
        return ReportLabels(values, mentions, "ok", None, report_id)

    def _combine_sections(self, docs) -> dict[str, float]:
        from labelaudit.labeler.aggregate import aggregate

        labels: dict[str, list[float]] = {}
        other = False
        has_text = False
        for doc in docs:
            for mention in doc._.chexpert_mentions:
                if mention.klass == "other_finding":
                    other = True
                elif mention.label is not None:
                    labels.setdefault(mention.observation, []).append(mention.label)
            has_text = has_text or has_words(doc.text)
        return aggregate(labels, other, has_text, self.aggregation)
