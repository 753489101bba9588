"""The ``labelaudit_chexpert`` spaCy component: mentions, their classes, and the 14 labels.

Registered through the ``spacy_factories`` entry point, so ``nlp.add_pipe("labelaudit_chexpert")``
works in any pipeline without importing labelaudit first. Results land on Doc extensions:
``doc._.chexpert`` (observation -> 1.0/0.0/-1.0/nan), ``doc._.chexpert_mentions`` (evidence)
and the spans in ``doc.spans["labelaudit_mentions"]``. ``nlp.to_disk`` and ``nlp.to_bytes``
save the rule files the component labels with, so a saved pipeline keeps its rules.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import srsly
from spacy import util
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import SimpleFrozenList

from labelaudit.errors import OptionError
from labelaudit.labeler import sections as sections_mod
from labelaudit.labeler.aggregate import aggregate, check_aggregation
from labelaudit.labeler.context import MENTIONS_KEY, PhaseTriggers, ScopeResolver, TriggerHit
from labelaudit.labeler.deid import deid_triggers
from labelaudit.labeler.evidence import Mention
from labelaudit.labeler.phrases import PhraseIndex
from labelaudit.labeler.rulefiles import RuleFiles
from labelaudit.labeler.rules import MentionRule, RuleSet, load_rules, parse_rules
from labelaudit.labeler.sentences import sentence_starts as sentence_boundaries
from labelaudit.labeler.sentences import set_sentence_starts
from labelaudit.labeler.site import WrongSite
from labelaudit.labeler.text import clean, has_words, join_wrapped_lines
from labelaudit.labeler.typos import TypoCorrector
from labelaudit.observations import NEGATIVE, NO_FINDING, POSITIVE, UNCERTAIN, VALUE_NAMES

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
    """Chooses the sections to label, finds mentions, classifies each, and aggregates them
    into the 14 CheXpert values. ``Labeler`` runs the same steps (``plan``,
    ``label_sections``), so a report gets the same labels and evidence either way."""

    def __init__(
        self,
        nlp: Language,
        rules: str | Path | None = None,
        sections: str = "auto",
        aggregation: str = "chexpert",
    ) -> None:
        self.aggregation = check_aggregation(aggregation)
        self.policy = check_sections(sections)
        self._nlp = nlp
        # Loaded on first use, so that spacy.load does not read the configured rule folder
        # before from_disk brings the rules the pipeline was saved with.
        self._rules_path = str(Path(rules).resolve()) if rules is not None else None
        self._rules: RuleSet | None = None
        for name in ("chexpert", "chexpert_mentions"):
            if not Doc.has_extension(name):
                Doc.set_extension(name, default=None)

    @property
    def rules(self) -> RuleSet:
        """The rule set this component labels with."""
        return self._loaded_rules()

    def _loaded_rules(self) -> RuleSet:
        rules = self._rules
        if rules is None:
            rules = cached_rules(self._rules_path)
            self._use_rules(rules)
        return rules

    def _use_rules(self, rules: RuleSet) -> None:
        nlp = self._nlp

        def tokenize(text: str) -> list[str]:
            return [t.text.lower() for t in nlp.tokenizer(text)]

        self._title_pattern = sections_mod.title_pattern(rules.section_titles)
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
        self._rules = rules

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> None:
        """Save the rule files this component labels with to ``path/rules``, so that a
        pipeline saved with ``nlp.to_disk`` labels the same wherever it is loaded."""
        files = self._loaded_rules().files
        util.to_disk(path, {"rules": files.write}, exclude)

    def from_disk(
        self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()
    ) -> ChexpertLabeler:
        """Label with the rules saved in ``path/rules`` by ``to_disk``."""

        def read(folder: Path) -> None:
            if folder.exists():  # else a pipeline saved before its rules travelled with it
                self._use_rules(load_rules(folder))

        util.from_disk(path, {"rules": read}, exclude)
        return self

    def to_bytes(self, *, exclude: Iterable[str] = SimpleFrozenList()) -> bytes:
        """The rule files this component labels with, as bytes."""
        files = self._loaded_rules().files
        record = {"origin": str(files.origin), "contents": files.contents}
        return util.to_bytes({"rules": lambda: srsly.msgpack_dumps(record)}, exclude)

    def from_bytes(
        self, bytes_data: bytes, *, exclude: Iterable[str] = SimpleFrozenList()
    ) -> ChexpertLabeler:
        """Label with the rules that ``to_bytes`` wrote."""

        def read(data: bytes) -> None:
            record = srsly.msgpack_loads(data)
            self._use_rules(parse_rules(RuleFiles(Path(record["origin"]), record["contents"])))

        util.from_bytes(bytes_data, {"rules": read}, exclude)
        return self

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text  # a property that joins every token: read it once
        chosen, pieces = self.plan(text)
        if len(pieces) == 1 and pieces[0] == text:
            docs = [doc]  # the whole text as it is: label the doc itself
        else:
            docs = [self._nlp.make_doc(piece) for piece in pieces]
        values, mentions = self.label_sections(chosen, docs)
        if not doc.has_annotation("SENT_START"):  # doc.sents works afterwards, as before
            set_sentence_starts(doc, [t.text for t in doc])
        doc._.chexpert = values
        doc._.chexpert_mentions = mentions
        doc.spans[MENTIONS_KEY] = [_span(doc, m) for m in mentions]
        return doc

    def plan(self, text: str) -> tuple[list[sections_mod.Section], list[str]]:
        """The sections of ``text`` to label and the text to label of each.

        Clean-up keeps every length, so offsets into the pieces are offsets into ``text``.
        """
        text = clean(text)
        rules = self._loaded_rules()
        if self.policy == "all":
            chosen = [sections_mod.Section("all", 0, len(text))]
        else:
            found = sections_mod.split_sections(text, self._title_pattern, rules.section_titles)
            chosen = sections_mod.choose(text, found, self.policy)
        return chosen, [join_wrapped_lines(text[s.start : s.end]) for s in chosen]

    def label_sections(
        self, chosen: list[sections_mod.Section], docs: list[Doc]
    ) -> tuple[dict[str, float], list[Mention]]:
        """Label each section's doc; mentions point into the whole report, values are the
        mentions of all sections aggregated."""
        mentions: list[Mention] = []
        sentence_base = 0
        for section, doc in zip(chosen, docs, strict=True):
            found, sentences = self._label_doc(doc)
            for mention in found:
                mention.start += section.start
                mention.end += section.start
                mention.section = section.name
                mention.sentence_index += sentence_base
            mentions.extend(found)
            sentence_base += sentences
        labels: dict[str, list[float]] = {}
        other_present = False
        for mention in mentions:
            if mention.klass == "other_finding":
                other_present = True
            elif mention.label is not None:
                labels.setdefault(mention.observation, []).append(mention.label)
        has_text = any(has_words(doc.text) for doc in docs)
        return aggregate(labels, other_present, has_text, self.aggregation), mentions

    def _label_doc(self, doc: Doc) -> tuple[list[Mention], int]:
        """The mentions of one section's doc, and how many sentences it has."""
        self._loaded_rules()
        texts = [t.text for t in doc]
        words = [t.lower() for t in texts]  # what spaCy's LOWER attribute holds
        # The report-aware boundaries, never an upstream sentencizer's: labels must not
        # depend on the pipeline around the component.
        sentence_starts = sentence_boundaries(texts)
        matches = self._find_mentions(words)
        return self._classify(doc, matches, sentence_starts, words), len(sentence_starts)

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
                    section="",  # label_sections names it
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
            if phase.neutral_only and phase.label == UNCERTAIN:
                normal = self._normal_beside_stable(match, resolver, matches)
                if normal is not None:
                    return NEGATIVE, normal
            if tag == "hint" and phase.label == NEGATIVE:
                return None, hit  # a negated hint says nothing about this observation
            if hedged and phase.label == POSITIVE:
                return UNCERTAIN, hit
            return phase.label, hit
        if match.rule.needs_predicate:
            return None, None
        if tag in ("uncertain", "hint"):
            return UNCERTAIN, None
        return POSITIVE, None

    def _normal_beside_stable(
        self, match: _Match, resolver: ScopeResolver, matches: list[_Match]
    ) -> TriggerHit | None:
        """ "Normal and stable heart": a normal statement outranks CheXpert's stable-is--1."""
        others = [(m.start, m.end) for m in matches if m is not match]
        for phase in self.rules.phases:
            if phase.label == NEGATIVE and not phase.neutral_only:
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
        return "other_finding" if label in (POSITIVE, UNCERTAIN) else "ignored"
    return "ignored" if label is None else VALUE_NAMES[label]


def check_sections(sections: str) -> str | tuple[str, ...]:
    """The section policy ``sections`` names, or an OptionError."""
    try:
        return sections_mod.parse_policy(sections)
    except ValueError as exc:
        raise OptionError(str(exc), "sections") from None


def _span(doc: Doc, mention: Mention) -> Span:
    """The mention's span in ``doc``, labeled by observation (or "other finding")."""
    label = OTHER_FINDING if mention.observation == NO_FINDING else mention.observation
    span = doc.char_span(mention.start, mention.end, label=label, alignment_mode="expand")
    assert span is not None  # clean-up keeps offsets, so a mention covers tokens of the doc
    return span


@Language.factory(
    "labelaudit_chexpert",
    default_config={"rules": None, "sections": "auto", "aggregation": "chexpert"},
)
def make_chexpert_component(
    nlp: Language, name: str, rules: str | None, sections: str, aggregation: str
) -> ChexpertLabeler:
    return ChexpertLabeler(nlp, rules, sections=sections, aggregation=aggregation)
