"""Errors a user can act on. The CLI prints them as one line, never as a traceback."""


class LabelauditError(Exception):
    """Base class: the message is the whole story, shown to the user as is."""


class InputError(LabelauditError):
    """A missing, unreadable or malformed input file."""


class RuleError(LabelauditError):
    """A malformed rule file; the message names the file and line."""


class LabelFileError(InputError):
    """A CheXpert-format label file that cannot be used as it is."""
