"""The lossless RIS rewrite behind ``refbridge format`` (see ``refbridge.rewrite``).

The text is grouped into records by the reader's own code (``ris_group``,
``ris_read``), so each record is exactly what ``read_ris`` gives. Each record goes
through the format-time step; a record that the step leaves equal (or drops: in
``format`` a dropped record stays as written) keeps its lines byte for byte.

For a changed record, the record before and after the step are both rendered by
the RIS writer and the renderings compared tag by tag: a tag whose values differ
is changed, and so is every tag the reader reads a changed model field from (the
pages come from ``SP``, ``EP`` and ``C7``; a combined ``SP  - 2984-92`` must go when
``EP`` is written). Of those tags, the ones whose values in the file already are
what the writer would write for the new record keep their lines; the others get
the writer's lines of the new record, in place of the tag's first line in the file
(a tag the record did not have goes with the lines replaced for the same field,
``AU`` where ``A1`` was, else after the nearest tag before it in the writer's
order, else before ER). Every other line — values as written, spacing, continuation
lines, empty and unknown tags, the text between records — is left as it was.

The new lines are read back and must give what the writer gives for the new
record; if not (tags read in unusual combinations), every tag whose value differs
from the writer's is replaced, and failing that the whole record is written by the
writer. Either way ``format`` writes what the transforms produced.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, fields
from typing import Any

from refbridge.context import Context
from refbridge.diagnostics import DiagnosticSink
from refbridge.formats.ris import fields as F
from refbridge.formats.ris import tables as T
from refbridge.formats.ris.group import RawRecord, iter_raw_records
from refbridge.formats.ris.read import build_record, finish_entries
from refbridge.formats.ris.write import WriterState, record_lines
from refbridge.model import Record
from refbridge.rewrite import FieldChange, RecordStep, Rewrite


def _field_tags() -> dict[str, frozenset[str]]:
    """Model field → the RIS tags the reader reads it from (and the writer writes it to).

    Fields read from the same tags share one set (a journal's full name and its
    abbreviation both come from ``JO`` in some files), so that a change to one
    rewrites every tag that could hold it.
    """
    creators = frozenset(T.CREATOR_TAGS).union(*T.CREATOR_TAGS_BY_TY.values())
    journal = frozenset(T.CONTAINER_TAGS + T.ABBREVIATION_TAGS)
    pages = frozenset({"SP", "EP", "C7", T.PAGES_TAG})
    numbers = frozenset({"SN"})
    abstract = frozenset(T.SLOT_TAGS["abstract"])
    table = {slot: frozenset(tags) for slot, tags in T.SLOT_TAGS.items()}
    table.update(
        {
            "type": frozenset({"TY", T.TYPE_TAG}),
            "authors": creators,
            "editors": creators,
            "container_title": journal,
            "container_title_short": journal,
            "pages": pages,
            "elocation": pages,
            "issued": frozenset(T.DATE_TAGS),
            "doi": frozenset({"DO"}),
            "issn": numbers,
            "isbn": numbers,
            "pmid": frozenset({"AN", "DB"}),
            "pmcid": frozenset({F.PMCID_TAG, *F.ENDNOTE_PMCID_TAGS.values(), "M2"}),
            "abstract": abstract,
            "abstract_sections": abstract,
            "keywords": frozenset({"KW", T.VOCABULARY_TAG}),
            "notes": frozenset({"N1"}),
        }
    )
    # The fields of the complete model (fields.py): every tag each may be written to.
    for name, by_type in F.FIELD_TAGS.items():
        table[name] = frozenset(tag for tag in by_type.values() if tag)
    table["container_title"] |= frozenset(F.CONTAINER_TAGS.values())
    table["contributors"] = frozenset(
        tag for by_type in F.ROLE_TAGS.values() for tag in by_type.values() if tag
    )
    for name, tag in F.DATE_TAGS.items():
        table[name] = frozenset({tag})
    return table


FIELD_TAGS: dict[str, frozenset[str]] = _field_tags()
#: The model fields compared (``source`` is where a record was read, not what it says).
_COMPARED = tuple(f.name for f in fields(Record) if f.compare)


@dataclass(frozen=True, slots=True)
class _Entry:
    """One tag line of a record with its continuation lines: lines ``first``..``last``
    (numbered as in the text parsed) and the value the reader makes of them ("" for
    an entry the reader drops, such as ``IS  - ``)."""

    tag: str
    first: int
    last: int
    value: str


@dataclass
class _Block:
    """A run of lines of the record being rewritten: one entry, the ER line, or (for a
    tag added by the rewrite) new lines; ``line`` is where it is reported. ``touched``:
    the rewrite replaced or emptied it, or added it."""

    tag: str | None
    line: int
    lines: list[str]
    touched: bool = False


class _Quiet:
    """Contexts whose diagnostics go nowhere: the writer's and the reader's second
    looks at a record must not report what the first reading already did."""

    def __init__(self, context: Context) -> None:
        sink = DiagnosticSink(keep=0, keep_info=0)
        self.read = Context(name=context.name, filename=context.filename, options=context.options, sink=sink)
        self.flavour: str = context.option("flavour")
        self.known = T.known_tags()

    def render(self, record: Record) -> list[str]:
        """The writer's lines of one record (TY to ER), with no state from other records."""
        return record_lines(record, self.read, WriterState(flavour=self.flavour))

    def reread(self, lines: list[str]) -> Record:
        """The record the reader makes of one record's lines."""
        # after_record: a record may start without TY (a tag line after an ER, RB306).
        for start, raw, dirty in iter_raw_records(_ended(lines), self.read, after_record=True):
            return build_record(start, finish_entries(raw, dirty), self.read, self.known, set())
        return Record()  # no tag line at all: cannot happen for a record's own lines


def rewrite_ris(text: str, context: Context, step: RecordStep) -> Rewrite:
    """Rewrite a RIS text through ``step`` (see the module docstring).

    ``text`` is a whole file with ``\\n`` line ends. Raises ParseError for text that
    is not RIS, as the reader does; a RIS text with no record comes back unchanged.
    """
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom) :].split("\n")
    final_newline = body[-1] == ""
    if final_newline:
        body.pop()
    quiet = _Quiet(context)
    known = quiet.known
    reported: set[str] = set()
    out: list[str] = []  # the lines of the new text up to ``done``
    done = 0  # lines of ``body`` handled so far (0-based index of the next one)
    changes: list[FieldChange] = []
    count = 0
    pending: tuple[int, Record, Record] | None = None  # a changed record, until its span is known

    def flush(end: int) -> None:
        # The pending record runs from its start to ``end`` (the line before the next
        # record, or the last line); its own lines end at ER, the rest is left as is.
        nonlocal done, pending
        if pending is None:
            return
        start, before, after = pending
        pending = None
        new_lines, record_changes, last = _rewrite_record(
            body, start, end, before=before, after=after, quiet=quiet
        )
        out.extend(body[done : start - 1])
        out.extend(new_lines)
        done = last
        changes.extend(record_changes)

    # The lines exactly as a stream of the text yields them (split at "\n" only).
    for start, raw, dirty in iter_raw_records(io.StringIO(text[len(bom) :]), context):
        count += 1
        flush(start - 1)
        before = build_record(start, finish_entries(raw, dirty), context, known, reported)
        after = step(before)
        if after is not None and after is not before and after != before:
            pending = (start, before, after)
    flush(len(body))
    if count == 0:
        context.warning("the input holds no RIS record", code="RB313")
    if not changes and done == 0:
        return Rewrite(text, [], count)
    out.extend(body[done:])
    new_text = bom + "\n".join(out) + ("\n" if final_newline else "")
    return Rewrite(new_text, changes, count)


def _ended(lines: list[str]) -> list[str]:
    """The lines as a stream yields them, each with its newline."""
    return [line + "\n" for line in lines]


def _entries(raw: RawRecord, dirty: set[str]) -> list[_Entry]:
    """The entries of a grouped record in file order, with their line spans and the
    values ``finish_entries`` makes of them (it finishes ``raw`` in place)."""
    # An entry is [value, line, continuation lines...]: its span is known before finishing.
    held = [
        (tag, entry, entry[1], entry[1] + len(entry) - 2) for tag, group in raw.items() for entry in group
    ]
    finish_entries(raw, dirty)
    entries = [_Entry(tag, first, last, entry[0]) for tag, entry, first, last in held]
    entries.sort(key=lambda entry: entry.first)
    return entries


def _parse(lines: Iterable[str], first_line: int, context: Context) -> list[_Entry]:
    """The entries of the first record in ``lines`` (numbered from ``first_line``)."""
    for _start, raw, dirty in iter_raw_records(lines, context, first_line=first_line, after_record=True):
        return _entries(raw, dirty)
    return []


def _values(entries: list[_Entry]) -> dict[str, list[str]]:
    """Tag → the values the reader keeps, in file order (empty entries left out)."""
    values: dict[str, list[str]] = {}
    for entry in entries:
        if entry.value:
            values.setdefault(entry.tag, []).append(entry.value)
    return values


@dataclass
class _Rendering:
    """A record as the writer writes it: its lines, their entries, tag → values and
    the order of the tags."""

    lines: list[str]
    entries: list[_Entry]
    values: dict[str, list[str]]
    order: list[str]

    @classmethod
    def of(cls, record: Record, quiet: _Quiet) -> _Rendering:
        lines = quiet.render(record)
        entries = _parse(_ended(lines), 1, quiet.read)
        return cls(lines, entries, _values(entries), list(dict.fromkeys(e.tag for e in entries)))

    def lines_of(self, tag: str) -> list[str]:
        """Every line the writer writes for ``tag`` (continuation lines included)."""
        return [
            line
            for entry in self.entries
            if entry.tag == tag
            for line in self.lines[entry.first - 1 : entry.last]
        ]


def _rewrite_record(
    body: list[str], start: int, end: int, *, before: Record, after: Record, quiet: _Quiet
) -> tuple[list[str], list[FieldChange], int]:
    """The new lines of one changed record (lines ``start``..``end`` of ``body`` hold it
    and the text after it), what changed, and the number of the record's last line
    (its ER line, or its last line when it has none)."""
    entries = _parse(_ended(body[start - 1 : end]), start, quiet.read)
    last = max(entry.last for entry in entries)
    blocks = [_Block(entry.tag, entry.first, body[entry.first - 1 : entry.last]) for entry in entries]
    if last < end:  # the line after the record's last entry can only be its ER line
        last += 1
        blocks.append(_Block("ER", last, [body[last - 1]]))
    original = _values(entries)
    target = _Rendering.of(after, quiet)
    wanted = target.values
    changed = _changed_tags(before, after, _Rendering.of(before, quiet).values, wanted)
    differing = {tag for tag in original.keys() | wanted.keys() if original.get(tag) != wanted.get(tag)}
    # First the changed tags only; if the reader reads the result otherwise (a value kept
    # in a tag of an unusual combination), every tag whose value is not the writer's.
    expected: dict[str, list[str]] | None = None
    for affected in (changed & differing, differing):
        new_blocks, record_changes = _replace(blocks, affected, original, target, before.key)
        new_lines = [line for block in new_blocks for line in block.lines]
        got = _Rendering.of(quiet.reread(new_lines), quiet).values
        if got == wanted:
            return new_lines, record_changes, last
        # Else the lines must read as the writer's own lines of the new record read (not
        # always the record itself: RIS cannot hold everything).
        if expected is None:
            expected = _Rendering.of(quiet.reread(target.lines), quiet).values
        if got == expected:
            return new_lines, record_changes, last
    # Never seen: the reader makes something else of the tags in place; the writer's record.
    record_changes = [
        FieldChange(start, before.key, tag, _joined(original.get(tag)), _joined(wanted.get(tag)))
        for tag in sorted(differing)
    ]
    return target.lines, record_changes, last


def _changed_tags(
    before: Record, after: Record, rendered_before: dict[str, list[str]], rendered_after: dict[str, list[str]]
) -> set[str]:
    """Tags whose written values differ, and every tag a changed field is read from."""
    tags = {
        tag
        for tag in rendered_before.keys() | rendered_after.keys()
        if rendered_before.get(tag) != rendered_after.get(tag)
    }
    for name in _COMPARED:
        old: Any = getattr(before, name)
        new: Any = getattr(after, name)
        if old == new:
            continue
        if name == "extra":
            tags.update(k for k in old.keys() | new.keys() if old.get(k) != new.get(k) and _is_tag(k))
        else:
            tags.update(FIELD_TAGS.get(name, ()))
    return tags


def _is_tag(key: str) -> bool:
    return T.TAG_LINE.match(key + "  - ") is not None


def _joined(values: list[str] | None) -> str | None:
    return "; ".join(values) if values else None


def _replace(
    blocks: list[_Block],
    affected: set[str],
    original: dict[str, list[str]],
    target: _Rendering,
    key: str | None,
) -> tuple[list[_Block], list[FieldChange]]:
    """Put the writer's lines of the ``affected`` tags in place of the record's own."""
    result = [_Block(block.tag, block.line, block.lines) for block in blocks]
    order = target.order
    changes: list[FieldChange] = []
    present = {block.tag for block in result}
    # The record's own tags first, in place; then the added ones in the writer's order,
    # so that each finds the lines replaced for its field or the tag before it.
    ranked = sorted(affected, key=lambda tag: (tag not in present, order.index(tag) if tag in order else 0))
    for tag in ranked:
        new = target.lines_of(tag)
        if tag in present:
            own = [block for block in result if block.tag == tag]
            line = own[0].line
            own[0].lines = new
            for block in own:
                block.touched = True
            for block in own[1:]:
                block.lines = []
        else:
            index, line = _insertion_point(result, tag, order[: order.index(tag)])
            result.insert(index, _Block(tag, line, new, touched=True))
        new_values = _joined(target.values.get(tag))
        changes.append(FieldChange(line, key, tag, _joined(original.get(tag)), new_values))
    changes.sort(key=lambda change: change.line or 0)
    return result, changes


def _related(tag: str) -> frozenset[str]:
    """The tags that hold the same model fields as ``tag`` (``A1`` and ``AU``)."""
    return frozenset().union(*(tags for tags in FIELD_TAGS.values() if tag in tags))


def _insertion_point(blocks: list[_Block], tag: str, preceding: list[str]) -> tuple[int, int]:
    """Where a tag the record does not have goes (index among ``blocks``, and the line
    it is reported at): with the lines just replaced for the same field (after the tag
    before it in the writer's order, else in place of the first one removed: ``AU``
    where ``A1`` was), else after the nearest tag before it in the writer's order that
    the record has, else before ER."""
    related = _related(tag)
    for earlier in reversed(preceding):
        if earlier in related:
            for index in range(len(blocks) - 1, -1, -1):
                block = blocks[index]
                if block.tag == earlier and block.touched and block.lines:
                    return index + 1, block.line
    for index, block in enumerate(blocks):
        if block.tag in related and block.touched:
            return index, block.line  # before a tag later in the writer's order, or one emptied
    for earlier in reversed(preceding):
        for index in range(len(blocks) - 1, -1, -1):
            if blocks[index].tag == earlier and blocks[index].lines:
                return index + 1, blocks[index].line
    for index, block in enumerate(blocks):
        if block.tag == "ER":
            return index, block.line
    return len(blocks), blocks[-1].line
