"""Vocabulary maps: a dataset's own finding names -> the 14 CheXpert observations.

A map is a TSV file, ``source<TAB>target`` per line, ``#`` for comments. The target is a
CheXpert observation, ``-`` (a finding outside the 14: it only switches No Finding off) or
``ignore`` (no effect). A ``*`` source is the default for names the map does not list.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from labelaudit.errors import InputError
from labelaudit.observations import OBSERVATIONS

OTHER = "-"
IGNORE = "ignore"
DEFAULT = "*"


@dataclass(frozen=True)
class Vocabulary:
    source: str  # where the map came from, for messages
    targets: dict[str, str]  # source name -> observation, OTHER or IGNORE
    default: str | None  # target of unlisted names; None: unlisted names are an error

    def target(self, name: str) -> str | None:
        return self.targets.get(name, self.default)

    @property
    def observations(self) -> list[str]:
        """The observations this map can express, in canonical order."""
        mapped = set(self.targets.values()) | ({self.default} if self.default else set())
        return [o for o in OBSERVATIONS if o in mapped]

    def rows(self) -> list[tuple[str, str]]:
        listed = list(self.targets.items())
        return listed + ([(DEFAULT, self.default)] if self.default else [])


def shipped_vocabulary_path(layout: str) -> Path:
    return Path(str(resources.files("labelaudit.layouts") / "vocabularies" / f"{layout}.tsv"))


def load_vocabulary(path: str | Path) -> Vocabulary:
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such vocabulary file")
    targets: dict[str, str] = {}
    default = None
    allowed = (*OBSERVATIONS, OTHER, IGNORE)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: not UTF-8 text ({exc.reason})") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = [part.strip() for part in line.split("\t")]
        if len(parts) != 2 or not parts[0]:
            raise InputError(f"{path}:{number}: expected 'source<TAB>target', got {line!r}")
        source, target = parts
        if target not in allowed:
            raise InputError(
                f"{path}:{number}: target {target!r} must be a CheXpert observation, "
                f"'{OTHER}' or '{IGNORE}'"
            )
        if source == DEFAULT:
            default = target
        elif source in targets:
            raise InputError(f"{path}:{number}: {source!r} is mapped twice")
        else:
            targets[source] = target
    if not targets:
        raise InputError(f"{path}: the vocabulary maps nothing")
    return Vocabulary(str(path), targets, default)
