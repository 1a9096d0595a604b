"""Where the JATS writer puts each field of the record model: the format's field table.

``Format.fields`` (see ``refbridge.fieldmap``): field → tag, element or field name, or
None when the format has no place for it — the engine then reports the field as not
written (RB040). tests/test_fieldmap.py checks every entry against what the writer
writes, and docs/model.md is generated from it (``python -m refbridge.docs_model``).
"""

from __future__ import annotations

from refbridge.fieldmap import role_places
from refbridge.formats.jats.tables import SOURCE_TITLED

#: JATS reference list: the elements of ``<element-citation>``.
JATS_FIELD_MAP: dict[str, str | None] = {
    "key": "<ref id>",
    "title": "<article-title>",
    "authors": '<person-group person-group-type="author">',
    "editors": '<person-group person-group-type="editor">',
    "container_title": "<source>",
    "container_title_short": None,
    "volume": "<volume>",
    "issue": "<issue>",
    "pages": "<fpage>, <lpage>",
    "elocation": "<elocation-id>",
    "issued": "<year>, <month>, <day>",
    "doi": '<pub-id pub-id-type="doi">',
    "issn": "<issn>",
    "isbn": "<isbn>",
    "pmid": '<pub-id pub-id-type="pmid">',
    "pmcid": '<pub-id pub-id-type="pmcid">',
    "url": "<ext-link>",
    "publisher": "<publisher-name>",
    "place": "<publisher-loc>",
    "language": "xml:lang",
    "abstract": None,
    "abstract_sections": None,
    "keywords": None,
    "notes": "<comment>",
    "title_short": None,
    "original_title": None,
    "collection_title": "<series>",
    "collection_number": '<volume content-type="series-volume">',
    "edition": "<edition>",
    "number": None,
    "genre": None,
    "medium": None,
    "section": None,
    "number_of_pages": '<size units="pages">',
    "number_of_volumes": None,
    "event_title": "<conf-name>",
    "event_place": "<conf-loc>",
    "issued_end": None,
    "original_date": None,
    "accessed": '<date-in-citation content-type="access-date">',
    "archive": None,
    "archive_location": None,
    "call_number": None,
    "unstructured": "<mixed-citation>",
    "license": None,
    "library_catalog": None,
    "extra": None,
    **role_places({}),
    # A book, thesis, report... is its own <source>: what contains it is a series.
    **{
        f"container_title@{record_type}": '<series content-type="container-title">'
        for record_type in sorted(SOURCE_TITLED)
    },
}

#: What ``<element-citation>`` holds but ``<article-meta>`` has no element for.
_CITATION_ONLY = (
    "collection_title",
    "collection_number",
    "edition",
    "number_of_pages",
    "event_title",
    "event_place",
    "accessed",
)

#: JATS article front matter — the reference list's places but for what
#: ``<article-meta>`` holds in elements of its own.
JATS_ARTICLE_FIELD_MAP: dict[str, str | None] = {
    **{name: place for name, place in JATS_FIELD_MAP.items() if "@" not in name},
    **dict.fromkeys(_CITATION_ONLY),
    "key": "<article id>",
    "authors": '<contrib contrib-type="author">',
    "editors": '<contrib contrib-type="editor">',
    "container_title": "<journal-title>",
    "container_title_short": "<abbrev-journal-title>",
    "issued": "<pub-date>",
    "doi": '<article-id pub-id-type="doi">',
    "pmid": '<article-id pub-id-type="pmid">',
    "pmcid": '<article-id pub-id-type="pmcid">',
    "url": "<self-uri>",
    "abstract": "<abstract>",
    "abstract_sections": "<abstract> <sec>",
    "keywords": "<kwd-group> <kwd>",
    "notes": "<notes>",
    "unstructured": "<custom-meta>",
    "extra": "<custom-meta>",
}
