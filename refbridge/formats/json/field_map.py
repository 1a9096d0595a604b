"""Where the JSON writer puts each field of the record model: the format's field table.

``Format.fields`` (see ``refbridge.fieldmap``): field → tag, element or field name, or
None when the format has no place for it — the engine then reports the field as not
written (RB040). tests/test_fieldmap.py checks every entry against what the writer
writes, and docs/model.md is generated from it (``python -m refbridge.docs_model``).
"""

from __future__ import annotations

from refbridge.fieldmap import role_places
from refbridge.model import CONTRIBUTOR_ROLES

#: refbridge's lossless JSON: every field under its own name.
FIELD_MAP: dict[str, str | None] = {
    "key": "key",
    "title": "title",
    "authors": "authors",
    "editors": "editors",
    "container_title": "container_title",
    "container_title_short": "container_title_short",
    "volume": "volume",
    "issue": "issue",
    "pages": "pages",
    "elocation": "elocation",
    "issued": "issued",
    "doi": "doi",
    "issn": "issn",
    "isbn": "isbn",
    "pmid": "pmid",
    "pmcid": "pmcid",
    "url": "url",
    "publisher": "publisher",
    "place": "place",
    "language": "language",
    "abstract": "abstract",
    "abstract_sections": "abstract_sections",
    "keywords": "keywords",
    "notes": "notes",
    "title_short": "title_short",
    "original_title": "original_title",
    "collection_title": "collection_title",
    "collection_number": "collection_number",
    "edition": "edition",
    "number": "number",
    "genre": "genre",
    "medium": "medium",
    "section": "section",
    "number_of_pages": "number_of_pages",
    "number_of_volumes": "number_of_volumes",
    "event_title": "event_title",
    "event_place": "event_place",
    "issued_end": "issued_end",
    "original_date": "original_date",
    "accessed": "accessed",
    "archive": "archive",
    "archive_location": "archive_location",
    "call_number": "call_number",
    "unstructured": "unstructured",
    "license": "license",
    "library_catalog": "library_catalog",
    "extra": "extra",
    **role_places({role: f"contributors → {role}" for role in CONTRIBUTOR_ROLES}),
}
