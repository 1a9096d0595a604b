"""The lossless rewrite of a .bib file behind ``refbridge format``.

Every byte outside the entries (``@string``, ``@preamble``, ``@comment``, comments
and any text between entries) is put back as it was. Each entry is laid out by
these rules and nothing else:

- ``@Type{key,`` on its first line, type, key and delimiters as written;
- one field per line, indented by two spaces, the name as written and padded to
  12 columns, `` = ``, the value exactly as written (braces, quotes, ``@string``
  macros, ``#`` concatenations, line breaks inside it), a comma after each field;
- the closing delimiter on a line of its own.

A value changes only when a transform changed what the record holds there: the
field is then written as the BibTeX writer writes that value, with the braces that
protected words in the old value put back around the same words. A field the
transforms added goes after the field the writer puts before it; a field they
emptied is removed. Entries the rules cannot re-lay out without changing what they
say (a keyless or unclosed entry, or one whose fields would not read back the
same) are left exactly as written.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

from refbridge._keyset import HashTable
from refbridge.context import Context
from refbridge.diagnostics import DiagnosticSink
from refbridge.errors import ParseError
from refbridge.formats.bibtex.parse import Parser
from refbridge.formats.bibtex.read import check_duplicate, entries, to_record
from refbridge.formats.bibtex.scan import Entry
from refbridge.formats.bibtex.tables import BIBLATEX, BIBTEX
from refbridge.formats.bibtex.write import EntryWriter
from refbridge.model import Record
from refbridge.rewrite import FieldChange, RecordStep, Rewrite

_NAME_WIDTH = 12
_HEADER = re.compile(r"@[ \t]*([A-Za-z][\w:.+-]*)\s*([{(])")
_NAME = re.compile(r"[^\s=]+")
#: Fields the reader takes one model value from: a change to one name of a group is
#: written to the name the entry already uses.
_ALIASES: dict[str, tuple[str, ...]] = {
    "number": ("issue",),
    "issue": ("number",),
    "journal": ("journaltitle",),
    "journaltitle": ("journal",),
    "address": ("location",),
    "location": ("address",),
    "school": ("institution",),
    "institution": ("school",),
}
#: A brace group that protects words (capitals, a name) rather than holding a command.
_PROTECTED = re.compile(r"\{([^{}\\$]*[A-Za-z][^{}\\$]*)\}")
_BIB_BLOCK = re.compile(r"^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]", re.MULTILINE)


def rewrite_bib(text: str, context: Context, step: RecordStep) -> Rewrite:
    """Rewrite a whole .bib text (``"\\n"`` line ends) losslessly; see the module docstring."""
    dialect = BIBLATEX if context.name == BIBLATEX else BIBTEX
    # The writer renders values only to see what a transform changed: its remarks
    # (already made when the file was written) are not this run's news.
    quiet = Context(context.name, context.filename, context.options, DiagnosticSink())
    writer = EntryWriter(dialect, quiet)
    starts = _line_starts(text)
    out: list[str] = []
    changes: list[FieldChange] = []
    done = records = 0
    seen = HashTable()
    for entry in _entries(text, context):
        offset = starts[entry.first_line - 1]
        start, end = offset + entry.start, offset + entry.end
        out.append(text[done:start])
        records += 1
        if entry.key is not None:
            check_duplicate(seen, entry.key, entry.line, context)
        before = to_record(entry, dialect, context)
        after = step(before)
        laid_out = _EntryRewrite(entry, writer).text(before, after, changes)
        out.append(text[start:end] if laid_out is None else laid_out)
        done = end
    out.append(text[done:])
    if records == 0 and _only_blocks_and_comments(text):
        context.info(
            "no entries (only @string/@preamble/@comment blocks or comments); left as it is",
            code="RB214",
            line=1,
        )
    elif records == 0:
        raise ParseError(
            "no BibTeX entry found (no @type{key, ...} block); not a .bib file",
            file=context.filename,
            line=1,
            code="RB213",
        )
    return Rewrite("".join(out), changes, records)


def _entries(text: str, context: Context) -> Iterator[Entry]:
    """The entries of the text, with the reader's diagnostics reported."""
    for item in entries(io.StringIO(text), context):
        if isinstance(item, Entry):
            yield item


def _line_starts(text: str) -> list[int]:
    starts = [0]
    position = text.find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = text.find("\n", position + 1)
    return starts


def _only_blocks_and_comments(text: str) -> bool:
    """True for a file with no entry that is still a .bib file: empty, ``%`` comments,
    or ``@string``/``@preamble``/``@comment`` blocks (a macro file such as IEEEabrv.bib)."""
    if _BIB_BLOCK.search(text):
        return True
    return all(not line.strip() or line.lstrip().startswith("%") for line in text.splitlines())


class _EntryRewrite:
    """One entry laid out again, with the fields a transform changed rewritten."""

    def __init__(self, entry: Entry, writer: EntryWriter) -> None:
        self.entry = entry
        self.writer = writer
        text = entry.text
        #: [name as written, value as written, file line] of each field, in file order.
        self.fields: list[list[str | int]] = []
        for name_start, value_start, value_end in entry.spans:
            name = _NAME.match(text, name_start)
            assert name is not None
            self.fields.append(
                [name.group(), text[value_start:value_end].rstrip(), entry.line_of(name_start)]
            )

    def text(self, before: Record, after: Record | None, changes: list[FieldChange]) -> str | None:
        """The entry as rewritten (changes appended to ``changes``), or None to keep it as written."""
        entry = self.entry
        header = _HEADER.match(entry.text, entry.start)
        if entry.key is None or not entry.complete or header is None:
            return None
        if after is not None and after != before:
            self.apply(before, after, changes)
        opener = header.group(2)
        closer = "}" if opener == "{" else ")"
        lines = [f"@{header.group(1)}{opener}{entry.key},\n"]
        lines.extend(f"  {name:<{_NAME_WIDTH}} = {value},\n" for name, value, _ in self.fields)
        lines.append(closer)
        laid_out = "".join(lines)
        original = entry.text[entry.start : entry.end]
        if after is None or after == before:
            # Only the layout changed: it must read back exactly as the entry did.
            return laid_out if _same_entry(original, laid_out) else None
        return laid_out

    def apply(self, before: Record, after: Record, changes: list[FieldChange]) -> None:
        """Rewrite the fields whose rendering differs between the two records."""
        writer = self.writer
        _, subtype = writer.entry_type(before)
        old = dict(writer.fields(before, subtype))
        new_fields = writer.fields(after, subtype)
        new = dict(new_fields)
        order = [name for name, _ in new_fields]
        key = self.entry.key
        kept = self.moves_bibtex_cannot_print(old, new)
        for name in [*order, *(n for n in old if n not in new)]:
            if old.get(name) == new.get(name) or name in kept:
                continue
            index = self.find(name)
            value = new.get(name)
            if index is None:
                if value is None:
                    continue
                position = self.insertion_point(name, order)
                self.fields.insert(position, [name, value, self.entry.line])
                changes.append(FieldChange(self.entry.line, key, name, None, _inner(value)))
                continue
            written, previous, line = self.fields[index]
            assert isinstance(written, str) and isinstance(previous, str) and isinstance(line, int)
            if value is None:
                del self.fields[index]
                changes.append(FieldChange(line, key, written, _inner(previous), None))
                continue
            value = keep_protection(previous, value)
            if value == previous:
                continue
            self.fields[index][1] = value
            changes.append(FieldChange(line, key, written, _inner(previous), _inner(value)))

    def moves_bibtex_cannot_print(self, old: dict[str, str], new: dict[str, str]) -> set[str]:
        """Fields not to rewrite in a BibTeX file: an e-locator the ``pages`` transform moves
        from ``pages`` to ``eid`` (``pages = {e46493}``), which plain.bst and most BibTeX
        styles do not print, so the move would drop the article number from the document."""
        if self.writer.dialect == BIBLATEX or "eid" in old or "eid" not in new:
            return set()
        if "pages" in old and "pages" not in new:
            return {"pages", "eid"}
        return set()

    def find(self, name: str) -> int | None:
        """Index of the field the reader took ``name``'s value from (or an alias of it)."""
        for candidate in (name, *_ALIASES.get(name, ())):
            for index, field in enumerate(self.fields):
                if str(field[0]).lower() == candidate:
                    return index
        return None

    def insertion_point(self, name: str, order: list[str]) -> int:
        """After the last field the writer puts before ``name`` that the entry has."""
        for earlier in reversed(order[: order.index(name)]):
            index = self.find(earlier)
            if index is not None:
                return index + 1
        return 0


def _inner(value: str) -> str:
    """A value as the change list shows it: without its outer braces or quotes."""
    if len(value) >= 2 and value[0] + value[-1] in ("{}", '""'):
        return value[1:-1]
    return value


def keep_protection(old: str, new: str) -> str:
    """``new`` (a braced value) with the protective brace groups of ``old`` put back
    around the same words where ``new`` has them unprotected: ``{Darwin}``, ``{B}``,
    ``{Mizoroki-Heck}`` keep their capitals when a transform rewrites the value."""
    if not (new.startswith("{") and new.endswith("}")) or "{" not in _inner(old):
        return new
    body = _inner(new)
    for match in _PROTECTED.finditer(_inner(old)):
        word = match.group(1)
        body = _brace_outside_groups(body, word)
    return "{" + body + "}"


def _brace_outside_groups(body: str, word: str) -> str:
    """Brace every occurrence of ``word`` that is at brace depth 0 in ``body``."""
    out: list[str] = []
    depth = index = 0
    while index < len(body):
        char = body[index]
        if depth == 0 and body.startswith(word, index) and _word_edges(body, index, len(word)):
            out.append("{" + word + "}")
            index += len(word)
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        out.append(char)
        index += 1
    return "".join(out)


def _word_edges(body: str, index: int, length: int) -> bool:
    """True when the match does not continue a longer word on the left (``B`` in ``aB``)
    and, for a whole word, not on the right either; a single-letter group such as
    ``{B}ayesian`` protects the first letter of a word."""
    if index > 0 and body[index - 1].isalnum():
        return False
    if length == 1:
        return True
    end = index + length
    return end >= len(body) or not body[end].isalnum()


def _same_entry(original: str, laid_out: str) -> bool:
    """True when both texts read as the same entry: type, key, and each field's name
    and value (macros unexpanded, whitespace as BibTeX reads it)."""
    return _parse(original) == _parse(laid_out)


def _parse(text: str) -> tuple[str, str | None, list[tuple[str, str, int]]] | None:
    header = _HEADER.match(text)
    if header is None:
        return None
    parser = Parser(text, 1, header.end(), "}" if header.group(2) == "{" else ")", _Unexpanded())
    key = parser.key()
    fields = [(name, value, 0) for name, value, _ in parser.fields()]
    return header.group(1).lower(), key, fields


class _Unexpanded(dict[str, str]):
    """Macros read as their own names, so that two texts compare as written."""

    def get(self, key: str, default: str | None = None) -> str:  # type: ignore[override]
        return "\x00" + key
