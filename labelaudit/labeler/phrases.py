"""Whole-token phrase matching with prefix stems ("atelecta*"), never raw substrings.

Phrases are tokenized with the pipeline's own tokenizer, so "plate-like" in a rule and in a
report split the same way. Matching is on lowercase token text.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")
Step = tuple[str, bool]  # (text, is_prefix)


class PhraseIndex(Generic[T]):
    def __init__(self, tokenize: Callable[[str], list[str]]) -> None:
        self._tokenize = tokenize
        self._exact: dict[str, list[tuple[tuple[Step, ...], T]]] = defaultdict(list)
        self._prefixed: list[tuple[str, tuple[Step, ...], T]] = []
        self._prefix_cache: dict[str, list[tuple[tuple[Step, ...], T]]] = {}

    def add(self, phrase: str, payload: T) -> None:
        steps = tuple(self._steps(phrase))
        if not steps:
            return
        first, is_prefix = steps[0]
        if is_prefix:
            self._prefixed.append((first, steps, payload))
            self._prefix_cache.clear()
        else:
            self._exact[first].append((steps, payload))

    def _steps(self, phrase: str) -> list[Step]:
        steps: list[Step] = []
        for word in phrase.split(" "):
            if word.endswith("*"):
                steps.append((word[:-1].lower(), True))
            else:
                steps.extend((t.lower(), False) for t in self._tokenize(word))
        return steps

    def _candidates(self, word: str) -> list[tuple[tuple[Step, ...], T]]:
        found = list(self._exact.get(word, ()))
        if self._prefixed:
            cached = self._prefix_cache.get(word)
            if cached is None:
                cached = [(s, p) for prefix, s, p in self._prefixed if word.startswith(prefix)]
                self._prefix_cache[word] = cached
            found.extend(cached)
        return found

    def find(self, words: Sequence[str]) -> list[tuple[int, int, T]]:
        """All (start, end, payload) matches over lowercase token texts."""
        matches = []
        n = len(words)
        for i, word in enumerate(words):
            for steps, payload in self._candidates(word):
                end = i + len(steps)
                if end > n:
                    continue
                if all(_step_matches(steps[k], words[i + k]) for k in range(1, len(steps))):
                    matches.append((i, end, payload))
        return matches


def _step_matches(step: Step, word: str) -> bool:
    text, is_prefix = step
    return word.startswith(text) if is_prefix else word == text
