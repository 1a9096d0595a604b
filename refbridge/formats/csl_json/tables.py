"""CSL-JSON ↔ record model mapping, as data (CSL 1.0.2, ``shared/schemas/csl/csl-data.json``).

The reader and the writer both walk these tables, so a variable mapped one way is
mapped back the same way.
"""

from __future__ import annotations

from ...model import CONTRIBUTOR_ROLES

#: Every item type of the CSL 1.0.2 schema.
SCHEMA_TYPES: frozenset[str] = frozenset(
    (
        "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book",
        "broadcast", "chapter", "classic", "collection", "dataset", "document", "entry",
        "entry-dictionary", "entry-encyclopedia", "event", "figure", "graphic", "hearing",
        "interview", "legal_case", "legislation", "manuscript", "map", "motion_picture",
        "musical_score", "pamphlet", "paper-conference", "patent", "performance", "periodical",
        "personal_communication", "post", "post-weblog", "regulation", "report", "review",
        "review-book", "software", "song", "speech", "standard", "thesis", "treaty", "webpage",
    )
)  # fmt: skip

#: CSL text (and number) variables with a slot of their own → ``Record`` field.
TEXT_SLOTS: dict[str, str] = {
    "title": "title",
    "title-short": "title_short",
    "original-title": "original_title",
    "container-title": "container_title",
    "container-title-short": "container_title_short",
    "volume": "volume",
    "issue": "issue",
    "page": "pages",
    "DOI": "doi",
    "ISBN": "isbn",
    "PMID": "pmid",
    "PMCID": "pmcid",
    "URL": "url",
    "publisher": "publisher",
    "publisher-place": "place",
    "language": "language",
    "abstract": "abstract",
    "collection-title": "collection_title",
    "collection-number": "collection_number",
    "edition": "edition",
    "number": "number",
    "genre": "genre",
    "medium": "medium",
    "section": "section",
    "number-of-pages": "number_of_pages",
    "number-of-volumes": "number_of_volumes",
    "event-title": "event_title",
    "event-place": "event_place",
    "archive": "archive",
    "archive_location": "archive_location",
    "call-number": "call_number",
    "source": "library_catalog",
}

#: Variables read into a slot when the item lacks the preferred one (Zotero's and
#: CSL 1.0.1's spellings); never written in the standard profile.
ALIASES: dict[str, str] = {
    "shortTitle": "title-short",
    "journalAbbreviation": "container-title-short",
    "event": "event-title",
}

#: Fields whose text may hold CSL's HTML-like markup (``<i>``, ``<span class="nocase">``).
RICH_TEXT: frozenset[str] = frozenset(
    {"title", "title-short", "original-title", "container-title", "container-title-short",
     "collection-title", "event-title", "abstract", "reviewed-title", "part-title", "volume-title"}
)  # fmt: skip

#: Model fields without a CSL variable, written as ``note`` lines of these names.
NOTE_SLOTS: tuple[str, ...] = ("elocation", "unstructured", "license")

#: Variables outside the CSL 1.0.2 schema that have a slot: read at the top level of an
#: item (Zotero's CSL export writes its Rights as ``license``), written as a ``note`` line
#: (``NOTE_SLOTS``) so that the output stays valid against the schema.
TOP_NOTE_SLOTS: dict[str, str] = {"license": "license"}

#: Date variables with a slot; ``issued`` also has ``issued_end`` for ranges.
DATE_SLOTS: dict[str, str] = {"issued": "issued", "original-date": "original_date", "accessed": "accessed"}

#: Every date variable of the schema (the others are kept in ``extra`` as ISO text).
DATE_VARIABLES: frozenset[str] = frozenset(
    {"accessed", "available-date", "event-date", "issued", "original-date", "submitted"}
)

#: Name variables: author and editor have slots, the other roles go to ``contributors``.
NAME_SLOTS: dict[str, str] = {"author": "authors", "editor": "editors"}
NAME_VARIABLES: tuple[str, ...] = ("author", "editor", *CONTRIBUTOR_ROLES)

#: Schema variables that are arrays of strings, and the free-form object.
LIST_VARIABLES: frozenset[str] = frozenset({"categories"})
OBJECT_VARIABLES: frozenset[str] = frozenset({"custom"})

#: Top-level variables the schema knows besides names and dates (value: string or number).
SCHEMA_TEXT_VARIABLES: frozenset[str] = frozenset(
    {
        "citation-key", "language", "journalAbbreviation", "shortTitle", "abstract", "annote",
        "archive", "archive_collection", "archive_location", "archive-place", "authority",
        "call-number", "chapter-number", "citation-number", "citation-label", "collection-number",
        "collection-title", "container-title", "container-title-short", "dimensions", "division",
        "DOI", "edition", "event", "event-title", "event-place", "first-reference-note-number",
        "genre", "ISBN", "ISSN", "issue", "jurisdiction", "keyword", "locator", "medium", "note",
        "number", "number-of-pages", "number-of-volumes", "original-publisher",
        "original-publisher-place", "original-title", "page", "page-first", "part", "part-title",
        "PMCID", "PMID", "printing", "publisher", "publisher-place", "references", "reviewed-genre",
        "reviewed-title", "scale", "section", "source", "status", "supplement", "title",
        "title-short", "URL", "version", "volume", "volume-title", "volume-title-short",
        "year-suffix",
    }
)  # fmt: skip

#: Everything allowed at the top level of an item.
SCHEMA_VARIABLES: frozenset[str] = (
    SCHEMA_TEXT_VARIABLES
    | DATE_VARIABLES
    | frozenset(NAME_VARIABLES)
    | LIST_VARIABLES
    | OBJECT_VARIABLES
    | {"id", "type"}
)

#: The parts of a CSL name object.
NAME_PARTS: frozenset[str] = frozenset(
    {"family", "given", "dropping-particle", "non-dropping-particle", "suffix", "comma-suffix",
     "static-ordering", "literal", "parse-names"}
)  # fmt: skip

#: ``custom`` key under which refbridge keeps what no CSL variable or ``note`` line can hold
#: exactly: ``{"keywords": [...], "extra": {...}}`` (multi-line values, structured keywords).
CUSTOM_KEY = "refbridge"

#: Zotero labels in ``note`` lines (its "Extra" cheater syntax) → CSL variable.
ZOTERO_LABELS: dict[str, str] = {
    "original date": "original-date",
    "original publisher": "original-publisher",
    "original place": "original-publisher-place",
    "original title": "original-title",
    "publisher place": "publisher-place",
    "event place": "event-place",
    "archive location": "archive_location",
    "call number": "call-number",
    "citation key": "citation-key",
    "series number": "collection-number",
    "short title": "title-short",
    "journal abbreviation": "container-title-short",
    "number of pages": "number-of-pages",
    "number of volumes": "number-of-volumes",
    "access date": "accessed",
}

# -- the Zotero profile ---------------------------------------------------------------

#: Schema types Zotero's CSL import has no item type for (it makes them "Document") →
#: the type whose Zotero item type keeps the most fields.
ZOTERO_TYPES: dict[str, str] = {
    "classic": "book",
    "collection": "book",
    "pamphlet": "book",
    "periodical": "book",
    "entry": "entry-encyclopedia",
    "review": "article-journal",
    "review-book": "article-journal",
    "figure": "graphic",
    "musical_score": "song",
    "performance": "speech",
    "event": "speech",
    "regulation": "legislation",
    "treaty": "legislation",
}

#: Variables Zotero's CSL import does not read as fields, written as ``Label: value``
#: lines of ``note`` (Zotero's Extra), which Zotero keeps.
ZOTERO_NOTE_LABELS: dict[str, str] = {"PMID": "PMID", "PMCID": "PMCID"}
