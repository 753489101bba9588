"""Turn a command's console text and output files into one comparable text snapshot."""

from __future__ import annotations

import json
import re
from pathlib import Path

import labelaudit
from labelaudit import __version__

PACKAGE = Path(labelaudit.__file__).parent
INPUTS = Path(__file__).parent / "inputs"

TEXT_SUFFIXES = {".csv", ".md", ".json", ".jsonl", ".txt", ".html", ".tsv"}
_TIMING = re.compile(r"\d+(?:\.\d+)? ?(?:s|ms|min)\b|\d[\d,.]* (?:reports|images)/s")
_JSON_TIMING = re.compile(r'("(?:seconds|elapsed_s|wall_s)": )[0-9.e-]+')
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[+-]\d{2}:?\d{2}|Z)?")
_DIGITS = re.compile(r"\d+(?:\.\d+)?(?:e[+-]?\d+)?")
_RULE = re.compile(r"([─━═┄┈-])\1+")
_SPACES = re.compile(r"[ \t]+")
# Embedded pictures differ between matplotlib and zlib builds.
_DATA_URI = re.compile(r"data:image/[a-z]+;base64,[A-Za-z0-9+/=]+")


def mask(text: str, root: Path, *, exact: bool) -> str:
    """Paths, timings, timestamps and the version masked; for shape cases digits too."""
    text = text.replace(str(root) + "/", "").replace(str(root), ".")
    text = text.replace(str(PACKAGE), "<package>").replace(str(INPUTS), "<inputs>")
    # A title that names the package is centred by its path's length: not an output change.
    text = "\n".join(line.strip() if "<package>" in line else line for line in text.split("\n"))
    text = text.replace(__version__, "<version>")
    text = _STAMP.sub("<time>", text)
    text = _DATA_URI.sub("<picture>", text)
    text = _TIMING.sub("<timing>", text)
    text = _JSON_TIMING.sub(r"\1<timing>", text)
    if not exact:
        text = _DIGITS.sub("#", text)
        text = _RULE.sub(r"\1", text)
        text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.splitlines())
    return text.rstrip() + "\n"


def _json_shape(value: object) -> object:
    if isinstance(value, dict):
        return {key: _json_shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_shape(value[0])] if value else []
    return type(value).__name__


def _file_shape(path: Path) -> str:
    """Shape of a file from a trained model: header, row count or key structure."""
    if path.suffix == ".csv":
        lines = path.read_text(encoding="utf-8").splitlines()
        return f"header: {lines[0] if lines else ''}\nrows: {max(len(lines) - 1, 0)}"
    if path.suffix == ".json":
        return json.dumps(_json_shape(json.loads(path.read_text(encoding="utf-8"))), indent=1)
    return f"bytes: {'some' if path.stat().st_size else 'none'}"


def files_snapshot(root: Path, outputs: tuple[str, ...], *, exact: bool) -> str:
    parts: list[str] = []
    for output in outputs:
        target = root / output
        paths = sorted(p for p in target.rglob("*") if p.is_file()) if target.is_dir() else [target]
        for path in paths:
            name = path.relative_to(root).as_posix()
            if not path.exists():
                parts.append(f"=== {name}: missing")
            elif exact and path.suffix in TEXT_SUFFIXES:
                body = mask(path.read_text(encoding="utf-8"), root, exact=True)
                parts.append(f"=== {name}\n{body}")
            elif not exact and path.suffix in {".csv", ".json"}:
                parts.append(f"=== {name}\n{mask(_file_shape(path), root, exact=True)}")
            else:
                parts.append(f"=== {name} (binary)")
    return "\n".join(parts)
