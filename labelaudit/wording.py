"""Small wording helpers shared by the commands' messages and pages."""

from __future__ import annotations


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """``1 report``, ``2 reports``, ``1,250 reports``; ``plural_form`` for irregular nouns."""
    word = noun if count == 1 else (plural_form or f"{noun}s")
    return f"{count:,} {word}"
