"""Grouping RIS lines into records as the stream is read.

A record ends at ``ER`` or at the next ``TY``; continuation lines are appended to the
field before them; text outside records, a missing ``ER`` and bytes in a second
encoding are reported with their line numbers. ``ris_read`` maps the groups to records.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterable, Iterator
from typing import IO, Any

from refbridge.context import Context
from refbridge.errors import ParseError
from refbridge.formats.ris import tables as T

#: Non-blank lines before the first TY after which the input is declared not RIS.
MAX_HEADER_LINES = 50

RawRecord = dict[str, list[list[Any]]]  # tag → entries [value, line number, continuation lines...]
Values = dict[str, list[list[Any]]]  # tag → [value, line number] after joining continuations
_SURROGATES = re.compile("[\udc80-\udcff]+")
_ISSN = re.compile(r"\d{4}-\d{3}[\dXx](?: \(\w+\))?")
_ERROR_HANDLER = "refbridge-ris-mixed"
_decode_errors = [0]  # undecodable byte runs seen by the handler, in any stream


def _escape_and_count(error: UnicodeError) -> tuple[str | bytes, int]:
    # surrogateescape, and a count so that the reader looks for escapes only once some exist.
    _decode_errors[0] += 1
    return codecs.lookup_error("surrogateescape")(error)


codecs.register_error(_ERROR_HANDLER, _escape_and_count)
_CP1252_UNDEFINED = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})


def note_decode_errors() -> None:
    """Tell the grouping loop that undecodable bytes may be present (a worker process
    reading a chunk whose bytes were decoded by the main process)."""
    _decode_errors[0] += 1


def allow_mixed_encodings(stream: IO[str]) -> str | None:
    """Let a UTF-8 or cp1252 input hold bytes of another encoding (old EndNote files
    appended to new ones): they arrive as surrogate escapes, which the grouping loop
    decodes as cp1252 and reports by line. Returns the encoding, or None if not done."""
    if not isinstance(stream, io.TextIOWrapper) or stream.errors != "strict":
        return None
    encoding = codecs.lookup(stream.encoding).name
    if encoding not in ("utf-8", "utf-8-sig", "cp1252"):
        return None
    stream.reconfigure(errors=_ERROR_HANDLER)
    return encoding


def _repair(line: str, number: int, encoding: str, context: Context) -> str:
    if not _SURROGATES.search(line):
        return line
    context.warning(
        f"bytes that are not valid {encoding} decoded as cp1252 (mixed encodings?)",
        code="RB311",
        line=number,
    )
    return _SURROGATES.sub(_decode_escaped, line)


def _decode_escaped(match: re.Match[str]) -> str:
    raw = bytes(ord(char) - 0xDC00 for char in match.group(0))
    return "".join(
        bytes([byte]).decode("cp1252") if byte not in _CP1252_UNDEFINED else chr(byte) for byte in raw
    )


def iter_raw_records(
    lines: Iterable[str],
    context: Context,
    *,
    repair: str | None = None,
    first_line: int = 1,
    after_record: bool = False,
) -> Iterator[tuple[int, RawRecord, set[str]]]:
    """Group lines into records: yield (line of the record's start, its fields, the
    tags whose entries need finishing by ``finish_entries``).

    A record maps each tag to its entries ``[value, line, continuation...]`` in file
    order. Continuation lines are appended to the entry before them; text outside
    records is reported and skipped; a missing ``ER`` is reported and the record kept.
    ``repair`` names the encoding whose undecodable bytes are to be repaired.
    A chunk of a larger input (see ``ris_chunks``) starts at ``first_line``, just
    ``after_record`` (an ``ER`` line) of the chunk before it.
    """
    valid_tags = T.VALID_TAGS
    match = T.TAG_LINE.match
    single_line = T.SINGLE_LINE_TAGS
    record: RawRecord | None = None
    current: list[Any] = []
    current_tag = ""
    start = 0
    seen_record = after_record
    outside: list[int] = []  # line numbers of the current block of text outside records
    outside_tags = False
    dirty: set[str] = set()  # tags of the current record with continuation lines or empty values
    number = 0
    for number, line in enumerate(lines, first_line):
        if repair and _decode_errors[0] and not line.isascii():
            line = _repair(line, number, repair, context)  # noqa: PLW2901
        # Fast path for "XX  - value"; the regex only for the rarer "XX - value".
        tag = line[:2]
        if line[2:5] == "  -" and tag in valid_tags:
            value = line[5:].strip()
        elif line[2:4] == " -" and (found := match(line.rstrip("\r\n"))):
            value = (found.group(2) or "").strip()
        else:
            if record is not None:
                text = line.strip()
                current.append(text)
                dirty.add(current_tag)
                # EndNote writes a second ISSN on a line of its own: no news.
                if (
                    text
                    and current_tag in single_line
                    and not (current_tag == "SN" and _ISSN.fullmatch(text))
                ):
                    context.warning(
                        f"line without a tag joined to the {current_tag} value above",
                        code="RB303",
                        line=number,
                    )
            elif not line.isspace() and line:
                outside.append(number)
                if not seen_record and len(outside) > MAX_HEADER_LINES:
                    raise _not_ris(context, outside[0])
            continue
        current = [value, number]
        current_tag = tag
        if not value:
            dirty.add(tag)
        if record is not None and tag not in {"TY", "ER"}:
            entries = record.get(tag)
            if entries is None:
                record[tag] = [current]
            else:
                entries.append(current)
        elif tag == "TY":
            if record is not None:
                context.warning(
                    f"record has no ER line; the TY at line {number} starts the next record",
                    code="RB302",
                    line=start,
                )
                yield start, record, dirty
                dirty = set()
            _report_outside(context, outside, outside_tags)
            outside, outside_tags = [], False
            record = {"TY": [current]}
            start = number
            seen_record = True
        elif tag == "ER":
            if record is None:
                outside.append(number)
                outside_tags = True
            else:
                yield start, record, dirty
                record = None
                dirty = set()
        elif seen_record and not outside:
            context.warning(
                f"{tag} line after ER without a TY line: a new record starts here (type {T.DEFAULT_TYPE})",
                code="RB306",
                line=number,
            )
            record = {tag: [current]}
            start = number
        else:
            outside.append(number)
            outside_tags = True
    if not seen_record:
        if outside:
            raise _not_ris(context, outside[0])
        return
    _report_outside(context, outside, outside_tags)
    if record is not None:
        context.warning(
            f"the input ends at line {number} inside a record with no ER line (truncated?); "
            "the record is kept",
            code="RB301",
            line=start,
        )
        yield start, record, dirty


def _not_ris(context: Context, line: int) -> ParseError:
    return ParseError(
        "not a RIS file: no record starts with a 'TY  - ' line",
        file=context.filename,
        line=line,
        code="RB300",
    )


def _report_outside(context: Context, lines: list[int], tags: bool) -> None:
    if not lines:
        return
    where = f"line {lines[0]}" if len(lines) == 1 else f"lines {lines[0]}-{lines[-1]}"
    if tags:
        context.warning(
            f"tag lines outside any record ({where}, no TY before them) ignored", code="RB305", line=lines[0]
        )
    else:
        context.info(f"text outside records ({where}) ignored", code="RB304", line=lines[0])
