"""Negation and uncertainty, built on negspacy.

Each classification phase (pre-negation uncertainty, negation, post-negation uncertainty, and
the predicates for neutral anatomy) is a negspacy ``Negex`` whose preceding and following
termsets are the phase's forward and backward triggers. negspacy finds the triggers, the
terminations, and drops pseudo-negations; scopes end at sentence and termination boundaries
as in negspacy. This module adds what radiology needs on top: a token scope per trigger,
triggers limited to observations, a scope cut by a nearer trigger of another phase, and a
record of which trigger decided.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from negspacy.negation import Negex
from spacy.language import Language
from spacy.tokens import Doc

from labelaudit.errors import RuleError
from labelaudit.labeler import lists
from labelaudit.labeler.rules import Phase, TriggerRule
from labelaudit.observations import UNCERTAIN

MENTIONS_KEY = "labelaudit_mentions"
CONJUNCTION_TRIGGERS = frozenset({"or", "and/or", "versus", "vs", "vs."})
# Words that join two predicates of one structure, and words that set them against each other.
_LINKING = frozenset(
    {",", "and", "is", "are", "was", "were", "which", "both", "also", "in", "size"}
)
_CONTRAST = frozenset({"but", "however", "although", "though", "whereas", "while", "except"})


@dataclass(frozen=True)
class TriggerHit:
    phase: Phase
    rule: TriggerRule
    start: int  # token offsets in the doc
    end: int
    direction: str  # "forward" (before the mention) or "backward" (after it)

    @property
    def is_conjunction(self) -> bool:
        """ "or", "versus": a two-way trigger that joins alternatives, never opens a list."""
        return self.rule.phrase.text.lower() in CONJUNCTION_TRIGGERS


class PhaseTriggers(Negex):
    """One phase's triggers, found with negspacy's matcher, pseudo filter and boundaries."""

    def __init__(
        self,
        nlp: Language,
        phase: Phase,
        termination: list[str],
        pseudo: list[str],
        variants: Sequence[tuple[str, TriggerRule]] = (),
    ) -> None:
        """``variants`` are extra spellings of this phase's triggers (deid.py)."""
        spelled = [(t.phrase.text, t) for t in phase.triggers]
        forward = [(text, t) for text, t in spelled if t.direction in ("forward", "both")]
        backward = [(text, t) for text, t in spelled if t.direction in ("backward", "both")]
        extra_forward = [(text, t) for text, t in variants if t.direction in ("forward", "both")]
        extra_backward = [(text, t) for text, t in variants if t.direction in ("backward", "both")]
        termset = {
            "pseudo_negations": pseudo,
            "preceding_negations": [text for text, _ in forward + extra_forward],
            "following_negations": [text for text, _ in backward + extra_backward],
            "termination": termination,
        }
        super().__init__(
            nlp,
            name=f"labelaudit_{phase.name}",
            neg_termset=termset,
            extension_name=f"labelaudit_{phase.name}",
            span_keys=[MENTIONS_KEY],
        )
        self.phase = phase
        self._forward = self._index(nlp, forward)
        self._backward = self._index(nlp, backward)
        for table, extra in ((self._forward, extra_forward), (self._backward, extra_backward)):
            for text, trigger in extra:
                table.setdefault(self._key(nlp.tokenizer(text)), trigger)

    @classmethod
    def _index(
        cls, nlp: Language, triggers: list[tuple[str, TriggerRule]]
    ) -> dict[str, TriggerRule]:
        """Triggers by their token sequence; "cannot" and "can not" are the same tokens."""
        index: dict[str, TriggerRule] = {}
        for text, trigger in triggers:
            key = cls._key(nlp.tokenizer(text))
            if key in index:
                raise RuleError(
                    f"{trigger.phrase.rule_id}: {trigger.phrase.text!r} is the same trigger as "
                    f"{index[key].phrase.rule_id} ({index[key].phrase.text!r}) once tokenized"
                )
            index[key] = trigger
        return index

    @staticmethod
    def _key(tokens) -> str:
        return " ".join(t.text.lower() for t in tokens)  # as the component lowercases

    def find(self, doc: Doc, words: list[str]) -> tuple[list[TriggerHit], list[tuple[int, int]]]:
        """This phase's trigger hits, and the termination phrases (token ranges) it found."""
        preceding, following, terminating = self.process_negations(doc)
        hits = []
        for matches, table, direction in (
            (preceding, self._forward, "forward"),
            (following, self._backward, "backward"),
        ):
            for _, start, end in matches:
                rule = table.get(" ".join(words[start:end]))
                if rule is not None:
                    hits.append(TriggerHit(self.phase, rule, start, end, direction))
        return hits, [(start, end) for _, start, end in terminating]


def _segment(starts: list[int], token: int) -> int:
    """Index of the segment (sentence or termination-cut part of one) holding a token."""
    return bisect.bisect_right(starts, token) - 1


class ScopeResolver:
    """Decides, per mention, which trigger of a phase reaches it.

    A trigger reaches a mention within its token scope inside one segment (a sentence cut at
    terminations), unless another phase's trigger stands between them; or, where the
    trigger opens or closes a coordinated list, anywhere in that list (lists.py).
    """

    def __init__(
        self,
        hits_by_phase: dict[str, list[TriggerHit]],
        words: list[str],
        sentence_starts: list[int],
        terminations: list[tuple[int, int]],
    ) -> None:
        self.words = words
        self._sentences = sentence_starts or [0]
        all_hits = _drop_contained(h for hits in hits_by_phase.values() for h in hits)
        kept = set(map(id, all_hits))
        self.hits_by_phase = {
            name: [h for h in hits if id(h) in kept] for name, hits in hits_by_phase.items()
        }
        self._all = sorted(all_hits, key=lambda h: h.start)
        # A termination inside a trigger is part of it: "if there is concern for".
        inside = {i for h in all_hits for i in range(h.start + 1, h.end)}
        terminations = [t for t in terminations if t[0] not in inside]
        # Segments as negspacy cuts them: at sentence starts and at terminations.
        self._starts = sorted({0, *sentence_starts, *(t[0] for t in terminations)})
        # A comma or "and" before a graded word (", small") ends only lists closed by "and".
        self._soft = {s for s, _ in terminations if words[s] in (",", "and")}
        self._hard = {s for s, _ in terminations if s not in self._soft} | {
            h.start for h in all_hits if not h.is_conjunction
        }
        self._list_ends: dict[int, int | None] = {}
        self._list_starts: dict[int, int | None] = {}

    def reach(self, phase: str, start: int, end: int, observation: str) -> TriggerHit | None:
        boundary = _segment(self._starts, start)
        best: tuple[int, int, TriggerHit] | None = None
        for hit in self.hits_by_phase.get(phase, ()):
            rule = hit.rule
            if rule.applies_to is not None and observation not in rule.applies_to:
                continue
            if hit.direction == "forward" and hit.end <= start:
                distance, lo, hi = start - hit.end, hit.end, start
            elif hit.direction == "backward" and hit.start >= end:
                distance, lo, hi = hit.start - end, end, hit.start
            else:
                continue
            scope = rule.scope if hit.direction == "forward" else rule.scope_back
            in_scope = (
                _segment(self._starts, hit.start) == boundary
                and distance <= scope
                and not self._cut(hit, lo, hi)
                and not self._beyond_own_list(hit, start)
            )
            if not in_scope and not self._in_list(hit, start, end):
                continue
            rank = (distance, -(hit.end - hit.start))
            if best is None or rank < best[:2]:
                best = (*rank, hit)
        return best[2] if best else None

    def conjoined(
        self, phase: str, start: int, end: int, observation: str, others: list[tuple[int, int]]
    ) -> TriggerHit | None:
        """A trigger of ``phase`` joined to the mention by a predicate of another phase.

        "Normal and stable cardiomediastinal contours", "the heart is stable and normal in
        size", "stable mediastinal contour, which is within normal limits": "stable" stands
        between "normal" and the structure, so neither the token scope nor the "and stable"
        termination may keep "normal" from it. Predicates of other phases and linking words
        do not count towards the scope; another mention or a contrast in between ends it.
        """
        sentence = bisect.bisect_right(self._sentences, start) - 1
        lo_sentence = self._sentences[sentence]
        hi_sentence = (
            self._sentences[sentence + 1]
            if sentence + 1 < len(self._sentences)
            else len(self.words)
        )
        predicates = {i for h in self._all if h.phase.name != phase for i in range(h.start, h.end)}
        best: tuple[int, TriggerHit] | None = None
        for hit in self.hits_by_phase.get(phase, ()):
            if hit.rule.applies_to is not None and observation not in hit.rule.applies_to:
                continue
            if not lo_sentence <= hit.start < hi_sentence:
                continue
            if hit.direction == "forward" and hit.end <= start:
                gap, scope = range(hit.end, start), hit.rule.scope
            elif hit.direction == "backward" and hit.start >= end:
                gap, scope = range(end, hit.start), hit.rule.scope_back
            else:
                continue
            if any(s < gap.stop and gap.start < e for s, e in others):
                continue
            words = [self.words[i] for i in gap if i not in predicates]
            if any(w in _CONTRAST for w in words):
                continue
            if hit.direction == "backward" and _new_subject_after_comma(words):
                continue  # "heart size is stable, hila are normal": the normal is the hila's
            distance = sum(1 for w in words if w not in _LINKING and not w.isspace())
            if distance <= scope and (best is None or distance < best[0]):
                best = (distance, hit)
        return best[1] if best else None

    def _beyond_own_list(self, hit: TriggerHit, start: int) -> bool:
        """A forward trigger stops where its own list or item ends.

        Its closed list is all it governs ("no effusion, pneumothorax, or consolidation, and
        the heart is enlarged"); and where negations repeat item by item ("no focal
        consolidation, no definite effusion, left hilar nodule"), each governs its own item
        only, up to the next comma.
        """
        if hit.direction != "forward" or hit.is_conjunction or hit.phase.neutral_only:
            return False
        end = self._list_end(hit)
        if end is not None:
            return start >= end
        comma = self._next_comma(hit.end)
        return comma is not None and comma < start and self._repeated(hit)

    def _repeated(self, hit: TriggerHit) -> bool:
        """Another forward trigger of the same phase, a comma away in the same sentence."""
        first, stop = self._sentence_bounds(bisect.bisect_right(self._sentences, hit.start) - 1)
        for other in self.hits_by_phase.get(hit.phase.name, ()):
            if other is hit or other.direction != "forward" or not first <= other.start < stop:
                continue
            lo, hi = sorted((hit.end, other.end))
            if other.start != hit.start and "," in self.words[lo:hi]:
                return True
        return False

    def _next_comma(self, i: int) -> int | None:
        _, stop = self._sentence_bounds(bisect.bisect_right(self._sentences, i) - 1)
        for j in range(i, stop):
            if self.words[j] == ",":
                return j
        return None

    def _list_end(self, hit: TriggerHit) -> int | None:
        if hit.end not in self._list_ends:
            _, stop = self._sentence_bounds(bisect.bisect_right(self._sentences, hit.start) - 1)
            self._list_ends[hit.end] = lists.list_end(
                self.words, hit.end, stop, self._hard, self._soft
            )
        return self._list_ends[hit.end]

    def _in_list(self, hit: TriggerHit, start: int, end: int) -> bool:
        """Whether the mention lies in a coordinated list that the trigger opens or closes."""
        if hit.is_conjunction or hit.phase.neutral_only:
            return False
        if hit.direction == "forward":
            list_end = self._list_end(hit)
            return list_end is not None and end <= list_end
        first, _ = self._sentence_bounds(bisect.bisect_right(self._sentences, hit.start) - 1)
        if hit.start not in self._list_starts:
            self._list_starts[hit.start] = lists.list_start(
                self.words, hit.start, first, self._hard
            )
        list_start = self._list_starts[hit.start]
        return list_start is not None and start >= list_start

    def _sentence_bounds(self, sentence: int) -> tuple[int, int]:
        """First token and end (exclusive) of the sentence with this index."""
        sentence = max(sentence, 0)
        if sentence + 1 < len(self._sentences):
            return self._sentences[sentence], self._sentences[sentence + 1]
        return self._sentences[sentence], len(self.words)

    def _cut(self, hit: TriggerHit, lo: int, hi: int) -> bool:
        """Another phase's trigger between this trigger and the mention ends its scope.

        A one-directional trigger is cut by one-directional triggers pointing the same way
        ("no pneumothorax, possible effusion"); a two-way conjunction such as "or" is cut by
        any trigger ("cardiomegaly without edema or effusion" does not hedge cardiomegaly).
        A predicate of neutral anatomy followed by a comma closes its structure's clause, so
        a backward trigger after the comma is another structure's ("heart size is stable,
        mediastinal contours are normal").
        """
        for other in self._all:
            if other.start >= hi:
                break
            if other.phase.name == hit.phase.name or other.start < lo or other.end > hi:
                continue
            if hit.phase.label is None and other.phase.label == UNCERTAIN:
                continue  # a hedge inside a recommendation is part of it ("... if concern for")
            if hit.rule.direction == "both" or other.rule.direction == hit.rule.direction:
                return True
            closed = other.phase.neutral_only and "," in self.words[other.end : hi]
            if hit.direction == "backward" and closed:
                return True
        return False


def _new_subject_after_comma(words: list[str]) -> bool:
    """A word other than a linking one after the last comma starts another clause."""
    if "," not in words:
        return False
    after = words[len(words) - words[::-1].index(",") :]
    return any(w not in _LINKING and not w.isspace() for w in after)


def _drop_contained(hits) -> list[TriggerHit]:
    """Where triggers of different phases overlap, the longer one is the trigger:
    "difficult to exclude" is a hedge, not the hypothetical "to exclude"."""
    hits = sorted(hits, key=lambda h: h.start)
    kept = []
    for h in hits:
        contained = False
        for o in hits:
            if o.start > h.start:
                break
            if (
                o.phase.name != h.phase.name
                and h.end <= o.end
                and (o.end - o.start) > (h.end - h.start)
            ):
                contained = True
                break
        if not contained:
            kept.append(h)
    return kept
