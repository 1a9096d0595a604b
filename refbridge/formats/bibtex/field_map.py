"""Where the BibTeX and BibLaTeX writer puts each field of the record model: the format's field table.

``Format.fields`` (see ``refbridge.fieldmap``): field → tag, element or field name, or
None when the format has no place for it — the engine then reports the field as not
written (RB040). tests/test_fieldmap.py checks every entry against what the writer
writes, and docs/model.md is generated from it (``python -m refbridge.docs_model``).
"""

from __future__ import annotations

from refbridge.fieldmap import role_places
from refbridge.formats.bibtex.fields import GENRE_TYPES, NUMBER_TYPES, SERIES_NUMBER_TYPES

#: BibTeX: where each field goes.
BIBTEX_FIELD_MAP: dict[str, str | None] = {
    "key": "(entry key)",
    "title": "title",
    "authors": "author",
    "editors": "editor",
    "container_title": "journal",
    "container_title_short": "shortjournal",
    "volume": "volume",
    "issue": "number",
    "pages": "pages",
    "elocation": "pages",
    "issued": "year, month",
    "doi": "doi",
    "issn": "issn",
    "isbn": "isbn",
    "pmid": "eprint",
    "pmcid": "pmcid",
    "url": "url",
    "publisher": "publisher",
    "place": "address",
    "language": "language",
    "abstract": "abstract",
    "abstract_sections": "abstract",
    "keywords": "keywords",
    "notes": "note",
    "title_short": "shorttitle",
    "original_title": None,
    "collection_title": "series",
    "collection_number": None,
    "edition": "edition",
    "number": None,
    "genre": None,
    "medium": None,
    "section": "chapter",
    "number_of_pages": "pagetotal",
    "number_of_volumes": None,
    "event_title": "eventtitle",
    "event_place": "venue",
    "issued_end": "date",
    "original_date": None,
    "accessed": "urldate",
    "archive": None,
    "archive_location": None,
    "call_number": None,
    "unstructured": None,
    "license": "copyright",
    "library_catalog": None,
    "extra": "(a field of its own per key)",
    **role_places({"translator": "translator"}),
}
#: Where the place depends on the record's type (``field@type`` overrides the field's
#: entry): generated from the reader's and writer's own type sets (fields.py).
BIBTEX_FIELD_MAP |= (
    dict.fromkeys((f"number@{t}" for t in sorted(NUMBER_TYPES)), "number")
    | dict.fromkeys((f"collection_number@{t}" for t in sorted(SERIES_NUMBER_TYPES)), "number")
    | dict.fromkeys((f"genre@{t}" for t in sorted(GENRE_TYPES)), "type")
)

#: BibLaTeX: where each field goes — BibTeX's places but for the fields biblatex names
#: its own way.
BIBLATEX_FIELD_MAP: dict[str, str | None] = {
    **BIBTEX_FIELD_MAP,
    "container_title": "journaltitle",
    "elocation": "eid",
    "issued": "date",
    "place": "location",
    "contributors.compiler": "editora",
    "contributors.contributor": "editora",
    "contributors.director": "editora",
    "contributors.editorial-director": "editora",
    "contributors.organizer": "editora",
}
