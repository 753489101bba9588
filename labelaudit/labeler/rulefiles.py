"""The files of a rule set as read, and the line-level reading every rule file shares.

Below both ``rules.py`` (the rule set) and ``site.py`` (wrong-site rules), so neither imports
the other's private helpers.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from labelaudit.errors import RuleError
from labelaudit.observations import OBSERVATION_BY_SLUG

MANIFEST = "ruleset.json"


@dataclass(frozen=True)
class Phrase:
    """A phrase as written in a rule file, with where it was written."""

    text: str
    rule_id: str  # "mentions/cardiomegaly.txt:12"


@dataclass(frozen=True)
class RuleFiles:
    """The files of a rule set as read, so that a pipeline can save exactly the rules it runs
    with: relative POSIX path -> bytes. ``origin`` names the folder in messages."""

    origin: Path
    contents: dict[str, bytes]

    def __truediv__(self, relative: str) -> Path:
        return self.origin / relative

    def has(self, relative: str) -> bool:
        return relative in self.contents

    def names_in(self, folder: str) -> list[str]:
        """The names of the files and folders directly in ``folder``, sorted."""
        prefix = folder + "/"
        return sorted(
            {k[len(prefix) :].split("/")[0] for k in self.contents if k.startswith(prefix)}
        )

    def hash(self) -> str:
        """SHA-256 over every path and content (line ends as LF), in path order."""
        digest = hashlib.sha256()
        for relative in sorted(self.contents, key=lambda k: PurePosixPath(k).parts):
            digest.update(relative.encode() + b"\0")
            digest.update(self.contents[relative].replace(b"\r\n", b"\n") + b"\0")
        return digest.hexdigest()

    def write(self, target: Path) -> None:
        """Write the files into folder ``target`` (all or nothing), replacing a rule set
        saved there before."""
        if target.exists() and any(target.iterdir()) and not (target / MANIFEST).is_file():
            raise RuleError(f"{target}: not a rule folder, so not overwritten with rules")
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
        try:
            for relative, content in self.contents.items():
                parts = PurePosixPath(relative).parts
                if PurePosixPath(relative).is_absolute() or ".." in parts:
                    raise RuleError(f"{self.origin}: rule file path {relative!r} leaves the folder")
                file = staging.joinpath(*parts)
                file.parent.mkdir(parents=True, exist_ok=True)
                file.write_bytes(content)
            if target.exists():
                shutil.rmtree(target)
            staging.rename(target)
        finally:
            if staging.exists():
                shutil.rmtree(staging)


def rule_lines(root: RuleFiles, relative: str) -> list[tuple[int, str]]:
    """Non-blank, non-comment lines with their 1-based numbers; inline '#' starts a comment."""
    if not root.has(relative):
        raise RuleError(f"{root / relative}: rule file not found")
    try:
        text = root.contents[relative].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RuleError(f"{root / relative}: not UTF-8 ({exc.reason})") from None
    out = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].rstrip()
        if line.strip():
            out.append((number, line))
    return out


def check_phrase(root: RuleFiles, relative: str, number: int, text: str) -> str:
    """The phrase normalised (one space, lower case), or a RuleError naming its line."""
    phrase = " ".join(text.split())
    if not any(ch.isalnum() for ch in phrase) and phrase != "?":
        raise RuleError(f"{root / relative}:{number}: phrase {text!r} has no letters or digits")
    for word in phrase.split(" "):
        if "*" in word[:-1]:
            raise RuleError(
                f"{root / relative}:{number}: '*' may only end a word (a prefix), got {word!r}"
            )
    return phrase.lower()


def parse_applies_to(where: str, value: str) -> frozenset[str] | None:
    """``all`` (None) or the observations a comma list of slugs names."""
    if value.lower() == "all":
        return None
    observations = set()
    for name in (v.strip() for v in value.split(",")):
        if name not in OBSERVATION_BY_SLUG:
            raise RuleError(
                f"{where}: unknown observation {name!r} in applies_to; "
                f"use 'all' or slugs such as {', '.join(list(OBSERVATION_BY_SLUG)[1:4])}"
            )
        observations.add(OBSERVATION_BY_SLUG[name])
    return frozenset(observations)
