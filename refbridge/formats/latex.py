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
from functools import lru_cache
from typing import Any

#: A value containing none of these is plain text to LaTeX too (the fast path).
_SPECIAL = re.compile(r"[\\{}~$`]|--|''|,,")
#: Without these, only braces need handling (the second fast path).
_BEYOND_BRACES = re.compile(r"[\\~$`]|--|''|,,")

#: A brace group, nested up to three levels (reader and writer share this grammar).
_ARG = r"\{(?:[^{}\n]|\{(?:[^{}\n]|\{[^{}\n]*\})*\})*\}"
#: The arguments of a control word: brace groups, or one letter after a space (``\c c``).
_ARGS = rf"(?:(?: ?{_ARG})+| [A-Za-z](?![A-Za-z]))?"

#: Every token the decoder acts on; text between tokens is kept as it is.
_TOKEN = re.compile(
    # The lookahead lets the engine skip ordinary characters with one test.
    r"(?=[\\{}$~`'!?,-])"
    r"(?:(?P<math>\$(?:[^$\\]|\\.)*\$)"
    r"|(?P<par>\\par(?![A-Za-z]) ?)"
    rf"|(?P<word>\\[A-Za-z]+)(?P<args>{_ARGS})(?P<space> ?)"
    rf"|(?P<accent>\\['`^\"~=.](?:\s*(?:{_ARG}|\\[A-Za-z]+|[A-Za-z]))?)"
    r"|(?P<sym>\\[^A-Za-z]?)"
    r"|(?P<lig>-{2,3}|`{1,2}|''|,,|[!?]`|~)"
    r"|(?P<brace>[{}]))"
)
_SPACE_BEFORE_PAR = re.compile(r" (?=\\par(?![A-Za-z]))")
_CONTROL_WORD_ARGS = re.compile(rf"\\([A-Za-z]+)({_ARGS})")

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

#: Control symbols with a fixed meaning (accents such as ``\'`` go to latexcodec).
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
    "\\-": "\u00ad",
    "\\!": "",
    "\\/": "",
    "\\@": "",
}

#: Formatting commands whose argument is kept as plain text (the formatting is lost).
# fmt: off
FORMATTING_WORDS = frozenset(
    [
        "textit", "textbf", "emph", "textsc", "textrm", "textsf", "texttt", "textup", "textsl",
        "textmd", "textnormal", "mbox", "hbox", "it", "bf", "em", "sc", "rm", "sf", "tt", "sl",
        "nocase", "NoCaseChange"
    ]
)
# fmt: on

_known_words: dict[str, bool] = {}
_CODECS: Any = codecs  # the text→text "ulatex" codec is beyond typeshed's overloads


def _ulatex_decode(latex: str) -> str:
    """latexcodec's decoding (importing latexcodec registers the codec)."""
    import latexcodec  # noqa: F401

    return str(_CODECS.decode(latex, "ulatex"))


def _ulatex_encode(text: str) -> str:
    """latexcodec's encoding; raises UnicodeEncodeError for characters it cannot write."""
    import latexcodec  # noqa: F401

    return str(_CODECS.encode(text, "ulatex"))


def _latexcodec_knows(name: str) -> bool:
    """True when latexcodec decodes the control word ``\\name`` (cached)."""
    known = _known_words.get(name)
    if known is None:
        decoded = _ulatex_decode(f"\\{name}{{}}")
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


@lru_cache(maxsize=4096)
def _codec(cluster: str) -> str:
    """latexcodec on one small piece (an accent with its argument, a ligature), braces removed."""
    return _ulatex_decode(cluster).replace("{", "").replace("}", "")


def _ensuremath(args: str) -> str | None:
    """``\\ensuremath{X}`` as one Unicode symbol when latexcodec reads ``$X$`` as one."""
    if not args.startswith("{") or _group_end(args, 0) != len(args):
        return None
    decoded = _codec(f"${args[1:-1]}$")
    return None if "\\" in decoded or "$" in decoded else decoded


def latex_to_text(value: str, on_formatting: Callable[[str], None] | None = None) -> str:
    """Decode a (whitespace-normalised) BibTeX value to Unicode text.

    ``on_formatting`` is called with the name of each formatting command dropped
    (``\\textit``...), so the caller can report it.
    """
    if _SPECIAL.search(value) is None:
        return value
    if on_formatting is None and len(value) <= 80:
        return _short(value)
    return _decode(value, on_formatting)


@lru_cache(maxsize=4096)
def _short(value: str) -> str:
    """Short values (journal names, keywords, names) repeat: decode each once."""
    return _decode(value, None)


def _decode(value: str, on_formatting: Callable[[str], None] | None) -> str:
    """The decoding behind ``latex_to_text``."""
    if "\\" in value and "\\\\" not in value and "$" not in value:
        # The escapes that fill abstracts, without the tokenizer.
        value = value.replace("\\%", "%").replace("\\&", "&").replace("\\_", "_").replace("\\#", "#")
    if _BEYOND_BRACES.search(value) is None:
        return value.replace("{", "").replace("}", "")

    def token(match: re.Match[str]) -> str:
        kind = match.lastgroup
        text = match.group()
        if kind == "brace":
            return ""
        if kind == "math":
            return text
        if kind == "par":
            return "\n"
        if kind in ("lig", "accent"):
            return _codec(text)
        if kind == "sym":
            return _LITERAL_SYMBOLS.get(text, text)
        name = match.group("word")[1:]
        args = match.group("args")
        # TeX eats the space after a control word, but not after its argument.
        space = match.group("space") if args else ""
        if name in LITERAL_WORDS:
            rest = "" if args in ("", "{}") else latex_to_text(args, on_formatting)
            return LITERAL_WORDS[name] + rest + space
        if name in FORMATTING_WORDS:
            if on_formatting is not None:
                on_formatting(name)
            return latex_to_text(args.lstrip(" "), on_formatting) + space
        if name == "ensuremath":
            symbol = _ensuremath(args)
            return symbol + space if symbol is not None else text
        if _latexcodec_knows(name):
            return _codec(text)
        return text

    if "\\par" in value:
        value = _SPACE_BEFORE_PAR.sub("", value)
    return _TOKEN.sub(token, value)


# -- writing --------------------------------------------------------------------

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
    candidates: list[str] = []
    try:
        encoded = _ulatex_encode(char)
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
    plain_start = 0
    for candidate in _VERBATIM_START.finditer(text):
        pos = candidate.start()
        if pos < plain_start:
            continue
        end = -1
        if text[pos] == "$":
            math = _MATH_SPAN.match(text, pos)
            if math and _balanced(math.group()):
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
    if not protect and _NEEDS_ESCAPE.search(text) is None and (not ascii_only or text.isascii()):
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
                if token and needs_protection(token):
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
