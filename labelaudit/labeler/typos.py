"""Typo tolerance for mention words: "pneumothroax", "effusoin", "cardiomegally", "atelectsis".

A report word that is no word of the rules and lies one edit (insertion, deletion,
substitution or swap of neighbours) from a long mention word (or from a long prefix stem,
"atelecta*") is read as that word for mention matching only; triggers are never corrected.
Words the rule set lists as correctly spelled ("injection" is not "infection") are left
alone. Lookups go through a delete index (SymSpell's idea) and are cached per word.
"""

from __future__ import annotations

from collections.abc import Iterable


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def within_one_edit(a: str, b: str) -> bool:
    """Optimal-string-alignment distance of at most 1."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diffs = [i for i in range(la) if a[i] != b[i]]
        if len(diffs) == 1:
            return True
        i = diffs[0]
        return len(diffs) == 2 and diffs[1] == i + 1 and a[i] == b[i + 1] and a[i + 1] == b[i]
    if la > lb:
        a, b = b, a
    return any(b[:i] + b[i + 1 :] == a for i in range(len(b)))


class TypoCorrector:
    def __init__(
        self,
        words: Iterable[str],
        stems: Iterable[str],
        known: Iterable[str],
        min_length: int,
    ) -> None:
        """``words``/``stems``: mention words and prefix stems to correct towards (those of
        ``min_length`` letters or more); ``known``: words never to correct."""
        self.min_length = min_length
        self._known = set(known)
        self._index: dict[str, set[str]] = {}
        for word in words:
            if len(word) >= min_length and word.isalpha():
                for key in {word, *_deletes(word)}:
                    self._index.setdefault(key, set()).add(word)
        self._stems = sorted({s for s in stems if len(s) >= min_length and s.isalpha()})
        self._cache: dict[str, str] = {}

    def correct(self, words: list[str]) -> list[str]:
        """The lowercase token texts, with typos of mention words replaced."""
        if self.min_length <= 0:
            return words
        out = words
        for i, word in enumerate(words):
            if len(word) < self.min_length - 1 or word in self._known:
                continue
            fixed = self._cache.get(word)
            if fixed is None:
                fixed = self._correct_word(word)
                if len(self._cache) < 200_000:
                    self._cache[word] = fixed
            if fixed != word:
                if out is words:
                    out = list(words)
                out[i] = fixed
        return out

    def _correct_word(self, word: str) -> str:
        if not word.isalpha():
            return word
        candidates = set()
        for key in {word, *_deletes(word)}:
            candidates |= self._index.get(key, set())
        matches = sorted(c for c in candidates if within_one_edit(word, c))
        if len(matches) == 1:
            return matches[0]
        if matches:
            return word  # two mention words one edit away: ambiguous, leave it
        for stem in self._stems:
            if word.startswith(stem):
                return word
            for k in (len(stem) - 1, len(stem), len(stem) + 1):
                if 0 < k <= len(word) and within_one_edit(word[:k], stem):
                    return stem + word[k:]
        return word
