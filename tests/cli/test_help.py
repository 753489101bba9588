"""Every command's --help: text on every option, no value placeholder on flags, --version."""

from __future__ import annotations

import pytest
import typer.main

from labelaudit import __version__
from labelaudit.cli import app

COMMAND = typer.main.get_command(app)
NAMES = sorted(COMMAND.commands)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", NAMES)
def test_every_option_has_help(name):
    command = COMMAND.commands[name]  # type: ignore[attr-defined]
    missing = [
        param.name
        for param in command.params
        if param.param_type_name == "option" and not (param.help or "").strip()
    ]
    assert not missing, f"labelaudit {name}: options without help text: {missing}"


@pytest.mark.parametrize("name", NAMES)
def test_help_shows_no_bool_or_list_placeholders(cli, name):
    result = cli(name, "--help")
    assert result.exit_code == 0, result.output
    assert "<bool>" not in result.output
    assert "<list[" not in result.output


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"labelaudit {__version__}"


class _Stream:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_output_to_a_pipe_is_not_wrapped(monkeypatch):
    from labelaudit.cli.app import UNWRAPPED, _width

    monkeypatch.delenv("COLUMNS", raising=False)
    assert _width(_Stream(tty=False)) == UNWRAPPED  # piped: lines as long as they need
    assert _width(_Stream(tty=True)) is None  # a terminal: rich measures it
    monkeypatch.setenv("COLUMNS", "100")
    assert _width(_Stream(tty=False)) is None  # an explicit width wins


def test_plurals():
    from labelaudit.wording import plural

    assert plural(1, "report") == "1 report"
    assert plural(0, "report") == "0 reports"
    assert plural(1250, "report") == "1,250 reports"
    assert plural(2, "study", "studies") == "2 studies"
