"""Where the CSL-JSON writer puts each field of the record model: the format's field table.

``Format.fields`` (see ``refbridge.fieldmap``): field → tag, element or field name, or
None when the format has no place for it — the engine then reports the field as not
written (RB040). tests/test_fieldmap.py checks every entry against what the writer
writes, and docs/model.md is generated from it (``python -m refbridge.docs_model``).
"""

from __future__ import annotations

from refbridge.fieldmap import role_places
from refbridge.model import CONTRIBUTOR_ROLES

#: CSL-JSON variables.
FIELD_MAP: dict[str, str | None] = {
    "key": "id, citation-key",
    "title": "title",
    "authors": "author",
    "editors": "editor",
    "container_title": "container-title",
    "container_title_short": "container-title-short",
    "volume": "volume",
    "issue": "issue",
    "pages": "page",
    "elocation": "page (and a note line)",
    "issued": "issued",
    "doi": "DOI",
    "issn": "ISSN",
    "isbn": "ISBN",
    "pmid": "PMID",
    "pmcid": "PMCID",
    "url": "URL",
    "publisher": "publisher",
    "place": "publisher-place",
    "language": "language",
    "abstract": "abstract",
    "abstract_sections": "abstract",
    "keywords": "keyword",
    "notes": "note",
    "title_short": "title-short",
    "original_title": "original-title",
    "collection_title": "collection-title",
    "collection_number": "collection-number",
    "edition": "edition",
    "number": "number",
    "genre": "genre",
    "medium": "medium",
    "section": "section",
    "number_of_pages": "number-of-pages",
    "number_of_volumes": "number-of-volumes",
    "event_title": "event-title",
    "event_place": "event-place",
    "issued_end": "issued",
    "original_date": "original-date",
    "accessed": "accessed",
    "archive": "archive",
    "archive_location": "archive_location",
    "call_number": "call-number",
    "unstructured": "note (a line of its own)",
    "license": "note (a line license: …)",
    "library_catalog": "source",
    "extra": "note (a line per key)",
    # Every CSL name role is a CSL-JSON name variable of its own.
    **role_places({role: role for role in CONTRIBUTOR_ROLES}),
}
