"""refbridge's one error hierarchy.

Every ``RefbridgeError`` message is written for users: the CLI prints it as it is,
with no traceback. Anything else escaping is a bug in refbridge.
"""

from __future__ import annotations


class RefbridgeError(Exception):
    """Base class of every error refbridge reports to a user."""

    code = "RB000"


class UsageError(RefbridgeError):
    """The user asked for something impossible: unknown format, bad option, missing file."""

    code = "RB001"


class ConfigError(UsageError):
    """The configuration file or an option value is invalid."""

    code = "RB002"


class ParseError(RefbridgeError):
    """Input that a reader cannot make sense of at all, with file and line.

    Readers raise this (and nothing else) for input they must give up on; a problem
    with one record is a diagnostic instead, and reading goes on.
    """

    code = "RB010"

    def __init__(
        self, message: str, *, file: str | None = None, line: int | None = None, code: str | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        if code is not None:
            self.code = code

    def __str__(self) -> str:
        where = f"{self.file or '<input>'}:{self.line}" if self.line else (self.file or "<input>")
        return f"{where}: error: {self.message} [{self.code}]"


class StrictModeError(RefbridgeError):
    """Raised in ``--strict`` mode at the first warning or error diagnostic."""

    code = "RB003"

    def __init__(self, diagnostic: object) -> None:
        super().__init__(f"{diagnostic} (stopped: --strict)")
        self.diagnostic = diagnostic


class OutputError(RefbridgeError):
    """The output could not be written; any previous output file is left untouched."""

    code = "RB004"
