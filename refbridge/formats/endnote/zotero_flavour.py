"""The ``zotero`` flavour of the tagged writer (the default): what Zotero's Refer/BibIX importer reads.

Zotero's Refer importer reads the tagged format as old Refer: ``%R`` as Type (not DOI),
``%E`` as editors and ``%Y`` as translators whatever the type, ``%Q`` as an author,
``%B`` as the publication, ``%N`` as the issue; it joins repeated tags with commas, and
moves ``%M``, ``%O``, ``%H``, and ``%@``, ``%7``, ``%9`` of a type that lacks the field,
into Extra. ``for_zotero`` adapts a record's EndNote fields to it and returns every value
it left out, by the field's name and why, for the writer to report (RB981): nothing is
dropped silently. A DOI that has no ``%R`` to go to is written as the URL
``%U https://doi.org/<doi>`` when the record has no URL of its own; the tagged reader
reads such a URL back as the DOI.
"""

from __future__ import annotations

from urllib.parse import quote

from refbridge.model import Record

from . import types as T
from .fields import PREFIX, Fields, format_name, url_doi

#: The resolver a DOI's URL is written on (Zotero's Refer import reads ``%U`` as the URL).
DOI_RESOLVER = "https://doi.org/"
#: What a DOI keeps unescaped in its URL: RFC 3986's path characters (others are %-escaped).
_PATH_SAFE = "/:@!$&'()*+,;="

#: EndNote's types on which %@ (ISBN), %7 (edition) and %9 (Type) are valid Zotero fields.
ZOTERO_FIELD_TYPES: dict[str, frozenset[str]] = {
    "@": frozenset({"Book", "Book Section", "Conference Proceedings", "Report", "Thesis", "Edited Book",
                    "Electronic Book", "Electronic Book Section", "Encyclopedia", "Dictionary"}),
    "7": frozenset({"Book", "Book Section", "Edited Book", "Newspaper Article", "Map", "Electronic Book",
                    "Electronic Book Section", "Encyclopedia", "Dictionary"}),
    "9": frozenset({"Thesis", "Report", "Manuscript", "Unpublished Work", "Web Page", "Map",
                    "Personal Communication"}),
}  # fmt: skip
#: Types with a Zotero series field (a report's series has no place in Zotero's Refer import).
ZOTERO_SERIES_TYPES = frozenset({"Book", "Edited Book", "Electronic Book", "Classical Work", "Catalog"})
#: Types whose pages Zotero holds as a page count its Refer importer does not fill.
ZOTERO_PAGE_COUNT_TYPES = frozenset({"Book", "Edited Book", "Electronic Book", "Thesis", "Manuscript"})
#: The roles Zotero's Refer import reads (``%A``, ``%E``, ``%Y``).
ZOTERO_ROLES = frozenset({"author", "editor", "translator"})

#: EndNote fields whose tag Zotero's Refer import misreads or moves to Extra whatever the
#: type, and why.
_ALWAYS_LEFT_OUT: dict[str, str] = {
    "accession-num": "Zotero's Refer import moves %M (Accession Number) to Extra",
    "alt-title": "Zotero's Refer import moves %O (Alternate Title) to Extra",
    "abbr-1": "Zotero's Refer import moves %O (Alternate Title) to Extra",
    "translated-authors": "Zotero's Refer import moves %H (Translated Author) to Extra",
}
#: Fields valid in Zotero on some types only: EndNote field → its tag (``ZOTERO_FIELD_TYPES``).
_TYPED_TAGS = {"isbn": "@", "edition": "7", "work-type": "9"}

#: A value left out: the field's name (the model's, else EndNote's) and why.
LeftOut = tuple[str, str]


def doi_url(doi: str) -> str | None:
    """``https://doi.org/<doi>`` (escaped where a URL needs it), or None when the URL
    would not read back as the same DOI (a DOI ending in ``.``, ``,`` or ``;``)."""
    url = DOI_RESOLVER + quote(doi, safe=_PATH_SAFE)
    parsed = url_doi(url)
    return url if parsed is not None and parsed.doi == doi else None


def for_zotero(record: Record, fields: Fields) -> list[LeftOut]:
    """Adapt a record's fields to Zotero's Refer importer; return what was left out."""
    ref_type = fields.ref_type or T.DEFAULT_TYPE
    left_out: list[LeftOut] = []
    _names(record, fields, ref_type, left_out)
    _doi_and_url(record, fields, left_out)
    for name, why in _ALWAYS_LEFT_OUT.items():
        if fields.pop(name):
            left_out.append((_model_name(name, record), why))
    _pubmed_source(record, fields, left_out)
    for name, tag in _TYPED_TAGS.items():
        if ref_type not in ZOTERO_FIELD_TYPES[tag] and fields.values.get(name):
            fields.pop(name)
            why = f"Zotero's Refer import moves the %{tag} of a {ref_type} to Extra"
            left_out.extend((shown, why) for shown in _shown_names(name, record, ref_type))
    report_number = ref_type in T.REPORT_NUMBER_IN_ISBN and record.number and not (record.isbn or record.issn)
    if report_number and fields.values.get("isbn") == [record.number]:
        fields.pop("isbn")  # EndNote's Report Number, but Zotero's ISBN
        left_out.append(("number", f"Zotero's Refer import reads the %@ of a {ref_type} as its ISBN"))
    if fields.pop("translated-title"):
        shown = _model_name("translated-title", record)
        left_out.append((shown, "Zotero's Refer import reads %Q as an author"))
    if ref_type in T.SERIES_IN_SECONDARY:
        series = fields.pop("secondary-title")
        if ref_type in ZOTERO_SERIES_TYPES:
            fields.values["tertiary-title"] = series  # %S: Zotero's series
        elif series:
            left_out.append(("collection-title", f"Zotero's Refer import has no series for a {ref_type}"))
    if ref_type not in T.ISSUE_IN_NUMBER and fields.pop("number"):
        name = "collection-number" if ref_type in T.SERIES_NUMBER_IN_NUMBER else "number"
        why = f"Zotero's Refer import reads %N as the issue, which a {ref_type} lacks in Zotero"
        left_out.append((name, why))
    if ref_type in ZOTERO_PAGE_COUNT_TYPES and fields.pop("pages"):
        why = f"Zotero holds a {ref_type}'s pages as a number of pages, which its Refer import does not fill"
        left_out.append(("pages", why))
    if ref_type in T.CONFERENCE_TYPES:
        if fields.pop("pub-location"):
            left_out.append(("event-place", "Zotero's Refer import reads %C as the publisher's place"))
        fields.values["pub-location"] = fields.pop("custom1")  # Zotero's place is the publisher's
    return left_out


def _pubmed_source(record: Record, fields: Fields, left_out: list[LeftOut]) -> None:
    """Drop ``%~`` (Name of Database), which Zotero's Refer import does not read (the
    record's archive: its table has no place for it), and the ``%W NLM`` the mapping adds
    to say that ``%M`` is a PMID: without the ``%M`` it says nothing (and Zotero reads
    ``%W`` as the archive location). A provider read from a file is written as read."""
    names = fields.pop("remote-database-name")
    given = PREFIX + "remote-database-name" in record.extra
    if names and given and record.archive is None:
        left_out.append(("remote-database-name", "Zotero's Refer import reads no %~ (Name of Database)"))
    if PREFIX + "remote-database-provider" not in record.extra:
        fields.pop("remote-database-provider")  # only ever the mapping's PMID marker


def _names(record: Record, fields: Fields, ref_type: str, left_out: list[LeftOut]) -> None:
    """Authors ``%A``, editors ``%E`` and translators ``%Y`` whatever the type (as Zotero
    reads them); the other roles the type placed are left out."""
    roles = T.roles_for(ref_type)
    for name in T.NAME_FIELDS:
        role = roles[name]
        if fields.pop(name) and role not in ZOTERO_ROLES:
            why = "Zotero's Refer import reads authors (%A), editors (%E) and translators (%Y) only"
            left_out.append((role, why))
    for name, people in (
        ("authors", record.authors),
        ("secondary-authors", record.editors),
        ("tertiary-authors", record.contributors.get("translator", [])),
    ):
        for person in people:
            if not person.is_etal:
                fields.add(name, format_name(person))


def _doi_and_url(record: Record, fields: Fields, left_out: list[LeftOut]) -> None:
    """One ``%U`` (Zotero joins repeated ones with commas): the record's URL, else its
    DOI's; no ``%R``, which Zotero reads as the Type."""
    urls = fields.pop("url") + fields.pop("web-urls")
    if len(urls) > 1:
        left_out.append(
            ("url", "Zotero's Refer import joins repeated %U with commas; only the first is written")
        )
    numbers = fields.pop("electronic-resource-num")
    no_tag = "Zotero's Refer import has no DOI tag (%R is its Type)"
    doi = record.doi
    if doi and numbers[:1] == [doi]:  # the record's DOI comes first (then extra's)
        numbers.pop(0)
        url = doi_url(doi)
        if urls and (parsed := url_doi(urls[0])) is not None and parsed.doi == doi:
            pass  # the record's URL is a resolver's URL of the DOI: read back as the DOI
        elif urls:
            left_out.append(("doi", f"{no_tag} and %U holds the record's URL"))
        elif url is None:
            left_out.append(("doi", f"{no_tag} and the DOI does not read back from a doi.org URL"))
        else:
            urls = [url]
    if urls:
        fields.values["url"] = urls[:1]
    if numbers:
        left_out.append(("electronic-resource-num", no_tag))


def _shown_names(name: str, record: Record, ref_type: str) -> list[str]:
    """The names a left-out EndNote field is reported by (``isbn`` may hold ISBN and ISSNs)."""
    if name == "isbn":
        held = [shown for shown, value in (("isbn", record.isbn), ("issn", record.issn)) if value]
        if held:
            return held
        return ["number"] if ref_type in T.REPORT_NUMBER_IN_ISBN and record.number else ["isbn"]
    return [_model_name(name, record)]


def _model_name(name: str, record: Record) -> str:
    """The model's name of an EndNote field the record fills, else the EndNote name (a
    value kept in ``extra`` from an EndNote file)."""
    model = {
        "accession-num": (
            ("pmid", record.pmid) if record.pmid else ("archive-location", record.archive_location)
        ),
        "alt-title": ("container-title-short", record.container_title_short),
        "abbr-1": ("container-title-short", record.container_title_short),
        "translated-title": ("original-title", record.original_title),
        "edition": ("edition", record.edition),
        "work-type": ("genre", record.genre),
    }.get(name)
    return model[0] if model is not None and model[1] else name
