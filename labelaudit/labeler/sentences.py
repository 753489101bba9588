"""Sentence boundaries for report text.

Splits at . ! ? and ; and at blank lines, and starts a sentence at a list number ("2.") or a
section title. Decimals stay whole because the tokenizer keeps "1.5" as one token; a list
number's own period does not end a sentence, so "1. Left effusion" is one sentence.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

_ENDS = frozenset({".", "!", "?", ";"})
_LIST_NUMBER = re.compile(r"^\d{1,2}$")
_LIST_MARK = frozenset({".", ")"})


def set_sentence_starts(doc: Doc) -> Doc:
    tokens = list(doc)
    if not tokens:
        return doc
    starts = [False] * len(tokens)
    starts[0] = True
    list_period = set()  # indexes of periods that belong to a list number
    for i in range(len(tokens)):
        if _is_list_number(tokens, i):
            starts[i] = True
            list_period.add(i + 1)
    for i, token in enumerate(tokens[:-1]):
        text = token.text
        if (text in _ENDS and i not in list_period and not _leading_question_mark(tokens, i)) or (
            token.is_space and "\n\n" in text
        ):
            starts[i + 1] = True
        elif text == ":" and "\n" in token.whitespace_ + tokens[i + 1].text:
            starts[i + 1] = True  # "FINDINGS:\n..." ends a title line
        elif _line_break_before_capital(tokens, i):
            starts[i + 1] = True  # "Heart size normal\nLungs clear": a line per statement
    # A sentence may not start with whitespace or closing punctuation: move it forward.
    for i, token in enumerate(tokens):
        if starts[i] and i > 0 and (token.is_space or token.text in _ENDS):
            starts[i] = False
            if i + 1 < len(tokens):
                starts[i + 1] = True
    for i, token in enumerate(tokens):
        token.is_sent_start = starts[i]
    return doc


def _is_list_number(tokens: list, i: int) -> bool:
    """'2' followed by '.' or ')' at the start of text, a line, or after a sentence end."""
    if not _LIST_NUMBER.match(tokens[i].text) or i + 1 >= len(tokens):
        return False
    if tokens[i + 1].text not in _LIST_MARK:
        return False
    if i + 2 < len(tokens) and not tokens[i + 2].is_alpha and not tokens[i + 2].is_space:
        return False
    if i == 0:
        return True
    previous = tokens[i - 1]
    return (
        previous.is_space
        or "\n" in previous.whitespace_
        or previous.text in _ENDS
        or previous.text == ":"
    )


def _line_break_before_capital(tokens: list, i: int) -> bool:
    """A line break followed by a capitalised word starts a new sentence.

    Wrapped lines that continue a sentence start lowercase; they were joined before
    tokenizing (text.join_wrapped_lines).
    """
    token = tokens[i]
    return token.is_space and "\n" in token.text and tokens[i + 1].text[:1].isupper()


def _leading_question_mark(tokens: list, i: int) -> bool:
    """ "? small right effusion": a "?" that opens a statement marks a question, not an end."""
    if tokens[i].text != "?":
        return False
    return (
        i == 0 or tokens[i - 1].text in _ENDS or tokens[i - 1].is_space or tokens[i - 1].text == ":"
    )
