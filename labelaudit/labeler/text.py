"""Length-preserving text clean-up, so evidence offsets point into the original report."""

from __future__ import annotations

import re

# One character in, one character out: typographic punctuation to ASCII, odd whitespace to
# spaces. Decimals ("1.5 cm") and list numbers ("1.") are left exactly as written.
_TRANSLATION = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\t": " ",
        "\r": " ",
        "\f": " ",
        "\v": " ",
    }
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# A word, but not Open-i's de-identification token "XXXX".
_WORD = re.compile(r"(?<![A-Za-z])(?![Xx]{2,}(?![A-Za-z]))[A-Za-z]{2,}")
# A line break inside a sentence, as in MIMIC's wrapped lines: "cannot be\nexcluded".
_WRAPPED = re.compile(r"(?<=\S)[ \t]*\n(?=[ \t]*[a-z])")


def clean(text: str) -> str:
    return _CONTROL.sub(" ", text.translate(_TRANSLATION))


def has_words(text: str) -> bool:
    """False for empty text and for de-identification tokens ("___", "XXXX") alone."""
    return _WORD.search(text) is not None


def join_wrapped_lines(text: str) -> str:
    """Replace a line break followed by a lowercase word with a space (same length).

    Rule phrases then match across the break; breaks before a capital, a list number or a
    blank line stay, and the sentence splitter reads them.
    """
    return _WRAPPED.sub(lambda m: m.group(0).replace("\n", " "), text)
