"""Writing one record as a JATS ``<article>`` of front matter (format ``jats-article``).

Elements follow the Archiving 1.2 content model order. The structured abstract
has one ``<sec><title>`` per section; keywords go to one ``<kwd-group>`` per run
of keywords sharing a vocabulary (``kwd-group-type``), a heading with a qualifier
is a ``<compound-kwd>`` of ``descriptor`` and ``qualifier`` parts, and a MeSH
major topic carries ``content-type="major-topic"``. Whatever has no JATS element
(extra fields, a non-article type, an e-locator beside pages) is kept in
``<custom-meta-group>`` so that reading the file back loses nothing.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import etree  # type: ignore[import-untyped]

from ..model import Keyword, Record
from .jats_build import Builder, SubElement, add_person, as_list, page_elements
from .jats_tables import (
    ARTICLE_TYPE_TO_CSL,
    CSL_TO_ARTICLE_TYPE,
    EXTRA,
    FIELD_PUB_IDS,
    MAJOR_TOPIC,
    META_CSL_TYPE,
    META_ELOCATION,
    XLINK,
    XLINK_HREF,
)

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
#: ``jats:`` extra keys that have a place in the front matter (others go to custom-meta).
_PLACED_PREFIXES = ("journal-id:", "article-id:", "pub-date:", "person-group:", "abstract:")
_PLACED = frozenset({"article-type", "subject", "etal"})
#: pub-date labels (as the reader names them) → attributes written.
_DATE_ATTRS: dict[str, dict[str, str]] = {
    "ppub": {"date-type": "pub", "publication-format": "print"},
    "epub": {"date-type": "pub", "publication-format": "electronic"},
    "pub": {"date-type": "pub"},
    "collection": {"date-type": "collection"},
}


def _placed(key: str) -> bool:
    if not key.startswith(EXTRA):
        return False
    name = key[len(EXTRA) :]
    return name in _PLACED or name.startswith(_PLACED_PREFIXES)


def _extra_of(record: Record, prefix: str) -> list[tuple[str, list[str]]]:
    full = EXTRA + prefix
    return [(k[len(full) :], as_list(v)) for k, v in record.extra.items() if k.startswith(full)]


def _pub_date(builder: Builder, meta: etree._Element, label: str, parts: list[tuple[str, str]]) -> None:
    attrs = _DATE_ATTRS.get(label, {"pub-type": label})
    date = SubElement(meta, "pub-date", attrs)
    for tag, text in parts:
        builder.sub(date, tag, text)


def _date_parts(value: str) -> list[tuple[str, str]]:
    match = _ISO.match(value)
    if match is None:
        return [("string-date", value)]
    year, month, day = match.groups()
    return [(tag, text) for tag, text in (("day", day), ("month", month), ("year", year)) if text]


def _contribs(builder: Builder, meta: etree._Element, record: Record) -> None:
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
        group = SubElement(meta, "contrib-group")
        if not people:
            group.set("content-type", role)
        for person in people:
            contrib = etree.Element("contrib", {"contrib-type": role})
            written = (
                builder.sub(contrib, "string-name", person, record=record) is not None
                if as_strings
                else add_person(builder, contrib, person, record)
            )
            if written:
                group.append(contrib)
        if role in etal:
            SubElement(group, "etal")
        if len(group) == 0:
            meta.remove(group)


def _abstract(builder: Builder, meta: etree._Element, record: Record) -> None:
    if record.abstract_sections:
        abstract = SubElement(meta, "abstract")
        for section in record.abstract_sections:
            sec = SubElement(abstract, "sec")
            if section.label:
                builder.sub(sec, "title", section.label, record=record)
            if section.text:
                builder.sub(sec, "p", section.text, record=record)
    elif record.abstract:
        lines = [line.strip() for line in record.abstract.splitlines() if line.strip()]
        if lines:
            abstract = SubElement(meta, "abstract")
            for line in lines:
                builder.sub(abstract, "p", line, record=record)
    for kind, texts in _extra_of(record, "abstract:"):
        for text in texts:
            other = SubElement(meta, "abstract", {"abstract-type": kind})
            builder.sub(other, "p", text, record=record)


def _keyword(builder: Builder, group: etree._Element, keyword: Keyword, record: Record) -> None:
    attrs = {"content-type": MAJOR_TOPIC} if keyword.major else None
    if keyword.qualifier is None:
        builder.sub(group, "kwd", keyword.term, attrs, record)
        return
    compound = SubElement(group, "compound-kwd", attrs) if attrs else SubElement(group, "compound-kwd")
    builder.sub(compound, "compound-kwd-part", keyword.term, {"content-type": "descriptor"}, record)
    builder.sub(compound, "compound-kwd-part", keyword.qualifier, {"content-type": "qualifier"}, record)


def _keywords(builder: Builder, meta: etree._Element, record: Record) -> None:
    group: etree._Element | None = None
    vocabulary: str | None = None
    for keyword in record.keywords:
        if group is None or keyword.vocabulary != vocabulary:
            vocabulary = keyword.vocabulary
            group = SubElement(meta, "kwd-group")
            if vocabulary:
                group.set("kwd-group-type", builder.text(vocabulary, record))
        _keyword(builder, group, keyword, record)


def _custom_meta(
    builder: Builder, meta: etree._Element, record: Record, pairs: list[tuple[str, Any]]
) -> None:
    pairs = pairs + [(k, v) for k, v in record.extra.items() if not _placed(k)]
    if not pairs:
        return
    group = SubElement(meta, "custom-meta-group")
    for name, value in pairs:
        values = as_list(value)
        for text in values:
            item = SubElement(
                group, "custom-meta", {"specific-use": "list"} if isinstance(value, list) else None
            )
            builder.sub(item, "meta-name", name, record=record)
            builder.sub(item, "meta-value", text, record=record)
    if len(group) == 0:
        meta.remove(group)


def _journal_meta(builder: Builder, front: etree._Element, record: Record) -> None:
    journal = SubElement(front, "journal-meta")
    for kind, values in _extra_of(record, "journal-id:"):
        for text in values:
            builder.sub(journal, "journal-id", text, {"journal-id-type": kind}, record)
    if record.container_title or record.container_title_short:
        titles = SubElement(journal, "journal-title-group")
        if record.container_title:
            builder.sub(titles, "journal-title", record.container_title, record=record)
        if record.container_title_short:
            builder.sub(titles, "abbrev-journal-title", record.container_title_short, record=record)
    for issn in record.issn:
        builder.sub(journal, "issn", issn, record=record)
    if record.publisher or record.place:
        publisher = SubElement(journal, "publisher")
        builder.sub(publisher, "publisher-name", record.publisher or "", record=record)
        if record.place:
            builder.sub(publisher, "publisher-loc", record.place, record=record)
    if len(journal) == 0:
        front.remove(journal)


def _article_meta(builder: Builder, meta: etree._Element, record: Record) -> list[tuple[str, Any]]:
    """Fill article-meta up to the abstract; return custom-meta pairs it could not place."""
    pending: list[tuple[str, Any]] = []
    for field, pub_id_type in FIELD_PUB_IDS:
        value = getattr(record, field)
        if value:
            builder.sub(meta, "article-id", value, {"pub-id-type": pub_id_type}, record)
    for kind, values in _extra_of(record, "article-id:"):
        for text in values:
            builder.sub(meta, "article-id", text, {"pub-id-type": kind}, record)
    subjects = as_list(record.extra.get(EXTRA + "subject"))
    if subjects:
        group = SubElement(SubElement(meta, "article-categories"), "subj-group")
        for subject in subjects:
            builder.sub(group, "subject", subject, record=record)
    if record.title:
        builder.sub(SubElement(meta, "title-group"), "article-title", record.title, record=record)
    _contribs(builder, meta, record)
    if record.issued is not None and record.issued.year is not None:
        _pub_date(builder, meta, "ppub", _date_parts(record.issued.iso()))
    for label, values in _extra_of(record, "pub-date:"):
        for value in values:
            _pub_date(builder, meta, label, _date_parts(value))
    for tag in ("volume", "issue", "isbn"):
        value = getattr(record, tag)
        if value:
            builder.sub(meta, tag, value, record=record)
    pages = page_elements(record.pages)
    for tag, text in pages:
        builder.sub(meta, tag, text, record=record)
    if record.elocation:
        if pages:
            pending.append((META_ELOCATION, record.elocation))  # pages or elocation-id, not both
        else:
            builder.sub(meta, "elocation-id", record.elocation, record=record)
    if record.url:
        clean = builder.text(record.url, record)
        SubElement(meta, "self-uri", {XLINK_HREF: clean}).text = clean
    return pending


def build_article(builder: Builder, record: Record, index: int) -> etree._Element:
    """The ``<article>`` element (front matter only) for a record."""
    article_type = record.extra.get(EXTRA + "article-type")
    if not isinstance(article_type, str) or not article_type:
        article_type = CSL_TO_ARTICLE_TYPE.get(record.type, "other")
    article = etree.Element(
        "article", {"article-type": article_type, "dtd-version": "1.2"}, nsmap={"xlink": XLINK}
    )
    if record.key is not None:
        article_id, marker = builder.unique_id(record.key, f"article{index}")
        article.set("id", article_id)
        if marker is not None:
            article.set("specific-use", marker)
    builder.language(article, record)
    front = SubElement(article, "front")
    _journal_meta(builder, front, record)
    meta = SubElement(front, "article-meta")
    pending = _article_meta(builder, meta, record)
    _abstract(builder, meta, record)
    _keywords(builder, meta, record)
    if ARTICLE_TYPE_TO_CSL.get(article_type, "article-journal") != record.type:
        pending.insert(0, (META_CSL_TYPE, record.type))
    _custom_meta(builder, meta, record, pending)
    for note in record.notes:
        # One <notes> per note, one <p> per line: the reader joins the lines back.
        lines = [line.strip() for line in note.splitlines() if line.strip()] or [note]
        notes = SubElement(front, "notes")
        for line in lines:
            builder.sub(notes, "p", line, record=record)
    return article
