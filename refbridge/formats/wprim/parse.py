"""The WPRIM reader: a line-by-line state machine with a lookahead of a few lines.

A record is: title line (``N.`` glued to it, or no number), author line, source
line, an optional abstract, optional MeSH headings separated by lines holding
only ``;``. A record is yielded as soon as the next one starts (or the page
chrome or the end of the input is reached), so memory stays flat.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import IO

from refbridge.context import Context
from refbridge.errors import ParseError
from refbridge.formats.wprim.abstract import parse_abstract, whole_line_label
from refbridge.formats.wprim.names import is_capitals, parse_name, split_author_line
from refbridge.formats.wprim.source import Source, is_source, looks_like_source, parse_source
from refbridge.mesh import looks_like_heading, parse_heading
from refbridge.model import Keyword, PartialDate, Person, Record, SourceLocation

#: Lines of the search-result page that are not data (compared in lower case).
CHROME: frozenset[str] = frozenset({"result analysis", "print", "save", "e-mail", "email"})
#: Physical lines the reader may look ahead (blank lines included) to decide where a record starts.
LOOKAHEAD = 8

_NUMBERED = re.compile(r"^(\d{1,5})\.\s*(\S.*)$")
_WORD = r"[^\W\d_]+(?:[-'’.][^\W\d_]+)*\.?"
_NAME = rf"{_WORD}(?:\s+{_WORD}){{0,5}}[\d*†‡§#,]*"
# One name of up to six words; a line of them is split on ";" first, because one pattern
# for the whole line (``(?:\s*;\s*NAME?)*``) backtracks exponentially on runs of "  ;  ".
_AUTHOR = re.compile(rf"(?:{_NAME})?")
_SENTENCE_END = (".", "!", "?", "。", ")", "]")
# MeSH descriptors capitalise every word but these ("Republic of Korea").
_HEADING_SMALL_WORDS = frozenset({"of", "and", "in", "for", "the", "to", "with", "on", "&", "or", "a"})

OUT, TITLE, AUTHORS, BODY, KEYWORDS = range(5)
NOT_AUTHORS, NAMES, AUTHORS_LINE = range(3)


@lru_cache(maxsize=64)
def author_line_kind(line: str) -> int:
    """``AUTHORS_LINE`` for ``Siyu WANG ; Tao YANG`` (a name in capitals, or several names),
    ``NAMES`` for a line of names that might be authors (``Sa Lü``), else ``NOT_AUTHORS``.

    Cached because the lookahead asks about a line before it is read.
    """
    if len(line) > 3000 or "/" in line or ":" in line or "(" in line or line == ";":
        return NOT_AUTHORS
    if not all(_AUTHOR.fullmatch(part.strip()) for part in line.split(";")):
        return NOT_AUTHORS
    words = line.replace(";", " ").split()
    if not any(is_capitals(w) for w in words):
        return NAMES
    # One name alone must also have a word not in capitals ("DNA" is no author).
    return AUTHORS_LINE if ";" in line or not all(is_capitals(w) for w in words) else NAMES


def is_author_line(line: str, *, strict: bool = True) -> bool:
    """True for an author line (``strict``) or for a line of names that might be one."""
    kind = author_line_kind(line)
    return kind == AUTHORS_LINE or (not strict and kind == NAMES)


@dataclass
class _Draft:
    """A record being read."""

    line: int
    title: str
    authors: list[Person] = field(default_factory=list)
    source_line: int | None = None
    source_text: str | None = None
    abstract: list[tuple[int, str]] = field(default_factory=list)
    keywords: list[Keyword] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)


def _stripped(stream: IO[str]) -> Iterator[str]:
    """The stream's lines without surrounding blanks (a BOM survives in a caller's own text stream)."""
    lines = iter(stream)
    first = next(lines, None)
    if first is None:
        return
    yield first.lstrip("\ufeff").strip()
    for raw in lines:
        yield raw.strip()


class _Lines:
    """The input's stripped lines with line numbers, and a bounded lookahead."""

    def __init__(self, stream: IO[str], first_line: int = 1) -> None:
        self._it = enumerate(_stripped(stream), first_line)
        self._buf: deque[tuple[int, str]] = deque()

    def __iter__(self) -> Iterator[tuple[int, str]]:
        buf = self._buf
        it = self._it
        while True:
            if buf:
                yield buf.popleft()
                continue
            item = next(it, None)
            if item is None:
                return
            yield item

    def peek(self, k: int = 0) -> str | None:
        """The k-th (from 0) upcoming non-blank line, or None beyond the lookahead."""
        buf = self._buf
        seen = 0
        for i in range(LOOKAHEAD):
            if i >= len(buf):
                item = next(self._it, None)
                if item is None:
                    return None
                buf.append(item)
            text = buf[i][1]
            if text:
                if seen == k:
                    return text
                seen += 1
        return None


class WprimReader:
    """Turns the lines of a WPRIM page into records; see the module docstring."""

    def __init__(self, stream: IO[str], context: Context, first_line: int = 1) -> None:
        self.lines = _Lines(stream, first_line)
        self.context = context
        self.count = 0
        # Lines outside any record: the first one and how many (memory stays flat).
        self.outside: tuple[int, str] | None = None
        self.outside_count = 0

    def records(self) -> Iterator[Record]:
        """Yield the records one at a time; raise ParseError only if the input holds none."""
        draft: _Draft | None = None
        state = OUT
        prev_blank = True
        prev_sep = False
        for no, text in self.lines:
            if not text:
                prev_blank = True
                continue
            if text == ";" and draft is not None and state >= BODY:
                # Fast path: the separator between MeSH headings.
                state, prev_sep, prev_blank = KEYWORDS, True, False
                continue
            if len(text) <= 15 and text.lower() in CHROME:
                # Page chrome ends the record it follows.
                if draft is not None:
                    yield self._finish(draft)
                    draft = None
                state, prev_blank = OUT, True
                continue
            if self._starts_record(text, state, prev_blank, prev_sep):
                if draft is not None:
                    yield self._finish(draft)
                self._report_outside()
                numbered = _NUMBERED.match(text)
                draft = _Draft(no, numbered.group(2) if numbered else text)
                state, prev_blank, prev_sep = TITLE, False, False
                continue
            prev_blank = False
            if draft is None:
                self.outside = self.outside or (no, text)
                self.outside_count += 1
                continue
            if state == TITLE:
                state = self._after_title(draft, no, text)
            elif state == AUTHORS:
                state = self._source(draft, no, text)
            elif state == BODY:
                state = self._body(draft, no, text)
            else:
                prev_sep = self._keyword(draft, no, text, prev_sep)
                continue
            prev_sep = False
        if draft is not None:
            yield self._finish(draft)
        if self.outside is not None and self.count == 0:
            raise ParseError(
                "no WPRIM record found (expected a title line, an author line and a source line "
                "such as 'Journal 2020;12(3):45-50')",
                file=self.context.filename,
                line=self.outside[0],
                code="RB100",
            )
        self._report_outside()

    # -- where records start --------------------------------------------------------

    def _starts_record(self, text: str, state: int, prev_blank: bool, prev_sep: bool) -> bool:
        """Decide with the lookahead whether ``text`` is the title of a new record.

        Right after a title or its authors only a numbered title confirmed by the
        next lines, or a title followed by authors and a source, may start one.
        """
        if text == ";" or (prev_sep and not text[0].isdigit()):
            return False
        early = state in (TITLE, AUTHORS)
        next1 = self.lines.peek(0)
        if next1 == ";":
            return False
        numbered = _NUMBERED.match(text) if text[0].isdigit() else None
        if numbered is not None:
            title = numbered.group(2)
            if next1 is not None and (is_source(next1) or is_author_line(next1, strict=False)):
                return True
            next2 = self.lines.peek(1)
            if next2 is not None and is_source(next2):
                return True
            # "1.Title" glued, at a point where a record may start anyway.
            glued = text[len(numbered.group(1)) + 1].isalpha() and not title[0].isdigit()
            return glued and not early and (state != BODY or prev_blank)
        if state == TITLE or prev_sep or next1 is None or len(text) > 1000:
            return False
        if whole_line_label(text) is not None:
            return False
        if is_source(next1):
            return not early and not is_author_line(text) and not is_source(text)
        kind = author_line_kind(next1)
        if kind == NOT_AUTHORS:
            return False
        next2 = self.lines.peek(1)
        if next2 is not None and is_source(next2):
            return True
        if kind == NAMES or early:
            return False
        return (next2 is not None and looks_like_source(next2)) or (prev_blank and ";" in next1)

    # -- the parts of a record ------------------------------------------------------

    def _after_title(self, draft: _Draft, no: int, text: str) -> int:
        """The line after the title: authors, the source, or the title's continuation."""
        if is_source(text):
            return self._source(draft, no, text)
        next1 = self.lines.peek(0)
        if is_author_line(text) or (
            is_author_line(text, strict=False) and next1 is not None and looks_like_source(next1)
        ):
            for name in split_author_line(text):
                parsed = parse_name(name)
                if parsed.guessed:
                    self.context.info(
                        f"author {name!r} is all in capitals; read as given name(s) then family name",
                        code="RB106",
                        line=no,
                    )
                draft.authors.append(parsed.person)
            return AUTHORS
        if looks_like_source(text):
            return self._source(draft, no, text)
        if next1 is not None and (is_source(next1) or is_author_line(next1)):
            # A title broken over two lines.
            draft.title = f"{draft.title} {text}"
            return TITLE
        return self._source(draft, no, text)

    def _source(self, draft: _Draft, no: int, text: str) -> int:
        """The line where the source is expected; without one the abstract starts here."""
        short = len(text) <= 150 and not text.endswith(".") and ": " not in text
        if not (is_source(text) or looks_like_source(text) or (short and whole_line_label(text) is None)):
            self.context.warning("record has no source line (journal, year, volume)", code="RB105", line=no)
            return self._body(draft, no, text)
        draft.source_line, draft.source_text = no, text
        return BODY

    def _body(self, draft: _Draft, no: int, text: str) -> int:
        """An abstract line, or the first MeSH heading."""
        if text == ";":
            return KEYWORDS
        next1 = self.lines.peek(0)
        if len(text) <= 200 and (next1 == ";" or (looks_like_heading(text) and not _is_prose(text))):
            draft.keywords.extend(_heading(text))
            return KEYWORDS
        draft.abstract.append((no, text))
        return BODY

    def _keyword(self, draft: _Draft, no: int, text: str, prev_sep: bool) -> bool:
        """A line in the MeSH headings; returns whether it was a ``;`` separator."""
        if text == ";":
            return True
        if prev_sep or (len(text) <= 200 and not _is_prose(text)):
            draft.keywords.extend(_heading(text))
        else:
            self._unparsed(draft, no, text, "line after the subject headings")
        return False

    def _unparsed(self, draft: _Draft, no: int, text: str, what: str) -> None:
        draft.unparsed.append(text)
        self.context.warning(f"{what} not understood; kept in extra['wprim-unparsed']", code="RB103", line=no)

    def _report_outside(self) -> None:
        """Report the lines seen outside any record as one warning per run of lines."""
        if self.outside is None:
            return
        first_no, first = self.outside
        snippet = first if len(first) <= 60 else first[:57] + "..."
        count = self.outside_count
        self.context.warning(
            f"{count} line{'s' if count > 1 else ''} outside any record ignored, starting {snippet!r}",
            code="RB104",
            line=first_no,
        )
        self.outside = None
        self.outside_count = 0

    # -- building the record --------------------------------------------------------

    def _finish(self, draft: _Draft) -> Record:
        """Build the record from what was read; report what could not be understood."""
        self.count += 1
        extra: dict[str, str | list[str]] = {}
        source = parse_source(draft.source_text) if draft.source_text is not None else Source()
        if draft.source_text is not None and (source.year is None or not source.complete):
            problem = "has no year" if source.year is None else "was only partly understood"
            self.context.warning(
                f"source line {problem}: {draft.source_text!r}; kept in extra['wprim-source']",
                code="RB101" if source.year is None else "RB102",
                line=draft.source_line,
            )
            extra["wprim-source"] = draft.source_text
        lines = [text for _, text in draft.abstract]
        keywords = draft.keywords
        if not keywords and _trailing_keyword(lines):
            keywords = list(_heading(lines.pop()))
        abstract, sections = parse_abstract(lines)
        if draft.unparsed:
            extra["wprim-unparsed"] = draft.unparsed
        return Record(
            type="article-journal",
            title=_clean_title(draft.title) or None,
            authors=draft.authors,
            container_title=source.journal,
            volume=source.volume,
            issue=source.issue,
            pages=source.pages,
            elocation=source.elocation,
            doi=source.doi,
            issued=PartialDate(source.year, source.month, source.day) if source.year else None,
            abstract=abstract,
            abstract_sections=sections,
            keywords=keywords,
            extra=extra,
            source=SourceLocation(self.context.filename, draft.line),
        )


@lru_cache(maxsize=4096)
def _heading(text: str) -> tuple[Keyword, ...]:
    """A MeSH heading's keywords; cached because check tags (Humans, Female...) recur everywhere."""
    return tuple(parse_heading(text))


def _is_prose(text: str) -> bool:
    """True for a line that reads like a sentence rather than a subject heading."""
    return text.endswith(_SENTENCE_END) or ". " in text or ": " in text


def _trailing_keyword(lines: list[str]) -> bool:
    """A lone MeSH heading has no ``;`` line to show it: guess from its shape.

    The last line is taken for a heading when it is short, not a sentence, and not
    the text of a label on the line before it (``TRIAL REGISTRATION`` / ``NCT0123``).
    """
    if not lines:
        return False
    last = lines[-1]
    if looks_like_heading(last) and len(last) <= 200 and not _is_prose(last):
        return True
    return (
        len(last) <= 60
        and not _is_prose(last)
        and ":" not in last
        and all(word[0].isupper() or word in _HEADING_SMALL_WORDS for word in last.split())
        and whole_line_label(last) is None
        and (len(lines) < 2 or whole_line_label(lines[-2]) is None)
    )


def _clean_title(title: str) -> str:
    """Drop the list's closing period (not ``?``, ``!`` or an ellipsis)."""
    title = title.strip()
    if title.endswith(".") and not title.endswith(".."):
        title = title[:-1].rstrip()
    return title


def read_records(stream: IO[str], context: Context, first_line: int = 1) -> Iterator[Record]:
    """Read WPRIM search-result text (see ``WprimReader``); ``first_line`` is the file
    line of the stream's first line (a chunk of a file, see ``wprim_chunks``)."""
    return WprimReader(stream, context, first_line).records()
