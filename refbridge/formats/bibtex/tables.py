"""Mapping tables between BibTeX/BibLaTeX and the record model, as data.

Entry types map to CSL types (``READ_TYPES``); each CSL type has one canonical
entry type per dialect (``WRITE_TYPES``). When the canonical type cannot say
which CSL type was meant (``@misc`` holds datasets, software, standards...), the
writer adds ``entrysubtype = {<csl type>}``, a field biblatex declares and BibTeX
ignores, and the reader takes it back.
"""

from __future__ import annotations

from collections.abc import Collection

from refbridge.model import CSL_TYPES

BIBTEX = "bibtex"
BIBLATEX = "biblatex"

#: Entry type (lowercase) → CSL type. ``misc`` with a ``url`` is a webpage.
READ_TYPES: dict[str, str] = {
    "article": "article-journal",
    "book": "book",
    "mvbook": "book",
    "booklet": "book",
    "collection": "book",
    "mvcollection": "book",
    "proceedings": "book",
    "mvproceedings": "book",
    "reference": "book",
    "mvreference": "book",
    "periodical": "book",
    "inbook": "chapter",
    "bookinbook": "chapter",
    "incollection": "chapter",
    "suppbook": "chapter",
    "suppcollection": "chapter",
    "suppperiodical": "article-journal",
    "inproceedings": "paper-conference",
    "conference": "paper-conference",
    "inreference": "entry-encyclopedia",
    "manual": "report",
    "mastersthesis": "thesis",
    "phdthesis": "thesis",
    "thesis": "thesis",
    "techreport": "report",
    "report": "report",
    "misc": "document",
    "online": "webpage",
    "electronic": "webpage",
    "www": "webpage",
    "unpublished": "manuscript",
    "patent": "patent",
    "dataset": "dataset",
    "data": "dataset",
    "software": "software",
    "standard": "standard",
    "video": "motion_picture",
    "movie": "motion_picture",
    "letter": "personal_communication",
    "review": "review",
    "legislation": "bill",
}

#: CSL type → (BibTeX entry type, BibLaTeX entry type). Others: ``misc``.
WRITE_TYPES: dict[str, tuple[str, str]] = {
    "article-journal": ("article", "article"),
    "article-magazine": ("article", "article"),
    "article-newspaper": ("article", "article"),
    "review": ("article", "review"),
    "book": ("book", "book"),
    "chapter": ("incollection", "incollection"),
    "paper-conference": ("inproceedings", "inproceedings"),
    "entry-encyclopedia": ("incollection", "inreference"),
    # biblatex accepts the BibTeX aliases and biber sets type = phdthesis/techreport,
    # which its data model requires for @thesis/@report.
    "thesis": ("phdthesis", "phdthesis"),
    "report": ("techreport", "techreport"),
    "webpage": ("misc", "online"),
    "manuscript": ("unpublished", "unpublished"),
    "patent": ("misc", "patent"),
    "dataset": ("misc", "dataset"),
    "software": ("misc", "software"),
    "standard": ("misc", "standard"),
    "motion_picture": ("misc", "video"),
    "personal_communication": ("misc", "letter"),
    "document": ("misc", "misc"),
}

#: (entry type, entrysubtype) pairs with a CSL type of their own (biblatex-chicago's).
SUBTYPE_TYPES: dict[tuple[str, str], str] = {
    ("article", "magazine"): "article-magazine",
    ("article", "newspaper"): "article-newspaper",
}
SUBTYPE_FOR: dict[str, str] = {csl: sub for (_, sub), csl in SUBTYPE_TYPES.items()}

#: Entry types each dialect's tools know without a warning.
# fmt: off
VALID_TYPES: dict[str, frozenset[str]] = {
    BIBTEX: frozenset(
        [
            "article", "book", "booklet", "conference", "inbook", "incollection", "inproceedings",
            "manual", "mastersthesis", "misc", "phdthesis", "proceedings", "techreport", "unpublished"
        ]
    ),
    BIBLATEX: frozenset(
        [
            "article", "artwork", "audio", "bibnote", "book", "bookinbook", "booklet", "collection",
            "commentary", "customa", "customb", "customc", "customd", "custome", "customf", "dataset",
            "image", "inbook", "incollection", "inproceedings", "inreference", "jurisdiction", "legal",
            "legislation", "letter", "manual", "misc", "movie", "music", "mvbook", "mvcollection",
            "mvproceedings", "mvreference", "online", "patent", "performance", "periodical",
            "proceedings", "reference", "report", "review", "set", "software", "standard", "suppbook",
            "suppcollection", "suppperiodical", "thesis", "unpublished", "video", "xdata", "conference",
            "electronic", "mastersthesis", "phdthesis", "techreport", "www"
        ]
    ),
}
# fmt: on

#: biblatex's ``type`` keys for theses and reports (biblatex manual §2.3.2 and 4.9.2.13)
#: → (the BibTeX entry type that says the same, the key still needed in ``type`` or
#: None). ``@thesis{type = {mathesis}}`` is ``@mastersthesis``: written as such for
#: BibTeX, whose styles print a ``type`` value literally ("mathesis, MIT").
TYPE_KEYS: dict[str, tuple[str, str | None]] = {
    "mathesis": ("mastersthesis", None),
    "phdthesis": ("phdthesis", None),
    "candthesis": ("phdthesis", "candthesis"),
    "techreport": ("techreport", None),
    "resreport": ("techreport", "resreport"),
}
#: What biblatex prints for a key (english.lbx), capitalised as plain.bst prints a
#: ``type`` at the start of a block: written for a BibTeX ``type`` field.
TYPE_TERMS: dict[str, str] = {
    "mathesis": "Master's thesis",
    "phdthesis": "PhD thesis",
    "candthesis": "Candidate thesis",
    "techreport": "Technical report",
    "resreport": "Research report",
}
_TYPE_FAMILIES: dict[str, str] = {
    "thesis": "thesis", "mastersthesis": "thesis", "phdthesis": "thesis",
    "report": "report", "techreport": "report",
}  # fmt: skip


def entry_type_for_key(entry_type: str, fields: dict[str, str]) -> str:
    """The entry type a biblatex ``type`` key stands for: ``@thesis`` with ``type =
    {mathesis}`` → ``mastersthesis`` (its ``type`` removed from ``fields``), ``@report``
    with ``type = {resreport}`` → ``techreport`` (the key kept). Other entries, and a
    ``type`` that is not a key of the entry's kind (``{Diploma thesis}``), are left."""
    family = _TYPE_FAMILIES.get(entry_type)
    raw = fields.get("type")
    if family is None or raw is None:
        return entry_type
    mapped = TYPE_KEYS.get(raw.strip().lower())
    if mapped is None or _TYPE_FAMILIES[mapped[0]] != family:
        return entry_type
    if mapped[1] is None:
        del fields["type"]
    return mapped[0]


ARTICLE_TYPES = frozenset({"article-journal", "article-magazine", "article-newspaper", "review", "article"})


def csl_type(entry_type: str, subtype: str | None, has_url: bool) -> str:
    """The CSL type of an entry type (lowercase) with an optional entrysubtype."""
    if subtype:
        pair = SUBTYPE_TYPES.get((entry_type, subtype.lower()))
        if pair is not None:
            return pair
        if subtype in CSL_TYPES:
            return subtype
    if entry_type == "misc" and has_url:
        return "webpage"
    return READ_TYPES.get(entry_type, "document")


def canonical_type(csl: str, dialect: str) -> str:
    """The entry type a dialect writes for a CSL type."""
    pair = WRITE_TYPES.get(csl, ("misc", "misc"))
    return pair[1] if dialect == BIBLATEX else pair[0]


def container_field(csl: str, dialect: str) -> str:
    """Where the container title goes: the journal for articles, else ``booktitle``."""
    if csl in ARTICLE_TYPES:
        return "journaltitle" if dialect == BIBLATEX else "journal"
    return "booktitle"


#: Fields read as the container title, by kind of record (first present wins).
CONTAINER_READ: dict[bool, tuple[str, ...]] = {True: ("journal", "journaltitle"), False: ("booktitle",)}
#: Fields read as the journal abbreviation, first present wins: biblatex's own, then Web
#: of Science's ISO abbreviation and Scopus's (each export's own field, as written).
SHORT_JOURNAL_READ: tuple[str, ...] = ("shortjournal", "journal-iso", "abbrev_source_title")


#: Types whose ``journal`` is their container when they have no ``booktitle``: Scopus names
#: every source title ``journal`` (Zotero reads it so too).
JOURNAL_AS_CONTAINER_TYPES = frozenset({"paper-conference", "chapter"})


def journal_fields(fields: Collection[str], csl: str, biblatex: bool) -> tuple[str | None, str | None]:
    """The fields read as the container title and as the journal abbreviation, or None.

    Each dialect's own container field first (the other stays in extra and is written
    back). MathSciNet writes the abbreviation in ``journal`` and the full name in
    ``fjournal``: then ``fjournal`` is the title and ``journal`` the abbreviation, as
    Zotero reads them (when the entry has no abbreviation field of its own)."""
    article = csl in ARTICLE_TYPES
    names = CONTAINER_READ[article]
    full = next((name for name in (names[::-1] if biblatex else names) if name in fields), None)
    if full is None and csl in JOURNAL_AS_CONTAINER_TYPES and "journal" in fields:
        full = "journal"
    short = next((name for name in SHORT_JOURNAL_READ if name in fields), None)
    if article and short is None and full is not None and "fjournal" in fields:
        return "fjournal", full
    return full, short


def publisher_fields(csl: str) -> tuple[str, ...]:
    """Fields holding the model's ``publisher`` for a CSL type, read in this order;
    the writer uses the first for BibTeX and the last for BibLaTeX."""
    if csl == "thesis":
        return ("school", "institution")
    if csl == "report":
        return ("institution",)
    return ("publisher",)


#: The month macros a BibTeX writer uses (``month = nov``).
MONTH_MACRO_NAMES: tuple[str, ...] = (
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
)  # fmt: skip

#: Fields whose values are verbatim (no LaTeX decoding or escaping), as in biblatex.
VERBATIM_FIELDS = frozenset({"url", "doi", "eprint", "file", "pdf", "verba", "verbb", "verbc", "urlraw"})


#: Prefix of the ``usera`` value that carries keyword vocabularies (see the writer).
VOCABULARY_PREFIX = "keywords:"
#: The field that carries it: a biblatex custom field, declared in biber's data model.
VOCABULARY_FIELD = "usera"

#: ``extra`` keys holding the text between entries (comments, ``@string``,
#: ``@preamble``, ``@comment``) as written, before an entry or after the last one;
#: the writer puts it back, so ``refbridge format`` keeps the whole file.
TEXT_BEFORE = "bibtex-text-before"
TEXT_AFTER = "bibtex-text-after"
