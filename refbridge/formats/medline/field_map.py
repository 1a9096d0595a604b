"""Where the MEDLINE writer puts each field of the record model: the format's field table.

``Format.fields`` (see ``refbridge.fieldmap``): field → tag, element or field name, or
None when the format has no place for it — the engine then reports the field as not
written (RB040). tests/test_fieldmap.py checks every entry against what the writer
writes, and docs/model.md is generated from it (``python -m refbridge.docs_model``).
"""

from __future__ import annotations

from refbridge.fieldmap import role_places

#: MEDLINE / .nbib tags.
FIELD_MAP: dict[str, str | None] = {
    "key": None,
    "title": "TI",
    "authors": "FAU, AU",
    "editors": "FED, ED",
    "container_title": "JT",
    "container_title_short": "TA",
    "volume": "VI",
    "issue": "IP",
    "pages": "PG",
    "elocation": "LID",
    "issued": "DP",
    "doi": "LID, AID",
    "issn": "IS",
    "isbn": "ISBN",
    "pmid": "PMID",
    "pmcid": "PMC",
    "url": "LID",
    "publisher": "PB",
    "place": "PL",
    "language": "LA",
    "abstract": "AB",
    "abstract_sections": "AB",
    "keywords": "OT",
    "notes": "GN",
    "title_short": None,
    "original_title": "TT",
    "collection_title": "CTI",
    "collection_number": None,
    "edition": "EN",
    "number": None,
    "genre": None,
    "medium": None,
    "section": None,
    "number_of_pages": None,
    "number_of_volumes": None,
    "event_title": None,
    "event_place": None,
    "issued_end": "DP",
    "original_date": None,
    "accessed": None,
    "archive": None,
    "archive_location": None,
    "call_number": None,
    "unstructured": None,
    "license": "CI",
    "library_catalog": None,
    "extra": "(keys named after a MEDLINE tag; others are reported, RB920)",
    **role_places({"contributor": "FIR, IR"}),
}
