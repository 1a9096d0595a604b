"""One distinctive value for each accounted field of the record model (``refbridge.fieldmap``),
and the text of it to look for in a writer's output; shared by tests/test_fieldmap.py and
tests/test_fieldmap_property.py."""

from __future__ import annotations

from typing import Any

from refbridge.model import CONTRIBUTOR_ROLES, AbstractSection, Keyword, PartialDate, Person, Record

#: Field → its value in a record that has only that field (and a title).
VALUES: dict[str, Any] = {
    "key": "Probekey1",
    "title": "Tqtitle",
    "authors": [Person("Auqfamily", "Auqgiven")],
    "editors": [Person("Edqfamily", "Edqgiven")],
    "container_title": "Jqcontainer",
    "container_title_short": "Jqshort",
    "volume": "771",
    "issue": "772",
    "pages": "7731-7739",
    "elocation": "e77401",
    "issued": PartialDate(1971, 3, 14),
    "doi": "10.7775/xq7775",
    "issn": ["1234-5678"],
    "isbn": "9780306406157",
    "pmid": "77761234",
    "pmcid": "PMC7777123",
    "url": "https://example.org/urlq",
    "publisher": "Pqpublisher",
    "place": "Plqplace",
    "language": "fr",
    "abstract": "Abqabstract text.",
    "abstract_sections": [AbstractSection("Bqlabel", "Bqsection text.")],
    "keywords": [Keyword("Kqterm")],
    "notes": ["Nqnote"],
    "title_short": "Tqshort",
    "original_title": "Oqorigtitle",
    "collection_title": "Cqseries",
    "collection_number": "7781",
    "edition": "7782",
    "number": "Nq7783",
    "genre": "Gqgenre",
    "medium": "Mqmedium",
    "section": "Sqsection",
    "number_of_pages": "7784",
    "number_of_volumes": "7785",
    "event_title": "Eqevent",
    "event_place": "Epqplace",
    "issued_end": PartialDate(1972),
    "original_date": PartialDate(1973),
    "accessed": PartialDate(1974, 5, 6),
    "archive": "Aqarchive",
    "archive_location": "Alqloc",
    "call_number": "Cnq778",
    "unstructured": "Uqunstructured citation",
    "license": "Liqlicense",
    "library_catalog": "Lcqcatalog",
    "extra": {"zqextra": "Zqvalue"},
}

#: Field → the text of its value that a writer's output holds when it wrote it.
NEEDLES: dict[str, str] = {
    **{name: value for name, value in VALUES.items() if isinstance(value, str)},
    "authors": "Auqfamily",
    "editors": "Edqfamily",
    "pages": "7731",
    "issued": "1971",
    "issued_end": "1972",
    "original_date": "1973",
    "accessed": "1974",
    "issn": "1234-5678",
    "abstract_sections": "Bqsection",
    "keywords": "Kqterm",
    "notes": "Nqnote",
    "extra": "Zqvalue",
}


def role_person(role: str) -> Person:
    """A person distinctive of the contributor role ``role``."""
    return Person(f"R{role.replace('-', '')}q", "Gq")


def needle(name: str) -> str:
    """The text to look for in a writer's output for field ``name``."""
    if name.startswith("contributors."):
        return str(role_person(name.partition(".")[2]).family)
    return NEEDLES[name]


def record_with(name: str, record_type: str = "article-journal") -> Record:
    """A record with only field ``name`` (and a title, which every format needs)."""
    if name.startswith("contributors."):
        role = name.partition(".")[2]
        values: dict[str, Any] = {"contributors": {role: [role_person(role)]}}
    else:
        values = {name: VALUES[name]}
    base: dict[str, Any] = {} if name == "title" else {"title": "Basetitle"}
    if name == "issued_end":
        base["issued"] = PartialDate(1931)  # the end of a range needs its start
    return Record(type=record_type, **{**base, **values})


def full_record(record_type: str, without: str | None = None) -> Record:
    """A record of ``record_type`` with every field filled, but ``without``; of the abstract
    and its sections (the same text, structured or not) only the one asked for is kept
    when ``without`` is the other, so that each is seen written on its own."""
    values: dict[str, Any] = dict(VALUES)
    values["contributors"] = {role: [role_person(role)] for role in CONTRIBUTOR_ROLES}
    if without is not None:
        if without.startswith("contributors."):
            del values["contributors"][without.partition(".")[2]]
        else:
            del values[without]
    return Record(type=record_type, **values)
