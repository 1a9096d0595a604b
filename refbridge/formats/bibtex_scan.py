"""Streaming split of a .bib file into blocks, and the parse of one block's fields.

``scan_blocks`` reads the stream line by line and yields one ``Block`` per
``@type{...}`` (or ``@type(...)``) with the line it starts on; it holds only the
block in hand, so memory stays flat whatever the file size. It counts braces the
way BibTeX does (a backslash does not escape a brace). When a line starting with
``@word{`` turns up while a block is still open, the open block is cut there and
marked incomplete: one unbalanced brace costs one entry, not the rest of the file.

``parse_block`` then reads the key and the ``name = value # value`` fields of one
block, expanding ``@string`` macros, and reports each syntax error with its line
while keeping every field it could read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from string import ascii_letters, digits
from typing import IO

#: Characters of an unquoted name (field name, macro name, entry type), as in BibTeX.
_NAME_CHARS = ascii_letters + "@!$&*+-./:;<>?[\\]^_`|~"
_NAME = re.compile(f"[{re.escape(_NAME_CHARS)}][{re.escape(_NAME_CHARS + digits)}]*")
_HEADER = re.compile(r"@[ \t]*([A-Za-z][\w:.+-]*)[ \t]*")
_NEW_ENTRY_LINE = re.compile(r"[ \t]*@[ \t]*[A-Za-z][\w-]*[ \t]*[{(]")
_STRAY_FIELD = re.compile(r"^\s*(?:[A-Za-z][\w-]*\s*=\s*[{\"\d]|\}\s*,?\s*$)")
_BRACES = re.compile(r"[{}]")
_PAREN_BODY = re.compile(r'[{}()"]')
_QUOTED = re.compile(r'["{}]')
_SPACE = re.compile(r"\s*")
_DIGITS = re.compile(r"\d+")
_KEY_REST = re.compile(r"([^\n,={}()\"]+),")
_KEY = {"}": re.compile(r"[^\s,}]+"), ")": re.compile(r"[^\s,)]+")}
_WHITESPACE_RUN = re.compile(r"[ \t\n\r\f\v]+")

#: The month macros every BibTeX style defines.
MONTH_MACROS: dict[str, str] = {
    "jan": "January",
    "feb": "February",
    "mar": "March",
    "apr": "April",
    "may": "May",
    "jun": "June",
    "jul": "July",
    "aug": "August",
    "sep": "September",
    "oct": "October",
    "nov": "November",
    "dec": "December",
}


@dataclass(slots=True)
class Block:
    """One ``@type{...}`` block as written, from ``@`` to its closing delimiter.

    ``complete`` is False when the closing brace never came (the block was cut
    at the next entry or at the end of the file).
    """

    type: str
    text: str
    line: int
    body: int
    closer: str
    complete: bool = True

    @property
    def has_body(self) -> bool:
        """False for an ``@word`` not followed by ``{`` or ``(`` (not an entry at all)."""
        return self.closer != ""


@dataclass(slots=True)
class Stray:
    """Text between blocks that looks like a lost field or closing brace."""

    text: str
    line: int


@dataclass(slots=True)
class Problem:
    """A syntax problem found while parsing a block."""

    message: str
    line: int
    code: str
    severity: str = "error"


@dataclass(slots=True)
class ParsedBlock:
    """The key and raw fields (name lowercased, value whitespace-normalised) of a block."""

    type: str
    key: str | None
    fields: list[tuple[str, str, int]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def scan_blocks(stream: IO[str]) -> Iterator[Block | Stray]:
    """Yield the blocks of a .bib stream (and stray-looking text between them)."""
    lineno = 0
    parts: list[str] = []
    state = "outside"
    entry_type = ""
    start_line = 0
    body = 0
    closer = "}"
    depth = 0
    in_quote = False
    for line in stream:
        lineno += 1
        pos = 0
        if state != "outside" and _NEW_ENTRY_LINE.match(line):
            yield Block(entry_type, "".join(parts), start_line, body, closer, complete=False)
            state, parts = "outside", []
        while pos < len(line):
            if state == "outside":
                at = line.find("@", pos)
                if at < 0:
                    if _STRAY_FIELD.match(line, pos):
                        yield Stray(line[pos:].strip(), lineno)
                    break
                if at > pos and _STRAY_FIELD.match(line[pos:at]):
                    yield Stray(line[pos:at].strip(), lineno)
                header = _HEADER.match(line, at)
                if header is None:
                    pos = at + 1
                    continue
                entry_type, start_line, pos = header.group(1), lineno, header.end()
                parts = [line[at:pos]]
                state = "header"
            if state == "header":
                space = _SPACE.match(line, pos)
                assert space is not None
                if space.end() >= len(line):
                    parts.append(line[pos:])
                    break
                parts.append(line[pos : space.end()])
                pos = space.end()
                opener = line[pos]
                if opener not in "{(":
                    if entry_type.lower() != "comment":
                        # Not an entry after all (e.g. an e-mail address in a comment).
                        text = "".join(parts)
                        yield Block(entry_type, text, start_line, len(text), "", complete=False)
                    state, parts = "outside", []
                    continue
                parts.append(opener)
                pos += 1
                body = sum(len(p) for p in parts)
                closer = "}" if opener == "{" else ")"
                depth, in_quote, state = 0, False, "inside"
            if state == "inside":
                end = _find_close(line, pos, closer, depth, in_quote)
                if isinstance(end, tuple):
                    depth, in_quote = end
                    parts.append(line[pos:])
                    break
                parts.append(line[pos:end])
                pos = end
                yield Block(entry_type, "".join(parts), start_line, body, closer)
                state, parts = "outside", []
    if state != "outside":
        yield Block(entry_type, "".join(parts), start_line, body, closer, complete=False)


def _find_close(line: str, pos: int, closer: str, depth: int, in_quote: bool) -> int | tuple[int, bool]:
    """Index after the block's closing delimiter in ``line``, or the (depth, in_quote)
    state to carry to the next line."""
    if closer == "}":
        for match in _BRACES.finditer(line, pos):
            if match.group() == "{":
                depth += 1
            elif depth == 0:
                return match.end()
            else:
                depth -= 1
        return depth, False
    for match in _PAREN_BODY.finditer(line, pos):
        char = match.group()
        if char == "{":
            depth += 1
        elif char == "}":
            depth = max(depth - 1, 0)
        elif depth == 0 and char == '"':
            in_quote = not in_quote
        elif depth == 0 and not in_quote and char == ")":
            return match.end()
    return depth, in_quote


class _Parser:
    """Reads the body of one block: key, then ``name = value`` fields."""

    def __init__(self, block: Block, macros: dict[str, str]) -> None:
        self.block = block
        self.text = block.text
        self.end = len(block.text) - 1 if block.complete else len(block.text)
        self.pos = block.body
        self.macros = macros
        self.problems: list[Problem] = []

    def line_at(self, pos: int) -> int:
        """The file line of a position in the block."""
        return self.block.line + self.text.count("\n", 0, pos)

    def problem(self, message: str, pos: int, code: str = "RB200", severity: str = "error") -> None:
        """Record a problem at a position."""
        self.problems.append(Problem(message, self.line_at(pos), code, severity))

    def skip_space(self) -> None:
        """Move past whitespace."""
        match = _SPACE.match(self.text, self.pos, self.end)
        assert match is not None
        self.pos = match.end()

    def at_end(self) -> bool:
        """True at the end of the body."""
        return self.pos >= self.end

    def name(self) -> str | None:
        """Read a name at the current position, if there is one."""
        match = _NAME.match(self.text, self.pos, self.end)
        if match is None:
            return None
        self.pos = match.end()
        return match.group()

    def looks_like_field(self) -> bool:
        """True when a ``name =`` starts at the current position (a missing comma before it)."""
        match = _NAME.match(self.text, self.pos, self.end)
        if match is None:
            return False
        rest = _SPACE.match(self.text, match.end(), self.end)
        assert rest is not None
        return rest.end() < self.end and self.text[rest.end()] == "="

    def skip_to_comma(self) -> None:
        """Recover from an error: move past the next comma at brace depth 0."""
        depth = 0
        while self.pos < self.end:
            char = self.text[self.pos]
            self.pos += 1
            if char == "{":
                depth += 1
            elif char == "}":
                depth = max(depth - 1, 0)
            elif char == "," and depth == 0:
                return

    def group(self, opener: str) -> str | None:
        """Read a braced or quoted value part (the opener is at ``pos``); None if it
        never closes."""
        start = self.pos + 1
        pattern = _BRACES if opener == "{" else _QUOTED
        depth = 0
        for match in pattern.finditer(self.text, start, self.end):
            char = match.group()
            if char == "{":
                depth += 1
            elif char == "}":
                if depth == 0:
                    if opener == "{":
                        self.pos = match.end()
                        return self.text[start : match.start()]
                    continue  # an unbalanced "}" inside quotes: BibTeX would complain too
                depth -= 1
            elif depth == 0:  # the closing quote
                self.pos = match.end()
                return self.text[start : match.start()]
        return None

    def value(self) -> str | None:
        """Read ``part # part ...``; None after reporting when no value could be read."""
        pieces: list[str] = []
        while True:
            self.skip_space()
            start = self.pos
            char = self.text[self.pos] if self.pos < self.end else ""
            if char in ('{', '"'):
                piece = self.group(char)
                if piece is None:
                    what = "brace" if char == "{" else "quote"
                    self.problem(f"unbalanced {what}: the value starting here never closes; field dropped", start)
                    self.pos = self.end
                    return None
                pieces.append(piece)
            elif char.isdigit():
                match = _DIGITS.match(self.text, self.pos, self.end)
                assert match is not None
                pieces.append(match.group())
                self.pos = match.end()
            else:
                macro = self.name()
                if macro is None:
                    shown = char or "end of entry"
                    self.problem(f"expected a value, found {shown!r}", start)
                    return None
                expansion = self.macros.get(macro.lower())
                if expansion is None:
                    self.problem(
                        f"unknown macro {macro!r} (no @string defines it before here); its name is kept as the value",
                        start,
                        code="RB202",
                        severity="warning",
                    )
                    expansion = macro
                pieces.append(expansion)
            self.skip_space()
            if self.pos < self.end and self.text[self.pos] == "#":
                self.pos += 1
                continue
            return "".join(pieces)

    def key(self) -> str | None:
        """Read the entry key (None for a keyless entry)."""
        self.skip_space()
        if self.looks_like_field():
            self.problem("entry has no cite key", self.pos, code="RB211", severity="warning")
            return None
        match = _KEY[self.block.closer].match(self.text, self.pos, self.end)
        key = match.group() if match else None
        if match:
            self.pos = match.end()
        self.skip_space()
        if self.at_end():
            return key
        if self.text[self.pos] == ",":
            self.pos += 1
        elif self.looks_like_field():
            self.problem(f"missing comma after the cite key {key!r}; read on as if it were there", self.pos)
        else:
            rest = _KEY_REST.match(self.text, self.pos, self.end)
            if rest is not None and key:
                # "Conference paper2022775," (Scopus): a key with spaces; keep it whole.
                key = f"{key} {rest.group(1).strip()}"
                self.problem(f"cite key {key!r} contains whitespace", self.pos)
                self.pos = rest.end()
            else:
                self.problem(f"unexpected {self.text[self.pos]!r} after the cite key", self.pos)
                self.skip_to_comma()
        if not key:
            self.problem("entry has no cite key", self.pos, code="RB211", severity="warning")
        return key

    def fields(self) -> list[tuple[str, str, int]]:
        """Read every ``name = value`` up to the end of the body."""
        result: list[tuple[str, str, int]] = []
        while True:
            self.skip_space()
            while self.pos < self.end and self.text[self.pos] == ",":
                self.pos += 1
                self.skip_space()
            if self.at_end():
                return result
            start = self.pos
            name = self.name()
            if name is None:
                self.problem(f"expected a field name, found {self.text[self.pos]!r}; skipped to the next comma", start)
                self.skip_to_comma()
                continue
            self.skip_space()
            if self.pos >= self.end or self.text[self.pos] != "=":
                self.problem(f"expected '=' after field name {name!r}; field skipped", start)
                self.skip_to_comma()
                continue
            self.pos += 1
            value = self.value()
            if value is None:
                self.skip_to_comma()
                continue
            normalised = _WHITESPACE_RUN.sub(" ", value).strip()
            if normalised:
                result.append((name.lower(), normalised, self.line_at(start)))
            self.skip_space()
            if self.at_end():
                return result
            if self.text[self.pos] == ",":
                self.pos += 1
            elif self.looks_like_field():
                self.problem(f"missing comma after field {name!r}; read on as if it were there", self.pos)
            else:
                self.problem(f"unexpected {self.text[self.pos]!r} after field {name!r}; skipped to the next comma", self.pos)
                self.skip_to_comma()


def parse_block(block: Block, macros: dict[str, str]) -> ParsedBlock:
    """Parse an entry block into its key and raw fields, reporting problems.

    ``@string`` blocks are parsed by ``parse_string`` instead.
    """
    parser = _Parser(block, macros)
    key = parser.key()
    fields = parser.fields()
    return ParsedBlock(block.type, key, fields, parser.problems)


def parse_string(block: Block, macros: dict[str, str]) -> list[Problem]:
    """Define the macro of an ``@string{name = value}`` block in ``macros``."""
    parser = _Parser(block, macros)
    parser.skip_space()
    start = parser.pos
    name = parser.name()
    parser.skip_space()
    if name is None or parser.at_end() or parser.text[parser.pos] != "=":
        parser.problem("@string must be name = value; ignored", start)
        return parser.problems
    parser.pos += 1
    value = parser.value()
    if value is not None:
        macros[name.lower()] = _WHITESPACE_RUN.sub(" ", value)
    return parser.problems


def parse_preamble(block: Block, macros: dict[str, str]) -> tuple[str | None, list[Problem]]:
    """Read the value of a ``@preamble{...}`` block."""
    parser = _Parser(block, macros)
    value = parser.value()
    return value, parser.problems
