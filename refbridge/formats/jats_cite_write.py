"""Writing one record as a JATS ``<ref>`` with an ``<element-citation>``.

Follows JATS4R's citation recommendations where they apply: ``publication-type``
from JATS4R's list, ``person-group`` with ``person-group-type``, ``pub-id`` for
DOI/PMID/PMCID, ``ext-link ext-link-type="uri"`` with ``xlink:href`` for URLs,
``elocation-id`` for e-locators, ``chapter-title`` + ``source`` for chapters,
``data-title`` + ``source`` for data sets. Keys of ``extra`` written by the reader
(``jats:<element>``) are written back; anything else is counted and reported.
"""

from __future__ import annotations

from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from ..model import Record
from .jats_build import Builder, SubElement, add_person, as_list, page_elements
from .jats_names import date_texts
from .jats_tables import (
    CITE_KEY,
    EXTRA,
    FIELD_PUB_IDS,
    SOURCE_TITLED,
    TEXT_EXTRA_ELEMENTS,
    TITLE_ELEMENT,
    XLINK,
    XLINK_HREF,
    csl_to_pubtype,
)

#: ``jats:`` keys of extra handled by name, not as a generic element.
_SPECIAL = frozenset(
    {"etal", "publication-type", "label", "mixed-citation", "year", "month", "day", "ext-link"}
)
#: Elements that may be written back from ``jats:<element>`` (text content only).
_WRITABLE = TEXT_EXTRA_ELEMENTS | {
    "source",
    "article-title",
    "data-title",
    "volume",
    "issue",
    "publisher-name",
    "publisher-loc",
    "elocation-id",
    "isbn",
    "issn",
}
#: Record fields a reference list has no element for (reported, not written).
_NOT_IN_REFS = ("abstract", "keywords", "container_title_short")


def _titles(record: Record) -> list[tuple[str, str]]:
    """(element, text) for the title and container title, by type."""
    result: list[tuple[str, str]] = []
    if record.type in SOURCE_TITLED:
        if record.title:
            result.append(("source", record.title))
        if record.container_title:
            result.append(("series", record.container_title))
        return result
    if record.title:
        result.append((TITLE_ELEMENT.get(record.type, "article-title"), record.title))
    if record.container_title:
        result.append(("source", record.container_title))
    return result


def _publication_type(record: Record) -> str:
    kept = record.extra.get(EXTRA + "publication-type")
    if isinstance(kept, str) and kept:
        return kept
    if record.type == "chapter" and not record.title:
        return "chapter"  # without a chapter-title, "book" would read back as a book
    return csl_to_pubtype(record.type)


def _people(builder: Builder, citation: etree._Element, record: Record) -> None:
    etal = set(as_list(record.extra.get(EXTRA + "etal")))
    for role, people in (("author", record.authors), ("editor", record.editors)):
        if not people and role not in etal:
            continue
        group = SubElement(citation, "person-group", {"person-group-type": role})
        for person in people:
            add_person(builder, group, person, record)
        if role in etal:
            SubElement(group, "etal")
    for role in sorted(etal - {"author", "editor"}):
        group = SubElement(citation, "person-group", {"person-group-type": role})
        SubElement(group, "etal")
    for role, names in _extra_groups(record.extra, EXTRA + "person-group:"):
        group = SubElement(citation, "person-group", {"person-group-type": role})
        for name in names:
            builder.sub(group, "string-name", name, record=record)


def _extra_groups(extra: dict[str, Any], prefix: str) -> list[tuple[str, list[str]]]:
    return [(key[len(prefix) :], as_list(value)) for key, value in extra.items() if key.startswith(prefix)]


def _extra_elements(builder: Builder, citation: etree._Element, record: Record) -> None:
    for key, value in record.extra.items():
        if not key.startswith(EXTRA):
            builder.unwritten[key] += 1
            continue
        name = key[len(EXTRA) :]
        if name in _SPECIAL or name.startswith("person-group:"):
            continue
        if name.startswith("pub-id:"):
            for text in as_list(value):
                builder.sub(citation, "pub-id", text, {"pub-id-type": name[len("pub-id:") :]}, record)
        elif name in _WRITABLE:
            for text in as_list(value):
                builder.sub(citation, name, text, record=record)
        else:
            builder.unwritten[key] += 1


def build_ref(builder: Builder, record: Record, index: int) -> etree._Element:
    """The ``<ref>`` element for a record (``index`` numbers records without a key)."""
    ref_id, marker = builder.unique_id(record.key, f"ref{index}")
    ref = etree.Element("ref", {"id": ref_id}, nsmap={"xlink": XLINK})
    if marker is not None:
        ref.set("specific-use", marker)
    label = record.extra.get(EXTRA + "label")
    if isinstance(label, str) and label:
        builder.sub(ref, "label", label, record=record)
    mixed = record.extra.get(EXTRA + "mixed-citation")
    tag = "mixed-citation" if isinstance(mixed, str) and mixed else "element-citation"
    citation = SubElement(ref, tag, {"publication-type": _publication_type(record)})
    if tag == "mixed-citation":
        citation.text = builder.text(str(mixed), record)
    builder.language(citation, record)
    _people(builder, citation, record)
    for element, text in _titles(record):
        builder.sub(citation, element, text, record=record)
    for element, text in date_texts(record.issued, record.extra):
        builder.sub(citation, element, text, record=record)
    for element, value in (("volume", record.volume), ("issue", record.issue)):
        if value:
            builder.sub(citation, element, value, record=record)
    for element, text in page_elements(record.pages):
        builder.sub(citation, element, text, record=record)
    if record.elocation:
        builder.sub(citation, "elocation-id", record.elocation, record=record)
    if record.place:
        builder.sub(citation, "publisher-loc", record.place, record=record)
    if record.publisher:
        builder.sub(citation, "publisher-name", record.publisher, record=record)
    if record.isbn:
        builder.sub(citation, "isbn", record.isbn, record=record)
    for issn in record.issn:
        builder.sub(citation, "issn", issn, record=record)
    for field, pub_id_type in FIELD_PUB_IDS:
        value = getattr(record, field)
        if value:
            builder.sub(citation, "pub-id", value, {"pub-id-type": pub_id_type}, record)
    urls = ([record.url] if record.url else []) + as_list(record.extra.get(EXTRA + "ext-link"))
    for url in urls:
        clean = builder.text(url, record)
        SubElement(citation, "ext-link", {"ext-link-type": "uri", XLINK_HREF: clean}).text = clean
    _extra_elements(builder, citation, record)
    for note in record.notes:
        builder.sub(citation, "comment", note, record=record)
    for name in _NOT_IN_REFS:
        if getattr(record, name):
            builder.unwritten[name] += 1
    return ref


__all__ = ["CITE_KEY", "build_ref"]
