"""CSL name objects ↔ ``Person``.

The model has one ``particle``. ``non-dropping-particle`` ("van" in "van Gogh", kept with
the family name) goes there; a ``dropping-particle`` ("van" in "Ludwig van Beethoven")
goes there too, since BibTeX's "von" part and RIS make no difference either. What only
CSL can say — that a particle drops, ``comma-suffix``, ``static-ordering``,
``parse-names`` — is kept in ``extra["csl-names"]`` as lines ``ROLE INDEX PART=VALUE``
(``author 2 dropping-particle=van``), so that writing CSL-JSON again restores it.
"""

from __future__ import annotations

from typing import Any

from ...model import ETAL_LITERAL, Person
from .richtext import strip_markup

#: ``extra`` key of the name parts only CSL has.
NAME_FLAGS = "csl-names"
_FLAG_PARTS = ("dropping-particle", "comma-suffix", "static-ordering", "parse-names")


def _text(value: Any) -> str | None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    text = strip_markup(value)[0].strip()
    return text or None


def read_name(data: Any, role: str, index: int, flags: list[str]) -> Person | str:
    """A CSL name object → Person; appends CSL-only parts to ``flags``; a message if unusable."""
    if isinstance(data, str):  # some exporters write a bare string: a literal name
        return Person(literal=data.strip()) if data.strip() else "an empty name"
    if not isinstance(data, dict):
        return f"a name must be an object, got {type(data).__name__}"
    literal = _text(data.get("literal"))
    family = _text(data.get("family"))
    given = _text(data.get("given"))
    non_dropping = _text(data.get("non-dropping-particle"))
    dropping = _text(data.get("dropping-particle"))
    suffix = _text(data.get("suffix"))
    if literal is not None and family is None and given is None:
        return Person(literal=literal)
    if family is None and given is None and literal is None:
        return "a name with neither family, given nor literal part"
    for part in _FLAG_PARTS:
        value = data.get(part)
        if value in (None, False, "", 0):
            continue
        value_text = dropping if part == "dropping-particle" else str(value).lower()
        flags.append(f"{role} {index} {part}={value_text}")
    particle = " ".join(p for p in (dropping, non_dropping) if p) or None
    return Person(family=family, given=given, particle=particle, suffix=suffix)


def parse_flags(value: Any) -> dict[tuple[str, int], dict[str, str]]:
    """``extra["csl-names"]`` → {(role, index): {part: value}}."""
    lines = value if isinstance(value, list) else str(value or "").splitlines()
    result: dict[tuple[str, int], dict[str, str]] = {}
    for line in lines:
        words = str(line).split(" ", 2)
        if len(words) != 3 or not words[1].isdigit() or "=" not in words[2]:
            continue
        part, _, text = words[2].partition("=")
        result.setdefault((words[0], int(words[1])), {})[part] = text
    return result


def write_name(person: Person, flags: dict[str, str], *, zotero: bool) -> dict[str, Any]:
    """Person → CSL name object (keys in the schema's order).

    ``zotero``: Zotero's CSL import reads only ``family``, ``given`` and ``literal``, so
    particles join the family name and a suffix the given name (``John, Jr.``), which is
    where Zotero's BibTeX import puts them too.
    """
    if person.literal is not None:
        return {"literal": person.literal}
    result: dict[str, Any] = {}
    dropping = flags.get("dropping-particle")
    particle = person.particle
    non_dropping = particle
    if dropping and particle and (particle == dropping or particle.startswith(dropping + " ")):
        non_dropping = particle[len(dropping) :].strip() or None
    else:
        dropping = None
    if zotero:
        family = " ".join(p for p in (non_dropping, person.family) if p)
        given = " ".join(p for p in (person.given, dropping) if p)
        if person.suffix:
            given = f"{given}, {person.suffix}" if given else person.suffix
        if family and not given:
            # A family name alone is a one-field name in Zotero, as its BibTeX import makes it.
            return {"literal": family}
        if family:
            result["family"] = family
        if given:
            result["given"] = given
        return result
    if person.family is not None:
        result["family"] = person.family
    if person.given is not None:
        result["given"] = person.given
    if dropping:
        result["dropping-particle"] = dropping
    if non_dropping:
        result["non-dropping-particle"] = non_dropping
    if person.suffix is not None:
        result["suffix"] = person.suffix
    for part in ("comma-suffix", "static-ordering", "parse-names"):
        if part in flags:
            result[part] = flags[part] == "true" or flags[part]
    return result


def is_etal(person: Person) -> bool:
    """The "and others" marker: CSL has none; it is written as the literal ``others``."""
    return person.literal == ETAL_LITERAL and person.family is None
