"""The parse of one .bib entry body: key, ``name = value # value`` fields, @string.

Used by ``bibtex_scan`` on each chunk it cuts from the stream. Every syntax problem
becomes a ``Problem`` with its line, and parsing goes on: a missing comma is read
as if it were there, a value whose brace never closes is taken to the end of its
line, anything else unexpected is skipped to the next comma.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from string import ascii_letters, digits

from refbridge.formats.bibtex.braces import closing

#: Characters of an unquoted name (field name, macro name), as in BibTeX.
_NAME_CHARS = ascii_letters + "@!$&*+-./:;<>?[\\]^_`|~"
_NAME = re.compile(f"[{re.escape(_NAME_CHARS)}][{re.escape(_NAME_CHARS + digits)}]*")
_QUOTED = re.compile(r'["{}]')
_SPACE = re.compile(r"\s*")
_DIGITS = re.compile(r"\d+")
_KEY = {"}": re.compile(r"[^\s,}]+"), ")": re.compile(r"[^\s,)]+")}
_KEY_REST = re.compile(r"([^\n,={}()\"]+),")
_FIELD_HEAD = re.compile(r"\s*([A-Za-z][\w.:+-]*)\s*=\s*\{")
_COMMA = re.compile(r"\s*,")
_WHITESPACE_RUN = re.compile(r"[ \t\n\r\f\v]+")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n\s*")


def normalise_whitespace(value: str) -> str:
    """BibTeX's whitespace: runs become one space; a blank line is LaTeX's ``\\par``."""
    if "\n" in value:
        value = _BLANK_LINE.sub(r" \\par ", value)
    return _WHITESPACE_RUN.sub(" ", value)


class LineCounter:
    """The file line of positions in one text, counted from the last position asked
    about: a scan asking in increasing order costs the text's length once in all, not
    once per question (a chunk of thousands of ``@string`` fragments was quadratic)."""

    def __init__(self, text: str, first_line: int) -> None:
        self.text = text
        self.pos = 0
        self.line = first_line

    def __call__(self, pos: int) -> int:
        """The line of ``pos``."""
        if pos >= self.pos:
            self.line += self.text.count("\n", self.pos, pos)
        else:
            self.line -= self.text.count("\n", pos, self.pos)
        self.pos = pos
        return self.line


@dataclass(slots=True)
class Problem:
    """A syntax problem found while parsing."""

    message: str
    line: int
    code: str
    severity: str = "error"


class Parser:
    """Reads one body: key, then ``name = value`` fields, up to the closing delimiter."""

    def __init__(
        self,
        text: str,
        first_line: int,
        pos: int,
        closer: str,
        macros: dict[str, str],
        *,
        lines: LineCounter | None = None,
    ) -> None:
        self.text = text
        self.first_line = first_line
        self.lines = lines or LineCounter(text, first_line)
        self.end = len(text)
        self.pos = pos
        self.closer = closer
        self.macros = macros
        self.problems: list[Problem] = []
        #: (name start, value start, value end) of every field read, empty ones too:
        #: what a lossless rewrite needs to put each value back as written.
        self.spans: list[tuple[int, int, int]] = []
        self.recovered = False
        self.closed = False

    def problem(self, message: str, pos: int, code: str = "RB200", severity: str = "error") -> None:
        """Record a problem at a position."""
        self.problems.append(Problem(message, self.lines(pos), code, severity))

    def skip_space(self) -> None:
        """Move past whitespace."""
        match = _SPACE.match(self.text, self.pos, self.end)
        assert match is not None
        self.pos = match.end()

    def at_close(self) -> bool:
        """True at the closing delimiter (which is then consumed) or the end of the text."""
        if self.pos >= self.end:
            return True
        if self.text[self.pos] == self.closer:
            self.pos += 1
            self.closed = True
            return True
        return False

    def close(self) -> None:
        """Expect the closing delimiter after a @string or @preamble body."""
        self.skip_space()
        if not self.at_close():
            self.problem(f"expected {self.closer!r}", self.pos)

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
        """Recover from an error: move past the next comma at brace depth 0 (or to
        the closing delimiter, left in place)."""
        depth = 0
        while self.pos < self.end:
            char = self.text[self.pos]
            if depth == 0 and char == self.closer:
                return
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
        if opener == "{":
            close = closing(self.text, start, self.end, "{")
            if close < 0:
                return None
            self.pos = close + 1
            return self.text[start:close]
        depth = 0
        for match in _QUOTED.finditer(self.text, start, self.end):
            char = match.group()
            if char == "{":
                depth += 1
            elif char == "}":
                depth = max(depth - 1, 0)
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
            if char in ("{", '"'):
                piece = self.group(char)
                if piece is None:
                    return self.unclosed(pieces, start, "brace" if char == "{" else "quote")
                pieces.append(piece)
            elif "0" <= char <= "9":
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
                        f"unknown macro {macro!r} (no @string defines it before here); its name is kept",
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

    def unclosed(self, pieces: list[str], start: int, what: str) -> str | None:
        """A value whose brace or quote never closes: most often the closing brace is
        missing at the end of its line, so take the line."""
        newline = self.text.find("\n", start, self.end)
        if newline < 0:
            self.problem(f"unbalanced {what}: the value starting here never closes; field dropped", start)
            self.pos = self.end
            return None
        self.problem(
            f"unbalanced {what}: the value starting here never closes; taken up to the end of its line", start
        )
        pieces.append(self.text[start + 1 : newline].rstrip().rstrip(","))
        self.pos = newline
        self.recovered = True
        return "".join(pieces)

    def string_body(self) -> None:
        """``name = value`` of a @string: define the macro."""
        self.skip_space()
        start = self.pos
        name = self.name()
        self.skip_space()
        if name is None or self.pos >= self.end or self.text[self.pos] != "=":
            self.problem("@string must be name = value; ignored", start)
            self.skip_to_comma()
            self.close()
            return
        self.pos += 1
        value = self.value()
        if value is not None:
            self.macros[name.lower()] = _WHITESPACE_RUN.sub(" ", value)
        self.close()

    def key(self) -> str | None:
        """Read the entry key (None for a keyless entry)."""
        self.skip_space()
        if self.looks_like_field():
            self.problem("entry has no cite key", self.pos, code="RB211", severity="warning")
            return None
        match = _KEY[self.closer].match(self.text, self.pos, self.end)
        key = match.group() if match else None
        if match:
            self.pos = match.end()
        self.skip_space()
        if self.pos >= self.end or self.text[self.pos] == self.closer:
            pass
        elif self.text[self.pos] == ",":
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
        """Read every ``name = value`` up to the closing delimiter (name, value, position)."""
        result: list[tuple[str, str, int]] = []
        text, end = self.text, self.end
        while True:
            # The common case, ``name = {value},``, with few steps; anything else below.
            head = _FIELD_HEAD.match(text, self.pos, end)
            while head is not None:
                close = closing(text, head.end(), end, "{")
                if close < 0:
                    break
                value = text[head.end() : close]
                self.spans.append((head.start(1), head.end() - 1, close + 1))
                if "\n" in value or "  " in value or "\t" in value or "\r" in value:
                    value = normalise_whitespace(value)
                value = value.strip()
                if value:
                    result.append((head.group(1).lower(), value, head.start(1)))
                comma = _COMMA.match(text, close + 1, end)
                if comma is None:
                    self.pos = close + 1
                    self.after_value(head.group(1))
                else:
                    self.pos = comma.end()
                head = _FIELD_HEAD.match(text, self.pos, end)
            self.skip_space()
            while self.pos < end and text[self.pos] == ",":
                self.pos += 1
                self.skip_space()
            if self.at_close():
                return result
            start = self.pos
            name = self.name()
            if name is None:
                self.problem(
                    f"expected a field name, found {text[self.pos]!r}; skipped to the next comma", start
                )
                self.skip_to_comma()
                continue
            self.skip_space()
            if self.pos >= end or text[self.pos] != "=":
                self.problem(f"expected '=' after field name {name!r}; field skipped", start)
                self.skip_to_comma()
                continue
            self.pos += 1
            self.skip_space()
            value_start = self.pos
            read_value = self.value()
            if read_value is None:
                self.skip_to_comma()
                continue
            self.spans.append((start, value_start, self.pos))
            normalised = normalise_whitespace(read_value).strip()
            if normalised:
                result.append((name.lower(), normalised, start))
            self.after_value(name)

    def after_value(self, name: str) -> None:
        """After a value: a comma, the closing delimiter, or a (reported) missing comma."""
        self.skip_space()
        if self.pos >= self.end or self.text[self.pos] in ("," + self.closer):
            if self.pos < self.end and self.text[self.pos] == ",":
                self.pos += 1
            return
        if self.recovered:
            self.recovered = False
        elif self.looks_like_field():
            self.problem(f"missing comma after field {name!r}; read on as if it were there", self.pos)
        else:
            self.problem(
                f"unexpected {self.text[self.pos]!r} after field {name!r}; skipped to the next comma",
                self.pos,
            )
            self.skip_to_comma()
