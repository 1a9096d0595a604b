"""refbridge: move bibliographic records between BibTeX/BibLaTeX, RIS and JATS XML.

The public API is ``read``, ``write`` and ``convert``, the record model
(``Record``, ``Person``, ``Keyword``, ...), and for plugins ``hookimpl``, the registry
entries (``Format``, ``Transform``, ``Option``, ``Registry``), ``Context`` and the
lossless-rewrite types (``Rewrite``, ``FieldChange``). Everything else is private:
modules starting with an underscore and ``refbridge._internal`` (docs/architecture.md).

Names are imported on first use (PEP 562), so that ``import refbridge.cli`` — the
start of every command — does not pay for the pipeline, pluggy and importlib.metadata.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from refbridge.api import convert, read, write
    from refbridge.context import Context
    from refbridge.diagnostics import Diagnostic
    from refbridge.errors import ParseError, RefbridgeError, UsageError
    from refbridge.hookspecs import hookimpl
    from refbridge.model import AbstractSection, Keyword, PartialDate, Person, Record, SourceLocation
    from refbridge.registry import Format, Option, Registry, Transform
    from refbridge.rewrite import FieldChange, Rewrite
    from refbridge.session import Session

_EXPORTS: dict[str, str] = {
    "convert": "api",
    "read": "api",
    "write": "api",
    "Context": "context",
    "Diagnostic": "diagnostics",
    "ParseError": "errors",
    "RefbridgeError": "errors",
    "UsageError": "errors",
    "hookimpl": "hookspecs",
    "AbstractSection": "model",
    "Keyword": "model",
    "PartialDate": "model",
    "Person": "model",
    "Record": "model",
    "SourceLocation": "model",
    "Format": "registry",
    "Option": "registry",
    "Transform": "registry",
    "Registry": "registry",
    "FieldChange": "rewrite",
    "Rewrite": "rewrite",
    "Session": "session",
}

__all__ = [  # noqa: RUF022 - grouped as _EXPORTS
    "convert",
    "read",
    "write",
    "Context",
    "Diagnostic",
    "ParseError",
    "RefbridgeError",
    "UsageError",
    "hookimpl",
    "AbstractSection",
    "Keyword",
    "PartialDate",
    "Person",
    "Record",
    "SourceLocation",
    "Format",
    "Option",
    "Transform",
    "Registry",
    "FieldChange",
    "Rewrite",
    "Session",
    "__version__",
]


def __dir__() -> list[str]:
    """The public API only (not the helpers this module uses to load it lazily)."""
    return sorted(__all__)


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("refbridge")
        except PackageNotFoundError:  # a source tree that is not installed
            return "0+unknown"
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'refbridge' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value
