"""Writing Unicode text as a BibTeX value body (``text_to_latex``).

The inverse of ``latex.latex_to_text``: characters special to LaTeX are escaped,
ligatures that LaTeX would merge (``--``, ``''``) are broken with ``{}``, math
spans and unknown control words are passed through, and with ``ascii_only`` every
non-ASCII character that latexcodec can express becomes a braced LaTeX command
(``{\\'e}``), checked by decoding it back.

Speed matters here (the BibTeX writer spends most of its time in this module):
values without specials are returned after one scan, short values are cached
(bounded), and escaping uses ``str.replace`` passes and an ASCII codec error
handler rather than a Python call per character where the result is the same.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable
from functools import lru_cache

from refbridge.formats.bibtex.latex import (
    _CONTROL_WORD_ARGS,
    LITERAL_WORDS,
    _ulatex_encode,
    is_unknown_word,
    latex_to_text,
)
from refbridge.formats.bibtex.latex_math import math_to_text

#: A math span the writer passes through: ``$`` followed by a non-space, closed by
#: a ``$`` after a non-space and not followed by a digit (pandoc's rule), so
#: ``$5 and $6`` stays text.
_MATH_SPAN = re.compile(r"\$(?=[^\s$])(?:[^$\\\n]|\\[^\n])*?(?<=[^\s\\])\$(?!\d)")
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
    "\n": "\x00",  # newline runs are written by _paragraphs
    "\u00a0": "~",
}
#: The characters ``_escape_plain`` rewrites; ligature pairs are looked for with ``in``.
_ESCAPE_CLASS = re.compile(r"[\\{}$%&#_~^`\n\u00a0]")
# The specials or any non-ASCII character, written as "none of the other ASCII
# characters": a class spanning \x80-\U0010ffff takes ~10 ms to compile at every start.
_ESCAPE_CLASS_ASCII = re.compile(
    "[^" + re.escape("".join(chr(c) for c in range(128) if chr(c) not in "\\{}$%&#_~^`\n")) + "]"
)
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_LIGATURE_CHAR = re.compile(r"[\\{}$%&#_~^`\n\u00a0]|-(?=-)|'(?=')|,(?=,)|[^\x00-\x7f]")
_SYMBOL_ENCODINGS = {text: f"\\{name}{{}}" for name, text in LITERAL_WORDS.items()}
_SYMBOL_ENCODINGS.update({"\u2009": "\\,"})
_encoded_chars: dict[str, str] = {}
#: Symbols written in text mode because Zotero's BibTeX import decodes these forms and
#: not the math ones (``$\times$`` stays ``\times`` there); checked by a Zotero test.
_ZOTERO_TEXT_SYMBOLS = {
    "\u00d7": "texttimes",
    "\u00b1": "textpm",
    "\u00b0": "textdegree",
    "\u00b5": "textmu",
    "\u2192": "textrightarrow",
    "\u00b7": "textperiodcentered",
    "\u00b2": "texttwosuperior",
    "\u00b3": "textthreesuperior",
    "\u00b9": "textonesuperior",
    "\u2030": "textperthousand",
    "\u00a9": "textcopyright",  # latexcodec's \copyright reaches Zotero as the word (a licence's ©)
}


def _plain_ok(text: str, ascii_only: bool) -> bool:
    """True when ``text`` needs no escaping at all (the common case: one scan in C)."""
    return (
        _ESCAPE_CLASS.search(text) is None
        and "--" not in text
        and "''" not in text
        and ",," not in text
        and (not ascii_only or text.isascii())
    )


class _Escapes(dict[str, str]):
    """Escape table of one writing mode; characters not in it are non-ASCII ones to
    encode (only matched when writing ASCII)."""

    def __missing__(self, char: str) -> str:
        return _encode_char(char)


def _escape_table(braces_balanced: bool) -> _Escapes:
    table = _Escapes(_ESCAPES)
    if braces_balanced:
        table.update({"{": "\\{", "}": "\\}"})
    else:
        table.update({"{": "\\textbraceleft{}", "}": "\\textbraceright{}"})
    return table


def _replacer(table: _Escapes) -> Callable[[re.Match[str]], str]:
    """A ``re.sub`` replacement function looking each matched character up in ``table``."""

    def replace(match: re.Match[str]) -> str:
        return table[match.group()]

    return replace


#: braces_balanced → the ``re.sub`` replacement function.
_REPLACERS = {balanced: _replacer(_escape_table(balanced)) for balanced in (False, True)}
#: The escapes after the braces, in an order where no replacement holds a character
#: replaced after it (the braces come first: ``\textasciitilde{}`` holds braces).
_CHAIN = [(char, _ESCAPES[char]) for char in "$%&#_~^`\n\u00a0"]


class _NoEncoding(Exception):
    """A non-ASCII character with no LaTeX encoding (it is written as it is)."""


def _encode_error(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: the LaTeX for a run of non-ASCII characters."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    if error.end - error.start == 1:
        run = _encode_char(error.object[error.start])
    else:
        run = "".join([_encode_char(char) for char in error.object[error.start : error.end]])
    if not run.isascii():
        raise _NoEncoding
    return run, error.end


codecs.register_error("refbridge-latex", _encode_error)


def _encode_char(char: str) -> str:
    """The braced LaTeX for one non-ASCII character, or the character itself when no
    encoding decodes back to it (checked once per character, then cached)."""
    cached = _encoded_chars.get(char)
    if cached is not None:
        return cached
    candidates: list[str] = []
    if char in _ZOTERO_TEXT_SYMBOLS:
        candidates.append(f"{{\\{_ZOTERO_TEXT_SYMBOLS[char]}}}")
    try:
        encoded = _ulatex_encode(char)
    except UnicodeEncodeError:
        encoded = ""
    if encoded.startswith("$") and encoded.endswith("$") and len(encoded) > 2:
        # ``{$\beta$}``: what Zotero's BibTeX import decodes (not ``\ensuremath``),
        # and what bibtex and biber typeset alike.
        candidates.append(f"{{{encoded}}}")
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
    if _plain_ok(text, ascii_only):
        return text
    if "--" not in text and "''" not in text and ",," not in text:
        # Every replacement depends on one character alone.
        if "\\" in text or not braces_balanced:
            pattern = _ESCAPE_CLASS_ASCII if ascii_only else _ESCAPE_CLASS
            return pattern.sub(_REPLACERS[braces_balanced], text)
        # No backslash, and braces escaped as \{ \}: str.replace passes (C speed), the
        # braces first.
        text = text.replace("{", "\\{").replace("}", "\\}")
        for char, escape in _CHAIN:
            if char in text:
                text = text.replace(char, escape)
        if ascii_only and not text.isascii():
            try:
                return text.encode("ascii", "refbridge-latex").decode("ascii")
            except _NoEncoding:
                return _NON_ASCII.sub(_REPLACERS[braces_balanced], text)
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

    return _LIGATURE_CHAR.sub(replace, text)


def _balanced(text: str) -> bool:
    """True when the braces of ``text`` nest properly (as BibTeX needs them to)."""
    if "{" not in text and "}" not in text:
        return True
    depth = 0
    for match in _BRACE.finditer(text):
        depth += 1 if match.group() == "{" else -1
        if depth < 0:
            return False
    return depth == 0


def _segments(text: str) -> list[tuple[bool, str]]:
    """Split text into (verbatim, piece): math spans and unknown control words with
    their brace arguments are verbatim; the rest is plain text to escape."""
    if "$" not in text and "\\" not in text:
        return [(False, text)]
    pieces: list[tuple[bool, str]] = []
    plain_start = skip = 0
    for candidate in _VERBATIM_START.finditer(text):
        pos = candidate.start()
        if pos < plain_start or pos < skip:
            continue
        end = -1
        if text[pos] == "$":
            math = _MATH_SPAN.match(text, pos)
            if math and _balanced(math.group()):
                if math_to_text(math.group()) is not None:
                    # The reader would decode it to other text: it is the text's own
                    # dollars and backslashes, escaped as plain text.
                    skip = math.end()
                    continue
                end = math.end()
        else:
            word = _CONTROL_WORD_ARGS.match(text, pos)
            if word and is_unknown_word(word.group(1)):
                end = word.end()
        if end > pos:
            if plain_start < pos:
                pieces.append((False, text[plain_start:pos]))
            pieces.append((True, text[pos:end]))
            plain_start = end
    if plain_start < len(text):
        pieces.append((False, text[plain_start:]))
    return pieces


def needs_protection(word: str) -> bool:
    """True for a word whose capitals must survive a style's case change: acronyms
    and mixed case (``COVID-19``, ``UC-MSC``, ``SARS-CoV-2``, ``mRNA``, ``McDonald``)
    and single capital letters other than ``A`` (``vitamin D``); not ``Safety``."""
    if word == "A" or word.lower() == word:
        return False
    rest = word[1:]
    if rest.lower() == rest and len(word) > 1 and rest[0].isalpha():
        return False  # an ordinary capitalised word
    for part in _WORD_PARTS.split(word):
        letters = [c for c in part if c.isalpha()]
        if not letters:
            continue
        if len(letters) == 1 and letters[0].isupper():
            return True
        if any(c.isupper() for c in letters[1:]):
            return True
    return False


_BRACE = re.compile(r"[{}]")
#: One capital letter, maybe with punctuation after it ("T", "T.", "B:").
_LONE_CAPITAL = re.compile(r"[A-Z][.:,;!?]?")


def _kept_first_letter(word: str) -> bool:
    """True for a lone capital letter as a title's first word (``title = {T}``): BibTeX's
    case change keeps a title's first character as it is, so braces would protect nothing."""
    return _LONE_CAPITAL.fullmatch(word) is not None


_VERBATIM_START = re.compile(r"[$\\]")
_WORD_PARTS = re.compile(r"[-/]")
_SPACES = re.compile(r"( +)")


_NEWLINES = re.compile("\x00+")


def _paragraphs(encoded: str) -> str:
    """Newlines as LaTeX writes a paragraph break: a blank line (readable, and what
    Zotero turns into a space), then ``\\par`` for each further newline. ``\\par``
    alone where the next line would start with ``@`` (a reader would take it for
    the next entry)."""

    def breaks(match: re.Match[str]) -> str:
        count = len(match.group())
        if encoded[match.end() : match.end() + 1] in ("@", " ", ""):
            return " \\par" * count + " "
        return "\n\n" + " \\par" * (count - 1) + (" " if count > 1 else "")

    return _NEWLINES.sub(breaks, encoded)


def text_to_latex(text: str, *, ascii_only: bool = False, protect: bool = False) -> str:
    """Encode Unicode text as a BibTeX value body (without the outer braces).

    ``ascii_only`` writes non-ASCII characters as LaTeX commands where latexcodec can;
    ``protect`` wraps words whose capitals must stay (see ``needs_protection``) in
    braces, for titles.
    """
    if len(text) <= SHORT_VALUE:
        return short_to_latex(text, ascii_only, protect)
    return _to_latex(text, ascii_only, protect)


#: Values up to this length (keywords, journals, name parts, numbers) repeat: each
#: is encoded once and kept in a bounded cache.
SHORT_VALUE = 80


@lru_cache(maxsize=4096)
def short_to_latex(text: str, ascii_only: bool, protect: bool) -> str:
    """``text_to_latex`` for a value of at most ``SHORT_VALUE`` characters (cached)."""
    return _to_latex(text, ascii_only, protect)


def _to_latex(text: str, ascii_only: bool, protect: bool) -> str:
    """The encoding behind ``text_to_latex``."""
    if not protect and _plain_ok(text, ascii_only):
        return text
    braces_ok = _balanced(text)
    out: list[str] = []
    for verbatim, piece in _segments(text):
        if verbatim:
            # A group keeps a following "{" from being read as another argument.
            out.append(piece if piece.startswith("$") else "{" + piece + "}")
        elif protect:
            plain: list[str] = []
            for token in _SPACES.split(piece):
                # The lowercase test is needs_protection's first one, inline: most words.
                if (
                    token
                    and token.lower() != token
                    and needs_protection(token)
                    and not (not out and not "".join(plain) and _kept_first_letter(token))
                ):
                    out.append(_escape_plain("".join(plain), ascii_only, braces_ok))
                    out.append("{" + _escape_plain(token, ascii_only, braces_ok) + "}")
                    plain = []
                else:
                    plain.append(token)
            out.append(_escape_plain("".join(plain), ascii_only, braces_ok))
        else:
            out.append(_escape_plain(piece, ascii_only, braces_ok))
    encoded = "".join(out)
    return _paragraphs(encoded) if "\n" in text else encoded
