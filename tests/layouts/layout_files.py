"""Where the layouts' example files and golden tables are (a helper with a unique name:
every test folder has its own conftest)."""

from __future__ import annotations

from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "layouts"
GOLDEN = Path(__file__).resolve().parent / "golden"
