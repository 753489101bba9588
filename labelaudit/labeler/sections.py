"""Find section titles and choose which part of a report to label.

Policies:
- ``auto`` (default): the impression, else the findings, as MIMIC-CXR's official labels did.
  Text without titles is labeled whole; titled text with neither section is labeled without
  its history, comparison and technique sections.
- ``mimic``: MIMIC-CXR's full rule: the impression, else the findings, else the last paragraph.
- ``all``: the whole report.
- a comma list such as ``findings,impression``: those sections, in report order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ADMINISTRATIVE = frozenset(
    {"history", "comparison", "technique", "examination", "header", "notification", "wet_read"}
)
POLICIES = ("auto", "mimic", "all")


@dataclass(frozen=True)
class Section:
    name: str  # canonical name, "untitled" for text before any title or without titles
    start: int  # character offsets into the report, title excluded
    end: int


def title_pattern(titles: dict[str, str]) -> re.Pattern[str]:
    """A title starts the text, a line, or a sentence, and ends with a colon."""
    names = sorted(titles, key=len, reverse=True)
    alternatives = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)
    return re.compile(rf"(?:^|(?<=\n)|(?<=[.!?]\s))[ \t]*({alternatives})[ \t]*:", re.IGNORECASE)


def split_sections(text: str, pattern: re.Pattern[str], titles: dict[str, str]) -> list[Section]:
    sections = []
    matches = list(pattern.finditer(text))
    if not matches:
        return [Section("untitled", 0, len(text))]
    if text[: matches[0].start()].strip():
        sections.append(Section("untitled", 0, matches[0].start()))
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        name = titles[" ".join(match.group(1).lower().split())]
        for section in _end_administrative_at_blank_line(text, name, match.end(), end):
            sections.extend(_end_comparison_at_sentence(text, section))
    return sections


_SENTENCE_END = re.compile(r"[.!?](?=\s+\S)")


def _end_comparison_at_sentence(text: str, section: Section) -> list[Section]:
    """ "Comparison: ___. No significant interval change. ...": a comparison names the prior
    study in one sentence; what follows it in the same paragraph is untitled report text."""
    if section.name != "comparison":
        return [section]
    end = _SENTENCE_END.search(text, section.start, section.end)
    if end is None:
        return [section]
    return [
        Section("comparison", section.start, end.end()),
        Section("untitled", end.end(), section.end),
    ]


_BLANK_LINE = re.compile(r"\S[ \t]*\n[ \t]*\n")


def _end_administrative_at_blank_line(text: str, name: str, start: int, end: int) -> list[Section]:
    """ "COMPARISON: ___" then a blank line then untitled findings: the findings are not
    part of the comparison. Only administrative sections end this way; findings and
    impressions often run over several paragraphs."""
    if name not in ADMINISTRATIVE:
        return [Section(name, start, end)]
    blank = _BLANK_LINE.search(text, start, end)
    if blank is None or not text[blank.end() : end].strip():
        return [Section(name, start, end)]
    return [Section(name, start, blank.start() + 1), Section("untitled", blank.end(), end)]


def parse_policy(policy: str) -> str | tuple[str, ...]:
    """Validate a ``sections`` value: a named policy or a comma list of section names."""
    policy = policy.strip().lower()
    if policy in POLICIES:
        return policy
    names = tuple(n.strip() for n in policy.split(",") if n.strip())
    if not names:
        raise ValueError(f"sections: expected one of {', '.join(POLICIES)} or a comma list")
    return names


def choose(text: str, sections: list[Section], policy: str | tuple[str, ...]) -> list[Section]:
    """The sections to label, or [] when the policy finds nothing to label."""
    non_empty = [s for s in sections if text[s.start : s.end].strip()]
    if policy == "all":
        return [Section("all", 0, len(text))]
    if isinstance(policy, tuple):
        return [s for s in non_empty if s.name in policy]
    for preferred in ("impression", "findings"):
        picked = [s for s in non_empty if s.name == preferred]
        if picked:
            return picked[-1:]  # the last one, as MIMIC's section parser does
    titled = any(s.name != "untitled" for s in sections)
    if policy == "mimic":
        return _last_paragraph(text)
    if not titled:
        return non_empty
    return [s for s in non_empty if s.name not in ADMINISTRATIVE]


def _last_paragraph(text: str) -> list[Section]:
    paragraphs = [m for m in re.finditer(r"\S(?:.*?\S)?(?=\s*\n\s*\n|\s*$)", text, re.DOTALL)]
    if not paragraphs:
        return []
    last = paragraphs[-1]
    return [Section("last_paragraph", last.start(), last.end())]
