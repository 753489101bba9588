"""Errors a user can act on. The CLI prints them as one line, never as a traceback."""


class LabelauditError(Exception):
    """Base class: the message is the whole story, shown to the user as is."""


class InputError(LabelauditError):
    """A missing, unreadable or malformed input file."""


class RuleError(LabelauditError):
    """A malformed rule file; the message names the file and line."""


class LabelFileError(InputError):
    """A CheXpert-format label file that cannot be used as it is."""


class OptionError(LabelauditError):
    """A parameter value out of range, or at odds with another parameter.

    The message names Python parameters, as ``epochs`` or ``device=cuda``; ``parameters``
    lists the names it uses that way, so that the CLI can show each as its flag
    (``--epochs``, ``--device cuda``). A name in ``parameters`` must appear in the message
    only as that parameter.
    """

    def __init__(self, message: str, *parameters: str) -> None:
        super().__init__(message)
        self.parameters: tuple[str, ...] = parameters
