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
        self._cache: dict[str, list[tuple[tuple[Step, ...], T]]] = {}

    def add(self, phrase: str, payload: T) -> None:
        steps = tuple(self._steps(phrase))
        if not steps:
            return
        first, is_prefix = steps[0]
        if is_prefix:
            self._prefixed.append((first, steps, payload))
        else:
            self._exact[first].append((steps, payload))
        self._cache.clear()

    def _steps(self, phrase: str) -> list[Step]:
        steps: list[Step] = []
        for word in phrase.split(" "):
            if word.endswith("*"):
                steps.append((word[:-1].lower(), True))
            else:
                steps.extend((t.lower(), False) for t in self._tokenize(word))
        return steps

    def _candidates(self, word: str) -> list[tuple[tuple[Step, ...], T]]:
        """Phrases that can start at this word, exact and prefixed, cached per word."""
        found = self._cache.get(word)
        if found is None:
            found = list(self._exact.get(word, ()))
            found.extend((s, p) for prefix, s, p in self._prefixed if word.startswith(prefix))
            self._cache[word] = found
        return found

    def find(
        self, words: Sequence[str], start: int = 0, stop: int | None = None
    ) -> list[tuple[int, int, T]]:
        """All (start, end, payload) matches over lowercase token texts, within [start, stop)."""
        matches = []
        n = len(words) if stop is None else min(stop, len(words))
        for i in range(max(start, 0), n):
            for steps, payload in self._candidates(words[i]):
                end = i + len(steps)
                if end > n:
                    continue
                for k in range(1, len(steps)):  # a plain loop: this is the hot path
                    text, is_prefix = steps[k]
                    word = words[i + k]
                    if not (word.startswith(text) if is_prefix else word == text):
                        break
                else:
                    matches.append((i, end, payload))
        return matches
