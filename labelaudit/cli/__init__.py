"""Command-line interface: ``labelaudit COMMAND``. Each command lives in its own module;
importing the module registers its commands on ``app``, in the order ``--help`` lists them:
the workflow order, not the alphabet."""

# ruff: noqa: I001
from labelaudit.cli.app import app
from labelaudit.cli import extract as _extract  # noqa: F401  (extract, distribution)
from labelaudit.cli import validate as _validate  # noqa: F401
from labelaudit.cli import agree as _agree  # noqa: F401
from labelaudit.cli import convert as _convert  # noqa: F401  (layouts, convert)
from labelaudit.cli import synth as _synth  # noqa: F401
from labelaudit.cli import train as _train  # noqa: F401  (train, predict)
from labelaudit.cli import saliency as _saliency  # noqa: F401
from labelaudit.cli import audit as _audit  # noqa: F401

__all__ = ["app", "main"]


def main() -> None:
    import typer

    command = typer.main.get_command(app)
    for sub in getattr(command, "commands", {}).values():
        for param in sub.params:
            info = getattr(getattr(param, "type_descriptor", None), "parameter_info", None)
            if info is not None:
                # typer answers an unreadable input with a usage box and exit 2 before the
                # command runs; the command's own reading says "permission denied", exit 1.
                info.readable = False
    command(prog_name="labelaudit")
