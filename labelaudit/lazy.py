"""Lazy public names for a package ``__init__``: a module loads when its name is first used.

So ``import labelaudit.train`` stays free of torch, and a labeling worker that imports
``labelaudit.extract.runner`` does not pay for pandas (PEP 562 module ``__getattr__``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable


def lazy_exports(package: str, homes: dict[str, str]) -> Callable[[str], object]:
    """A module ``__getattr__`` that finds ``name`` in ``package.<homes[name]>``."""

    def __getattr__(name: str) -> object:
        if name in homes:
            return getattr(importlib.import_module(f"{package}.{homes[name]}"), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__
