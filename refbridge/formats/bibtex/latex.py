"""LaTeX ↔ Unicode for BibTeX field values.

Reading (``latex_to_text``): accents and symbols are decoded with latexcodec (a
maintained codec, not a table of our own); math (``$...$``) and control words
latexcodec does not know (``\\url{...}``, ``\\foo{x}``) are kept verbatim as LaTeX
source; protective braces are removed; ``\\par`` becomes a newline. Values with
none of the special characters take a fast path that touches nothing.

Writing (``text_to_latex``, in ``latex_write``): the inverse. Characters special to LaTeX are escaped,
ligatures that LaTeX would merge (``--``, ``''``) are broken with ``{}``, math
spans and unknown control words are passed through, and with ``ascii_only`` every
non-ASCII character that latexcodec can express becomes a braced LaTeX command
(``{\\'e}``). Each such encoding is checked by decoding it back, so the pair
round-trips: ``latex_to_text(text_to_latex(s)) == s`` for single-spaced text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from refbridge.formats.bibtex.codec import decode_piece, ulatex_decode, ulatex_encode
from refbridge.formats.bibtex.latex_math import SUBSCRIPTS, SUPERSCRIPTS, math_to_text, scripted

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
    # Symbols Zotero's BibTeX import reads in text mode (the writer prefers these forms).
    "texttimes": "\u00d7",
    "textpm": "\u00b1",
    "textdegree": "\u00b0",
    "textdiv": "\u00f7",
    "textrightarrow": "\u2192",
    "textleftarrow": "\u2190",
    "textperiodcentered": "\u00b7",
    "textonehalf": "\u00bd",
    "textonequarter": "\u00bc",
    "textthreequarters": "\u00be",
    "textlnot": "\u00ac",
}

#: biblatex/csquotes quotation commands: their argument in curly double quotes.
QUOTE_WORDS = frozenset({"mkbibquote", "enquote", "textquote"})
#: Text-mode scripts: Unicode scripts when the argument has them, else plain text.
SCRIPT_WORDS = frozenset({"textsuperscript", "textsubscript"})

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
# Under their old names too: latex_write imports the encoder from here.
_ulatex_decode = ulatex_decode
_ulatex_encode = ulatex_encode
_codec = decode_piece


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
    if name in QUOTE_WORDS or name in SCRIPT_WORDS:
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
def _ensuremath(args: str) -> str | None:
    """``\\ensuremath{X}`` as one Unicode symbol when latexcodec reads ``$X$`` as one."""
    if not args.startswith("{") or _group_end(args, 0) != len(args):
        return None
    decoded = _codec(f"${args[1:-1]}$")
    return None if "\\" in decoded or "$" in decoded else decoded


def latex_to_text(
    value: str,
    on_formatting: Callable[[str], None] | None = None,
    on_kept: Callable[[str], None] | None = None,
) -> str:
    """Decode a (whitespace-normalised) BibTeX value to Unicode text.

    ``on_formatting`` is called with the name of each formatting command dropped
    (``\\textit``...), ``on_kept`` with each piece of LaTeX kept as written because
    it has no Unicode form (``$\\frac{1}{2}$``, ``\\foo{x}``), so the caller can report them.
    """
    if _SPECIAL.search(value) is None:
        return value
    if on_formatting is None and on_kept is None and len(value) <= 80:
        return _short(value)
    return _decode(value, on_formatting, on_kept)


@lru_cache(maxsize=4096)
def _short(value: str) -> str:
    """Short values (journal names, keywords, names) repeat: decode each once."""
    return _decode(value, None, None)


def _accent(text: str) -> str:
    """An accent command as Unicode: ``\\'{\\i}`` is í; ``\\~{}`` or a ``\\~`` before a
    space is a tilde (as in URLs and paths), ``\\^{}`` a circumflex."""
    if text[1] in "~^":
        rest = text[2:]
        if rest in ("", "{}"):
            return text[1]
        if rest[:1].isspace():
            return text[1] + rest
    if "{\\" in text:
        text = text.replace("{\\i}", "\\i").replace("{\\j}", "\\j")
    return _codec(text)


def _script(name: str, args: str, on_formatting: Callable[[str], None] | None) -> str:
    """``\\textsuperscript{-3}`` as ⁻³; an argument without Unicode scripts (``th``)
    as plain text, the formatting reported as dropped."""
    text = latex_to_text(args.lstrip(" "), on_formatting)
    table = SUPERSCRIPTS if name == "textsuperscript" else SUBSCRIPTS
    result = scripted(text, table)
    if result is not None:
        return result
    if on_formatting is not None:
        on_formatting(name)
    return text


def _decode(
    value: str, on_formatting: Callable[[str], None] | None, on_kept: Callable[[str], None] | None
) -> str:
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
            decoded = math_to_text(text)
            if decoded is None:
                if on_kept is not None:
                    on_kept(text)
                return text
            return decoded
        if kind == "par":
            return "\n"
        if kind == "accent":
            return _accent(text)
        if kind == "lig":
            return _codec(text)
        if kind == "sym":
            return _LITERAL_SYMBOLS.get(text, text)
        name = match.group("word")[1:]
        args = match.group("args")
        # TeX eats the space after a control word, but not after its argument.
        space = match.group("space") if args else ""
        if name in LITERAL_WORDS:
            rest = "" if args in ("", "{}") else latex_to_text(args, on_formatting, on_kept)
            return LITERAL_WORDS[name] + rest + space
        if name in FORMATTING_WORDS:
            if on_formatting is not None:
                on_formatting(name)
            return latex_to_text(args.lstrip(" "), on_formatting, on_kept) + space
        if name in QUOTE_WORDS and args.startswith("{"):
            return "\u201c" + latex_to_text(args, on_formatting, on_kept) + "\u201d" + space
        if name in SCRIPT_WORDS and args.startswith("{"):
            return _script(name, args, on_formatting) + space
        if name == "ensuremath":
            symbol = _ensuremath(args)
            return symbol + space if symbol is not None else text
        if _latexcodec_knows(name):
            return _codec(text)
        if on_kept is not None:
            on_kept(text.rstrip())
        return text

    if "\\par" in value:
        value = _SPACE_BEFORE_PAR.sub("", value)
    return _TOKEN.sub(token, value)
