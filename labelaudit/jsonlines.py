"""JSON lines (report files, evidence files): one object per line, one message for a line
that is not one."""

from __future__ import annotations

import json
from pathlib import Path

from labelaudit.errors import InputError


def parse_object(path: Path, number: int, line: str) -> dict:
    """Line ``number`` of ``path`` as a dict, or an InputError that names the line."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: line {number} is not valid JSON ({exc.msg})") from None
    if not isinstance(record, dict):
        raise InputError(f"{path}: line {number} is not a JSON object")
    return record
