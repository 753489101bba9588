"""The saliency method names (torch-free, so the CLI can offer them without loading torch)."""

from __future__ import annotations

from enum import Enum

from labelaudit.errors import InputError


class Method(str, Enum):
    GRADIENT = "gradient"
    GRADCAM = "gradcam"
    SMOOTHGRAD = "smoothgrad"


def parse_methods(choice: str) -> list[Method]:
    """``all`` or one method name -> the methods to run, in a fixed order."""
    if choice == "all":
        return list(Method)
    try:
        return [Method(choice)]
    except ValueError:
        names = ", ".join([m.value for m in Method] + ["all"])
        raise InputError(f"unknown saliency method '{choice}'; choose one of: {names}") from None
