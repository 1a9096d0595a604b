"""refbridge: move bibliographic records between BibTeX/BibLaTeX, RIS and JATS XML.

The public API is ``read``, ``write`` and ``convert``, the record model
(``Record``, ``Person``, ``Keyword``, ...) and ``hookimpl`` for plugins.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .api import convert, read, write
from .context import Context
from .diagnostics import Diagnostic
from .errors import ParseError, RefbridgeError, UsageError
from .hookspecs import hookimpl
from .model import AbstractSection, Keyword, PartialDate, Person, Record, SourceLocation
from .registry import Format, Option, Transform
from .session import Session

try:
    __version__ = version("refbridge")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

__all__ = [
    "AbstractSection",
    "Context",
    "Diagnostic",
    "Format",
    "Keyword",
    "Option",
    "ParseError",
    "PartialDate",
    "Person",
    "Record",
    "RefbridgeError",
    "Session",
    "SourceLocation",
    "Transform",
    "UsageError",
    "__version__",
    "convert",
    "hookimpl",
    "read",
    "write",
]
