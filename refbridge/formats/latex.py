"""LaTeX ↔ Unicode for BibTeX field values.

Reading (``latex_to_text``): accents and symbols are decoded with latexcodec (a
maintained codec, not a table of our own); math (``$...$``) and control words
latexcodec does not know (``\\url{...}``, ``\\foo{x}``) are kept verbatim as LaTeX
source; protective braces are removed; ``\\par`` becomes a newline. Values with
none of the special characters take a fast path that touches nothing.

Writing (``text_to_latex``): the inverse. Characters special to LaTeX are escaped,
ligatures that LaTeX would merge (``--``, ``''``) are broken with ``{}``, math
spans and unknown control words are passed through, and with ``ascii=True`` every
non-ASCII character that latexcodec can express becomes a braced LaTeX command
(``{\\'e}``). Each such encoding is checked by decoding it back, so the pair
round-trips: ``latex_to_text(text_to_latex(s)) == s`` for single-spaced text.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable

#: A value containing none of these is plain text to LaTeX too (the fast path).
_SPECIAL = re.compile(r"[\\{}~$%`]|--|''|,,")

#: Tokens the slow path looks at; everything between them is decoded by latexcodec.
_TOKEN = re.compile(
    r"(?P<math>\$(?:[^$\\]|\\.)*\$)"
    r"|(?P<par> ?\\par(?![A-Za-z]) ?)"
    r"|(?P<word>\\[A-Za-z]+)(?P<space> ?)"
    r"|(?P<sym>\\[^A-Za-z]?)"
    r"|(?P<pct>%)"
)

#: Text commands decoded by us because latexcodec leaves them alone; a following
#: ``{}`` is part of the command.
LITERAL_WORDS: dict[str, str] = {
    "textbackslash": "\\",
    "textbraceleft": "{",
    "textbraceright": "}",
    "textasciitilde": "~",
    "textasciicircum": "^",
    "textasciigrave": "`",
    "textdollar": "$",
    "textunderscore": "_",
    "textquoteright": "\u2019",
    "textquoteleft": "\u2018",
    "textquotedblleft": "\u201c",
    "textquotedblright": "\u201d",
    "textquotesingle": "'",
    "textquotedbl": '"',
    "textless": "<",
    "textgreater": ">",
    "textbar": "|",
    "textmu": "\u00b5",
    "textperthousand": "\u2030",
    "textsection": "\u00a7",
    "dots": "\u2026",
}

#: Control symbols with a fixed meaning (accents such as ``\\'`` go to latexcodec).
_LITERAL_SYMBOLS: dict[str, str] = {
    "\\$": "$",
    "\\{": "{",
    "\\}": "}",
    "\\%": "%",
    "\\&": "&",
    "\\#": "#",
    "\\_": "_",
    "\\ ": " ",
    "\\,": "\u2009",
    "\\;": " ",
    "\\:": " ",
    "\\!": "",
    "\\/": "",
    "\\@": "",
}
_ACCENT_SYMBOLS = frozenset("'`^\"~=.-")

#: Formatting commands whose argument is kept as plain text (the formatting is lost).
FORMATTING_WORDS = frozenset(
    "textit textbf emph textsc textrm textsf texttt textup textsl textmd textnormal mbox hbox "
    "it bf em sc rm sf tt sl nocase NoCaseChange".split()
)

_known_words: dict[str, bool] = {}


def _latexcodec_knows(name: str) -> bool:
    """True when latexcodec decodes the control word ``\\name`` (cached)."""
    known = _known_words.get(name)
    if known is None:
        import latexcodec  # noqa: F401  (registers the codec)

        decoded = codecs.decode(f"\\{name}{{}}", "ulatex")
        known = not decoded.startswith(f"\\{name}")
        _known_words[name] = known
    return known


def is_unknown_word(name: str) -> bool:
    """True for a control word the reader keeps verbatim (neither ours nor latexcodec's)."""
    if name in LITERAL_WORDS or name in FORMATTING_WORDS or name in ("par", "ensuremath"):
        return False
    return not _latexcodec_knows(name)


def _group_end(text: str, start: int) -> int:
    """Index after the brace group opening at ``start``, or -1 if it never closes."""
    depth = 0
    for index in range(start, len(text)):
        char = text[index]
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return index + 1
    return -1


def _arguments_end(text: str, pos: int) -> int:
    """Index after the brace groups (each optionally after one space) that follow ``pos``."""
    while True:
        start = pos + 1 if text.startswith(" {", pos) else pos
        if not text.startswith("{", start):
            return pos
        end = _group_end(text, start)
        if end < 0:
            return pos
        pos = end


def _decode_run(run: str) -> str:
    """latexcodec on a run with no verbatim parts, then protective braces removed."""
    if not run:
        return run
    if _SPECIAL.search(run) is None:
        return run
    import latexcodec  # noqa: F401  (registers the codec)

    stripped = run.lstrip(" ")
    lead = run[: len(run) - len(stripped)]
    decoded = codecs.decode(stripped, "ulatex")
    return lead + decoded.replace("{", "").replace("}", "")


def latex_to_text(value: str, on_formatting: Callable[[str], None] | None = None) -> str:
    """Decode a (whitespace-normalised) BibTeX value to Unicode text.

    ``on_formatting`` is called with the name of each formatting command dropped
    (``\\textit``...), so the caller can report it.
    """
    if _SPECIAL.search(value) is None:
        return value
    out: list[str] = []
    run: list[str] = []
    pos = 0

    def flush() -> None:
        if run:
            out.append(_decode_run("".join(run)))
            run.clear()

    for match in _TOKEN.finditer(value):
        start = match.start()
        if start < pos:
            continue  # inside arguments consumed by an earlier token
        run.append(value[pos:start])
        pos = match.end()
        kind = match.lastgroup
        if kind == "math":
            flush()
            out.append(match.group())
        elif kind == "par":
            flush()
            out.append("\n")
        elif kind == "pct":
            flush()
            out.append("%")
        elif kind == "sym":
            symbol = match.group()
            if symbol in _LITERAL_SYMBOLS:
                flush()
                out.append(_LITERAL_SYMBOLS[symbol])
            elif len(symbol) == 2 and symbol[1] in _ACCENT_SYMBOLS:
                run.append(symbol)
            else:
                flush()
                out.append(symbol)
        else:
            name = match.group("word")[1:]
            space = match.group("space")
            if name in LITERAL_WORDS:
                flush()
                out.append(LITERAL_WORDS[name])
                if not space and value.startswith("{}", pos):
                    pos += 2
            elif name in FORMATTING_WORDS:
                if on_formatting is not None:
                    on_formatting(name)
            elif name == "ensuremath" and value.startswith("{", pos):
                pos = _ensuremath(value, pos, out, flush)
            elif _latexcodec_knows(name):
                run.append(match.group())
            else:
                flush()
                end = _arguments_end(value, pos - len(space))
                out.append(value[start:end] if end > pos - len(space) else match.group())
                pos = max(pos, end)
    run.append(value[pos:])
    flush()
    return "".join(out)


def _ensuremath(value: str, brace: int, out: list[str], flush: Callable[[], None]) -> int:
    """Decode ``\\ensuremath{X}`` to one Unicode symbol when latexcodec can; else keep it."""
    import latexcodec  # noqa: F401  (registers the codec)

    end = _group_end(value, brace)
    flush()
    if end < 0:
        out.append("\\ensuremath")
        return brace
    decoded = codecs.decode(f"${value[brace + 1 : end - 1]}$", "ulatex")
    if "\\" in decoded or "$" in decoded or "{" in decoded:
        out.append("\\ensuremath" + value[brace:end])
    else:
        out.append(decoded)
    return end


# -- writing --------------------------------------------------------------------

#: A math span the writer passes through: ``$`` followed by a non-space, closed by
#: a ``$`` after a non-space and not followed by a digit (pandoc's rule), so
#: ``$5 and $6`` stays text.
_MATH_SPAN = re.compile(r"\$(?=[^\s$])(?:[^$\\\n]|\\[^\n])*?(?<=[^\s\\])\$(?!\d)")
_CONTROL_WORD = re.compile(r"\\([A-Za-z]+)")
_ESCAPES: dict[str, str] = {
    "\\": "\\textbackslash{}",
    "$": "\\$",
    "%": "\\%",
    "&": "\\&",
    "#": "\\#",
    "_": "\\_",
    "~": "\\textasciitilde{}",
    "^": "\\textasciicircum{}",
    "`": "\\textasciigrave{}",
    "\n": " \\par ",
    "\u00a0": "~",
}
_NEEDS_ESCAPE = re.compile(r"[\\{}$%&#_~^`\n\u00a0]|--|''|,,")
_ESCAPE_CHAR = re.compile(r"[\\{}$%&#_~^`\n\u00a0]|-(?=-)|'(?=')|,(?=,)|[^\x00-\x7f]")
_SYMBOL_ENCODINGS = {text: f"\\{name}{{}}" for name, text in LITERAL_WORDS.items()}
_SYMBOL_ENCODINGS.update({"\u2009": "\\,"})
_encoded_chars: dict[str, str] = {}


def _encode_char(char: str) -> str:
    """The braced LaTeX for one non-ASCII character, or the character itself when no
    encoding decodes back to it (checked once per character, then cached)."""
    cached = _encoded_chars.get(char)
    if cached is not None:
        return cached
    import latexcodec  # noqa: F401  (registers the codec)

    candidates: list[str] = []
    try:
        encoded = codecs.encode(char, "ulatex")
    except UnicodeEncodeError:
        encoded = ""
    if encoded.startswith("$") and encoded.endswith("$") and len(encoded) > 2:
        candidates.append(f"{{\\ensuremath{{{encoded[1:-1]}}}}}")
    elif encoded and encoded != char:
        candidates.append(f"{{{encoded}}}")
    if char in _SYMBOL_ENCODINGS:
        candidates.append(f"{{{_SYMBOL_ENCODINGS[char]}}}")
    result = char
    for candidate in candidates:
        if candidate.isascii() and latex_to_text(candidate) == char:
            result = candidate
            break
    _encoded_chars[char] = result
    return result


def _escape_plain(text: str, ascii_only: bool, braces_balanced: bool) -> str:
    """Escape a run of plain text (no math, no verbatim control words)."""
    if _NEEDS_ESCAPE.search(text) is None and (not ascii_only or text.isascii()):
        return text

    def replace(match: re.Match[str]) -> str:
        char = match.group()
        if char in _ESCAPES:
            return _ESCAPES[char]
        if char in "-',":
            return char + "{}"  # break a ligature: "--" would read back as an en dash
        if char in "{}":
            if braces_balanced:
                return "\\" + char
            return "\\textbraceleft{}" if char == "{" else "\\textbraceright{}"
        return _encode_char(char) if ascii_only else char

    return _ESCAPE_CHAR.sub(replace, text)


def _balanced(text: str) -> bool:
    depth = 0
    for char in text:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def _segments(text: str) -> list[tuple[bool, str]]:
    """Split text into (verbatim, piece): math spans and unknown control words with
    their brace arguments are verbatim; the rest is plain text to escape."""
    if "$" not in text and "\\" not in text:
        return [(False, text)]
    pieces: list[tuple[bool, str]] = []
    pos = plain_start = 0
    while pos < len(text):
        char = text[pos]
        end = -1
        if char == "$":
            math = _MATH_SPAN.match(text, pos)
            if math and _balanced(math.group()):
                end = math.end()
        elif char == "\\":
            word = _CONTROL_WORD.match(text, pos)
            if word and is_unknown_word(word.group(1)):
                end = _arguments_end(text, word.end())
        if end > pos:
            if plain_start < pos:
                pieces.append((False, text[plain_start:pos]))
            pieces.append((True, text[pos:end]))
            pos = plain_start = end
        else:
            pos += 1
    if plain_start < len(text):
        pieces.append((False, text[plain_start:]))
    return pieces


def needs_protection(word: str) -> bool:
    """True for a word whose capitals must survive a style's case change: acronyms
    and mixed case (``COVID-19``, ``UC-MSC``, ``SARS-CoV-2``, ``mRNA``, ``McDonald``)
    and single capital letters other than ``A`` (``vitamin D``); not ``Safety``."""
    if word == "A":
        return False
    for part in re.split(r"[-/]", word):
        letters = [c for c in part if c.isalpha()]
        if not letters:
            continue
        if len(letters) == 1 and letters[0].isupper():
            return True
        if any(c.isupper() for c in letters[1:]):
            return True
    return False


def text_to_latex(text: str, *, ascii_only: bool = False, protect: bool = False) -> str:
    """Encode Unicode text as a BibTeX value body (without the outer braces).

    ``ascii_only`` writes non-ASCII characters as LaTeX commands where latexcodec can;
    ``protect`` wraps words whose capitals must stay (see ``needs_protection``) in
    braces, for titles.
    """
    if not protect and _NEEDS_ESCAPE.search(text) is None and (not ascii_only or text.isascii()):
        return text
    braces_ok = _balanced(text)
    out: list[str] = []
    for verbatim, piece in _segments(text):
        if verbatim:
            # A group keeps a following "{" from being read as another argument.
            out.append(piece if piece.startswith("$") else "{" + piece + "}")
        elif protect:
            for token in re.split(r"( +)", piece):
                escaped = _escape_plain(token, ascii_only, braces_ok)
                out.append("{" + escaped + "}" if token and needs_protection(token) else escaped)
        else:
            out.append(_escape_plain(piece, ascii_only, braces_ok))
    return "".join(out)
