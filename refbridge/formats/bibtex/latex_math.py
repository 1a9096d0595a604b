"""Math spans and text-mode scripts of BibTeX values, decoded to Unicode when they can be.

Real bibliographies write Greek letters and symbols in math mode inside running text:
``IL-1{$\\beta$}``, ``{$\\Delta$}Ct``, ``5 {$\\mu$}g/mL``, ``$\\Sigma^{0}$``,
``H$_2$O``, ``$p < 0.05$``. Zotero's own BibTeX import turns these into β, Δ, μ, Σ⁰;
so does refbridge. A span is decoded only when every piece of it has a Unicode form:
symbols latexcodec knows (``\\beta``, ``\\times``, ``\\leq``), letters, digits and
punctuation, ``^``/``_`` scripts whose characters have super/subscript forms,
``\\mathrm{...}``/``\\text{...}`` groups. Anything else (``$\\frac{1}{2}$``) is kept
as LaTeX source, and the caller reports it.

``\\textsuperscript``/``\\textsubscript`` become Unicode scripts the same way when
their argument has them (``10\\textsuperscript{-3}``); an ordinal's letters
(``20\\textsuperscript{th}``) become plain text, the formatting dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache

SUPERSCRIPTS = dict(zip("0123456789+-=()ni\u2212", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱ⁻", strict=True))
SUBSCRIPTS = dict(zip("0123456789+-=()\u2212", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎₋", strict=True))

#: One piece of a math span: a control word (with its space), a script with its
#: argument, a control symbol, a brace, or one ordinary character.
_PIECE = re.compile(
    r"(?P<word>\\[A-Za-z]+) ?"
    r"|(?P<script>[\^_])\s*(?P<arg>\{(?:[^{}]|\{[^{}]*\})*\}|\\[A-Za-z]+|[^\s{}\\])"
    r"|(?P<sym>\\.)"
    r"|(?P<brace>[{}])"
    r"|(?P<char>.)",
    re.DOTALL,
)
_TEXT_ARG = re.compile(r"\s*\{([^{}]*)\}")
#: Ordinary characters a math span may hold and that read the same as text.
_PLAIN = re.compile(r"[A-Za-z0-9 .,;:!?()\[\]/|'+=<>*-]")
#: Groups whose argument is text in math (the font is dropped).
_TEXT_WORDS = frozenset(
    {"mathrm", "text", "textrm", "mathit", "mathbf", "mathsf", "mathtt", "textit", "textbf"}
)
_SYMBOLS = {"\\,": "\u2009", "\\ ": " ", "\\;": " ", "\\:": " ", "\\!": ""}
_SYMBOLS.update({"\\%": "%", "\\#": "#", "\\&": "&"})
#: Symbols latexcodec decodes differently from their use in a math span.
#: (``\\mu`` is the Greek letter, as Zotero reads it, not latexcodec's micro sign.)
_WORDS = {"circ": "∘", "ge": "≥", "le": "≤", "ne": "≠", "mu": "\u03bc"}


def _symbol(name: str) -> str | None:
    """The Unicode character of ``\\name`` in math mode, or None."""
    from refbridge.formats.bibtex.codec import decode_piece as _codec

    if name in _WORDS:
        return _WORDS[name]
    decoded = _codec(f"$\\{name}$")
    if "\\" in decoded or "$" in decoded or len(decoded) != 1:
        return None
    return decoded


def scripted(text: str, table: dict[str, str]) -> str | None:
    """``text`` in super/subscript characters, or None when one has none."""
    out = []
    for char in text:
        mapped = table.get(char)
        if mapped is None:
            return None
        out.append(mapped)
    return "".join(out)


@lru_cache(maxsize=4096)
def math_to_text(span: str) -> str | None:
    """The Unicode text of a math span ``$...$`` (dollars included), or None when some
    part of it has no Unicode form (the caller keeps the LaTeX)."""
    return _body(span[1:-1]) if span.startswith("$") and span.endswith("$") else None


def _body(body: str) -> str | None:
    out: list[str] = []
    position = 0
    while position < len(body):
        match = _PIECE.match(body, position)
        if match is None:
            return None
        position = match.end()
        kind = match.lastgroup
        if kind == "brace":
            continue
        if kind == "char":
            char = match.group()
            if not _PLAIN.fullmatch(char) and char.isascii():
                return None
            out.append("\u2212" if char == "-" else char)  # in math, a hyphen is a minus sign
        elif kind == "sym":
            symbol = _SYMBOLS.get(match.group())
            if symbol is None:
                return None
            out.append(symbol)
        elif kind == "word":
            name = match.group("word")[1:]
            if name in _TEXT_WORDS:
                arg = _TEXT_ARG.match(body, position)  # at the position: no slicing, linear
                if arg is None:
                    return None
                inner = _body(arg.group(1))
                if inner is None:
                    return None
                out.append(inner)
                position = arg.end()
                continue
            symbol = _symbol(name)
            if symbol is None:
                return None
            out.append(symbol)
        else:  # a script
            script_arg: str = match.group("arg")
            inner = _body(script_arg[1:-1] if script_arg.startswith("{") else script_arg)
            if inner is None:
                return None
            if match.group("script") == "^" and inner in ("∘", "°"):
                out.append("°")  # ^\circ, ^{\circ}: the degree sign
                continue
            table = SUPERSCRIPTS if match.group("script") == "^" else SUBSCRIPTS
            result = scripted(inner, table)
            if result is None:
                return None
            out.append(result)
    return "".join(out)
