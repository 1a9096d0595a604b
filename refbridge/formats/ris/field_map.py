"""Where the RIS writer puts each field of the record model: the format's field table.

``Format.fields`` (see ``refbridge.fieldmap``): field → tag, element or field name, or
None when the format has no place for it — the engine then reports the field as not
written (RB040). tests/test_fieldmap.py checks every entry against what the writer
writes, and docs/model.md is generated from it (``python -m refbridge.docs_model``).
"""

from __future__ import annotations

from refbridge.fieldmap import role_places
from refbridge.formats.ris.fields import (
    CONTAINER_TAGS,
    DEFAULT,
    ENDNOTE_PMCID_TAGS,
    FIELD_TAGS,
    ROLE_TAGS,
    tag_for,
)
from refbridge.formats.ris.tables import ris_type
from refbridge.model import CSL_TYPES


def per_type_places() -> dict[str, str | None]:
    """The ``field@type`` entries of the table: for each CSL type, the tag its TY gives a
    field in ``fields.FIELD_TAGS``/``ROLE_TAGS``/``CONTAINER_TAGS`` where that differs
    from the tag of a journal article (``JOUR``, the table's own entry)."""
    base_ty = ris_type("article-journal", "zotero")
    tables = dict(FIELD_TAGS) | {f"contributors.{role}": t for role, t in ROLE_TAGS.items()}
    tables["container_title"] = {**dict.fromkeys(CONTAINER_TAGS, ""), DEFAULT: "T2"} | CONTAINER_TAGS
    places: dict[str, str | None] = {}
    for csl in CSL_TYPES:
        ty = ris_type(csl, "zotero")
        for name, table in tables.items():
            tag = tag_for(table, ty)
            if tag != tag_for(table, base_ty):
                places[f"{name}@{csl}"] = tag
    return places


def endnote_pmcid_places() -> dict[str, str | None]:
    """The ``pmcid@type`` entries of the EndNote flavour's table: EndNote's PMCID field of
    the type's TY (``fields.ENDNOTE_PMCID_TAGS``), or a note where the type has none."""
    places: dict[str, str | None] = {}
    for csl in CSL_TYPES:
        ty = ris_type(csl, "endnote")
        tag = ENDNOTE_PMCID_TAGS.get(ty)
        if tag != ENDNOTE_PMCID_TAGS["JOUR"]:
            places[f"pmcid@{csl}"] = tag or "N1 (a note PMCID: …)"
    return places


#: RIS, Zotero flavour (the default).
FIELD_MAP: dict[str, str | None] = {
    "key": "ID",
    "title": "TI",
    "authors": "AU",
    "editors": "A2",
    "container_title": "T2",
    "container_title_short": "J2",
    "volume": "VL",
    "issue": "IS",
    "pages": "SP, EP",
    "elocation": "SP (and C7)",
    "issued": "PY, DA",
    "doi": "DO",
    "issn": "SN",
    "isbn": "SN",
    "pmid": "M2 (Zotero's Extra line PMID: …)",
    "pmcid": "M2 (Zotero's Extra line PMCID: …)",
    "url": "UR",
    "publisher": "PB",
    "place": "CY",
    "language": "LA",
    "abstract": "AB",
    "abstract_sections": "AB",
    "keywords": "KW",
    "notes": "N1",
    "title_short": "ST",
    "original_title": None,
    "collection_title": "T3",
    "collection_number": "SV",
    "edition": "ET",
    "number": None,
    "genre": None,
    "medium": None,
    "section": "SE",
    "number_of_pages": None,
    "number_of_volumes": "NV",
    "event_title": None,
    "event_place": "M2 (Extra line event-place: …)",
    "issued_end": None,
    "original_date": "M2 (Extra line original-date: …)",
    "accessed": "Y2",
    "archive": "DB",
    "archive_location": "AN",
    "call_number": "CN",
    "unstructured": None,
    "license": "CR",
    "library_catalog": "DP",
    "extra": "(keys named after a RIS tag; others are reported, RB324)",
    **role_places({"translator": "A4"}),
}
#: Where the place depends on the record's type (``field@type`` overrides the field's
#: entry): generated from the writer's own tables, so the two cannot drift apart.
FIELD_MAP |= per_type_places()


#: RIS, EndNote flavour (``-O ris.flavour=endnote``): the two flavours differ in how a
#: value is spelled (names, dates, keywords) and in where the values go that Zotero keeps
#: as Extra lines (EndNote reads M2 as a different field per type), never in whether a
#: field has a place; the engine's account takes this table for the EndNote flavour
#: (``Format.fields_by_option``), and tests/test_fieldmap.py checks it against that writer.
ENDNOTE_FLAVOUR_FIELD_MAP: dict[str, str | None] = (
    FIELD_MAP
    | {
        "pmid": "AN (with DB PubMed)",
        "pmcid": "C2",
        "event_place": "N1 (a note event-place: …)",
        "original_date": "N1 (a note original-date: …)",
    }
    | endnote_pmcid_places()
)
