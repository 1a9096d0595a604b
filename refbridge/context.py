"""The context handed to readers, writers and transforms.

It carries the options resolved for that plugin (defaults, then config, then CLI)
and the means to report diagnostics with file, line and record key.
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
    resolved options of this plugin.
    """

    name: str
    filename: str | None = None
    options: Mapping[str, Any] = field(default_factory=dict)
    sink: DiagnosticSink = field(default_factory=DiagnosticSink)

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
    ) -> None:
        """Report a diagnostic; file and line default to the record's source location."""
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
