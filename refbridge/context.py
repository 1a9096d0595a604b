"""The context handed to readers, writers and transforms.

It carries the options resolved for that plugin (defaults, then config, then CLI),
read with ``context.option(name)``, and the means to report diagnostics with file,
line and record key.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from refbridge.diagnostics import Diagnostic, DiagnosticSink, Severity
from refbridge.model import Record


@dataclass
class Context:
    """What a format or transform needs to know about the run it is part of.

    ``name`` is the format or transform name, ``filename`` the input or output
    being processed (``<stdin>``/``<stdout>`` for streams), ``options`` the
    resolved options of this plugin: every declared option, at its default or the
    value given, already of its declared type (``Session.context`` and
    ``registry.resolve_options`` build it). Read one with ``option(name)``.
    """

    name: str
    filename: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    sink: DiagnosticSink = field(default_factory=DiagnosticSink)

    def option(self, name: str) -> Any:
        """The resolved value of the declared option ``name``.

        The default lives only in the ``Option`` declaration, so a read site never
        gives one. An undeclared name is a bug in the plugin, not a user's mistake:
        it raises UndeclaredOptionError (a LookupError, shown with a traceback).
        """
        try:
            return self.options[name]
        except KeyError:
            raise UndeclaredOptionError(self, name) from None

    def report(
        self,
        severity: Severity,
        message: str,
        *,
        code: str,
        line: int | None = None,
        record: Record | None = None,
        key: str | None = None,
        file: str | None = None,
        element: str | None = None,
    ) -> None:
        """Report a diagnostic; file and line default to the record's source location.
        ``element`` names the part of an XML document (``ref id="…"``) where a line
        number alone does not tell which one it is."""
        if record is not None:
            if record.source is not None:
                file = file or record.source.file
                line = line if line is not None else record.source.line
            key = key or record.key
        self.sink.add(
            Diagnostic(
                severity=severity,
                message=message,
                code=code,
                file=file or self.filename,
                line=line,
                key=key,
                element=element,
            )
        )

    def error(self, message: str, *, code: str, **where: Any) -> None:
        """Report an error: the record (or part of it) could not be converted as it was."""
        self.report("error", message, code=code, **where)

    def warning(self, message: str, *, code: str, **where: Any) -> None:
        """Report a warning: converted, but something looks wrong or was adjusted."""
        self.report("warning", message, code=code, **where)

    def info(self, message: str, *, code: str, **where: Any) -> None:
        """Report an informational remark (shown with ``--verbose``)."""
        self.report("info", message, code=code, **where)


class UndeclaredOptionError(LookupError):
    """A format or transform read an option it did not declare (a programming error).

    Also raised for a context built by hand without its resolved options
    (``Context("bibtex")``): build it with ``Session.context(name, filename)`` or
    ``Context(name, filename, resolve_options(fmt.options, {}, name))``.
    """

    def __init__(self, context: Context, name: str) -> None:
        declared = ", ".join(sorted(context.options)) or "none"
        super().__init__(
            f"{context.name}: option {name!r} is not declared (declared: {declared}); "
            "declare it as an Option in the format's or transform's registration, "
            "and give the Context the options resolved for it"
        )
        self.owner = context.name
        self.name = name
