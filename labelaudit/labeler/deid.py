"""De-identification tokens inside triggers.

Research releases replace words with "XXXX" (Open-i) or "___" (MIMIC-CXR), and the word
replaced is sometimes part of a trigger: "not XXXX seen", "most XXXX representing". A trigger
still fires when one such token stands between two of its words, or in place of one word of
a trigger of three words or more, as long as the variant is unambiguous: a variant that two
phases would read differently, or that is already a trigger of its own, is dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from labelaudit.labeler.rules import Phase, TriggerRule

DEID_TOKENS = ("xxxx", "___")


def variants(words: list[str]) -> Iterable[tuple[tuple[str, ...], bool]]:
    """Token sequences in which a de-identification token breaks (True) or replaces (False)
    one word of a trigger."""
    for token in DEID_TOKENS:
        for i in range(1, len(words)):
            yield (*words[:i], token, *words[i:]), True
        if len(words) >= 3:
            for i in range(len(words)):
                yield (*words[:i], token, *words[i + 1 :]), False


def deid_triggers(
    phases: Iterable[Phase], tokenize: Callable[[str], list[str]]
) -> dict[str, list[tuple[str, TriggerRule]]]:
    """Per phase name, the unambiguous de-identified variants of its triggers, as text.

    A token inserted into a trigger ("not XXXX seen") is read before one that replaced a
    word ("not [well] seen"), since de-identification removes a word more often than it
    adds a hedge.
    """
    phases = list(phases)
    real: set[tuple[str, ...]] = set()
    found: dict[tuple[str, ...], list[tuple[bool, Phase, TriggerRule]]] = {}
    for phase in phases:
        for trigger in phase.triggers:
            words = [w.lower() for w in tokenize(trigger.phrase.text)]
            real.add(tuple(words))
            for variant, inserted in variants(words):
                found.setdefault(variant, []).append((inserted, phase, trigger))
    result: dict[str, list[tuple[str, TriggerRule]]] = {p.name: [] for p in phases}
    for variant, entries in found.items():
        if variant in real:
            continue
        if any(inserted for inserted, _, _ in entries):
            entries = [e for e in entries if e[0]]
        if len({(phase.label, phase.neutral_only) for _, phase, _ in entries}) > 1:
            continue  # two phases would read it differently: ambiguous
        seen: set[tuple[str, str]] = set()
        for _, phase, trigger in entries:
            if (phase.name, trigger.direction) not in seen:  # one rule per way is enough
                seen.add((phase.name, trigger.direction))
                result[phase.name].append((" ".join(variant), trigger))
    return result
