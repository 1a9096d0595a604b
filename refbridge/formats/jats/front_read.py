"""Reading a JATS article's front matter into the article's own record.

``journal-meta`` gives the journal (full and abbreviated title, ISSNs, publisher);
``article-meta`` the identifiers, title, contributors, publication date, volume,
issue, pages, abstract (one section per ``<sec>``), keyword groups and
``custom-meta`` pairs (kept in ``extra`` under their own names). Front-matter
elements with no place in the model (affiliations, history, permissions,
funding...) are listed in one info diagnostic per article.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from refbridge.abstracts import join_sections, normal_label
from refbridge.context import Context
from refbridge.formats.jats.cite_read import add_extra
from refbridge.formats.jats.names import (
    ETAL,
    PERSON_TAGS,
    display_name,
    parse_day,
    parse_month,
    parse_year,
    person_of,
)
from refbridge.formats.jats.tables import (
    ARTICLE_TYPE_TO_CSL,
    CITE_KEY,
    CSL_TO_ARTICLE_TYPE,
    EXTRA,
    META_CSL_TYPE,
    META_ELOCATION,
    META_UNSTRUCTURED,
    PUB_DATE_PREFERENCE,
    PUB_ID_FIELDS,
    XLINK_HREF,
    XML_LANG,
)
from refbridge.formats.jats.xmlin import collapse, text_of
from refbridge.identifiers import parse_doi
from refbridge.mesh import looks_like_heading, parse_heading
from refbridge.model import AbstractSection, Keyword, PartialDate, Person, Record, SourceLocation
from refbridge.pagespan import join_pages

if TYPE_CHECKING:
    from lxml import etree  # type: ignore[import-untyped]

_MESH = "mesh"


def _elements(parent: etree._Element) -> list[etree._Element]:
    return [child for child in parent if isinstance(child.tag, str)]


class _Front:
    """Record fields gathered from the front matter."""

    def __init__(self) -> None:
        self.fields: dict[str, Any] = {}
        self.authors: list[Person] = []
        self.editors: list[Person] = []
        self.issn: list[str] = []
        self.keywords: list[Keyword] = []
        self.notes: list[str] = []
        self.extra: dict[str, Any] = {}
        self.unmapped: set[str] = set()
        self.dropped: list[str] = []
        self.dates: list[tuple[str, PartialDate | str]] = []
        self.pages: dict[str, str] = {}
        #: The DOI's URL when the article-id gave one (``https://doi.org/…``): the record's
        #: URL if the front matter has no other.
        self.doi_url: str | None = None

    def set(self, name: str, value: str | None) -> None:
        if value and name not in self.fields:
            self.fields[name] = value


def _journal_meta(meta: etree._Element, front: _Front) -> None:
    ids: dict[str, str] = {}
    for child in _elements(meta):
        tag = child.tag
        if tag == "journal-id":
            kind = child.get("journal-id-type") or "other"
            ids.setdefault(kind, text_of(child))
            add_extra(front.extra, f"{EXTRA}journal-id:{kind}", text_of(child))
        elif tag == "journal-title-group":
            for part in _elements(child):
                if part.tag == "journal-title":
                    front.set("container_title", text_of(part))
                elif part.tag == "abbrev-journal-title":
                    front.set("container_title_short", text_of(part))
                else:
                    add_extra(front.extra, EXTRA + part.tag, text_of(part))
        elif tag == "journal-title":  # NLM 2.x put it directly in journal-meta
            front.set("container_title", text_of(child))
        elif tag == "abbrev-journal-title":
            front.set("container_title_short", text_of(child))
        elif tag == "issn":
            if text_of(child):
                front.issn.append(text_of(child))
        elif tag == "publisher":
            front.set("publisher", text_of(child.find("publisher-name")))
            front.set("place", text_of(child.find("publisher-loc")))
        else:
            front.unmapped.add(tag)
    # NLM's title abbreviation stands in when the journal gives no abbrev-journal-title.
    front.set("container_title_short", ids.get("iso-abbrev") or ids.get("nlm-ta"))


def _contrib_group(group: etree._Element, front: _Front) -> None:
    first = group.find("contrib")
    group_role = (first.get("contrib-type") if first is not None else group.get("content-type")) or "author"
    for contrib in _elements(group):
        if contrib.tag == "etal":
            _etal(front, group_role.strip().lower())
            continue
        if contrib.tag != "contrib":
            front.unmapped.add(contrib.tag)
            continue
        role = (contrib.get("contrib-type") or "author").strip().lower()
        person = None
        for part in _elements(contrib):
            if part.tag in PERSON_TAGS and person is None:
                person = person_of(part, front.dropped)
            elif part.tag == "etal":
                _etal(front, role)
            elif part.tag not in PERSON_TAGS:
                front.unmapped.add(part.tag)
        if person is None:
            continue
        if role == "author":
            front.authors.append(person)
        elif role == "editor":
            front.editors.append(person)
        else:
            add_extra(front.extra, f"{EXTRA}person-group:{role}", display_name(person))


def _etal(front: _Front, role: str) -> None:
    """``<etal/>``: the et-al marker at the end of the author or editor list (as
    BibTeX's ``and others``); for other roles, noted in ``extra`` as before."""
    if role == "author":
        front.authors.append(ETAL)
    elif role == "editor":
        front.editors.append(ETAL)
    else:
        add_extra(front.extra, EXTRA + "etal", role)


def _date_label(element: etree._Element) -> str:
    pub_type: str | None = element.get("pub-type")
    if pub_type:
        return pub_type
    date_type = element.get("date-type") or "pub"
    fmt = element.get("publication-format") or ""
    if date_type == "pub" and fmt in ("print", "electronic"):
        return "ppub" if fmt == "print" else "epub"
    return date_type


def _pub_date(element: etree._Element, front: _Front) -> None:
    year = parse_year(text_of(element.find("year")))
    month = parse_month(text_of(element.find("month")) or "0")
    day = parse_day(text_of(element.find("day")) or "0")
    label = _date_label(element)
    if year is None:
        front.dates.append((label, text_of(element)))
    else:
        front.dates.append((label, PartialDate(year, month, day if month else None)))


def _choose_date(front: _Front) -> PartialDate | None:
    rank = {label: i for i, label in enumerate(PUB_DATE_PREFERENCE)}
    usable = [i for i, (_label, value) in enumerate(front.dates) if isinstance(value, PartialDate)]
    chosen = min(usable, key=lambda i: rank.get(front.dates[i][0], len(rank))) if usable else None
    for index, (label, value) in enumerate(front.dates):
        if index != chosen:
            text = value.iso() if isinstance(value, PartialDate) else value
            add_extra(front.extra, f"{EXTRA}pub-date:{label}", text)
    if chosen is None:
        return None
    issued = front.dates[chosen][1]
    return issued if isinstance(issued, PartialDate) else None


def abstract_parts(abstract: etree._Element) -> tuple[str | None, list[AbstractSection]]:
    """(plain text, sections) of an ``<abstract>``: one section per ``<sec>``."""
    sections: list[AbstractSection] = []
    paragraphs: list[str] = []
    for child in _elements(abstract):
        if child.tag == "sec":
            label = normal_label(text_of(child.find("title")))
            body = " ".join(text for text in (text_of(p) for p in child.iter("p")) if text)
            sections.append(AbstractSection(label, body))
        elif child.tag not in ("title", "label", "object-id", "sec-meta"):
            text = text_of(child)
            if text:
                paragraphs.append(text)
    if sections:
        return join_sections(sections), sections
    return ("\n".join(paragraphs) or None), []


def keywords_of(group: etree._Element) -> list[Keyword]:
    """The keywords of a ``<kwd-group>``; its vocabulary is ``vocab`` or ``kwd-group-type``."""
    vocabulary = group.get("vocab") or group.get("kwd-group-type") or None
    mesh = (vocabulary or "").lower() == _MESH
    result: list[Keyword] = []
    for child in group.iter("kwd", "compound-kwd"):
        major = "major" in (child.get("content-type") or "")
        if child.tag == "kwd":
            text = text_of(child)
            if not text:
                continue
            if mesh and child.get("content-type") is None and looks_like_heading(text):
                result.extend(parse_heading(text, vocabulary))
            else:
                result.append(Keyword(text, None, major, vocabulary))
            continue
        parts = [(p.get("content-type") or "", text_of(p)) for p in child.iter("compound-kwd-part")]
        parts = [(kind, text) for kind, text in parts if text]
        descriptors = [text for kind, text in parts if kind == "descriptor"]
        qualifiers = [text for kind, text in parts if kind == "qualifier"]
        if not descriptors:
            term = " ".join(text for _kind, text in parts)
            if term:
                result.append(Keyword(term, None, major, vocabulary))
            continue
        qualifier_list: list[str | None] = list(qualifiers) or [None]
        result.extend(Keyword(descriptors[0], q, major, vocabulary) for q in qualifier_list)
    return result


def _custom_meta(group: etree._Element, front: _Front) -> None:
    for meta in group.iter("custom-meta"):
        name = text_of(meta.find("meta-name"))
        value = text_of(meta.find("meta-value"))
        if not name:
            continue
        if name == META_CSL_TYPE:
            front.fields["type"] = value
        elif name == META_ELOCATION:
            front.set("elocation", value)
        elif name == META_UNSTRUCTURED:
            front.set("unstructured", value)
        elif meta.get("specific-use") == "list":
            existing = front.extra.get(name)
            front.extra[name] = [*(existing if isinstance(existing, list) else []), value]
        else:
            add_extra(front.extra, name, value)


def _article_meta(meta: etree._Element, front: _Front) -> None:
    abstracts: list[etree._Element] = []
    for child in _elements(meta):
        tag = child.tag
        if tag == "article-id":
            kind = (child.get("pub-id-type") or "other").lower()
            field = PUB_ID_FIELDS.get(kind)
            if field == "doi" and field not in front.fields:
                parsed = parse_doi(text_of(child))
                if parsed is not None:
                    front.set("doi", parsed.doi)
                    front.doi_url = parsed.url
                else:
                    front.set("doi", text_of(child))
            elif field and field not in front.fields:
                front.set(field, text_of(child))
            else:
                add_extra(front.extra, f"{EXTRA}article-id:{kind}", text_of(child))
        elif tag == "article-categories":
            for subject in child.iter("subject"):
                add_extra(front.extra, EXTRA + "subject", text_of(subject))
        elif tag == "title-group":
            for part in _elements(child):
                if part.tag == "article-title":
                    front.set("title", text_of(part))
                else:
                    add_extra(front.extra, EXTRA + part.tag, text_of(part))
        elif tag == "contrib-group":
            _contrib_group(child, front)
        elif tag == "pub-date":
            _pub_date(child, front)
        elif tag in ("volume", "issue", "isbn"):
            front.set(tag, text_of(child))
        elif tag in ("fpage", "lpage", "page-range"):
            front.pages.setdefault(tag, text_of(child))
        elif tag == "elocation-id":
            front.set("elocation", text_of(child))
        elif tag in ("self-uri", "ext-link", "uri"):
            href = collapse(child.get(XLINK_HREF) or "") or text_of(child)
            plain = tag == "self-uri" and child.get("content-type") is None
            if (plain or "://" in href) and "url" not in front.fields:
                front.set("url", href)
            else:
                add_extra(front.extra, EXTRA + tag, href)
        elif tag == "abstract":
            abstracts.append(child)
        elif tag == "trans-abstract":
            add_extra(front.extra, EXTRA + tag, text_of(child))
        elif tag == "kwd-group":
            front.keywords.extend(keywords_of(child))
        elif tag == "custom-meta-group":
            _custom_meta(child, front)
        else:
            front.unmapped.add(tag)
    main = [a for a in abstracts if not a.get("abstract-type")] or abstracts[:1]
    for abstract in abstracts:
        if main and abstract is main[0]:
            text, sections = abstract_parts(abstract)
            front.set("abstract", text)
            front.fields["abstract_sections"] = sections
        else:
            add_extra(front.extra, f"{EXTRA}abstract:{abstract.get('abstract-type')}", text_of(abstract))


def article_record(article: etree._Element, front_el: etree._Element, context: Context) -> Record | None:
    """The record of an article's front matter; None when it names no work (a bare ref list)."""
    front = _Front()
    for child in _elements(front_el):
        if child.tag == "journal-meta":
            _journal_meta(child, front)
        elif child.tag == "article-meta":
            _article_meta(child, front)
        elif child.tag == "notes":
            lines = [text for text in (text_of(p) for p in child.iter("p")) if text]
            if lines:
                front.notes.append("\n".join(lines))
        else:
            front.unmapped.add(child.tag)
    article_type = article.get("article-type")
    csl_type = front.fields.setdefault("type", ARTICLE_TYPE_TO_CSL.get(article_type or "", "article-journal"))
    if article_type and CSL_TO_ARTICLE_TYPE.get(csl_type, "other") != article_type:
        front.extra[EXTRA + "article-type"] = article_type
    key = article.get("id")
    marker = article.get("specific-use") or ""
    if marker.startswith(CITE_KEY):
        key = marker[len(CITE_KEY) :]
    issued = _choose_date(front)
    fields = dict(front.fields)
    if front.doi_url and "url" not in fields:
        fields["url"] = front.doi_url
    pages = front.pages.get("page-range") or join_pages(front.pages.get("fpage"), front.pages.get("lpage"))
    line = article.sourceline
    record = Record(
        key=key,
        authors=front.authors,
        editors=front.editors,
        issued=issued,
        issn=front.issn,
        pages=pages,
        keywords=front.keywords,
        notes=front.notes,
        language=article.get(XML_LANG),
        extra=front.extra,
        source=SourceLocation(context.filename, line),
        **fields,
    )
    if replace(record, type="article-journal", key=None, language=None) == Record():
        return None  # an empty <article-meta/>, as the jats writer puts before a reference list
    for what in front.dropped:
        context.info(f"name {what} has no place in the record model; dropped", code="RB414", line=line)
    if front.unmapped:
        context.info(
            "front matter not converted: " + ", ".join(f"<{t}>" for t in sorted(front.unmapped)),
            code="RB407",
            line=line,
            key=key,
        )
    return record
