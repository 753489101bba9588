"""A rich progress bar in reports/s, shown only on a terminal and never with --quiet."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text


class RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} reports/s" if speed else "… reports/s", style="cyan")


@contextlib.contextmanager
def progress_bar(
    total: int | None, *, console: Console, quiet: bool = False
) -> Iterator[Callable[[int], None]]:
    """Yield ``advance(n)``; a no-op when quiet or when ``console`` is not a terminal."""
    if quiet or not console.is_terminal:
        yield lambda n: None
        return
    columns = [
        TextColumn("labeling"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    ]
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("labeling", total=total)
        yield lambda n: progress.advance(task, n)
