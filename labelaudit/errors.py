"""Errors a user can act on. The CLI prints them as one line, never as a traceback.

Every error class of the package lives here. Library code raises the subclasses, never the
base class, and its messages name Python parameters (``epochs must be at least 1``); the CLI
shows them as its flags (``--epochs must be at least 1``, see :class:`LabelauditError`).

    LabelauditError
    ├── InputError            a missing, unreadable or malformed input file
    │   ├── LabelFileError    a CheXpert-format label file that cannot be used as it is
    │   │   └── UnknownLayoutError
    │   ├── DicomError        a DICOM file that is not one grayscale radiograph
    │   └── OptionError       a parameter value out of range or at odds with another
    ├── RuleError             a malformed rule file (file and line)
    ├── MissingExtraError     an optional dependency (an extra) is not installed
    ├── TrainingError         training cannot go on
    └── WorkerError           a worker process died
"""

from __future__ import annotations


class LabelauditError(Exception):
    """Base class: the message is the whole story, shown to the user as is.

    A message names Python parameters, as ``epochs`` or ``device=cuda``; ``parameters``
    lists the names it uses that way, so that the CLI can show each as its flag
    (``--epochs``, ``--device cuda``). A name in ``parameters`` must appear in the message
    only as that parameter.
    """

    def __init__(self, message: str = "", *parameters: str) -> None:
        super().__init__(message)
        self.parameters: tuple[str, ...] = parameters


class InputError(LabelauditError):
    """A missing, unreadable or malformed input file."""


class RuleError(LabelauditError):
    """A malformed rule file; the message names the file and line."""


class LabelFileError(InputError):
    """A CheXpert-format label file that cannot be used as it is."""


class UnknownLayoutError(LabelFileError):
    """No layout fits the header (as opposed to two layouts fitting it)."""


class DicomError(InputError, ValueError):
    """A DICOM file that is not one grayscale radiograph.

    Also a ``ValueError``, so the image readers skip it like any other corrupt image.
    """


class OptionError(InputError):
    """A parameter value out of range, or at odds with another parameter.

    Under InputError because these were InputErrors before they had their own class: a
    caller's ``except InputError`` still catches them."""


class MissingExtraError(LabelauditError):
    """A feature needs an optional dependency that is not installed; the message gives the
    ``pip install 'labelaudit[extra]'`` line that installs it."""

    # keywords optional: a DataLoader worker re-raises it in the parent from the message alone
    def __init__(self, message: str, *, extra: str = "", module: str = "") -> None:
        super().__init__(message)
        self.extra = extra
        self.module = module


class TrainingError(LabelauditError):
    """Training cannot go on (a NaN loss, an empty split, ...)."""


class WorkerError(LabelauditError):
    """A worker process died (out of memory, or killed) before it finished its work."""
