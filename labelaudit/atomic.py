"""Write files so that a crash never leaves a half-written output behind."""

from __future__ import annotations

import contextlib
import glob
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from labelaudit.errors import InputError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]


@contextlib.contextmanager
def atomic_write(path: str | os.PathLike[str], mode: str = "w", **open_kwargs) -> Iterator[IO]:
    """Open a temporary file beside ``path``; rename it over ``path`` only on success."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    sweep_stale_temporaries(target)
    fd, tmp_name = tempfile.mkstemp(
        prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent
    )
    if "b" not in mode:
        open_kwargs.setdefault("encoding", "utf-8")
        open_kwargs.setdefault("newline", "")
    try:
        with os.fdopen(fd, mode, **open_kwargs) as handle:
            yield handle
        os.chmod(tmp_name, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are shared files
        os.replace(tmp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def sweep_stale_temporaries(target: Path) -> None:
    """Remove the temporary files of ``target`` left by a run that was killed (``kill -9``):
    ours are named ``.NAME.PID.RANDOM.tmp``, and a file whose process is gone is stale."""
    with contextlib.suppress(OSError):
        for candidate in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
            pid = candidate.name[len(target.name) + 2 :].split(".", 1)[0]
            if pid.isdigit() and not process_alive(int(pid)):
                with contextlib.suppress(OSError):
                    candidate.unlink()


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but is someone else's
    return True


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def exclusive(path: str | os.PathLike[str]) -> Iterator[None]:
    """One run at a time writes ``path`` (and its sidecars): a second one fails at once,
    instead of pairing one run's labels with the other's meta file."""
    target = Path(path)
    if fcntl is None:  # no flock (Windows): nothing to hold
        yield
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    lock = target.parent / f".{target.name}.lock"
    with open(lock, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise InputError(
                f"{target}: another labelaudit run is writing this file; wait for it to end"
            ) from None
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                lock.unlink()


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    with atomic_write(path) as handle:
        handle.write(text)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    with atomic_write(path, "wb") as handle:
        handle.write(data)
