"""Read EndNote's tagged format (Refer/BibIX, ``.enw``, ``.ref``), line by line.

A tag line is ``%`` + one character + a space + the value (``%0 Journal Article``,
``%A Doe, Jane``); a line that is not a tag line continues the value above it.
A record ends at a blank line or where the next ``%0`` line starts one (exports
without blank lines, as JabRef's test file has). Text before the first tag line
(export headers) is skipped with a note; a record that holds nothing but its type
is reported and skipped. A record without ``%R`` whose ``%U`` is a DOI resolver's URL
(as the zotero flavour writes a DOI, which Zotero's Refer import has no tag for) gets
that DOI; a doi.org URL, which holds nothing but the DOI, is then not kept as its URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

from refbridge.context import Context
from refbridge.errors import ParseError
from refbridge.model import Record

from . import types as T
from .fields import Fields, url_doi
from .mapping_read import MULTILINE, to_record

_TAG_LINE = re.compile(r"^%(\S)(?: (.*))?$")
#: Lines read before giving up on finding a tag line (the input is not this format).
_SEARCH_LIMIT = 200


def read_endnote(stream: IO[str], context: Context) -> Iterator[Record]:
    """Yield the records of a tagged EndNote stream, one at a time."""
    lines: list[tuple[int, str, str]] = []  # (line, tag, value)
    seen_tag = False
    for number, raw in enumerate(stream, start=1):
        line = raw.rstrip("\r\n").lstrip("\ufeff")
        if not line.strip():
            if lines:
                yield from _finish(lines, context)
                lines = []
            continue
        match = _TAG_LINE.match(line.lstrip())
        if match is not None:
            tag, value = match.group(1), (match.group(2) or "").strip()
            if tag == "0" and lines:
                yield from _finish(lines, context)
                lines = []
            lines.append((number, tag, value))
            seen_tag = True
        elif lines:
            line_no, tag, value = lines[-1]
            lines[-1] = (line_no, tag, f"{value}\n{line.strip()}")
        elif not seen_tag:
            if number > _SEARCH_LIMIT:
                break
            context.info(f"line before the first tag skipped: {line[:60]!r}", code="RB975", line=number)
        else:
            context.warning(f"text outside a record skipped: {line[:60]!r}", code="RB975", line=number)
    if lines:
        yield from _finish(lines, context)
    if not seen_tag:
        raise ParseError(
            "not EndNote tagged text: no %-tag line (such as '%0 Journal Article')",
            file=context.filename,
            line=1,
            code="RB976",
        )


def _finish(lines: list[tuple[int, str, str]], context: Context) -> Iterator[Record]:
    fields = Fields(line=lines[0][0])
    for line, tag, value in lines:
        if tag == "0":  # only ever the first line: a %0 line starts a record
            fields.ref_type = value or None
            continue
        name = T.TAGS.get(tag)
        if name is None:
            context.info(f"tag %{tag} is not an EndNote tag; kept in extra", code="RB977", line=line)
            name = f"%{tag}"
        if name in T.LIST_FIELDS:
            for part in value.split("\n"):
                fields.add(name, part.strip())
        elif name in MULTILINE:
            fields.add(name, value)
        else:
            fields.add(name, " ".join(value.split()) if "\n" in value else value)
    if "electronic-resource-num" not in fields.values:
        _doi_of_url(fields)
    if not fields.values:
        context.warning(
            f"record with nothing but its type ({fields.ref_type or 'none'}) skipped",
            code="RB978",
            line=fields.line,
        )
        return
    yield to_record(fields, context)


def _doi_of_url(fields: Fields) -> None:
    """The DOI of the first ``%U`` that is a DOI resolver's URL (``https://doi.org/10.…``,
    ``http://doi.acm.org/10.…``); a doi.org URL, which holds nothing but the DOI, is not
    kept as a URL, a publisher resolver's is."""
    urls = fields.values.get("url", [])
    for index, url in enumerate(urls):
        parsed = url_doi(url)
        if parsed is None:
            continue
        if parsed.url is None:
            del urls[index]
            if not urls:
                fields.pop("url")
        fields.add("electronic-resource-num", parsed.doi)
        return
