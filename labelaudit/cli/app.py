"""The typer application that every command module registers itself on."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

import typer
from rich.console import Console

from labelaudit.errors import LabelauditError

app = typer.Typer(
    name="labelaudit",
    help="Label chest X-ray reports, audit the labels, and train image models on them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

console = Console()
err_console = Console(stderr=True, soft_wrap=True)  # messages stay one line, greppable

F = TypeVar("F", bound=Callable)


def user_errors(func: F) -> F:
    """Turn a LabelauditError into one red line and exit code 1: never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except LabelauditError as exc:
            err_console.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
            raise typer.Exit(code=1) from None
        except KeyboardInterrupt:
            err_console.print("[bold red]interrupted[/]")
            raise typer.Exit(code=130) from None

    return wrapper  # type: ignore[return-value]
