"""Input mutations for fuzzing refbridge's readers (shared by the campaign and the tests)."""

from __future__ import annotations

import random

#: Fragments that are syntax somewhere: BibTeX braces and quotes, RIS tags, XML markup, JSON.
SYNTAX_FRAGMENTS: tuple[str, ...] = (
    "{",
    "}",
    '"',
    "@",
    "@article{",
    "@string{x=",
    ",",
    "=",
    "#",
    "\\",
    "%",
    "TY  - ",
    "ER  - ",
    "AU  - ",
    "KW  - ",
    "\nTY  - JOUR\n",
    "  - ",
    "<",
    ">",
    "</",
    "<ref>",
    "<article>",
    "<!DOCTYPE x [",
    "&amp;",
    "&x;",
    "<![CDATA[",
    "]]>",
    "[",
    "]",
    ":",
    "null",
    "1.",
    ";",
    "\n;\n",
    "*",
    "/",
    "\r\n",
    "\ufeff",
    "\x00",
)
UNICODE_SAMPLES = "üéñ–—…≥αβγ中文한국어Tiếng\u200b\u202e\U0001f600\udcff"


def mutate(data: str, rng: random.Random) -> str:
    """Apply one to four random mutations to ``data``."""
    for _ in range(rng.randint(1, 4)):
        data = rng.choice(_MUTATIONS)(data, rng)
    return data


def _truncate(data: str, rng: random.Random) -> str:
    return data[: rng.randint(0, len(data))] if data else data


def _flip(data: str, rng: random.Random) -> str:
    if not data:
        return data
    chars = list(data)
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(chars))
        chars[i] = chr(rng.choice([rng.randint(0, 127), rng.randint(0, 0x2FFF)]))
    return "".join(chars)


def _insert_syntax(data: str, rng: random.Random) -> str:
    i = rng.randint(0, len(data))
    return data[:i] + rng.choice(SYNTAX_FRAGMENTS) * rng.randint(1, 3) + data[i:]


def _insert_unicode(data: str, rng: random.Random) -> str:
    i = rng.randint(0, len(data))
    text = "".join(rng.choice(UNICODE_SAMPLES) for _ in range(rng.randint(1, 20)))
    return data[:i] + text.encode("utf-8", "replace").decode("utf-8", "replace") + data[i:]


def _nul(data: str, rng: random.Random) -> str:
    i = rng.randint(0, len(data))
    return data[:i] + "\x00" * rng.randint(1, 4) + data[i:]


def _enormous_field(data: str, rng: random.Random) -> str:
    i = rng.randint(0, len(data))
    return data[:i] + rng.choice("ax{<[ ") * rng.randint(10_000, 200_000) + data[i:]


def _deep_nesting(data: str, rng: random.Random) -> str:
    i = rng.randint(0, len(data))
    depth = rng.randint(100, 5000)
    opener, closer = rng.choice([("{", "}"), ("<a>", "</a>"), ("[", "]"), ("(", ")")])
    closing = closer * (depth if rng.random() < 0.5 else rng.randint(0, depth))
    return data[:i] + opener * depth + closing + data[i:]


def _duplicate_slice(data: str, rng: random.Random) -> str:
    if not data:
        return data
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.randint(1, 500))
    i = rng.randint(0, len(data))
    return data[:i] + data[a:b] * rng.randint(1, 5) + data[i:]


def _delete_slice(data: str, rng: random.Random) -> str:
    if not data:
        return data
    a = rng.randrange(len(data))
    return data[:a] + data[a + rng.randint(1, 200) :]


def _repeat_fragment(data: str, rng: random.Random) -> str:
    """A short fragment repeated thousands of times: the shape that makes a pattern with
    nested or adjacent quantifiers backtrack (``";  "`` runs, ``"A. "`` runs, ``"{a"``)."""
    if data and rng.random() < 0.6:
        a = rng.randrange(len(data))
        fragment = data[a : a + rng.randint(1, 12)]
    else:
        fragment = rng.choice(SYNTAX_FRAGMENTS) + rng.choice(["", " ", "  ", "a", "A.", "\n"])
    i = rng.randint(0, len(data))
    return data[:i] + fragment * rng.randint(1_000, 20_000) + data[i:]


def _wrong_encoding(data: str, rng: random.Random) -> str:
    """The text as it arrives when the encoding is guessed wrong: UTF-16 or UTF-8 bytes
    decoded as Latin-1 / cp1252 (every byte becomes a character, NULs included)."""
    encoded = data.encode(rng.choice(["utf-16", "utf-16-le", "utf-8"]), "surrogatepass")
    return encoded.decode(rng.choice(["latin-1", "cp1252"]), "replace")


_MUTATIONS = (
    _truncate,
    _flip,
    _insert_syntax,
    _insert_syntax,
    _insert_unicode,
    _nul,
    _enormous_field,
    _deep_nesting,
    _duplicate_slice,
    _delete_slice,
    _repeat_fragment,
    _wrong_encoding,
)
