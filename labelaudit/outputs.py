"""Check output paths before any work starts, so a long run never fails at its last step.

Every command calls these on each file or folder it will write, with its inputs: an output
that would replace an input, a folder where a file goes (or the reverse), a symbolic link or
a FIFO that would silently become a plain file, or a place that cannot be written is a
one-line error up front.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from labelaudit.errors import InputError


def check_output_file(path: Path, inputs: Iterable[Path | None] = ()) -> None:
    """``path`` will be written (replaced atomically) as a plain file."""
    _refuse_inputs(path, inputs)
    if path.is_symlink():
        raise InputError(f"{path}: is a symbolic link; give the file it points to, or another name")
    if path.exists():
        mode = path.stat().st_mode
        if stat.S_ISDIR(mode):
            raise InputError(f"{path}: is a folder; give a file name")
        if not stat.S_ISREG(mode):
            raise InputError(
                f"{path}: is not a regular file (a pipe or a device); give a file name"
            )
    _check_writable_folder(path.parent)


def check_output_dir(path: Path, inputs: Iterable[Path | None] = ()) -> None:
    """``path`` is a folder that will be created if needed and written into."""
    _refuse_inputs(path, inputs)
    if path.exists() and not path.is_dir():
        raise InputError(f"{path}: exists and is not a folder")
    _check_writable_folder(path)


def check_distinct(paths: Iterable[Path]) -> None:
    """Two outputs of one run must not be the same file."""
    seen: dict[Path, Path] = {}
    for path in paths:
        key = path.resolve()
        if key in seen:
            raise InputError(f"{path}: given for two different outputs ({seen[key]} too)")
        seen[key] = path


def _refuse_inputs(path: Path, inputs: Iterable[Path | None]) -> None:
    target = path.resolve()
    for source in inputs:
        if source is not None and _same(target, source):
            raise InputError(
                f"{path}: is an input of this command; refusing to overwrite the input"
            )


def _same(target: Path, source: Path) -> bool:
    if source.resolve() == target:
        return True
    try:
        return target.exists() and os.path.samefile(target, source)
    except OSError:
        return False


def _check_writable_folder(folder: Path) -> None:
    """The folder, or its nearest existing ancestor (where it will be created), is writable."""
    existing = folder if str(folder) else Path(".")
    while not existing.exists():
        if existing.is_symlink():  # a dangling link where a folder should be
            raise InputError(f"{existing}: is a broken symbolic link")
        existing = existing.parent
    if not existing.is_dir():
        if existing == folder:
            raise InputError(f"{folder}: is a file, not a folder")
        raise InputError(f"{existing}: is a file, so {folder} cannot be created")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise InputError(f"{existing}: folder is not writable")
