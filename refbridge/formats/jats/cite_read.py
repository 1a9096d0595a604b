"""Reading one JATS ``<ref>`` into records.

``element-citation``, ``mixed-citation`` (its tagged parts only: punctuation and
other untagged text between them is ignored) and the older NLM ``citation`` /
``nlm-citation`` are read alike. Children with no slot in the model are kept in
``extra["jats:<element>"]`` and written back by the ``jats`` writer.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from refbridge.context import Context
from refbridge.formats.jats.names import (
    ETAL,
    PERSON_TAGS,
    date_from_parts,
    date_in_citation,
    display_name,
    person_of,
)
from refbridge.formats.jats.tables import (
    ACCESS_DATE,
    CITE_KEY,
    CSL_TO_PUBTYPE,
    EXTRA,
    PAGE_UNITS,
    PUB_ID_FIELDS,
    SERIES_CONTAINER,
    SERIES_VOLUME,
    SOURCE_TITLED,
    TITLE_ELEMENTS,
    XLINK_HREF,
    XML_LANG,
    pubtype_to_csl,
)
from refbridge.formats.jats.xmlin import collapse, text_of
from refbridge.identifiers import parse_doi
from refbridge.model import Person, Record, SourceLocation
from refbridge.pagespan import join_pages

if TYPE_CHECKING:
    from lxml import etree  # type: ignore[import-untyped]

CITATION_TAGS = frozenset({"element-citation", "mixed-citation", "citation", "nlm-citation"})

#: Formatting wrappers whose tagged descendants are read as if they were children.
_WRAPPERS = frozenset(
    {
        "italic",
        "bold",
        "sc",
        "roman",
        "underline",
        "monospace",
        "sans-serif",
        "named-content",
        "styled-content",
    }
)
#: Children that carry nothing for the model (punctuation, alternatives' markers).
_IGNORED = frozenset({"x", "break", "hr"})
#: Simple text children → record field.
_TEXT_FIELDS = {
    "volume": "volume",
    "issue": "issue",
    "publisher-name": "publisher",
    "publisher-loc": "place",
    "elocation-id": "elocation",
    "isbn": "isbn",
    "edition": "edition",
    "conf-name": "event_title",
    "conf-loc": "event_place",
}
#: Children told apart by an attribute: (tag, attribute, its value lower-cased) → record field.
_MARKED_FIELDS = {
    ("volume", "content-type", SERIES_VOLUME): "collection_number",
    ("date-in-citation", "content-type", ACCESS_DATE): "accessed",
    **{("size", "units", unit): "number_of_pages" for unit in PAGE_UNITS},
}
_MARKED_TAGS = frozenset(tag for tag, _attribute, _value in _MARKED_FIELDS)


def add_extra(extra: dict[str, Any], key: str, value: str) -> None:
    """Add to ``extra``: a first value as a string, repeated ones as a list."""
    if not value:
        return
    current = extra.get(key)
    if current is None:
        extra[key] = value
    elif isinstance(current, list):
        current.append(value)
    else:
        extra[key] = [current, value]


class _Citation:
    """What one citation element says, gathered before the record is built."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.titles: dict[str, str] = {}
        self.source: str | None = None
        self.series: str | None = None
        self.authors: list[Person] = []
        self.editors: list[Person] = []
        self.dates: dict[str, str] = {}
        self.pages: dict[str, str] = {}
        self.issn: list[str] = []
        self.notes: list[str] = []
        self.urls: list[str] = []
        #: The DOI's URL form (``https://doi.org/…``), the URL when there is no other.
        self.doi_url: str | None = None
        self.extra: dict[str, Any] = {}
        self.dropped: list[str] = []

    def has_content(self) -> bool:
        return bool(
            self.values
            or self.titles
            or self.source
            or self.series
            or self.authors
            or self.editors
            or self.dates
            or self.pages
            or self.issn
            or self.notes
            or self.urls
            or self.extra
        )


def _person_group(group: etree._Element, cite: _Citation) -> None:
    role = (group.get("person-group-type") or "author").strip().lower()
    people: list[Person] = []
    for child in group:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "etal":
            if role in ("author", "editor"):
                people.append(ETAL)  # in the name list, as BibTeX's ``and others``
            else:
                add_extra(cite.extra, EXTRA + "etal", role)
        elif child.tag in PERSON_TAGS:
            person = person_of(child, cite.dropped)
            if person is not None:
                people.append(person)
    if role == "author":
        cite.authors.extend(people)
    elif role == "editor":
        cite.editors.extend(people)
    else:
        for person in people:
            add_extra(cite.extra, f"{EXTRA}person-group:{role}", display_name(person))


def _read_children(parent: etree._Element, cite: _Citation) -> None:
    for child in parent:
        tag = child.tag
        if not isinstance(tag, str) or tag in _IGNORED:
            continue
        if tag in _WRAPPERS:
            if any(isinstance(d.tag, str) and d.tag not in _WRAPPERS for d in child.iterdescendants()):
                _read_children(child, cite)
            continue
        _read_child(child, tag, cite)


def _read_child(child: etree._Element, tag: str, cite: _Citation) -> None:
    if tag == "person-group":
        _person_group(child, cite)
        return
    if tag in PERSON_TAGS:
        person = person_of(child, cite.dropped)
        if person is not None:
            cite.authors.append(person)
        return
    if tag == "etal":
        cite.authors.append(ETAL)
        return
    text = text_of(child)
    if tag in _MARKED_TAGS and _read_marked(child, tag, cite):
        return
    if not text:
        return
    if tag in TITLE_ELEMENTS and tag not in cite.titles:
        cite.titles[tag] = text
    elif tag == "source" and cite.source is None:
        cite.source = text
    elif tag == "series" and (child.get("content-type") or "").strip().lower() == SERIES_CONTAINER:
        if cite.series is None:
            cite.series = text
        else:
            add_extra(cite.extra, EXTRA + tag, text)
    elif tag == "series" and "collection_title" not in cite.values:
        cite.values["collection_title"] = text
    elif tag in ("year", "month", "day") and tag not in cite.dates:
        cite.dates[tag] = text
    elif tag in ("fpage", "lpage", "page-range") and tag not in cite.pages:
        cite.pages[tag] = text
    elif tag in _TEXT_FIELDS and _TEXT_FIELDS[tag] not in cite.values:
        cite.values[_TEXT_FIELDS[tag]] = text
    elif tag == "issn":
        cite.issn.append(text)
    elif tag == "pub-id":
        kind = (child.get("pub-id-type") or "").strip().lower()
        field = PUB_ID_FIELDS.get(kind)
        if field == "doi" and field not in cite.values:
            parsed = parse_doi(text)
            cite.values["doi"] = parsed.doi if parsed is not None else text
            if parsed is not None and parsed.url:
                cite.doi_url = parsed.url
        elif field and field not in cite.values:
            cite.values[field] = text
        else:
            add_extra(cite.extra, f"{EXTRA}pub-id:{kind or 'other'}", text)
    elif tag in ("ext-link", "uri"):
        cite.urls.append(collapse(child.get(XLINK_HREF) or "") or text)
    elif tag == "comment":
        cite.notes.append(text)
    else:
        add_extra(cite.extra, EXTRA + tag, text)


def _read_marked(child: etree._Element, tag: str, cite: _Citation) -> bool:
    """Read a child whose attribute gives it a field of its own (the series volume, the
    access date, the number of pages); False when the attribute gives it none. A second
    one, or one that holds nothing, is kept in ``extra`` like an unmapped element."""
    for (marked, attribute, value), field in _MARKED_FIELDS.items():
        if marked != tag or (child.get(attribute) or "").strip().lower() != value:
            continue
        found = date_in_citation(child) if field == "accessed" else text_of(child) or None
        if field in cite.values or found is None:
            add_extra(cite.extra, EXTRA + tag, text_of(child))
        else:
            cite.values[field] = found
        return True
    return False


def _csl_type(element: etree._Element, cite: _Citation) -> str:
    raw = element.get("publication-type") or element.get("citation-type")
    csl = pubtype_to_csl(raw)
    if raw and (csl is None or raw not in (csl, CSL_TO_PUBTYPE.get(csl, csl))):
        # An alias (``web``) or an unknown value: keep the original for the way back.
        cite.extra[EXTRA + "publication-type"] = raw
    if csl is None:
        return "article-journal" if cite.source else "document"
    if csl == "book" and ("chapter-title" in cite.titles or "article-title" in cite.titles):
        return "chapter"
    return csl


def citation_record(
    element: etree._Element,
    key: str | None,
    source: SourceLocation,
    context: Context,
    where: str | None = None,
) -> Record | None:
    """The record for one citation element; None (with a warning) when it is empty.
    ``where`` names its ``<ref>`` in diagnostics (PMC's files put every one on one line)."""
    cite = _Citation()
    _read_children(element, cite)
    mixed = element.tag != "element-citation"
    if not cite.has_content():
        text = text_of(element)
        if not (mixed and text):
            context.warning("empty citation skipped", code="RB405", line=source.line, key=key, element=where)
            return None
        cite.values["unstructured"] = text  # the model's unstructured citation (issue 18)
        context.warning(
            "citation has no tagged parts; its text is kept as the unstructured citation",
            code="RB406",
            line=source.line,
            key=key,
            element=where,
        )
    for what in cite.dropped:
        context.info(
            f"name {what} has no place in the record model; dropped",
            code="RB414",
            line=source.line,
            element=where,
        )
    csl = _csl_type(element, cite)
    title: str | None = None
    container = cite.source
    for tag in TITLE_ELEMENTS:
        if tag in cite.titles:
            if title is None:
                title = cite.titles[tag]
            else:
                add_extra(cite.extra, EXTRA + tag, cite.titles[tag])
    if title is None and csl in SOURCE_TITLED:
        title, container = cite.source, cite.series
    elif cite.series:
        add_extra(cite.extra, EXTRA + "series", cite.series)  # only SOURCE_TITLED have one
    pages = cite.pages.get("page-range")
    if pages:
        pages = pages.replace("–", "-").replace("—", "-")
    else:
        pages = join_pages(cite.pages.get("fpage"), cite.pages.get("lpage"))
    extra = cite.extra
    issued = date_from_parts(cite.dates.get("year"), cite.dates.get("month"), cite.dates.get("day"), extra)
    url = cite.urls[0] if cite.urls else cite.doi_url
    for other in cite.urls[1:]:
        add_extra(extra, EXTRA + "ext-link", other)
    language = element.get(XML_LANG)
    return Record(
        type=csl,
        key=key,
        title=title,
        authors=cite.authors,
        editors=cite.editors,
        container_title=container,
        pages=pages,
        issued=issued,
        issn=cite.issn,
        url=url,
        language=language,
        notes=cite.notes,
        extra=extra,
        source=source,
        **cite.values,
    )


def ref_records(ref: etree._Element, context: Context) -> Iterator[Record]:
    """Yield a record for each citation in a ``<ref>`` (normally exactly one)."""
    key = ref.get("id")
    where = f'ref id="{key}"' if key else None
    marker = ref.get("specific-use") or ""
    if marker.startswith(CITE_KEY):
        key = marker[len(CITE_KEY) :]
    label = None
    notes: list[str] = []
    citations: list[etree._Element] = []
    for child in ref:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if tag in CITATION_TAGS:
            citations.append(child)
        elif tag == "citation-alternatives":
            options = [c for c in child if isinstance(c.tag, str) and c.tag in CITATION_TAGS]
            preferred = [c for c in options if c.tag == "element-citation"] or options
            citations.extend(preferred[:1])
        elif tag == "label":
            label = text_of(child) or None
        elif tag == "note":
            notes.append(text_of(child))
    line = ref.sourceline
    if not citations:
        context.warning(
            "reference without a citation element skipped", code="RB405", line=line, key=key, element=where
        )
        return
    for index, citation in enumerate(citations):
        this_key = key if index == 0 or key is None else f"{key}-{index + 1}"
        record = citation_record(citation, this_key, SourceLocation(context.filename, line), context, where)
        if record is None:
            continue
        if index == 0 and (label or notes):
            extra = dict(record.extra)
            if label:
                extra[EXTRA + "label"] = label
            record = _with(record, extra=extra, notes=record.notes + [n for n in notes if n])
        yield record


def _with(record: Record, **changes: Any) -> Record:
    from dataclasses import replace

    return replace(record, **changes)
