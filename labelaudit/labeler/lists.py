"""Coordinated lists: how far a trigger reaches when it opens (or closes) a list of findings.

"No edema, effusion, pneumothorax, hilar adenopathy, or suspicious nodules or masses" negates
every item, however long the list. A token limit cannot say that without leaking into the
next clause, so a trigger adjacent to a *closed* list (items joined by commas and closed by
and / or / nor) reaches the whole list:

- items are short noun phrases: modifiers are welcome ("large pleural effusion"), a verb or a
  clause-starting word ends the list ("No consolidation, the heart is normal");
- a list closed by "or" / "nor" keeps graded items ("no consolidation, large effusion, or
  pneumothorax"); a list closed by "and" does not, since "no pneumothorax, small effusion and
  atelectasis" states the effusion;
- a list that is never closed ("No consolidation, no definite effusion, left hilar nodule")
  is not a list: the trigger keeps its token scope.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

CONJUNCTIONS = frozenset({"and", "or", "nor", "and/or"})
CLOSING_EITHER_WAY = frozenset({"or", "nor", "and/or"})
SEPARATORS = frozenset({",", "/"})
# Words that make a segment a clause rather than a list item.
VERBS = frozenset(
    {
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "has",
        "have",
        "had",
        "seen",
        "identified",
        "noted",
        "demonstrated",
        "present",
        "shows",
        "show",
        "appears",
        "appear",
        "remains",
        "remain",
        "there",
        "which",
        "that",
    }
)
_STOPS = frozenset({".", ";", ":", "!", "?", "(", ")"})
MAX_ITEM = 6  # tokens in one list item


def _item(
    words: Sequence[str], i: int, stop: int, step: int, blocked: Collection[int]
) -> tuple[int, bool]:
    """Read one item from ``i`` towards ``stop``; return where it ended and whether it is one.

    It ends at a separator, a conjunction, a stop word, a blocked token or ``stop``.
    """
    n = 0
    while i != stop:
        word = words[i]
        if word in SEPARATORS or word in CONJUNCTIONS or word in _STOPS or word in VERBS:
            break
        if i in blocked or "\n\n" in word:
            break
        if not word.isspace():
            n += 1
        i += step
    return i, 0 < n <= MAX_ITEM


def _skip_space(words: Sequence[str], i: int, stop: int, step: int) -> int:
    while i != stop and words[i].isspace():
        i += step
    return i


def list_end(
    words: Sequence[str],
    start: int,
    stop: int,
    hard: Collection[int],
    soft: Collection[int],
) -> int | None:
    """End (exclusive) of a closed list that begins at token ``start``, or None.

    ``stop`` is the end of the sentence; ``hard`` are token indexes that end any list (a
    clause-starting termination, another trigger); ``soft`` those that end a list closed by
    "and" only (a comma or "and" before a graded word: ", small", "and mild").
    """
    i, ok = _item(words, _skip_space(words, start, stop, 1), stop, 1, hard)
    closer, graded = None, False
    while ok and closer is None and i < stop:
        j = i
        if words[j] in SEPARATORS:
            graded = graded or j in soft
            j = _skip_space(words, j + 1, stop, 1)
        if j < stop and words[j] in CONJUNCTIONS:
            graded = graded or j in soft
            closer = words[j]
            j = _skip_space(words, j + 1, stop, 1)
        elif j == i:
            break  # neither a separator nor a conjunction follows: the list is over
        i, ok = _item(words, j, stop, 1, hard)
    if closer is None or not ok or (graded and closer not in CLOSING_EITHER_WAY):
        return None
    # The closing item may coordinate further without commas: "nodules or masses".
    while i < stop and words[i] in CONJUNCTIONS:
        end, more = _item(words, _skip_space(words, i + 1, stop, 1), stop, 1, hard)
        if not more:
            break
        i = end
    return _trim(words, start, i)


def list_start(
    words: Sequence[str],
    end: int,
    stop: int,
    hard: Collection[int],
) -> int | None:
    """Start of a closed list that ends just before token ``end`` (a trigger after the list:
    "consolidation, effusion, or pneumothorax is not seen"), or None. ``stop`` is the
    sentence start; a copula right before the trigger belongs to neither.
    """
    i = _skip_space(words, end - 1, stop - 1, -1)
    while i >= stop and words[i] in VERBS:
        i = _skip_space(words, i - 1, stop - 1, -1)
    i, ok = _item(words, i, stop - 1, -1, hard)
    if not ok:
        return None
    closed = False
    first = i + 1
    while i >= stop:
        j = i
        if words[j] in CONJUNCTIONS:
            closed = True
            j = _skip_space(words, j - 1, stop - 1, -1)
            if j >= stop and words[j] in SEPARATORS:
                j = _skip_space(words, j - 1, stop - 1, -1)
        elif words[j] in SEPARATORS:
            if not closed:
                return None  # "effusion, pneumothorax is not seen": not a closed list
            j = _skip_space(words, j - 1, stop - 1, -1)
        else:
            break
        begin, ok = _item(words, j, stop - 1, -1, hard)
        if not ok:
            break
        i, first = begin, begin + 1
    return first if closed else None


def _trim(words: Sequence[str], start: int, end: int) -> int:
    while end > start and words[end - 1].isspace():
        end -= 1
    return end
