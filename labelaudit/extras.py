"""Optional dependencies: one check and one message for every command and library entry
point that needs an extra, so a core install answers with the pip line, never a traceback.

    [train]  torch, torchvision   train, predict, saliency
    [audit]  cleanlab             audit (no torch: it reads a predictions CSV)
    [dicom]  pydicom (+ pylibjpeg decoders)   DICOM films, read or written
"""

from __future__ import annotations

import importlib

from labelaudit.errors import MissingExtraError

# extra -> (the modules it provides that labelaudit imports, how a message names them)
EXTRAS: dict[str, tuple[tuple[str, ...], str]] = {
    "train": (("torch", "torchvision"), "PyTorch and torchvision"),
    "audit": (("cleanlab",), "cleanlab"),
    "dicom": (("pydicom",), "pydicom"),
}


def install_hint(extra: str) -> str:
    """The command that installs ``extra``: ``pip install 'labelaudit[train]'``."""
    return f"pip install 'labelaudit[{extra}]'"


def require(extra: str, feature: str) -> None:
    """Import the modules of ``extra``, or raise :class:`MissingExtraError` naming
    ``feature`` (``"labelaudit saliency"``, ``"reading DICOM files"``) and the pip line."""
    modules, names = EXTRAS[extra]
    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError as exc:
            missing = exc.name or module
            raise MissingExtraError(
                f"{feature} needs {names} ({missing} is not installed): {install_hint(extra)}",
                extra=extra,
                module=missing,
            ) from None
