"""The typer application that every command module registers itself on."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from enum import Enum
from typing import Annotated, TypeVar, get_args

import typer
import typer.core
from rich.console import Console

from labelaudit import __version__
from labelaudit.errors import LabelauditError

app = typer.Typer(
    name="labelaudit",
    help="Label chest X-ray reports, audit the labels, and train image models on them.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Piped or redirected output is read by programs and pasted into shells: rich would wrap it
# at 80 columns, splitting numbers and paths. Only a terminal (or an explicit COLUMNS) sets a
# width; otherwise lines are as long as they need to be.
UNWRAPPED = 10_000


def _width(stream) -> int | None:
    if "COLUMNS" in os.environ or stream.isatty():
        return None
    return UNWRAPPED


console = Console(width=_width(sys.stdout))
err_console = Console(stderr=True, soft_wrap=True, width=_width(sys.stderr))  # one line each


class Device(str, Enum):
    """Where torch runs; every command that runs a model takes this one choice."""

    auto = "auto"
    cpu = "cpu"
    cuda = "cuda"


def _type_in_help(self: typer.core._TyperParameter, ctx: object) -> str | None:
    """The value column of ``--help``: nothing for flags (``--quiet``, not ``--quiet <bool>``),
    the element type for repeatable options, a plain ``<int>`` next to its range."""
    if self.metavar is not None:
        return self.metavar
    if getattr(self, "is_flag", False):
        return None
    descriptor = self.type_descriptor
    if descriptor.is_choice:
        return _TYPER_DISPLAY[type(self)](self, ctx)
    if descriptor.is_ranged:
        return f"<{descriptor.ranged_type_name}>"
    if descriptor.is_list:
        element = get_args(descriptor.annotation)
        name = getattr(element[0], "__name__", "value") if element else "value"
        name = "path" if name.endswith("Path") else name
        return (
            f"<{name}>..."
            if isinstance(self, typer.core.TyperArgument)
            else f"<{name}> (repeatable)"
        )
    return _TYPER_DISPLAY[type(self)](self, ctx)


_TYPER_DISPLAY = {
    kind: kind.display_type_rich for kind in (typer.core.TyperOption, typer.core.TyperArgument)
}
for _kind in _TYPER_DISPLAY:
    _kind.display_type_rich = _type_in_help  # type: ignore[method-assign]


def _print_version(value: bool) -> None:
    if value:
        console.print(f"labelaudit {__version__}", highlight=False)
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Print the version and exit.",
        ),
    ] = False,
) -> None:
    """Label chest X-ray reports, audit the labels, and train image models on them."""


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
