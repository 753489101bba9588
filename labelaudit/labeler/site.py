"""Wrong site: a finding word about a structure outside the lung is not that finding.

"Opacity overlying the sixth rib", "thyroid nodule", "breast cancer" and "fracture of the
catheter" name a lung or bone finding word, but the structure it belongs to is a rib, the
thyroid, the breast or a device. ``labelaudit/rules/wrong_site.tsv`` lists the structures (with the
observations they cancel) and the words that may stand between a mention and a structure
after it; a mention is cancelled when such a structure

- comes right before it ("breast mass", "catheter fracture"), or
- follows it after at most four bridge words ("is", "seen") or cause words ("likely", "due",
  "to"), at most one link ("overlying", "projecting over", "of", "in") and only filler words
  ("the", "left", "anterior", "sixth", "6th").

Anything else (a comma, "and", a lung word such as "lobe") stops the search, so "nodule in the
right upper lobe abutting the chest wall" stays a lung nodule. A mention anchored in the lung
by a word just before it ("right upper lobe opacity overlying the first rib") is only being
located against the rib: a structure after it cancels it only when a cause word explains it
("left basilar opacity likely due to overlying soft tissue").
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from labelaudit.errors import RuleError
from labelaudit.labeler.phrases import PhraseIndex
from labelaudit.labeler.rulefiles import (
    Phrase,
    RuleFiles,
    check_phrase,
    parse_applies_to,
    rule_lines,
)

KINDS = ("bridge", "cause", "link", "filler", "anchor", "structure", "structure_after")
MAX_BRIDGES = 4
MAX_FILLERS = 6
ANCHOR_WINDOW = 4  # tokens before a mention searched for a lung anchor ("lobe", "basilar")
# "6th", "12", "T4", "C7": rib and vertebra numbers are fillers too, and so are the
# de-identification tokens that replace them ("the XXXX posterior rib", "the ___ rib").
_NUMBER = re.compile(r"^(\d{1,2}(st|nd|rd|th)?|[ct]\d{1,2}|_+|x{3,})$")


@dataclass(frozen=True)
class Structure:
    phrase: Phrase
    observations: frozenset[str]
    after_only: bool  # "overlying soft tissue" cancels after a mention, never before one


@dataclass(frozen=True)
class WrongSiteRules:
    bridges: tuple[Phrase, ...]
    causes: tuple[Phrase, ...]
    links: tuple[Phrase, ...]
    fillers: tuple[Phrase, ...]
    anchors: tuple[Phrase, ...]
    structures: tuple[Structure, ...]


def read_wrong_site(root: RuleFiles, relative: str) -> WrongSiteRules:
    """Lines ``kind<TAB>phrase[<TAB>observations]``; structures must name observations."""
    by_kind: dict[str, list] = defaultdict(list)
    for number, line in rule_lines(root, relative):
        where = f"{root / relative}:{number}"
        cells = [c.strip() for c in line.split("\t")]
        kind = cells[0].lower()
        if kind not in KINDS:
            raise RuleError(f"{where}: kind must be one of {', '.join(KINDS)}")
        is_structure = kind.startswith("structure")
        if len(cells) != (3 if is_structure else 2):
            expected = "kind<TAB>phrase<TAB>observations" if is_structure else "kind<TAB>phrase"
            raise RuleError(f"{where}: expected '{expected}', got {len(cells)} field(s)")
        phrase = Phrase(check_phrase(root, relative, number, cells[1]), f"{relative}:{number}")
        if not is_structure:
            by_kind[kind].append(phrase)
            continue
        observations = parse_applies_to(where, cells[2])
        if observations is None:
            raise RuleError(f"{where}: a structure must name the observations it cancels")
        by_kind["structure"].append(
            Structure(phrase, observations, after_only=kind == "structure_after")
        )
    return WrongSiteRules(
        bridges=tuple(by_kind["bridge"]),
        causes=tuple(by_kind["cause"]),
        links=tuple(by_kind["link"]),
        fillers=tuple(by_kind["filler"]),
        anchors=tuple(by_kind["anchor"]),
        structures=tuple(by_kind["structure"]),
    )


class WrongSite:
    """Finds the mentions a wrong-site rule cancels."""

    def __init__(self, rules: WrongSiteRules, tokenize: Callable[[str], list[str]]) -> None:
        self._bridges = _single_words(rules.bridges, tokenize)
        self._causes = _single_words(rules.causes, tokenize)
        self._fillers = _single_words(rules.fillers, tokenize)
        self._anchors = _single_words(rules.anchors, tokenize)
        self._links: PhraseIndex[None] = PhraseIndex(tokenize)
        for phrase in rules.links:
            self._links.add(phrase.text, None)
        self._structures: PhraseIndex[Structure] = PhraseIndex(tokenize)
        for structure in rules.structures:
            self._structures.add(structure.phrase.text, structure)
        self.observations = frozenset(o for s in rules.structures for o in s.observations)
        # How far from a mention a structure or link can lie: only those windows are searched.
        longest = max((len(s.phrase.text.split()) for s in rules.structures), default=0)
        longest_link = max((len(p.text.split()) for p in rules.links), default=0)
        self._before = longest
        self._after = MAX_BRIDGES + 1 + longest_link + MAX_FILLERS + longest

    def cancelled(
        self, words: Sequence[str], mentions: Sequence[tuple[int, int, str]]
    ) -> list[bool]:
        """For each (start, end, observation) mention, whether a wrong-site rule cancels it."""
        windows = _merge(
            (start - self._before, end + self._after)
            for start, end, obs in mentions
            if obs in self.observations
        )
        structures_at: dict[int, list[Structure]] = defaultdict(list)
        structures_ending: dict[int, list[Structure]] = defaultdict(list)
        links_at: dict[int, list[int]] = defaultdict(list)
        for lo, hi in windows:
            for start, end, structure in self._structures.find(words, lo, hi):
                structures_at[start].append(structure)
                if not structure.after_only:
                    structures_ending[end].append(structure)
        if not structures_at:
            return [False] * len(mentions)
        for lo, hi in windows:
            for start, end, _ in self._links.find(words, lo, hi):
                links_at[start].append(end)

        def structure_from(i: int, observation: str) -> bool:
            limit = i + MAX_FILLERS
            while i < min(limit, len(words)) and (
                words[i] in self._fillers or _NUMBER.match(words[i])
            ):
                i += 1
            return any(observation in s.observations for s in structures_at.get(i, ()))

        def after(start: int, end: int, observation: str) -> bool:
            explained = not self._anchored(words, start)
            i = end
            for _ in range(MAX_BRIDGES + 1):
                if i >= len(words):
                    return False
                if explained and (
                    structure_from(i, observation)
                    or any(structure_from(e, observation) for e in links_at.get(i, ()))
                ):
                    return True
                if words[i] in self._causes:
                    explained = True
                elif words[i] not in self._bridges:
                    return False
                i += 1
            return False

        return [
            observation in self.observations
            and (
                any(observation in s.observations for s in structures_ending.get(start, ()))
                or after(start, end, observation)
            )
            for start, end, observation in mentions
        ]

    def _anchored(self, words: Sequence[str], start: int) -> bool:
        """A lung word just before the mention, in the same phrase ("right upper lobe opacity")."""
        for i in range(start - 1, max(start - 1 - ANCHOR_WINDOW, -1), -1):
            if words[i] in self._anchors:
                return True
            if not words[i].isalnum():
                return False
        return False


def _single_words(phrases: tuple[Phrase, ...], tokenize: Callable[[str], list[str]]) -> frozenset:
    words = set()
    for phrase in phrases:
        tokens = tokenize(phrase.text)
        if len(tokens) != 1 or phrase.text.endswith("*"):
            raise RuleError(
                f"{phrase.rule_id}: bridges and fillers are single words, got {phrase.text!r}"
            )
        words.add(tokens[0])
    return frozenset(words)


def _merge(ranges) -> list[tuple[int, int]]:
    """Overlapping (lo, hi) token ranges merged, so no window is searched twice."""
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if merged and lo <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
        else:
            merged.append((lo, hi))
    return merged
