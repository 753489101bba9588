"""The typer application that every command module registers itself on."""

from __future__ import annotations

import functools
import os
import re
import signal
import sys
import threading
from collections.abc import Callable
from typing import Annotated, NoReturn, TypeVar, get_args, get_type_hints

import typer
import typer.core
from rich.console import Console
from rich.markup import escape
from typer.models import OptionInfo

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


# Typer's own renderers, by parameter class, before _type_in_help replaces them.
_TYPER_KINDS = (typer.core.TyperOption, typer.core.TyperArgument)
_TYPER_DISPLAY: dict[type, Callable[..., str | None]] = {
    kind: kind.display_type_rich for kind in _TYPER_KINDS
}
for _kind in _TYPER_KINDS:
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


def user_errors(func: F | None = None, *, aliases: dict[str, str] | None = None) -> F:
    """The CLI's one error handler: a LabelauditError, an OSError (a disk full, a folder that
    cannot be written) or text that cannot be encoded becomes one red line and exit code 1,
    never a traceback. Ctrl-C and SIGTERM stop the command; partial files are removed.

    A LabelauditError's parameters are shown as the command's flags; ``aliases`` maps a
    library parameter to the command's own where their names differ
    (``@user_errors(aliases={"k": "folds"})``)."""
    if func is None:
        return functools.partial(user_errors, aliases=aliases)  # type: ignore[return-value]

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        previous = _catch_sigterm()
        try:
            return func(*args, **kwargs)
        except LabelauditError as exc:
            _fail(as_flags(exc, func, aliases))
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
    # escape: a message quotes paths, column names and "pip install 'labelaudit[train]'",
    # whose brackets rich would otherwise take for markup and drop
    err_console.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code=1) from None


def as_flags(exc: LabelauditError, command: Callable, aliases: dict[str, str] | None = None) -> str:
    """The message with each parameter it names shown as the running command's flag:
    ``epochs`` -> ``--epochs``, ``device=cuda`` -> ``--device cuda``, ``resume=True`` ->
    ``--resume``. Parameters ``command`` (the typer command function) has no flag for keep
    their Python name."""
    message = str(exc)
    flags = _command_flags(command)
    for parameter in exc.parameters:
        name = parameter.removesuffix("=")
        flag = flags.get((aliases or {}).get(name, name))
        if flag is None:
            continue
        # not inside a path or a longer word ("runs/output", "output_dir"); "per=" rewrites
        # only "per=image", for a name that is also a plain word of the message
        value = r"(?:=(?P<value>[^\s,;:)]+))" + ("" if parameter.endswith("=") else "?")
        pattern = re.compile(rf"(?<![\w/.-]){re.escape(name)}{value}(?![\w/.-])")
        message = pattern.sub(functools.partial(_as_flag, flag), message)
    return message


def _as_flag(flag: tuple[str, str | None], match: re.Match[str]) -> str:
    return _flag(flag, match["value"])


def _flag(flag: tuple[str, str | None], value: str | None) -> str:
    on, off = flag
    if value == "True" or value is None:
        return on
    if value == "False" and off:
        return off
    return f"{on} {value}"


def _command_flags(command: Callable) -> dict[str, tuple[str, str | None]]:
    """Python parameter name -> (long flag, its ``--no-`` form or None), for each option
    of ``command``, read from its signature as typer reads it."""
    flags: dict[str, tuple[str, str | None]] = {}
    for name, hint in get_type_hints(command, include_extras=True).items():
        info = next(
            (m for m in getattr(hint, "__metadata__", ()) if isinstance(m, OptionInfo)), None
        )
        if info is None:
            continue  # an argument, or not a CLI parameter
        # typer.Option("--format") in Annotated: the flag arrives as the default
        decls = [info.default] if isinstance(info.default, str) else []
        declared = [d for decl in [*decls, *(info.param_decls or ())] for d in decl.split("/")]
        long = [d for d in declared if d.startswith("--")]
        on = long[0] if long else "--" + name.replace("_", "-")
        if len(long) > 1:
            flags[name] = (on, long[1])
        elif bool in (get_args(hint)[0], *get_args(get_args(hint)[0])):
            flags[name] = (on, "--no-" + on.removeprefix("--"))
        else:
            flags[name] = (on, None)
    return flags


def _os_message(exc: OSError) -> str:
    """'out/labels.csv: permission denied', from any OSError."""
    what = (exc.strerror or str(exc) or type(exc).__name__).lower()
    if exc.filename is not None:
        return f"{exc.filename}: {what}"
    return what
