"""Golden-file helpers for the validate / agree tests (the gold set's ``data`` fixture is in
tests/conftest.py: the agreement tests read it too)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
# Regenerate golden files only on purpose: LABELAUDIT_UPDATE_GOLDEN=1 pytest tests/validation
UPDATE_GOLDEN = os.environ.get("LABELAUDIT_UPDATE_GOLDEN") == "1"


def check_golden(name: str, text: str) -> None:
    """Compare ``text`` with ``golden/NAME``; with LABELAUDIT_UPDATE_GOLDEN=1, rewrite it."""
    path = GOLDEN / name
    if UPDATE_GOLDEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}; run with LABELAUDIT_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


@pytest.fixture
def golden():
    return check_golden
