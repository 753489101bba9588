"""The typer application that every command module registers itself on."""

from __future__ import annotations

import functools
import os
import signal
import sys
import threading
from collections.abc import Callable
from typing import Annotated, NoReturn, TypeVar, get_args

import typer
import typer.core
from rich.console import Console

from labelaudit import __version__
from labelaudit.devices import Device  # noqa: F401  (re-exported for every --device option)
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


class Terminated(BaseException):
    """SIGTERM, raised like Ctrl-C so that every temporary file is removed on the way out."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated


def _default_sigterm_in_child() -> None:
    """A forked worker (cleanlab's pool) must die on SIGTERM as it would without us: a Python
    handler runs only between bytecodes, so a child stuck in a lock would never stop."""
    if signal.getsignal(signal.SIGTERM) is _on_sigterm:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


if hasattr(os, "register_at_fork"):  # not on Windows, where nothing forks
    os.register_at_fork(after_in_child=_default_sigterm_in_child)


def user_errors(func: F) -> F:
    """The CLI's one error handler: a LabelauditError, an OSError (a disk full, a folder that
    cannot be written) or text that cannot be encoded becomes one red line and exit code 1,
    never a traceback. Ctrl-C and SIGTERM stop the command; partial files are removed."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        previous = _catch_sigterm()
        try:
            return func(*args, **kwargs)
        except LabelauditError as exc:
            _fail(str(exc))
        except OSError as exc:
            _fail(_os_message(exc))
        except UnicodeError as exc:
            _fail(f"text that cannot be written as UTF-8 ({exc})")
        except KeyboardInterrupt:
            err_console.print("[bold red]interrupted[/]")
            raise typer.Exit(code=130) from None
        except Terminated:
            err_console.print("[bold red]terminated[/]")
            raise typer.Exit(code=143) from None
        finally:
            if previous is not None:
                signal.signal(signal.SIGTERM, previous)

    return wrapper  # type: ignore[return-value]


def _catch_sigterm() -> object | None:
    if threading.current_thread() is not threading.main_thread():
        return None  # signal handlers can only be set from the main thread
    return signal.signal(signal.SIGTERM, _on_sigterm)


def _fail(message: str) -> NoReturn:
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code=1) from None


def _os_message(exc: OSError) -> str:
    """'out/labels.csv: permission denied', from any OSError."""
    what = (exc.strerror or str(exc) or type(exc).__name__).lower()
    if exc.filename is not None:
        return f"{exc.filename}: {what}"
    return what
