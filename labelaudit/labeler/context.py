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

from dataclasses import dataclass

from negspacy.negation import Negex
from spacy.language import Language
from spacy.tokens import Doc

from labelaudit.errors import RuleError
from labelaudit.labeler.rules import Phase, TriggerRule

MENTIONS_KEY = "labelaudit_mentions"


@dataclass(frozen=True)
class TriggerHit:
    phase: Phase
    rule: TriggerRule
    start: int  # token offsets in the doc
    end: int
    direction: str  # "forward" (before the mention) or "backward" (after it)
    boundary: int  # index of the negspacy boundary (sentence/termination segment) it lies in


class PhaseTriggers(Negex):
    """One phase's triggers, found with negspacy's matcher, pseudo filter and boundaries."""

    def __init__(
        self,
        nlp: Language,
        phase: Phase,
        termination: list[str],
        pseudo: list[str],
    ) -> None:
        forward = [t for t in phase.triggers if t.direction in ("forward", "both")]
        backward = [t for t in phase.triggers if t.direction in ("backward", "both")]
        termset = {
            "pseudo_negations": pseudo,
            "preceding_negations": [t.phrase.text for t in forward],
            "following_negations": [t.phrase.text for t in backward],
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

    @classmethod
    def _index(cls, nlp: Language, triggers: list[TriggerRule]) -> dict[str, TriggerRule]:
        """Triggers by their token sequence; "cannot" and "can not" are the same tokens."""
        index: dict[str, TriggerRule] = {}
        for trigger in triggers:
            key = cls._key(nlp.tokenizer(trigger.phrase.text))
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

    def find(
        self, doc: Doc, sentence_starts: list[int], words: list[str]
    ) -> tuple[list[TriggerHit], list[tuple[int, int]]]:
        """This phase's trigger hits and the boundaries (token ranges) that cut scopes."""
        preceding, following, terminating = self.process_negations(doc)
        boundaries = _boundaries(sentence_starts, [t[1] for t in terminating], len(doc))
        starts = [b[0] for b in boundaries]
        hits = []
        for matches, table, direction in (
            (preceding, self._forward, "forward"),
            (following, self._backward, "backward"),
        ):
            for _, start, end in matches:
                rule = table.get(" ".join(words[start:end]))
                if rule is not None:
                    # A forward trigger's scope starts at its last word, so a termination inside
                    # it ("with" in "may be compatible with") does not cut it.
                    at = end - 1 if direction == "forward" else start
                    hits.append(
                        TriggerHit(self.phase, rule, start, end, direction, _segment(starts, at))
                    )
        return hits, boundaries


def _boundaries(
    sentence_starts: list[int], terminations: list[int], n: int
) -> list[tuple[int, int]]:
    """negspacy's termination_boundaries, from sentence starts the caller already has
    (negspacy walks ``doc.sents`` again for every phase)."""
    starts = sorted({*sentence_starts, *terminations, 0})
    return [(a, b) for a, b in zip(starts, [*starts[1:], n], strict=False) if a < b]


def _segment(starts: list[int], token: int) -> int:
    """Index of the boundary that contains a token (boundaries are sorted and contiguous)."""
    lo, hi = 0, len(starts) - 1
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if starts[mid] <= token:
            lo = mid
        else:
            hi = mid - 1
    return lo


class ScopeResolver:
    """Decides, per mention, which trigger of a phase reaches it."""

    def __init__(
        self, hits_by_phase: dict[str, list[TriggerHit]], boundaries: list[tuple[int, int]]
    ) -> None:
        self.hits_by_phase = hits_by_phase
        self._starts = [b[0] for b in boundaries] or [0]
        self._all = sorted(
            (h for hits in hits_by_phase.values() for h in hits), key=lambda h: h.start
        )

    def reach(self, phase: str, start: int, end: int, observation: str) -> TriggerHit | None:
        boundary = _segment(self._starts, start)
        best: tuple[int, int, TriggerHit] | None = None
        for hit in self.hits_by_phase.get(phase, ()):
            rule = hit.rule
            if rule.applies_to is not None and observation not in rule.applies_to:
                continue
            if hit.boundary != boundary:
                continue
            if hit.direction == "forward" and hit.end <= start:
                distance, lo, hi = start - hit.end, hit.end, start
            elif hit.direction == "backward" and hit.start >= end:
                distance, lo, hi = hit.start - end, end, hit.start
            else:
                continue
            scope = rule.scope if hit.direction == "forward" else rule.scope_back
            if distance > scope or self._cut(hit, lo, hi):
                continue
            rank = (distance, -(hit.end - hit.start))
            if best is None or rank < best[:2]:
                best = (*rank, hit)
        return best[2] if best else None

    def _cut(self, hit: TriggerHit, lo: int, hi: int) -> bool:
        """Another phase's trigger between this trigger and the mention ends its scope.

        A one-directional trigger is cut by one-directional triggers pointing the same way
        ("no pneumothorax, possible effusion"); a two-way conjunction such as "or" is cut by
        any trigger ("cardiomegaly without edema or effusion" does not hedge cardiomegaly).
        """
        for other in self._all:
            if other.start >= hi:
                break
            if other.phase.name == hit.phase.name or other.start < lo or other.end > hi:
                continue
            if hit.rule.direction == "both" or other.rule.direction == hit.rule.direction:
                return True
        return False
