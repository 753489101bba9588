"""Command-line interface: ``labelaudit COMMAND``. Each command lives in its own module."""

from labelaudit.cli.app import app

# Importing a command module registers its commands on ``app``; one line per module.


def main() -> None:
    app()
from labelaudit.cli import extract as _extract  # noqa: E402,F401
from labelaudit.cli import saliency as _saliency  # noqa: E402,F401
from labelaudit.cli import validate as _validate  # noqa: E402,F401
from labelaudit.cli import synth as _synth  # noqa: E402,F401
from labelaudit.cli import audit as _audit  # noqa: E402,F401
from labelaudit.cli import agree as _agree  # noqa: E402,F401
from labelaudit.cli import train as _train  # noqa: E402,F401
