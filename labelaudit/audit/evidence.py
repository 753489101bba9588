"""The labeler's evidence JSONL: which sentence and which rule produced each label."""

from __future__ import annotations

import math
from pathlib import Path

from labelaudit.errors import InputError
from labelaudit.validation.evidence import read_evidence as read_evidence_records


def read_evidence(path: Path) -> dict[tuple[str, str], list[dict]]:
    """(report id, observation) -> the mentions that counted, in report order.

    Reading and checking the file is shared with ``labelaudit validate``; the audit also needs
    report ids, since it joins labels to images by id.
    """
    found: dict[tuple[str, str], list[dict]] = {}
    for record in read_evidence_records(path):
        if record.get("report_id") in (None, ""):
            raise InputError(
                f"{path}: evidence records without a report_id (row {record.get('row')}); run "
                "'labelaudit extract' on reports with an id column"
            )
        if record.get("label") is None:  # an ignored mention decided nothing
            continue
        key = (str(record["report_id"]), str(record["observation"]))
        found.setdefault(key, []).append(record)
    return found


def deciding_mention(mentions: list[dict], label: float) -> dict | None:
    """The first mention whose class equals the report's label, else the first that counted."""
    if not mentions:
        return None
    if not math.isnan(label):
        for mention in mentions:
            if mention.get("label") is not None and float(mention["label"]) == label:
                return mention
    return mentions[0]
