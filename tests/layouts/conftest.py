"""The example label files in every layout (examples/layouts/), written by the team from the
datasets' published column descriptions; no real dataset label file is used."""

from __future__ import annotations

from pathlib import Path

import pytest
from layout_files import EXAMPLES


@pytest.fixture
def examples() -> Path:
    return EXAMPLES
