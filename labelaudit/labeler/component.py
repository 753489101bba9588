"""The ``labelaudit_chexpert`` spaCy component: mentions, their classes, and the 14 labels.

Registered through the ``spacy_factories`` entry point, so ``nlp.add_pipe("labelaudit_chexpert")``
works in any pipeline without importing labelaudit first. Results land on Doc extensions:
``doc._.chexpert`` (observation -> 1.0/0.0/-1.0/nan), ``doc._.chexpert_mentions`` (evidence)
and the spans in ``doc.spans["labelaudit_mentions"]``.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc, Span

from labelaudit.labeler import sections as sections_mod
from labelaudit.labeler.aggregate import AGGREGATIONS, NO_FINDING, aggregate
from labelaudit.labeler.context import MENTIONS_KEY, PhaseTriggers, ScopeResolver, TriggerHit
from labelaudit.labeler.deid import deid_triggers
from labelaudit.labeler.evidence import CLASS_BY_LABEL, Mention
from labelaudit.labeler.phrases import PhraseIndex
from labelaudit.labeler.rules import MentionRule, RuleSet, load_rules
from labelaudit.labeler.sentences import set_sentence_starts
from labelaudit.labeler.site import WrongSite
from labelaudit.labeler.text import has_words
from labelaudit.labeler.typos import TypoCorrector

OTHER_FINDING = "other finding"


@lru_cache(maxsize=8)
def cached_rules(path: str | None) -> RuleSet:
    return load_rules(path)


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    rule: MentionRule


class ChexpertLabeler:
    """Finds mentions, classifies each, and aggregates them into the 14 CheXpert values."""

    def __init__(
        self, nlp: Language, rules: RuleSet, sections: str = "auto", aggregation: str = "chexpert"
    ) -> None:
        if aggregation not in AGGREGATIONS:
            raise ValueError(f"aggregation must be one of {', '.join(AGGREGATIONS)}")
        self.rules = rules
        self.aggregation = aggregation
        self.policy = sections_mod.parse_policy(sections)
        self._title_pattern = sections_mod.title_pattern(rules.section_titles)
        for name in ("chexpert", "chexpert_mentions"):
            if not Doc.has_extension(name):
                Doc.set_extension(name, default=None)

        def tokenize(text: str) -> list[str]:
            return [t.text.lower() for t in nlp.tokenizer(text)]

        self._mentions: PhraseIndex[MentionRule] = PhraseIndex(tokenize)
        for rule in rules.mentions:
            self._mentions.add(rule.phrase.text, rule)
        for phrase in rules.other_findings:
            self._mentions.add(phrase.text, MentionRule(OTHER_FINDING, phrase, None))
        self._typos = _typo_corrector(rules, tokenize)
        self._unmentions: PhraseIndex[str] = PhraseIndex(tokenize)
        for observation, phrases in rules.unmentions.items():
            for phrase in phrases:
                self._unmentions.add(phrase.text, observation)
        self._wrong_site = WrongSite(rules.wrong_site, tokenize) if rules.wrong_site else None

        termination = [p.text for p in rules.termination]
        pseudo = [p.text for p in rules.pseudo]
        variants = deid_triggers(rules.phases, tokenize)
        self._phases = [
            PhaseTriggers(
                nlp,
                phase,
                termination,
                [] if phase.neutral_only else pseudo,
                variants[phase.name],
            )
            for phase in rules.phases
        ]

    def __call__(self, doc: Doc) -> Doc:
        texts = [t.text for t in doc]
        words = [t.lower() for t in texts]  # what spaCy's LOWER attribute holds
        if doc.has_annotation("SENT_START"):
            sentence_starts = [s.start for s in doc.sents]
        else:
            sentence_starts = set_sentence_starts(doc, texts)
        text = doc.text  # a property that joins every token: read it once
        chosen = self._chosen_sections(text)
        matches = [m for m in self._find_mentions(words) if _section_of(doc, m, chosen) is not None]
        doc.spans[MENTIONS_KEY] = [
            Span(doc, m.start, m.end, label=m.rule.observation) for m in matches
        ]
        mentions = self._classify(doc, matches, chosen, sentence_starts, words)
        labels: dict[str, list[float]] = {}
        other_present = False
        for mention in mentions:
            if mention.klass == "other_finding":
                other_present = True
            elif mention.label is not None:
                labels.setdefault(mention.observation, []).append(mention.label)
        has_text = any(has_words(text[s.start : s.end]) for s in chosen)
        doc._.chexpert = aggregate(labels, other_present, has_text, self.aggregation)
        doc._.chexpert_mentions = mentions
        return doc

    def _chosen_sections(self, text: str) -> list[sections_mod.Section]:
        if self.policy == "all":
            return [sections_mod.Section("all", 0, len(text))]
        found = sections_mod.split_sections(text, self._title_pattern, self.rules.section_titles)
        return sections_mod.choose(text, found, self.policy)

    def _find_mentions(self, words: list[str]) -> list[_Match]:
        words = self._typos.correct(words)
        found = [_Match(s, e, r) for s, e, r in self._mentions.find(words)]
        if not found:
            return []
        cancelled = [(s, e, o) for s, e, o in self._unmentions.find(words)]
        kept = [
            m
            for m in found
            if not any(
                o == m.rule.observation and s < m.end and m.start < e for s, e, o in cancelled
            )
        ]
        if self._wrong_site is not None:
            off = self._wrong_site.cancelled(
                words, [(m.start, m.end, m.rule.observation) for m in kept]
            )
            kept = [m for m, drop in zip(kept, off, strict=True) if not drop]
        # Within one observation, the longest match wins an overlap.
        kept.sort(key=lambda m: (-(m.end - m.start), m.start))
        chosen: list[_Match] = []
        for m in kept:
            if not any(
                c.rule.observation == m.rule.observation and c.start < m.end and m.start < c.end
                for c in chosen
            ):
                chosen.append(m)
        chosen.sort(key=lambda m: (m.start, m.rule.observation))
        return chosen

    def _classify(
        self,
        doc: Doc,
        matches: list[_Match],
        chosen: list[sections_mod.Section],
        sentence_starts: list[int],
        words: list[str],
    ) -> list[Mention]:
        if not matches:
            return []
        need_neutral = any(m.rule.needs_predicate for m in matches)
        hits: dict[str, list[TriggerHit]] = {}
        terminations: list[tuple[int, int]] = []
        for phase in self._phases:
            if phase.phase.neutral_only and not need_neutral:
                continue
            hits[phase.phase.name], terminations = phase.find(doc, words)
        resolver = ScopeResolver(hits, words, sentence_starts, terminations)
        sentence_ends = [*sentence_starts[1:], len(doc)]
        mentions = []
        for match in matches:
            label, hit = self._label(match, resolver, matches)
            span = doc[match.start : match.end]
            index = bisect.bisect_right(sentence_starts, match.start) - 1
            sentence = doc[sentence_starts[index] : sentence_ends[index]]
            mentions.append(
                Mention(
                    observation=NO_FINDING
                    if match.rule.observation == OTHER_FINDING
                    else match.rule.observation,
                    text=span.text,
                    phrase=match.rule.phrase.text,
                    mention_rule=match.rule.phrase.rule_id,
                    start=span.start_char,
                    end=span.end_char,
                    section=_section_of(doc, match, chosen) or "",
                    sentence_index=index,
                    sentence=sentence.text.strip(),
                    label=None if match.rule.observation == OTHER_FINDING else label,
                    klass=_class_name(match.rule, label, hit),
                    phase=hit.phase.name if hit else None,
                    trigger=doc[hit.start : hit.end].text if hit else None,
                    trigger_rule=hit.rule.phrase.rule_id if hit else None,
                )
            )
        return mentions

    def _label(
        self, match: _Match, resolver: ScopeResolver, matches: list[_Match]
    ) -> tuple[float | None, TriggerHit | None]:
        tag = match.rule.tag
        observation = match.rule.observation
        hedged = tag in ("uncertain", "hint", "neutral uncertain")
        for phase in self.rules.phases:
            if phase.neutral_only and not match.rule.needs_predicate:
                continue
            hit = resolver.reach(phase.name, match.start, match.end, observation)
            if hit is None:
                continue
            if phase.neutral_only and phase.label == -1.0:
                normal = self._normal_beside_stable(match, resolver, matches)
                if normal is not None:
                    return 0.0, normal
            if tag == "hint" and phase.label == 0.0:
                return None, hit  # a negated hint says nothing about this observation
            if hedged and phase.label == 1.0:
                return -1.0, hit
            return phase.label, hit
        if match.rule.needs_predicate:
            return None, None
        if tag in ("uncertain", "hint"):
            return -1.0, None
        return 1.0, None

    def _normal_beside_stable(
        self, match: _Match, resolver: ScopeResolver, matches: list[_Match]
    ) -> TriggerHit | None:
        """ "Normal and stable heart": a normal statement outranks CheXpert's stable-is--1."""
        others = [(m.start, m.end) for m in matches if m is not match]
        for phase in self.rules.phases:
            if phase.label == 0.0 and not phase.neutral_only:
                hit = resolver.conjoined(
                    phase.name, match.start, match.end, match.rule.observation, others
                )
                if hit is not None:
                    return hit
        return None


def _typo_corrector(rules: RuleSet, tokenize) -> TypoCorrector:
    """Corrects towards mention words; every word of every rule file counts as spelled right."""
    words: set[str] = set()
    stems: set[str] = set()
    for rule in rules.mentions:
        for word in rule.phrase.text.lower().split(" "):
            (stems if word.endswith("*") else words).add(word.rstrip("*"))
    known = set(words) | {p.text.lower() for p in rules.spelling}
    phrases = [*rules.other_findings, *rules.termination, *rules.pseudo]
    phrases += [p for ps in rules.unmentions.values() for p in ps]
    phrases += [t.phrase for phase in rules.phases for t in phase.triggers]
    for phrase in phrases:
        known.update(tokenize(phrase.text.replace("*", "")))
    known.update(w for title in rules.section_titles for w in tokenize(title))
    return TypoCorrector(words, stems, known, rules.typo_min_length)


def _class_name(rule: MentionRule, label: float | None, hit: TriggerHit | None) -> str:
    if hit is not None and hit.phase.label is None:
        return hit.phase.name  # "hypothetical", "historical": context, not a finding
    if rule.observation == OTHER_FINDING:
        return "other_finding" if label in (1.0, -1.0) else "ignored"
    return "ignored" if label is None else CLASS_BY_LABEL[label]


def _section_of(doc: Doc, match: _Match, chosen: list[sections_mod.Section]) -> str | None:
    start = doc[match.start].idx
    for section in chosen:
        if section.start <= start < section.end:
            return section.name
    return None


@Language.factory(
    "labelaudit_chexpert",
    default_config={"rules": None, "sections": "auto", "aggregation": "chexpert"},
)
def make_chexpert_component(
    nlp: Language, name: str, rules: str | None, sections: str, aggregation: str
) -> ChexpertLabeler:
    return ChexpertLabeler(nlp, cached_rules(rules), sections=sections, aggregation=aggregation)
