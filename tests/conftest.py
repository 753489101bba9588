"""What every test folder shares: hypothesis profiles, the CLI runner, the hand-written gold set.

Hypothesis profiles (pick one with ``HYPOTHESIS_PROFILE=thorough pytest ...``):

- ``ci``, the default: few examples, the same ones on every run (derandomized, no example
  database), no deadline since the machine may be shared. Keeps the property tests to seconds.
- ``thorough``: many random examples, for a deep run before a release or after a rule change.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import settings
from typer.testing import CliRunner

settings.register_profile("ci", max_examples=25, deadline=None, derandomize=True, database=None)
settings.register_profile("thorough", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Wide enough that no message or help line wraps inside a word, whatever the real terminal.
CLI_WIDTH = 200
VALIDATION_DATA = Path(__file__).parent / "validation" / "data"

Cli = Callable[..., Result]


@pytest.fixture(scope="session")
def cli() -> Cli:
    """Run ``labelaudit ARGS...`` in-process; arguments may be paths or numbers.

    Fixed terminal width and no colour, so output does not depend on who runs the tests.
    Keyword arguments go to ``CliRunner.invoke`` (``input=``, ``env=``, ...).
    """
    from labelaudit.cli import app

    runner = CliRunner()

    def invoke(*args: object, env: dict[str, str] | None = None, **kwargs: object) -> Result:
        fixed = {"COLUMNS": str(CLI_WIDTH), "NO_COLOR": "1", **(env or {})}
        return runner.invoke(app, [str(a) for a in args], env=fixed, **kwargs)

    return invoke


@pytest.fixture
def data() -> Path:
    """The hand-written gold set and predictions (tests/validation/data) that the validation
    and agreement tests share."""
    return VALIDATION_DATA
