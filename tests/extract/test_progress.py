"""The progress bar shows on a terminal only, and never with --quiet."""

from __future__ import annotations

import io

from rich.console import Console

from labelaudit.extract.progress import progress_bar


def test_progress_bar_on_a_terminal_shows_reports() -> None:
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=120)
    with progress_bar(10, console=console) as advance:
        advance(4)
        advance(6)
    assert "10/10" in buffer.getvalue()


def test_progress_bar_is_silent_when_quiet_or_piped() -> None:
    for console, quiet in [
        (Console(file=io.StringIO(), force_terminal=True), True),
        (Console(file=io.StringIO(), force_terminal=False), False),
    ]:
        with progress_bar(10, console=console, quiet=quiet) as advance:
            advance(10)
        assert console.file.getvalue() == ""
