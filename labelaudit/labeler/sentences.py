"""Sentence boundaries for report text.

Splits at . ! ? and ; (and at runs of them: "atelectasis.. Bones intact"), at blank lines,
and starts a sentence at a list number ("2."), a bullet on a new line, or a section title.
Decimals stay whole because the tokenizer keeps "1.5" as one token; a list
number's own period does not end a sentence, so "1. Left effusion" is one sentence.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import SENT_START
from spacy.tokens import Doc

_ENDS = frozenset({".", "!", "?", ";"})
_END_CHARS = frozenset(".!?;")
_BULLETS = frozenset({"-", "*", "\u2022", "+"})
_LIST_NUMBER = re.compile(r"^\d{1,2}$")
_LIST_MARK = frozenset({".", ")"})


def set_sentence_starts(doc: Doc, texts: list[str]) -> list[int]:
    """Set the boundaries on ``doc`` (whose token texts are ``texts``); return the starts.

    Writes all boundaries with one ``Doc.from_array``: setting ``token.is_sent_start`` token
    by token cost more than tokenizing.
    """
    starts = sentence_starts(texts)
    if texts:
        flags = numpy.full((len(texts), 1), -1, dtype="int64")
        flags[starts, 0] = 1
        # spaCy's stub asks for thinc's Ints2d, which a uint64 numpy array is at run time.
        doc.from_array([SENT_START], flags.astype("uint64"))  # type: ignore[arg-type]
    return starts


def sentence_starts(texts: list[str]) -> list[int]:
    """Indexes of the tokens that start a sentence, from the token texts alone."""
    n = len(texts)
    if not n:
        return []
    starts = [False] * n
    starts[0] = True
    list_period = set()  # indexes of periods that belong to a list number
    for i in range(n):
        if _is_list_number(texts, i):
            starts[i] = True
            list_period.add(i + 1)
    for i in range(n - 1):
        text = texts[i]
        if (_is_end(text) and i not in list_period and not _leading_question_mark(texts, i)) or (
            "\n\n" in text and text.isspace()
        ):
            starts[i + 1] = True
        elif text == ":" and "\n" in texts[i + 1] and texts[i + 1].isspace():
            starts[i + 1] = True  # "FINDINGS:\n..." ends a title line
        elif _line_break_before_capital(texts, i):
            starts[i + 1] = True  # "Heart size normal\nLungs clear": a line per statement
        elif "\n" in text and text.isspace() and texts[i + 1] in _BULLETS:
            starts[i + 1] = True  # "- No PTX\n- Small L effusion": a bulleted line
    # A sentence may not start with whitespace or closing punctuation: move it forward.
    for i in range(1, n):
        if starts[i] and (texts[i].isspace() or _is_end(texts[i])):
            starts[i] = False
            if i + 1 < n:
                starts[i + 1] = True
    return [i for i in range(n) if starts[i]]


def _is_end(text: str) -> bool:
    """ "." or a dictation run such as ".." or ". ;" tokenized as one piece."""
    return text in _ENDS or (text[:1] in _END_CHARS and len(text) > 1 and set(text) <= _END_CHARS)


def _is_list_number(texts: list[str], i: int) -> bool:
    """'2' followed by '.' or ')' at the start of text, a line, or after a sentence end."""
    if not _LIST_NUMBER.match(texts[i]) or i + 1 >= len(texts):
        return False
    if texts[i + 1] not in _LIST_MARK:
        return False
    if i + 2 < len(texts) and not texts[i + 2].isalpha() and not texts[i + 2].isspace():
        return False
    if i == 0:
        return True
    previous = texts[i - 1]
    return previous.isspace() or _is_end(previous) or previous == ":"


def _line_break_before_capital(texts: list[str], i: int) -> bool:
    """A line break followed by a capitalised word starts a new sentence.

    Wrapped lines that continue a sentence start lowercase; they were joined before
    tokenizing (text.join_wrapped_lines).
    """
    text = texts[i]
    return "\n" in text and text.isspace() and texts[i + 1][:1].isupper()


def _leading_question_mark(texts: list[str], i: int) -> bool:
    """ "? small right effusion": a "?" that opens a statement marks a question, not an end."""
    if texts[i] != "?":
        return False
    return i == 0 or _is_end(texts[i - 1]) or texts[i - 1].isspace() or texts[i - 1] == ":"
