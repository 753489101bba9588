"""The example label files in every layout (examples/layouts/), written by the team from the
datasets' published column descriptions; no real dataset label file is used."""

from __future__ import annotations

from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "layouts"
GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.fixture
def examples() -> Path:
    return EXAMPLES
