"""Where the EndNote writers (tagged and XML) put each field of the record model: the field tables.

``Format.fields`` (see ``refbridge.fieldmap``): field → tag, element or field name, or
None when the format has no place for it — the engine then reports the field as not
written (RB040). The tagged format has a table per flavour (``Format.fields_by_option``):
``TAGGED_FIELD_MAP`` for ``endnote``, and ``ZOTERO_FIELD_MAP`` for ``zotero`` (the default),
derived from it by the rules of ``zotero_flavour``. tests/test_fieldmap.py checks every
entry against what the writer writes with that flavour, and docs/model.md is generated
from the tables (``python -m refbridge.docs_model``).
"""

from __future__ import annotations

from refbridge.fieldmap import FIELDS, place_of, role_places

from . import types as T
from .zotero_flavour import ZOTERO_FIELD_TYPES, ZOTERO_PAGE_COUNT_TYPES, ZOTERO_SERIES_TYPES

#: EndNote tagged (Refer) fields, as the ``endnote`` flavour writes them (every EndNote tag).
TAGGED_FIELD_MAP: dict[str, str | None] = {
    "key": "%F",
    "title": "%T",
    "authors": "%A",
    "editors": "%E",
    "container_title": "%J",
    "container_title_short": "%O",
    "volume": "%V",
    "issue": "%N",
    "pages": "%P",
    "elocation": "%P (and %])",
    "issued": "%D, %8",
    "doi": "%R",
    "issn": "%@",
    "isbn": "%@",
    "pmid": "%M",
    "pmcid": "%2",
    "url": "%U",
    "publisher": "%I",
    "place": "%C",
    "language": "%G",
    "abstract": "%X",
    "abstract_sections": None,
    "keywords": "%K",
    "notes": "%Z",
    "title_short": "%!",
    "original_title": "%Q",
    "collection_title": "%S",
    "collection_number": None,
    "edition": "%7",
    "number": None,
    "genre": "%9",
    "medium": None,
    "section": "%&",
    "number_of_pages": None,
    "number_of_volumes": "%6",
    "event_title": None,
    "event_place": None,
    "issued_end": "%8 (start/end)",
    "original_date": None,
    "accessed": "%[",
    "archive": "%~",
    "archive_location": "%M",
    "call_number": "%L",
    "unstructured": None,
    "license": None,
    # EndNote's Name of Database (%~) is the record's archive (as its RIS DB): no catalog.
    "library_catalog": None,
    "extra": "(keys named after an EndNote field; others are reported)",
    **role_places({"collection-editor": "%Y", "translator": "%?"}),
    # Where the place depends on the record's type (field@type overrides the field's entry).
    "issue@article": None,
    "elocation@article": None,
    "pmcid@article": None,
    "number@article": "%N",
    "issue@bill": None,
    "elocation@bill": None,
    "pmcid@bill": None,
    "number@bill": "%N",
    "container_title@book": None,
    "issue@book": None,
    "elocation@book": None,
    "pmcid@book": None,
    "collection_number@book": "%N",
    "issue@chapter": None,
    "elocation@chapter": None,
    "pmcid@chapter": None,
    "collection_number@chapter": "%N",
    "issue@dataset": None,
    "elocation@dataset": None,
    "pmcid@dataset": None,
    "number@dataset": "%N",
    "issue@document": None,
    "elocation@document": None,
    "pmcid@document": None,
    "number@document": "%N",
    "issue@entry-encyclopedia": None,
    "elocation@entry-encyclopedia": None,
    "pmcid@entry-encyclopedia": None,
    "number@entry-encyclopedia": "%N",
    "issue@legal_case": None,
    "elocation@legal_case": None,
    "pmcid@legal_case": None,
    "number@legal_case": "%N",
    "issue@manuscript": None,
    "elocation@manuscript": None,
    "pmcid@manuscript": None,
    "number@manuscript": "%N",
    "container_title@map": None,
    "issue@map": None,
    "elocation@map": None,
    "pmcid@map": None,
    "number@map": "%N",
    "authors@motion_picture": None,
    "editors@motion_picture": None,
    "issue@motion_picture": None,
    "elocation@motion_picture": None,
    "pmcid@motion_picture": None,
    "number@motion_picture": "%N",
    "contributors.director@motion_picture": "%A",
    "contributors.producer@motion_picture": "%E",
    "issue@paper-conference": None,
    "pmcid@paper-conference": None,
    "collection_number@paper-conference": "%N",
    "event_title@paper-conference": "%B",
    "event_place@paper-conference": "%C",
    "issue@patent": None,
    "elocation@patent": None,
    "pmcid@patent": None,
    "number@patent": "%N",
    "editors@personal_communication": None,
    "issue@personal_communication": None,
    "elocation@personal_communication": None,
    "pmcid@personal_communication": None,
    "number@personal_communication": "%N",
    "contributors.recipient@personal_communication": "%E",
    "editors@report": None,
    "container_title@report": None,
    "issue@report": None,
    "elocation@report": None,
    "pmcid@report": None,
    "number@report": "%@",
    "container_title@software": None,
    "issue@software": None,
    "elocation@software": None,
    "pmcid@software": None,
    "number@software": "%N",
    "issue@speech": None,
    "pmcid@speech": None,
    "number@speech": "%N",
    "event_title@speech": "%B",
    "event_place@speech": "%C",
    "issue@standard": None,
    "elocation@standard": None,
    "pmcid@standard": None,
    "number@standard": "%N",
    "container_title@thesis": None,
    "issue@thesis": None,
    "elocation@thesis": None,
    "pmcid@thesis": None,
    "number@thesis": "%N",
    "contributors.contributor@thesis": "%Y",
    "contributors.collection-editor@thesis": None,  # %Y is the Advisor
    "issue@webpage": None,
    "elocation@webpage": None,
    "pmcid@webpage": None,
    "number@webpage": "%N",
}

#: What the ``zotero`` flavour (``zotero_flavour``) writes in another place than the
#: ``endnote`` flavour, or leaves out, whatever the record's type.
_ZOTERO_ALWAYS: dict[str, str | None] = {
    "doi": "%U (a doi.org URL, when the record has no URL of its own)",
    "pmid": None,  # %M: Zotero moves it to Extra
    "archive": None,  # %~: Zotero's Refer import does not read it
    "archive_location": None,  # %M, as the PMID: Zotero moves it to Extra
    "container_title_short": None,  # %O: Zotero moves it to Extra
    "original_title": None,  # %Q: Zotero reads it as an author
    "contributors.translator": "%Y",  # Zotero's translator tag (%? is not read)
    "contributors.collection-editor": None,  # %Y is Zotero's translator
}
#: Model fields held by an EndNote tag that Zotero reads on some types only (``ZOTERO_FIELD_TYPES``).
_ZOTERO_TYPED = {"isbn": "@", "issn": "@", "edition": "7", "genre": "9"}


def _zotero_place(name: str, csl: str, ref_type: str) -> str | None:
    """Where the zotero flavour writes field ``name`` of a record of CSL type ``csl``
    (written as EndNote's ``ref_type``), following ``zotero_flavour.for_zotero``."""
    base = place_of(TAGGED_FIELD_MAP, name, csl)
    if name in _ZOTERO_ALWAYS:
        return _ZOTERO_ALWAYS[name]
    if name in {"authors", "editors"}:
        return "%A" if name == "authors" else "%E"  # whatever role the type gives the tag
    if name.startswith("contributors."):
        return None  # Zotero reads %A, %E and %Y only (the translator's is above)
    if name in _ZOTERO_TYPED and ref_type not in ZOTERO_FIELD_TYPES[_ZOTERO_TYPED[name]]:
        return None
    if name == "number" and ref_type in T.REPORT_NUMBER_IN_ISBN:
        return None  # Zotero reads the %@ as the ISBN, and has no issue for %N
    if base == "%N" and ref_type not in T.ISSUE_IN_NUMBER:
        return None  # Zotero reads %N as the issue, which the type lacks
    if name == "collection_title" and ref_type in T.SERIES_IN_SECONDARY:
        return "%S" if ref_type in ZOTERO_SERIES_TYPES else None
    if name in {"pages", "elocation"} and ref_type in ZOTERO_PAGE_COUNT_TYPES:
        return None  # Zotero holds a page count, which its Refer import does not fill
    if name == "event_place" and ref_type in T.CONFERENCE_TYPES:
        return None  # %C is the publisher's place in Zotero
    return base


def zotero_field_map() -> dict[str, str | None]:
    """The table of the ``zotero`` flavour: ``TAGGED_FIELD_MAP`` where the flavour does what
    the ``endnote`` flavour does, and otherwise its own place, or None for a value it leaves
    out (the engine reports it, RB040; the flavour itself reports only what it leaves out of
    a record beyond the table, RB981). ``field@type`` entries only where they differ."""
    table: dict[str, str | None] = {
        name: _zotero_place(name, "article-journal", T.DEFAULT_TYPE) for name in FIELDS
    }
    for csl, ref_type in T.WRITE_TYPE.items():
        for name in FIELDS:
            place = _zotero_place(name, csl, ref_type)
            if place != table[name]:
                table[f"{name}@{csl}"] = place
    return table


#: EndNote tagged (Refer) fields, as the ``zotero`` flavour (the default) writes them.
ZOTERO_FIELD_MAP: dict[str, str | None] = zotero_field_map()

#: EndNote XML elements.
XML_FIELD_MAP: dict[str, str | None] = {
    "key": "<label>",
    "title": "<title>",
    "authors": "<author>",
    "editors": "<secondary-authors>",
    "container_title": "<secondary-title>",
    "container_title_short": "<abbr-1>",
    "volume": "<volume>",
    "issue": "<number>",
    "pages": "<pages>",
    "elocation": "<pages>",
    "issued": "<dates> <year>",
    "doi": "<electronic-resource-num>",
    "issn": "<isbn>",
    "isbn": "<isbn>",
    "pmid": "<accession-num>",
    "pmcid": "<custom2>",
    "url": "<url>",
    "publisher": "<publisher>",
    "place": "<pub-location>",
    "language": "<language>",
    "abstract": "<abstract>",
    "abstract_sections": None,
    "keywords": "<keyword>",
    "notes": "<notes>",
    "title_short": "<short-title>",
    "original_title": "<translated-title>",
    "collection_title": "<tertiary-title>",
    "collection_number": None,
    "edition": "<edition>",
    "number": "<report-id>",
    "genre": "<work-type>",
    "medium": None,
    "section": "<section>",
    "number_of_pages": None,
    "number_of_volumes": "<num-vols>",
    "event_title": None,
    "event_place": None,
    "issued_end": "<pub-dates> (start/end)",
    "original_date": None,
    "accessed": "<access-date>",
    "archive": "<remote-database-name>",
    "archive_location": "<accession-num>",
    "call_number": "<call-num>",
    "unstructured": None,
    "license": None,
    # EndNote's Name of Database is the record's archive (as its RIS DB): no catalog.
    "library_catalog": None,
    "extra": "(keys named after an EndNote field; others are reported)",
    **role_places({"collection-editor": "<tertiary-authors>", "translator": "<subsidiary-authors>"}),
    # Where the place depends on the record's type (field@type overrides the field's entry).
    "elocation@article": None,
    "pmcid@article": None,
    "elocation@bill": None,
    "pmcid@bill": None,
    "elocation@book": None,
    "pmcid@book": None,
    "collection_number@book": "<number>",
    "elocation@chapter": None,
    "pmcid@chapter": None,
    "collection_number@chapter": "<number>",
    "elocation@dataset": None,
    "pmcid@dataset": None,
    "elocation@document": None,
    "pmcid@document": None,
    "elocation@entry-encyclopedia": None,
    "pmcid@entry-encyclopedia": None,
    "elocation@legal_case": None,
    "pmcid@legal_case": None,
    "elocation@manuscript": None,
    "pmcid@manuscript": None,
    "elocation@map": None,
    "pmcid@map": None,
    "authors@motion_picture": None,
    "editors@motion_picture": None,
    "elocation@motion_picture": None,
    "pmcid@motion_picture": None,
    "contributors.director@motion_picture": "<author>",
    "contributors.producer@motion_picture": "<author>",
    "pmcid@paper-conference": None,
    "collection_number@paper-conference": "<number>",
    "event_title@paper-conference": "<secondary-title>",
    "event_place@paper-conference": "<pub-location>",
    "elocation@patent": None,
    "pmcid@patent": None,
    "editors@personal_communication": None,
    "elocation@personal_communication": None,
    "pmcid@personal_communication": None,
    "contributors.recipient@personal_communication": "<author>",
    "editors@report": None,
    "elocation@report": None,
    "pmcid@report": None,
    "elocation@software": None,
    "pmcid@software": None,
    "pmcid@speech": None,
    "event_title@speech": "<secondary-title>",
    "event_place@speech": "<pub-location>",
    "elocation@standard": None,
    "pmcid@standard": None,
    "elocation@thesis": None,
    "pmcid@thesis": None,
    "contributors.contributor@thesis": "<author>",
    "contributors.collection-editor@thesis": None,  # <tertiary-authors> is the Advisor
    "elocation@webpage": None,
    "pmcid@webpage": None,
}
