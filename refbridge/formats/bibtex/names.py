"""Name lists: ``author = {Last, First and von Last, Jr., First and {Org Name}}``.

Reading splits on ``and`` outside braces and parses each name once (cached) with
pybtex's ``Person``, except for the plain cases (``Last, First`` and ``First Last``
with capitalised words) where a direct split gives the same parts faster. A name
that is one brace group is a corporate (literal) name.

Writing produces ``von Last, Jr., First`` and checks, for anything but plain
names, that it reads back to the same parts; if not, it braces the family name
(``{dos Santos}, Maria``), so a round trip never shifts a word between parts.

``and others`` is the et-al marker, ``Person(literal="others")`` in the model
(``Person.is_etal``), and is written back as ``and others``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from refbridge.formats.bibtex.latex import _group_end, latex_to_text
from refbridge.formats.bibtex.latex_write import text_to_latex
from refbridge.model import ETAL_LITERAL, Person

_AND = re.compile(r"(?<!\s)\s+and\s+", re.IGNORECASE)
_AND_OR_BRACE = re.compile(r"[{}]|\s+and\s+", re.IGNORECASE)
_PLAIN_CHARS = re.compile(r"[^{}\\~,\u00a0]*")
_SIMPLE_GROUP = re.compile(r"\{[^{}\s,]*\}")
_SPACED_GROUP = re.compile(r"\{[^{},]*\}")
_GROUPS_LEFT = re.compile(r"[{}]")


def split_names(value: str) -> list[str]:
    """Split a name list on ``and`` at brace depth 0."""
    if "{" not in value:
        return [name for name in (n.strip() for n in _AND.split(value)) if name]
    names: list[str] = []
    depth = start = 0
    for match in _AND_OR_BRACE.finditer(value):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth = max(depth - 1, 0)
        elif depth == 0:
            names.append(value[start : match.start()].strip())
            start = match.end()
    names.append(value[start:].strip())
    return [name for name in names if name]


@lru_cache(maxsize=4096)
def parse_name(raw: str) -> tuple[Person, str | None]:
    """Parse one name (LaTeX source) into a Person; the second item is a problem
    message when the name could not be parsed and was kept whole."""
    raw = raw.strip()
    if raw == ETAL_LITERAL:
        # ``and others``: BibTeX's et-al marker (the styles print "et al."), not a person.
        return Person(literal=ETAL_LITERAL), None
    if raw.startswith("{") and _group_end(raw, 0) == len(raw):
        return Person(literal=latex_to_text(raw)), None
    fast = _fast_parse(raw)
    if fast is not None:
        return fast, None
    if _brace_depth(raw) > _MAX_PYBTEX_DEPTH:
        # pybtex finds closing braces in quadratic time: a fuzzed name of 80,000 nested
        # braces took minutes. No real name nests this deep.
        return Person(literal=raw), f"name nested {_MAX_PYBTEX_DEPTH}+ braces deep; kept whole"
    from pybtex.database import Person as PybtexPerson
    from pybtex.exceptions import PybtexError

    try:
        parsed = PybtexPerson(raw)
    except PybtexError as exc:
        return Person(literal=latex_to_text(raw)), f"cannot parse name {raw!r} ({exc}); kept whole"
    return _person(
        parsed.first_names + parsed.middle_names,
        parsed.prelast_names,
        parsed.last_names,
        parsed.lineage_names,
    )


_MAX_PYBTEX_DEPTH = 32


def _brace_depth(text: str) -> int:
    depth = deepest = 0
    for char in text:
        if char == "{":
            depth += 1
            deepest = max(deepest, depth)
        elif char == "}":
            depth -= 1
    return deepest


def _person(
    given: list[str], particle: list[str], family: list[str], suffix: list[str]
) -> tuple[Person, None]:
    def part(words: list[str]) -> str | None:
        return latex_to_text(" ".join(words)) or None if words else None

    return Person(family=part(family), given=part(given), particle=part(particle), suffix=part(suffix)), None


def _fast_parse(raw: str) -> Person | None:
    """pybtex's name rules (BibTeX's) for the common shapes, without pybtex: words
    split at blanks only (no ``~``, no brace group holding a blank or comma) and
    each word starting with a letter, whose case tells the ``von`` words. None when
    the name needs pybtex."""
    if "~" in raw or "\\ " in raw or raw.count(",") > 2:
        return None
    if "{" in raw and _GROUPS_LEFT.search(_SIMPLE_GROUP.sub("", _SIMPLE_GROUP.sub("", raw))):
        # A group holding a blank ({\c C}a{\u g}la) is fine after the first comma: the
        # given names and Jr part are only joined again, so splitting it changes nothing.
        head, comma, tail = raw.partition(",")
        if not comma or _GROUPS_LEFT.search(_SIMPLE_GROUP.sub("", _SIMPLE_GROUP.sub("", head))):
            return None
        if _GROUPS_LEFT.search(_SPACED_GROUP.sub("", _SPACED_GROUP.sub("", tail))):
            return None
    parts = [part.strip() for part in raw.split(",")]
    words = [part.split() for part in parts]
    # Only the words before the first comma are looked at for their case (``von``).
    if not words[0] or not all(w[0].isalpha() for w in words[0]):
        return None
    if len(parts) == 1:
        first, von_last = _split_at_von(words[0])
        if not von_last:
            von_last = [first.pop()]
        return _person(first, *_von_last(von_last), [])[0]
    return _person(words[-1], *_von_last(words[0]), words[1] if len(parts) == 3 else [])[0]


def _split_at_von(words: list[str]) -> tuple[list[str], list[str]]:
    """Words before the first ``von`` word (lowercase), and the rest."""
    for index, word in enumerate(words):
        if word[0].islower():
            return words[:index], words[index:]
    return list(words), []


def _von_last(words: list[str]) -> tuple[list[str], list[str]]:
    """(von, Last): von runs to the last lowercase word before the final word."""
    for index in range(len(words) - 2, -1, -1):
        if words[index][0].islower():
            return words[: index + 1], words[index + 1 :]
    return [], words


def _plain_for_writing(person: Person) -> bool:
    """True when the standard form certainly reads back to the same parts."""
    parts = [p for p in (person.family, person.given, person.particle, person.suffix) if p is not None]
    for text in parts:
        if not text or text != " ".join(text.split()) or not _PLAIN_CHARS.fullmatch(text):
            return False
        if any(word.lower() == "and" for word in text.split()):
            return False
    if not person.family:
        return False
    family_words = person.family.split()
    if len(family_words) > 1 and not all(w[:1].isascii() and w[:1].isupper() for w in family_words):
        return False
    return not person.particle or all(w[:1].isascii() and w[:1].islower() for w in person.particle.split())


def _assemble(family: str, given: str, particle: str, suffix: str, trailing_comma: bool) -> str:
    last = f"{particle} {family}" if particle else family
    if suffix:
        return f"{last}, {suffix}, {given}"
    if given:
        return f"{last}, {given}"
    return f"{last}," if trailing_comma else last


@lru_cache(maxsize=4096)
def format_name(person: Person, ascii_only: bool) -> tuple[str, bool]:
    """Write one name; the flag is False when no form reads back to the same parts."""
    if person.is_etal:
        return ETAL_LITERAL, True
    if person.literal is not None:
        return "{" + text_to_latex(person.literal, ascii_only=ascii_only) + "}", True

    def enc(text: str | None) -> str:
        return text_to_latex(text, ascii_only=ascii_only) if text else ""

    family, given, particle, suffix = (
        enc(person.family),
        enc(person.given),
        enc(person.particle),
        enc(person.suffix),
    )
    several_words = " " in (person.family or "")
    first = _assemble(family, given, particle, suffix, several_words)
    if _plain_for_writing(person) and not (first.startswith("{") and _group_end(first, 0) == len(first)):
        return first, True
    candidates = [
        first,
        _assemble("{" + family + "}", given, particle, suffix, True),
        _assemble("{" + family + "}", "{" + given + "}" if given else "", particle, suffix, True),
        _assemble(
            "{" + family + "}",
            "{" + given + "}" if given else "",
            particle,
            "{" + suffix + "}" if suffix else "",
            True,
        ),
    ]
    for candidate in candidates:
        # An "and" word at brace level 0 would split the list once names are joined.
        if len(split_names(f"x {candidate} x")) != 1:
            continue
        parsed = [parse_name(n)[0] for n in split_names(candidate)]
        if parsed == [person]:
            return candidate, True
    return first, False
