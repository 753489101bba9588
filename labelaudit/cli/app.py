"""The typer application that every command module registers itself on."""

from __future__ import annotations

import functools
import os
import signal
import threading
from collections.abc import Callable
from typing import NoReturn, TypeVar

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
