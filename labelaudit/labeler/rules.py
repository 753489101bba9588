"""Load a rule set: mention phrases, unmentions, triggers and section titles, all plain text.

A rule set is a folder a radiologist can read and review in a diff (see README, "Rule format").
Each loaded set carries its declared version and a content hash, so every output can say
exactly which rules produced it. A malformed line fails with its file name and line number.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from labelaudit.errors import RuleError
from labelaudit.labeler.rulefiles import (
    MANIFEST,
    Phrase,
    RuleFiles,
    check_phrase,
    parse_applies_to,
    rule_lines,
)
from labelaudit.labeler.site import WrongSiteRules, read_wrong_site
from labelaudit.observations import OBSERVATION_BY_SLUG, OBSERVATIONS, VALUE_NAMES, slug

DIRECTIONS = ("forward", "backward", "both")
# "neutral uncertain": anatomy that needs a predicate and whose affirmation is only a hedge
# ("pulmonary vascularity is increased" is Edema -1, "... is normal" 0).
MENTION_TAGS = ("neutral", "uncertain", "hint", "neutral uncertain")
# "none": a context phase (hypothetical, historical) whose mentions give no label.
LABEL_BY_NAME: dict[str, float | None] = {
    **{name: value for value, name in VALUE_NAMES.items()},
    "none": None,
}
MANIFEST_KEYS = (
    "name",
    "version",
    "description",
    "phases",
    "termination",
    "pseudo",
    "other_findings",
    "sections",
    "wrong_site",
    "typo_min_length",
    "spelling",
)
PHASE_KEYS = ("name", "file", "label", "neutral_only")


@dataclass(frozen=True)
class MentionRule:
    observation: str
    phrase: Phrase
    tag: str | None = None  # None | "neutral" | "uncertain" | "hint" | "neutral uncertain"

    @property
    def needs_predicate(self) -> bool:
        return self.tag in ("neutral", "neutral uncertain")


@dataclass(frozen=True)
class TriggerRule:
    phrase: Phrase
    direction: str  # forward | backward | both
    scope: int  # tokens between trigger and a mention after it, at most
    scope_back: int  # the same for a mention before it (differs only for "both": "3/1")
    applies_to: frozenset[str] | None  # observations; None means all
    neutral_only: bool = False


@dataclass(frozen=True)
class Phase:
    """One classification step; the first phase whose trigger reaches a mention decides it."""

    name: str
    label: float | None  # None: the mention gives no label (a context phase)
    triggers: tuple[TriggerRule, ...]
    neutral_only: bool = False  # only for mentions tagged neutral (affirmation etc.)


@dataclass
class RuleSet:
    name: str
    version: str
    hash: str
    path: Path
    mentions: list[MentionRule]
    unmentions: dict[str, list[Phrase]]  # observation -> phrases that cancel its mentions
    other_findings: list[Phrase]  # abnormalities outside the 14 that switch No Finding off
    phases: list[Phase]
    termination: list[Phrase]
    pseudo: list[Phrase]
    files: RuleFiles  # what it was loaded from, so that a pipeline can save it
    section_titles: dict[str, str] = field(default_factory=dict)  # title (lower) -> section
    wrong_site: WrongSiteRules | None = None  # "opacity overlying the rib" (labeler/site.py)
    # Typo tolerance for mention words this long or longer (0: off), and the words that are
    # spelled right though one edit from a mention word.
    typo_min_length: int = 0
    spelling: list[Phrase] = field(default_factory=list)

    @property
    def id(self) -> str:
        return f"{self.name} {self.version} ({self.hash[:12]})"


def default_rules_dir() -> Path:
    """The rules shipped inside the package (``labelaudit/rules``)."""
    return Path(str(resources.files("labelaudit").joinpath("rules")))


def read_rule_files(root: Path) -> RuleFiles:
    """Every file of the rule folder ``root`` (hidden files aside), read into memory."""
    if not (root / MANIFEST).is_file():
        raise RuleError(f"{root}: not a rule set (no {MANIFEST})")
    files = sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))
    return RuleFiles(root, {f.relative_to(root).as_posix(): f.read_bytes() for f in files})


def load_rules(path: str | Path | None = None) -> RuleSet:
    """The rule set in folder ``path``, or the shipped one; a malformed file is a RuleError."""
    root = Path(path) if path is not None else default_rules_dir()
    return parse_rules(read_rule_files(root))


def parse_rules(root: RuleFiles) -> RuleSet:
    """The rule set of files already read (from a folder, or from a saved pipeline)."""
    if not root.has(MANIFEST):
        raise RuleError(f"{root.origin}: not a rule set (no {MANIFEST})")
    manifest_path = root / MANIFEST
    manifest = _read_manifest(root)

    mentions: list[MentionRule] = []
    unmentions: dict[str, list[Phrase]] = {}
    for observation in OBSERVATIONS[1:]:
        for phrase, tag in _read_tagged_phrases(root, f"mentions/{slug(observation)}.txt"):
            mentions.append(MentionRule(observation, phrase, tag))
        if root.has(f"unmentions/{slug(observation)}.txt"):
            unmentions[observation] = _read_phrases(root, f"unmentions/{slug(observation)}.txt")
    _reject_stray_files(root)

    phases = []
    for index, entry in enumerate(manifest["phases"]):
        where = f"{manifest_path}: phases[{index}]"
        if not isinstance(entry, dict):
            raise RuleError(f"{where}: expected an object with keys {', '.join(PHASE_KEYS)}")
        _reject_unknown_keys(where, entry, PHASE_KEYS)
        for key in ("name", "file", "label"):
            if key not in entry:
                raise RuleError(f"{where}: missing '{key}'")
        if entry["label"] not in LABEL_BY_NAME:
            raise RuleError(f"{where}: label must be one of {', '.join(LABEL_BY_NAME)}")
        neutral_only = bool(entry.get("neutral_only", False))
        phases.append(
            Phase(
                name=entry["name"],
                label=LABEL_BY_NAME[entry["label"]],
                triggers=tuple(_read_triggers(root, entry["file"])),
                neutral_only=neutral_only,
            )
        )

    return RuleSet(
        name=str(manifest["name"]),
        version=str(manifest["version"]),
        hash=root.hash(),
        path=root.origin,
        mentions=mentions,
        unmentions=unmentions,
        other_findings=_read_phrases(root, manifest.get("other_findings", "other_findings.txt")),
        phases=phases,
        termination=_read_phrases(root, manifest.get("termination", "triggers/termination.txt")),
        pseudo=_read_phrases(root, manifest.get("pseudo", "triggers/pseudo.txt")),
        files=root,
        section_titles=_read_sections(root, manifest.get("sections", "sections.tsv")),
        wrong_site=_read_wrong_site(root, manifest.get("wrong_site")),
        typo_min_length=_typo_min_length(manifest, manifest_path),
        spelling=_read_phrases(root, manifest["spelling"]) if "spelling" in manifest else [],
    )


def _typo_min_length(manifest: dict, path: Path) -> int:
    value = manifest.get("typo_min_length", 0)
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise RuleError(f"{path}: typo_min_length must be a whole number, 0 to turn typos off")
    return value


def _read_wrong_site(root: RuleFiles, named: str | None) -> WrongSiteRules | None:
    """Required when the manifest names it; otherwise optional, so that a rule set written
    before wrong-site rules existed still loads."""

    if named is None and not root.has("wrong_site.tsv"):
        return None
    return read_wrong_site(root, named or "wrong_site.tsv")


def _read_manifest(root: RuleFiles) -> dict:
    path = root / MANIFEST
    try:
        manifest = json.loads(root.contents[MANIFEST].decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise RuleError(f"{path}: not UTF-8 ({exc.reason})") from None
    except json.JSONDecodeError as exc:
        raise RuleError(f"{path}:{exc.lineno}: invalid JSON: {exc.msg}") from None
    if not isinstance(manifest, dict):
        raise RuleError(f"{path}: expected a JSON object with keys {', '.join(MANIFEST_KEYS)}")
    _reject_unknown_keys(str(path), manifest, MANIFEST_KEYS)
    for key in ("name", "version", "phases"):
        if key not in manifest:
            raise RuleError(f"{path}: missing '{key}'")
    return manifest


def _reject_unknown_keys(where: str, entry: dict, allowed: tuple[str, ...]) -> None:
    """A misspelled key ("typo_min_lenght") would be silently ignored: refuse it instead."""
    for key in entry:
        if key not in allowed:
            raise RuleError(f"{where}: unknown key {key!r}; allowed keys: {', '.join(allowed)}")


def _read_phrases(root: RuleFiles, relative: str) -> list[Phrase]:
    phrases = []
    for number, line in rule_lines(root, relative):
        if "\t" in line or "|" in line:
            raise RuleError(f"{root / relative}:{number}: expected one phrase per line")
        text = check_phrase(root, relative, number, line)
        phrases.append(Phrase(text, f"{relative}:{number}"))
    return phrases


def _read_tagged_phrases(root: RuleFiles, relative: str) -> list[tuple[Phrase, str | None]]:
    """Mention lines: ``phrase`` or ``phrase | tag``."""
    out: list[tuple[Phrase, str | None]] = []
    for number, line in rule_lines(root, relative):
        text, _, tagged = line.partition("|")
        tag = " ".join(tagged.split()) or None
        if tag is not None and tag not in MENTION_TAGS:
            raise RuleError(
                f"{root / relative}:{number}: unknown tag {tag!r}; "
                f"expected one of {', '.join(MENTION_TAGS)}"
            )
        out.append(
            (Phrase(check_phrase(root, relative, number, text), f"{relative}:{number}"), tag)
        )
    return out


def _read_triggers(root: RuleFiles, relative: str) -> list[TriggerRule]:
    """Trigger lines: ``phrase<TAB>direction<TAB>scope[<TAB>applies_to]``."""
    triggers = []
    seen: dict[tuple[str, str], int] = {}
    for number, line in rule_lines(root, relative):
        where = f"{root / relative}:{number}"
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) not in (3, 4):
            raise RuleError(
                f"{where}: expected 'phrase<TAB>direction<TAB>scope[<TAB>applies_to]', "
                f"got {len(cells)} field(s)"
            )
        phrase = check_phrase(root, relative, number, cells[0])
        if "*" in phrase:
            raise RuleError(f"{where}: triggers are exact phrases; '*' is for mentions only")
        direction = cells[1].lower()
        if direction not in DIRECTIONS:
            raise RuleError(f"{where}: direction must be one of {', '.join(DIRECTIONS)}")
        scope, scope_back = _parse_scope(where, cells[2], direction)
        applies_to = parse_applies_to(where, cells[3] if len(cells) == 4 else "all")
        key = (phrase, direction)
        if key in seen:
            raise RuleError(f"{where}: duplicate of line {seen[key]} ({phrase!r}, {direction})")
        seen[key] = number
        triggers.append(
            TriggerRule(
                Phrase(phrase, f"{relative}:{number}"), direction, scope, scope_back, applies_to
            )
        )
    return triggers


def _parse_scope(where: str, value: str, direction: str) -> tuple[int, int]:
    """ "6", or for a two-way trigger "3/1": 3 tokens forward, 1 backward."""
    parts = value.split("/")
    if len(parts) > 2 or (len(parts) == 2 and direction != "both"):
        raise RuleError(f"{where}: scope 'forward/backward' is only for direction 'both'")
    try:
        scopes = [int(p) for p in parts]
    except ValueError:
        raise RuleError(f"{where}: scope must be a whole number of tokens") from None
    if not all(0 <= n <= 50 for n in scopes):
        raise RuleError(f"{where}: scope must be between 0 and 50 tokens")
    return scopes[0], scopes[-1]


def _read_sections(root: RuleFiles, relative: str) -> dict[str, str]:
    titles = {}
    for number, line in rule_lines(root, relative):
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) != 2 or not all(cells):
            raise RuleError(f"{root / relative}:{number}: expected 'title<TAB>section'")
        titles[" ".join(cells[0].lower().split())] = cells[1].lower()
    return titles


def _reject_stray_files(root: RuleFiles) -> None:
    """A misnamed observation file would be silently ignored: refuse it instead."""
    for folder in ("mentions", "unmentions"):
        for name in root.names_in(folder):
            file = root / folder / name
            if (
                file.suffix != ".txt"
                or file.stem not in OBSERVATION_BY_SLUG
                or file.stem == "no_finding"
            ):
                raise RuleError(
                    f"{file}: unknown observation file; expected <observation>.txt with one of "
                    f"{', '.join(list(OBSERVATION_BY_SLUG)[1:])}"
                )
