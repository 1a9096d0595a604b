"""Writing one record as a JATS ``<ref>`` with an ``<element-citation>``.

Follows JATS4R's citation recommendations where they apply: ``publication-type``
from JATS4R's list, ``person-group`` with ``person-group-type``, ``pub-id`` for
DOI/PMID/PMCID, ``ext-link ext-link-type="uri"`` with ``xlink:href`` for URLs,
``elocation-id`` for e-locators, ``chapter-title`` + ``source`` for chapters,
``data-title`` + ``source`` for data sets. Keys of ``extra`` written by the reader
(``jats:<element>``) are written back; anything else is counted and reported.

A ref is first described as a small tree of plain tuples (``Node``), then emitted
either as an lxml element (``node_element``, the reference serialization) or
directly as pretty-printed text (``node_text``), which gives the same characters
about three times faster; a property test keeps the two identical.
"""

from __future__ import annotations

import re
from typing import Any

from refbridge.formats.jats.build import Builder, as_list, page_elements
from refbridge.formats.jats.names import date_in_citation_parts, date_texts, surname_of
from refbridge.formats.jats.tables import (
    ACCESS_DATE,
    EXTRA,
    FIELD_PUB_IDS,
    NMTOKEN,
    SERIES_CONTAINER,
    SERIES_VOLUME,
    SOURCE_TITLED,
    TEXT_EXTRA_ELEMENTS,
    TITLE_ELEMENT,
    XLINK_HREF,
    XML_LANG,
    csl_to_pubtype,
)
from refbridge.identifiers import bare_doi
from refbridge.languages import language_code
from refbridge.model import Person, Record

#: (tag, attributes, text, children): children None for a leaf.
Node = tuple[str, tuple[tuple[str, str], ...], "str | None", "list[Node] | None"]
_NO_ATTRS: tuple[tuple[str, str], ...] = ()

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
_QUALIFIED = {"xlink:href": XLINK_HREF, "xml:lang": XML_LANG}
_SERIES_VOLUME = (("content-type", SERIES_VOLUME),)
_CONTAINER_SERIES = (("content-type", SERIES_CONTAINER),)
_PAGE_UNITS = (("units", "pages"),)


def _titles(record: Record) -> list[Node]:
    """Title, container title and series (``<series>``: the tag library's place for the
    publication series a work belongs to), placed by type."""
    result: list[Node] = []
    if record.type in SOURCE_TITLED:
        if record.title:
            result.append(("source", _NO_ATTRS, record.title, None))
        if record.container_title:
            result.append(("series", _CONTAINER_SERIES, record.container_title, None))
    else:
        if record.title:
            result.append((TITLE_ELEMENT.get(record.type, "article-title"), _NO_ATTRS, record.title, None))
        if record.container_title:
            result.append(("source", _NO_ATTRS, record.container_title, None))
    if record.collection_title:
        result.append(("series", _NO_ATTRS, record.collection_title, None))
    return result


def _event_nodes(record: Record) -> list[Node]:
    """The conference a work was presented at: ``<conf-name>``, ``<conf-loc>``."""
    pairs = (("conf-name", record.event_title), ("conf-loc", record.event_place))
    return [(tag, _NO_ATTRS, value, None) for tag, value in pairs if value]


def _access_date(record: Record) -> list[Node]:
    """``<date-in-citation content-type="access-date">`` (with ``iso-8601-date``), as the
    JATS tag library tags the date a cited work was accessed (pandoc writes it so too)."""
    if record.accessed is None:
        return []
    iso, text = date_in_citation_parts(record.accessed)
    if not text:
        return []
    attrs: tuple[tuple[str, str], ...] = (("content-type", ACCESS_DATE),)
    if iso:
        attrs += (("iso-8601-date", iso),)
    return [("date-in-citation", attrs, text, None)]


def _publication_type(record: Record) -> str:
    kept = record.extra.get(EXTRA + "publication-type")
    if isinstance(kept, str) and kept:
        return kept
    if record.type == "chapter" and not record.title:
        return "chapter"  # without a chapter-title, "book" would read back as a book
    return csl_to_pubtype(record.type)


def person_node(person: Person) -> Node | None:
    """``<name>`` or ``<collab>`` for a person; None for an empty one."""
    if person.literal is not None:
        return ("collab", _NO_ATTRS, person.literal, None) if person.literal else None
    surname = surname_of(person)
    parts: list[Node] = []
    attrs = _NO_ATTRS
    if surname:
        parts.append(("surname", _NO_ATTRS, surname, None))
        if person.given:
            parts.append(("given-names", _NO_ATTRS, person.given, None))
    elif person.given:
        attrs = (("name-style", "given-only"),)
        parts.append(("given-names", _NO_ATTRS, person.given, None))
    else:
        return None
    if person.suffix:
        parts.append(("suffix", _NO_ATTRS, person.suffix, None))
    return ("name", attrs, None, parts)


#: The et-al marker (``Person.is_etal``, BibTeX's ``and others``) where it stands in the list.
_ETAL_NODE: Node = ("etal", _NO_ATTRS, None, None)


def _people(record: Record, children: list[Node]) -> None:
    etal = set(as_list(record.extra.get(EXTRA + "etal"))) if EXTRA + "etal" in record.extra else set()
    for role, people in (("author", record.authors), ("editor", record.editors)):
        if not people and role not in etal:
            continue
        group: list[Node] = []
        for person in people:
            node = _ETAL_NODE if person.is_etal else person_node(person)
            if node is not None:
                group.append(node)
        if role in etal and _ETAL_NODE not in group:  # an older record's extra note
            group.append(_ETAL_NODE)
        children.append(("person-group", (("person-group-type", role),), None, group))
    for role in sorted(etal - {"author", "editor"}):
        children.append(
            ("person-group", (("person-group-type", role),), None, [("etal", _NO_ATTRS, None, None)])
        )


def _extra_nodes(builder: Builder, record: Record, children: list[Node]) -> None:
    for key, value in record.extra.items():
        if not key.startswith(EXTRA):
            builder.unwritten[key] += 1
            continue
        name = key[len(EXTRA) :]
        if name in _SPECIAL:
            continue
        if name.startswith("person-group:"):
            names: list[Node] = [("string-name", _NO_ATTRS, text, None) for text in as_list(value)]
            children.append(("person-group", (("person-group-type", name[13:]),), None, names))
        elif name.startswith("pub-id:"):
            attrs = (("pub-id-type", name[7:]),)
            children.extend(("pub-id", attrs, text, None) for text in as_list(value))
        elif name in _WRITABLE:
            children.extend((name, _NO_ATTRS, text, None) for text in as_list(value))
        else:
            builder.unwritten[key] += 1


def ref_node(builder: Builder, record: Record, index: int) -> Node:
    """The ``<ref>`` for a record (``index`` numbers records without a key)."""
    ref_id, marker = builder.unique_id(record.key, f"ref{index}")
    ref_attrs = (("id", ref_id),) if marker is None else (("id", ref_id), ("specific-use", marker))
    ref: list[Node] = []
    extra = record.extra
    label = extra.get(EXTRA + "label") if extra else None
    if isinstance(label, str) and label:
        ref.append(("label", _NO_ATTRS, label, None))
    # The unstructured citation (older records may carry it in extra['jats:mixed-citation']).
    mixed = record.unstructured or (extra.get(EXTRA + "mixed-citation") if extra else None)
    tag = "mixed-citation" if isinstance(mixed, str) and mixed else "element-citation"
    attrs: tuple[tuple[str, str], ...] = (("publication-type", _publication_type(record)),)
    if record.language:
        # xml:lang is a language tag: a name (RIS "English") is written as its ISO 639 code.
        language = language_code(record.language)
        if NMTOKEN.match(language):
            attrs += (("xml:lang", language),)
        else:
            builder.bad_language(record)
    children: list[Node] = []
    _people(record, children)
    children += _titles(record)
    children += _event_nodes(record)
    children += [(tag_, _NO_ATTRS, text, None) for tag_, text in date_texts(record.issued, extra)]
    if record.volume:
        children.append(("volume", _NO_ATTRS, record.volume, None))
    if record.collection_number:
        children.append(("volume", _SERIES_VOLUME, record.collection_number, None))
    if record.issue:
        children.append(("issue", _NO_ATTRS, record.issue, None))
    if record.edition:
        children.append(("edition", _NO_ATTRS, record.edition, None))
    children += [(tag_, _NO_ATTRS, text, None) for tag_, text in page_elements(record.pages)]
    if record.number_of_pages:
        children.append(("size", _PAGE_UNITS, record.number_of_pages, None))
    for element, value in (
        ("elocation-id", record.elocation),
        ("publisher-loc", record.place),
        ("publisher-name", record.publisher),
        ("isbn", record.isbn),
    ):
        if value:
            children.append((element, _NO_ATTRS, value, None))
    children += [("issn", _NO_ATTRS, issn, None) for issn in record.issn]
    for field, pub_id_type in FIELD_PUB_IDS:
        value = getattr(record, field)
        if value and field == "doi":
            value = bare_doi(value)  # a URL form or LaTeX escape is not the DOI
        if value:
            children.append(("pub-id", (("pub-id-type", pub_id_type),), value, None))
    urls = [record.url] if record.url else []
    if extra and EXTRA + "ext-link" in extra:
        urls += as_list(extra[EXTRA + "ext-link"])
    for url in urls:
        children.append(("ext-link", (("ext-link-type", "uri"), ("xlink:href", url)), url, None))
    children += _access_date(record)
    if extra:
        _extra_nodes(builder, record, children)
    children += [("comment", _NO_ATTRS, note, None) for note in record.notes]
    for name in _NOT_IN_REFS:
        if getattr(record, name):
            builder.unwritten[name] += 1
    if not children and tag == "element-citation":
        # An element citation must hold an element; an empty mixed citation is valid
        # (and read back, like an empty element citation, as no record).
        tag = "mixed-citation"
    ref.append((tag, attrs, mixed if isinstance(mixed, str) and mixed else None, children))
    return ("ref", ref_attrs, None, ref)


# -- emitters ---------------------------------------------------------------------


def _text(value: str) -> str:
    if "&" in value or "<" in value or ">" in value or "\r" in value:
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    return value


_ATTR_SPECIAL = re.compile(r"[&<>\"\r\n\t]")


def _attr(value: str) -> str:
    if _ATTR_SPECIAL.search(value) is None:
        return value
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\n", "&#10;")
        .replace("\t", "&#9;")
        .replace("\r", "&#13;")
    )


_INDENTS = tuple("  " * level for level in range(64))


def attribute_text(value: str) -> str:
    """An attribute value as the emitter writes it (escaped)."""
    return _attr(value)


def _start(tag: str, attrs: tuple[tuple[str, str], ...]) -> str:
    """The start tag without its closing ``>``."""
    return f"<{tag}" + "".join([f' {name}="{_attr(value)}"' for name, value in attrs])


def node_text(node: Node, level: int, out: list[str]) -> None:
    """Append ``node`` as pretty-printed XML at nesting ``level`` (two spaces per level)."""
    tag, attrs, text, children = node
    indent = _INDENTS[level]
    start = _start(tag, attrs) if attrs else f"<{tag}"
    if not children:
        if text is None:
            out.append(f"{indent}{start}/>\n")
        else:
            out.append(f"{indent}{start}>{_text(text)}</{tag}>\n")
        return
    if text:
        # Mixed content: like lxml's indent(), no whitespace between the text and the first child.
        first: list[str] = []
        node_text(children[0], level + 1, first)
        first[0] = first[0].lstrip(" ")
        out.append(f"{indent}{start}>{_text(text)}")
        out.extend(first)
        rest = children[1:]
    else:
        out.append(f"{indent}{start}>\n")
        rest = children
    inner = _INDENTS[level + 1]
    for child in rest:
        ctag, cattrs, ctext, cchildren = child
        if cchildren is None and ctext is not None:  # a leaf with text, inlined (most nodes)
            if cattrs:
                out.append(f"{inner}{_start(ctag, cattrs)}>{_text(ctext)}</{ctag}>\n")
            else:
                out.append(f"{inner}<{ctag}>{_text(ctext)}</{ctag}>\n")
        else:
            node_text(child, level + 1, out)
    out.append(f"{indent}</{tag}>\n")


def node_element(node: Node, parent: Any = None) -> Any:
    """The lxml element for ``node`` (appended to ``parent`` when given)."""
    from lxml import etree  # type: ignore[import-untyped]

    tag, attrs, text, children = node
    attrib = {_QUALIFIED.get(name, name): value for name, value in attrs}
    if parent is None:
        element = etree.Element(tag, attrib, nsmap={"xlink": "http://www.w3.org/1999/xlink"})
    else:
        element = etree.SubElement(parent, tag, attrib)
    if text is not None:
        element.text = text
    for child in children or ():
        node_element(child, element)
    return element
