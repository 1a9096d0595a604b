"""EndNote's reference types, contributor roles and tagged-format tags, as data.

EndNote names its fields generically (Author, Secondary Author, Secondary Title...)
and labels them per reference type: a Book Section's Secondary Author is its book's
Editor, a Book's Tertiary Author is the Editor and its Secondary Author the Series
Editor. The tables below are that labelling, as far as refbridge's model has a slot
for it; they follow EndNote 20/21's reference-type table (and agree with Zotero's
EndNote XML importer, which was built from it).
"""

from __future__ import annotations

#: EndNote reference type name → (number of current EndNote, CSL type read).
#: Names come first when reading: the number of a type differs between EndNote
#: versions and exporters (Journal Article is 17 in EndNote X–21 but 0 in older
#: exports and in Mendeley's), so a number is only used when the name is missing
#: or unknown.
REF_TYPES: dict[str, tuple[int, str]] = {
    "Aggregated Database": (55, "dataset"),
    "Ancient Text": (51, "manuscript"),
    "Artwork": (2, "document"),
    "Audiovisual Material": (3, "motion_picture"),
    "Bill": (4, "bill"),
    "Blog": (56, "webpage"),
    "Book": (6, "book"),
    "Book Section": (5, "chapter"),
    "Case": (7, "legal_case"),
    "Catalog": (8, "book"),
    "Chart or Table": (38, "document"),
    "Classical Work": (49, "book"),
    "Computer Program": (9, "software"),
    "Conference Paper": (47, "paper-conference"),
    "Conference Proceedings": (10, "paper-conference"),
    "Dataset": (59, "dataset"),
    "Dictionary": (52, "entry-encyclopedia"),
    "Edited Book": (28, "book"),
    "Electronic Article": (43, "article-journal"),
    "Electronic Book": (44, "book"),
    "Electronic Book Section": (60, "chapter"),
    "Encyclopedia": (53, "entry-encyclopedia"),
    "Equation": (39, "document"),
    "Figure": (37, "document"),
    "Film or Broadcast": (21, "motion_picture"),
    "Generic": (13, "document"),
    "Government Document": (46, "report"),
    "Grant": (54, "document"),
    "Hearing": (14, "document"),
    "Journal Article": (17, "article-journal"),
    "Legal Rule or Regulation": (50, "bill"),
    "Magazine Article": (19, "article-magazine"),
    "Manuscript": (36, "manuscript"),
    "Map": (20, "map"),
    "Music": (61, "document"),
    "Newspaper Article": (23, "article-newspaper"),
    "Online Database": (45, "webpage"),
    "Online Multimedia": (48, "webpage"),
    "Pamphlet": (24, "document"),
    "Patent": (25, "patent"),
    "Personal Communication": (26, "personal_communication"),
    "Report": (27, "report"),
    "Serial": (57, "book"),
    "Standard": (58, "standard"),
    "Statute": (31, "bill"),
    "Thesis": (32, "thesis"),
    "Unpublished Work": (34, "manuscript"),
    "Web Page": (12, "webpage"),
}

#: Other spellings met in files (tagged exports, older EndNote, other programs).
REF_TYPE_ALIASES: dict[str, str] = {
    "Journal": "Journal Article",
    "Conference": "Conference Proceedings",
    "Serial Publication": "Serial",
    "Electronic Source": "Web Page",
    "Review": "Journal Article",
}

#: Number → name, for a ``<ref-type>`` without a (known) name. 0 is Journal Article in
#: exports that number types from 0 (EndNote 7-era files, Mendeley).
REF_TYPE_BY_NUMBER: dict[int, str] = {number: name for name, (number, _) in REF_TYPES.items()} | {
    0: "Journal Article"
}

#: CSL type → the EndNote type refbridge writes for it.
WRITE_TYPE: dict[str, str] = {
    "article": "Generic",
    "article-journal": "Journal Article",
    "article-magazine": "Magazine Article",
    "article-newspaper": "Newspaper Article",
    "bill": "Bill",
    "book": "Book",
    "chapter": "Book Section",
    "dataset": "Dataset",
    "document": "Generic",
    "entry-encyclopedia": "Encyclopedia",
    "legal_case": "Case",
    "manuscript": "Manuscript",
    "map": "Map",
    "motion_picture": "Film or Broadcast",
    "paper-conference": "Conference Proceedings",
    "patent": "Patent",
    "personal_communication": "Personal Communication",
    "report": "Report",
    "review": "Journal Article",
    "software": "Computer Program",
    "speech": "Conference Paper",
    "standard": "Standard",
    "thesis": "Thesis",
    "webpage": "Web Page",
}

#: The type read when a record names none (EndNote's and Zotero's default).
DEFAULT_TYPE = "Journal Article"

#: EndNote's name fields in the order EndNote writes them.
NAME_FIELDS: tuple[str, ...] = ("authors", "secondary-authors", "tertiary-authors", "subsidiary-authors")

#: The CSL role (``editor`` is ``Record.editors``, ``author`` ``Record.authors``) of each
#: name field, for every type not listed in ``ROLES_BY_TYPE``.
DEFAULT_ROLES: dict[str, str] = {
    "authors": "author",
    "secondary-authors": "editor",
    "tertiary-authors": "collection-editor",
    "subsidiary-authors": "translator",
}

_BOOK_ROLES = {"secondary-authors": "collection-editor", "tertiary-authors": "editor"}

#: Types whose name fields EndNote labels otherwise (only the differences).
ROLES_BY_TYPE: dict[str, dict[str, str]] = {
    "Book": _BOOK_ROLES,
    "Electronic Book": _BOOK_ROLES,
    "Classical Work": _BOOK_ROLES,
    "Catalog": _BOOK_ROLES,
    "Serial": _BOOK_ROLES,
    # An Edited Book's Author field is labelled Editor.
    "Edited Book": {
        "authors": "editor",
        "secondary-authors": "collection-editor",
        "tertiary-authors": "editor",
    },
    "Report": {"secondary-authors": "collection-editor"},
    "Government Document": {"secondary-authors": "collection-editor"},
    # EndNote labels a Thesis's Tertiary Author Advisor (its RIS A3); Secondary Author is unlabelled.
    "Thesis": {"tertiary-authors": "contributor"},
    "Film or Broadcast": {"authors": "director", "secondary-authors": "producer"},
    "Audiovisual Material": {"secondary-authors": "performer"},
    "Personal Communication": {"secondary-authors": "recipient"},
}


def roles_for(ref_type: str) -> dict[str, str]:
    """Name field → CSL role for an EndNote type name."""
    return DEFAULT_ROLES | ROLES_BY_TYPE.get(ref_type, {})


#: Types whose Secondary Title is a series (Zotero: ``series``/``seriesTitle``) rather
#: than the container; their Tertiary Title has no slot.
SERIES_IN_SECONDARY: frozenset[str] = frozenset(
    {"Book", "Edited Book", "Electronic Book", "Classical Work", "Catalog", "Report", "Government Document",
     "Computer Program", "Map", "Thesis"}
)  # fmt: skip

#: Types whose ``<number>`` is the journal issue; in books it is the series number, in
#: reports, patents, standards and bills the document's own number.
ISSUE_IN_NUMBER: frozenset[str] = frozenset(
    {"Journal Article", "Electronic Article", "Magazine Article", "Newspaper Article"}
)
SERIES_NUMBER_IN_NUMBER: frozenset[str] = frozenset(
    {"Book", "Edited Book", "Electronic Book", "Book Section", "Electronic Book Section",
     "Conference Proceedings", "Classical Work"}
)  # fmt: skip

#: Journal-like types, whose ``isbn`` field EndNote labels ISSN and whose Alternate
#: Title is the journal abbreviation; Custom 2 is their PMCID and Custom 7 the article
#: number (e-locator).
JOURNAL_TYPES: frozenset[str] = ISSUE_IN_NUMBER

#: Conference types: EndNote labels their Place Published (``pub-location``) Conference
#: Location (``Record.event_place``) and keeps the publisher's place in Custom 1 (as
#: Zotero's EndNote XML importer and exporter map them).
CONFERENCE_TYPES: frozenset[str] = frozenset({"Conference Proceedings", "Conference Paper"})

#: Types whose Custom 7 is the Article Number (``Record.elocation``).
ARTICLE_NUMBER_TYPES: frozenset[str] = JOURNAL_TYPES | CONFERENCE_TYPES

#: Types whose ``isbn`` field EndNote labels Report Number (``Record.number``).
REPORT_NUMBER_IN_ISBN: frozenset[str] = frozenset({"Report", "Government Document"})

#: The remote databases whose accession numbers are PubMed IDs.
PUBMED_DATABASES: frozenset[str] = frozenset({"pubmed", "medline", "nlm", "pubmed central", "ovid medline"})


def is_pubmed_database(text: str) -> bool:
    """True for a Name of Database (or Provider) whose accession numbers are PMIDs."""
    return any(name in text.lower() for name in PUBMED_DATABASES)


#: The Name of Database and Database Provider the writers give a PMID (as PubMed's export does).
PUBMED_NAME = "PubMed"
PUBMED_PROVIDER = "NLM"

#: EndNote tagged format: tag letter → EndNote field (the XML element name; the names
#: fields hold lists, ``keywords`` one keyword a line). From EndNote's "Creating a tagged
#: import file" table; ``%O`` and ``%H`` as EndNote reads them, not as Zotero's Refer
#: importer does (see docs/formats.md).
TAGS: dict[str, str] = {
    "A": "authors",
    "B": "secondary-title",
    "C": "pub-location",
    "D": "year",
    "E": "secondary-authors",
    "F": "label",
    "G": "language",
    "H": "translated-authors",
    "I": "publisher",
    "J": "secondary-title",
    "K": "keywords",
    "L": "call-num",
    "M": "accession-num",
    "N": "number",
    "O": "alt-title",
    "P": "pages",
    "Q": "translated-title",
    "R": "electronic-resource-num",
    "S": "tertiary-title",
    "T": "title",
    "U": "url",
    "V": "volume",
    "W": "remote-database-provider",
    "X": "abstract",
    "Y": "tertiary-authors",
    "Z": "notes",
    "1": "custom1",
    "2": "custom2",
    "3": "custom3",
    "4": "custom4",
    "6": "num-vols",
    "7": "edition",
    "8": "date",
    "9": "work-type",
    "?": "subsidiary-authors",
    "@": "isbn",
    "!": "short-title",
    "#": "custom5",
    "$": "custom6",
    "]": "custom7",
    "&": "section",
    "(": "orig-pub",
    ")": "reprint-edition",
    "*": "reviewed-item",
    "+": "auth-address",
    "^": "caption",
    ">": "pdf-urls",
    "<": "research-notes",
    "[": "access-date",
    "=": "modified-date",
    "~": "remote-database-name",
}

#: Fields whose every line is a value of its own in the tagged format (one tag a value).
LIST_FIELDS: frozenset[str] = frozenset(
    {"authors", "secondary-authors", "tertiary-authors", "subsidiary-authors", "translated-authors",
     "keywords", "auth-address", "url", "pdf-urls"}
)  # fmt: skip

#: Tagged-format field → tag, for writing (``%J`` for journals, ``%B`` otherwise).
TAG_OF: dict[str, str] = {field: tag for tag, field in TAGS.items() if tag not in {"B", "J"}}
