"""refbridge's own lossless JSON: an array of objects named like the model's fields.

It is what tests and users read to see exactly what a reader produced. Writing
streams one record at a time; reading loads the whole file (JSON forces it).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import IO

from refbridge.context import Context
from refbridge.errors import ParseError
from refbridge.formats.json.field_map import FIELD_MAP
from refbridge.hookspecs import hookimpl
from refbridge.model import Record, SourceLocation
from refbridge.registry import Format, Option, Registry
from refbridge.serialize import RecordDataError, record_from_dict, record_to_dict


def read_json(stream: IO[str], context: Context) -> Iterator[Record]:
    """Read an array of record objects (or a single object)."""
    text = stream.read()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ParseError(
            f"invalid JSON: {exc.msg}", file=context.filename, line=exc.lineno, code="RB030"
        ) from None
    except ValueError as exc:  # a number of over 4,300 digits (Python's int limit)
        raise ParseError(f"invalid JSON: {exc}", file=context.filename, code="RB030") from None
    except RecursionError:
        raise ParseError(
            "JSON nested too deeply to be records", file=context.filename, code="RB030"
        ) from None
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list):
        raise ParseError("expected a JSON array of records", file=context.filename, line=1, code="RB030")
    line_of = _object_lines(text)
    for index, item in enumerate(data):
        line = line_of[index] if index < len(line_of) else None
        try:
            record, unknown = record_from_dict(item, SourceLocation(context.filename, line))
        except RecordDataError as exc:
            context.error(f"record {index + 1} skipped: {exc}", code="RB031", line=line)
            continue
        for key in unknown:
            context.warning(f"unknown field {key!r} kept in extra", code="RB032", line=line, key=record.key)
        yield record


def _object_lines(text: str) -> list[int]:
    """Line numbers where each top-level array element starts (for diagnostics)."""
    lines: list[int] = []
    depth = 0
    line = 1
    in_string = escaped = False
    for char in text:
        if char == "\n":
            line += 1
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
            continue
        if char == '"':
            in_string = True
        elif char in "[{":
            if depth == 1 and char == "{":
                lines.append(line)
            depth += 1
        elif char in "]}":
            depth -= 1
    return lines


def write_json(records: Iterable[Record], stream: IO[str], context: Context) -> None:
    """Write records as a JSON array, one record at a time.

    With ``indent`` (the default) each field of a record sits on its own line with
    its value on one line: readable and diff-friendly, and encoded by json's fast
    C encoder (full pretty-printing goes through the pure-Python one, ~5× slower).
    """
    indent = context.option("indent")
    first = True
    stream.write("[")
    for record in records:
        stream.write("\n" if first else ",\n")
        first = False
        data = record_to_dict(record)
        if not indent:
            stream.write(_dumps(data))
            continue
        body = ",\n".join(f"    {_dumps(name)}: {_dumps(value)}" for name, value in data.items())
        stream.write(f"  {{\n{body}\n  }}")
    stream.write("\n]\n" if not first else "]\n")


# One encoder for the whole run: json.dumps builds a new one per call.
_dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode


def sniff_json(head: str) -> float:
    """Score a head of text as refbridge JSON."""
    stripped = head.lstrip()
    if stripped.startswith("[") or stripped.startswith("{"):
        return 0.6 if '"title"' in stripped or '"type"' in stripped else 0.3
    return 0.0


JSON_FORMAT = Format(
    name="json",
    fields=FIELD_MAP,
    description="refbridge's lossless JSON of the record model",
    extensions=(".json",),
    read=read_json,
    write=write_json,
    sniff=sniff_json,
    formattable=True,
    options=(Option("indent", bool, True, "pretty-print with two-space indentation"),),
)


@hookimpl
def refbridge_register_formats(registry: Registry[Format]) -> None:
    """Register the json format."""
    registry.add(JSON_FORMAT)
