"""The labeler's evidence JSONL: which sentence and which rule produced each label."""

from __future__ import annotations

import json
import math
from pathlib import Path

from labelaudit.errors import InputError

FIELDS = ("sentence", "trigger", "trigger_rule", "mention_rule", "label")


def read_evidence(path: Path) -> dict[tuple[str, str], list[dict]]:
    """(report id, observation) -> the mentions that counted, in report order."""
    if not path.is_file():
        raise InputError(f"{path}: no such evidence file")
    found: dict[tuple[str, str], list[dict]] = {}
    with open(path, encoding="utf-8", errors="strict") as handle:
        try:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                record = _parse(path, number, line)
                if record.get("label") is None:  # an ignored mention decided nothing
                    continue
                key = (str(record["report_id"]), str(record["observation"]))
                found.setdefault(key, []).append(record)
        except UnicodeDecodeError as exc:
            raise InputError(f"{path}: not UTF-8 text ({exc.reason})") from None
    return found


def _parse(path: Path, number: int, line: str) -> dict:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}:{number}: not a JSON object ({exc.msg})") from None
    if not isinstance(record, dict):
        raise InputError(f"{path}:{number}: not a JSON object")
    if record.get("report_id") is None:
        raise InputError(
            f"{path}:{number}: the record has no report_id; run 'labelaudit extract' on reports "
            "with an id column"
        )
    if "observation" not in record:
        raise InputError(f"{path}:{number}: the record has no observation")
    return record


def deciding_mention(mentions: list[dict], label: float) -> dict | None:
    """The first mention whose class equals the report's label, else the first that counted."""
    if not mentions:
        return None
    if not math.isnan(label):
        for mention in mentions:
            if mention.get("label") is not None and float(mention["label"]) == label:
                return mention
    return mentions[0]
