"""Writing one record as a JATS ``<article>`` of front matter (format ``jats-article``).

Elements follow the Archiving 1.2 content model order. The structured abstract
has one ``<sec><title>`` per section; keywords go to one ``<kwd-group>`` per run
of keywords sharing a vocabulary (``kwd-group-type``), a heading with a qualifier
is a ``<compound-kwd>`` of ``descriptor`` and ``qualifier`` parts, and a MeSH
major topic carries ``content-type="major-topic"``. Whatever has no JATS element
(extra fields, a non-article type, an e-locator beside pages) is kept in
``<custom-meta-group>`` so that reading the file back loses nothing.

An article is described as a tree of plain tuples (``Node``, as for references)
and written by the text emitter ``node_text``; ``build_article`` gives the same
tree as an lxml element, the reference serialization (a property test keeps the
two identical). Text is cleaned of characters XML cannot hold as it is placed.
"""

from __future__ import annotations

import re
from typing import Any

from refbridge.formats.jats.build import NOT_XML, Builder, as_list, page_elements
from refbridge.formats.jats.cite_write import Node, node_element
from refbridge.formats.jats.names import surname_of
from refbridge.formats.jats.tables import (
    ARTICLE_TYPE_TO_CSL,
    CSL_TO_ARTICLE_TYPE,
    EXTRA,
    FIELD_PUB_IDS,
    MAJOR_TOPIC,
    META_CSL_TYPE,
    META_ELOCATION,
    META_UNSTRUCTURED,
    NMTOKEN,
    XLINK,
)
from refbridge.identifiers import bare_doi
from refbridge.languages import language_code
from refbridge.model import Keyword, Person, Record

Attrs = tuple[tuple[str, str], ...]
_NO_ATTRS: Attrs = ()
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
#: ``jats:`` extra keys that have a place in the front matter (others go to custom-meta).
_PLACED_PREFIXES = ("journal-id:", "article-id:", "pub-date:", "person-group:", "abstract:")
_PLACED = frozenset({"article-type", "subject", "etal"})
#: pub-date labels (as the reader names them) → attributes written.
_DATE_ATTRS: dict[str, Attrs] = {
    "ppub": (("date-type", "pub"), ("publication-format", "print")),
    "epub": (("date-type", "pub"), ("publication-format", "electronic")),
    "pub": (("date-type", "pub"),),
    "collection": (("date-type", "collection"),),
}
_MAJOR: Attrs = (("content-type", MAJOR_TOPIC),)
_DESCRIPTOR: Attrs = (("content-type", "descriptor"),)
_QUALIFIER: Attrs = (("content-type", "qualifier"),)
_LIST: Attrs = (("specific-use", "list"),)


def _placed(key: str) -> bool:
    if not key.startswith(EXTRA):
        return False
    name = key[len(EXTRA) :]
    return name in _PLACED or name.startswith(_PLACED_PREFIXES)


def _extra_of(record: Record, prefix: str) -> list[tuple[str, list[str]]]:
    full = EXTRA + prefix
    return [(k[len(full) :], as_list(v)) for k, v in record.extra.items() if k.startswith(full)]


def _leaf(builder: Builder, tag: str, text: str, record: Record, attrs: Attrs = _NO_ATTRS) -> Node:
    """An element holding text, cleaned of characters XML cannot hold."""
    if NOT_XML.search(text) is not None:  # rare: builder.text cleans and reports
        text = builder.text(text, record)
    return (tag, attrs, text, None)


def _pub_date(builder: Builder, label: str, parts: list[tuple[str, str]]) -> Node:
    attrs = _DATE_ATTRS.get(label, (("pub-type", label),))
    # Cleaned text is reported without the record here (as it always has been).
    return ("pub-date", attrs, None, [(tag, _NO_ATTRS, builder.text(text), None) for tag, text in parts])


def _date_parts(value: str) -> list[tuple[str, str]]:
    match = _ISO.match(value)
    if match is None:
        return [("string-date", value)]
    year, month, day = match.groups()
    return [(tag, text) for tag, text in (("day", day), ("month", month), ("year", year)) if text]


def _person(builder: Builder, person: Person, record: Record) -> Node | None:
    """``<name>`` or ``<collab>`` for a person; None for an empty one."""
    if person.literal is not None:
        return _leaf(builder, "collab", person.literal, record) if person.literal else None
    surname = surname_of(person)
    parts: list[Node] = []
    attrs = _NO_ATTRS
    if surname:
        parts.append(_leaf(builder, "surname", surname, record))
        if person.given:
            parts.append(_leaf(builder, "given-names", person.given, record))
    elif person.given:
        attrs = (("name-style", "given-only"),)
        parts.append(_leaf(builder, "given-names", person.given, record))
    else:
        return None
    if person.suffix:
        parts.append(_leaf(builder, "suffix", person.suffix, record))
    return ("name", attrs, None, parts)


_ETAL_NODE: Node = ("etal", _NO_ATTRS, None, None)


def _contribs(builder: Builder, meta: list[Node], record: Record) -> None:
    etal = set(as_list(record.extra.get(EXTRA + "etal")))
    groups: list[tuple[str, list[Any], bool]] = [
        ("author", list(record.authors), False),
        ("editor", list(record.editors), False),
    ]
    groups += [(role, names, True) for role, names in _extra_of(record, "person-group:")]
    groups += [(role, [], False) for role in sorted(etal - {g[0] for g in groups})]
    for role, people, as_strings in groups:
        if not people and role not in etal:
            continue
        contribs: list[Node] = []
        contrib_attrs = (("contrib-type", role),)
        for person in people:
            if not as_strings and person.is_etal:  # the et-al marker, where it stands
                contribs.append(_ETAL_NODE)
                continue
            name = (
                _leaf(builder, "string-name", person, record)
                if as_strings
                else _person(builder, person, record)
            )
            if name is not None:
                contribs.append(("contrib", contrib_attrs, None, [name]))
        if role in etal and _ETAL_NODE not in contribs:  # an older record's extra note
            contribs.append(_ETAL_NODE)
        if contribs:  # an empty group is not written
            meta.append(("contrib-group", _NO_ATTRS if people else (("content-type", role),), None, contribs))


def _abstract(builder: Builder, meta: list[Node], record: Record) -> None:
    if record.abstract_sections:
        secs: list[Node] = []
        for section in record.abstract_sections:
            sec: list[Node] = []
            if section.label:
                sec.append(_leaf(builder, "title", section.label, record))
            if section.text:
                sec.append(_leaf(builder, "p", section.text, record))
            secs.append(("sec", _NO_ATTRS, None, sec))
        meta.append(("abstract", _NO_ATTRS, None, secs))
    elif record.abstract:
        lines = [line.strip() for line in record.abstract.splitlines() if line.strip()]
        if lines:
            meta.append(("abstract", _NO_ATTRS, None, [_leaf(builder, "p", line, record) for line in lines]))
    for kind, texts in _extra_of(record, "abstract:"):
        for text in texts:
            meta.append(("abstract", (("abstract-type", kind),), None, [_leaf(builder, "p", text, record)]))


def _keyword(builder: Builder, keyword: Keyword, record: Record) -> Node:
    attrs = _MAJOR if keyword.major else _NO_ATTRS
    if keyword.qualifier is None:
        return _leaf(builder, "kwd", keyword.term, record, attrs)
    parts = [
        _leaf(builder, "compound-kwd-part", keyword.term, record, _DESCRIPTOR),
        _leaf(builder, "compound-kwd-part", keyword.qualifier, record, _QUALIFIER),
    ]
    return ("compound-kwd", attrs, None, parts)


def _keywords(builder: Builder, meta: list[Node], record: Record) -> None:
    group: list[Node] | None = None
    vocabulary: str | None = None
    for keyword in record.keywords:
        if group is None or keyword.vocabulary != vocabulary:
            vocabulary = keyword.vocabulary
            group = []
            attrs = (("kwd-group-type", builder.text(vocabulary, record)),) if vocabulary else _NO_ATTRS
            meta.append(("kwd-group", attrs, None, group))
        group.append(_keyword(builder, keyword, record))


def _custom_meta(builder: Builder, meta: list[Node], record: Record, pairs: list[tuple[str, Any]]) -> None:
    pairs = pairs + [(k, v) for k, v in record.extra.items() if not _placed(k)]
    if record.unstructured:
        # An article's front matter has no place for a citation's text: kept as custom-meta.
        pairs.append((META_UNSTRUCTURED, record.unstructured))
    items: list[Node] = []
    for name, value in pairs:
        attrs = _LIST if isinstance(value, list) else _NO_ATTRS
        for text in as_list(value):
            item = [_leaf(builder, "meta-name", name, record), _leaf(builder, "meta-value", text, record)]
            items.append(("custom-meta", attrs, None, item))
    if items:
        meta.append(("custom-meta-group", _NO_ATTRS, None, items))


def _journal_meta(builder: Builder, front: list[Node], record: Record) -> None:
    journal: list[Node] = []
    for kind, values in _extra_of(record, "journal-id:"):
        for text in values:
            journal.append(_leaf(builder, "journal-id", text, record, (("journal-id-type", kind),)))
    if record.container_title or record.container_title_short:
        titles: list[Node] = []
        if record.container_title:
            titles.append(_leaf(builder, "journal-title", record.container_title, record))
        if record.container_title_short:
            titles.append(_leaf(builder, "abbrev-journal-title", record.container_title_short, record))
        journal.append(("journal-title-group", _NO_ATTRS, None, titles))
    for issn in record.issn:
        journal.append(_leaf(builder, "issn", issn, record))
    if record.publisher or record.place:
        publisher = [_leaf(builder, "publisher-name", record.publisher or "", record)]
        if record.place:
            publisher.append(_leaf(builder, "publisher-loc", record.place, record))
        journal.append(("publisher", _NO_ATTRS, None, publisher))
    if journal:
        front.append(("journal-meta", _NO_ATTRS, None, journal))


def _article_meta(builder: Builder, meta: list[Node], record: Record) -> list[tuple[str, Any]]:
    """Fill article-meta up to the abstract; return custom-meta pairs it could not place."""
    pending: list[tuple[str, Any]] = []
    for field, pub_id_type in FIELD_PUB_IDS:
        value = getattr(record, field)
        if value and field == "doi":
            value = bare_doi(value)  # a URL form or LaTeX escape is not the DOI
        if value:
            meta.append(_leaf(builder, "article-id", value, record, (("pub-id-type", pub_id_type),)))
    for kind, values in _extra_of(record, "article-id:"):
        for text in values:
            meta.append(_leaf(builder, "article-id", text, record, (("pub-id-type", kind),)))
    subjects = as_list(record.extra.get(EXTRA + "subject"))
    if subjects:
        group = ("subj-group", _NO_ATTRS, None, [_leaf(builder, "subject", s, record) for s in subjects])
        meta.append(("article-categories", _NO_ATTRS, None, [group]))
    if record.title:
        meta.append(("title-group", _NO_ATTRS, None, [_leaf(builder, "article-title", record.title, record)]))
    _contribs(builder, meta, record)
    if record.issued is not None and record.issued.year is not None:
        meta.append(_pub_date(builder, "ppub", _date_parts(record.issued.iso())))
    for label, values in _extra_of(record, "pub-date:"):
        for value in values:
            meta.append(_pub_date(builder, label, _date_parts(value)))
    for tag in ("volume", "issue", "isbn"):
        value = getattr(record, tag)
        if value:
            meta.append(_leaf(builder, tag, value, record))
    pages = page_elements(record.pages)
    for tag, text in pages:
        meta.append(_leaf(builder, tag, text, record))
    if record.elocation:
        if pages:
            pending.append((META_ELOCATION, record.elocation))  # pages or elocation-id, not both
        else:
            meta.append(_leaf(builder, "elocation-id", record.elocation, record))
    if record.url:
        clean = builder.text(record.url, record)
        meta.append(("self-uri", (("xlink:href", clean),), clean, None))
    return pending


def article_node(builder: Builder, record: Record, index: int) -> Node:
    """The ``<article>`` (front matter only) for a record, as a ``Node`` whose first
    attribute declares the xlink namespace."""
    article_type = record.extra.get(EXTRA + "article-type")
    if not isinstance(article_type, str) or not article_type:
        article_type = CSL_TO_ARTICLE_TYPE.get(record.type, "other")
    attrs: Attrs = (("xmlns:xlink", XLINK), ("article-type", article_type), ("dtd-version", "1.2"))
    if record.key is not None:
        article_id, marker = builder.unique_id(record.key, f"article{index}")
        attrs += (("id", article_id),)
        if marker is not None:
            attrs += (("specific-use", marker),)
    if record.language:
        # xml:lang is a language tag: a name (RIS "English") is written as its ISO 639 code.
        language = language_code(record.language)
        if NMTOKEN.match(language):
            attrs += (("xml:lang", language),)
        else:
            builder.bad_language(record)
    front: list[Node] = []
    _journal_meta(builder, front, record)
    meta: list[Node] = []
    front.append(("article-meta", _NO_ATTRS, None, meta))
    pending = _article_meta(builder, meta, record)
    _abstract(builder, meta, record)
    _keywords(builder, meta, record)
    if ARTICLE_TYPE_TO_CSL.get(article_type, "article-journal") != record.type:
        pending.insert(0, (META_CSL_TYPE, record.type))
    _custom_meta(builder, meta, record, pending)
    for note in record.notes:
        # One <notes> per note, one <p> per line: the reader joins the lines back.
        lines = [line.strip() for line in note.splitlines() if line.strip()] or [note]
        front.append(("notes", _NO_ATTRS, None, [_leaf(builder, "p", line, record) for line in lines]))
    return ("article", attrs, None, [("front", _NO_ATTRS, None, front)])


def article_element(node: Node) -> Any:
    """The lxml element of an ``article_node`` (the namespace goes to the nsmap)."""
    tag, attrs, text, children = node
    return node_element((tag, attrs[1:], text, children))


def build_article(builder: Builder, record: Record, index: int) -> Any:
    """The ``<article>`` element (front matter only) for a record, built with lxml."""
    return article_element(article_node(builder, record, index))
