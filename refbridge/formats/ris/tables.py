"""RIS mapping tables, as data: reference types, tag roles, write order.

The reader and writer are driven by these tables (in the style of rispy's
``config.py``); changing how a tag is read or written means editing a table, not
an ``if`` chain. rispy's own tables (``TAG_KEY_MAPPING``, ``TYPE_OF_REFERENCE_MAPPING``)
tell which tags and reference types the RIS specification knows; see ``known_tags``.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: A tag line: two-character tag, one or two spaces, a hyphen, then the value.
#: Same shape as Zotero's ``^[A-Z][A-Z0-9] {1,2}-`` test (RIS.js), so a line we treat
#: as a continuation is one Zotero treats as a continuation too.
TAG_LINE = re.compile(r"([A-Z][A-Z0-9]) {1,2}-(?: ?(.*))?$")
#: Every two-character string that can be a tag (for the reader's fast path).
VALID_TAGS: frozenset[str] = frozenset(
    first + second
    for first in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for second in "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
)

# -- reference types ---------------------------------------------------------------

#: TY → CSL type, for every TY of the RIS specification (rispy's list) and Zotero's
#: ``GRNT``; where Zotero's RIS import has the type (``importTypeMap`` in RIS.js), the CSL
#: type Zotero's CSL mapping gives it (ART → artwork → graphic, STAT → statute →
#: legislation). A TY that is not the one either flavour writes for its type (``EJOUR``,
#: ``ABST``) is kept in ``extra["TY"]`` so that it is written back as it was.
TYPE_FROM_RIS: dict[str, str] = {
    "ABST": "article-journal",
    "ADVS": "motion_picture",
    "AGGR": "dataset",
    "ANCIENT": "manuscript",
    "ART": "graphic",
    "BILL": "bill",
    "BLOG": "post-weblog",
    "BOOK": "book",
    "CASE": "legal_case",
    "CHAP": "chapter",
    "CHART": "document",
    "CLSWK": "book",
    "COMP": "software",
    "CONF": "paper-conference",
    "CPAPER": "paper-conference",
    "CTLG": "book",
    "DATA": "dataset",
    "DBASE": "dataset",
    "DICT": "entry-dictionary",
    "EBOOK": "book",
    "ECHAP": "chapter",
    "EDBOOK": "book",
    "EJOUR": "article-journal",
    "ELEC": "webpage",
    "ENCYC": "entry-encyclopedia",
    "EQUA": "document",
    "FIGURE": "document",
    "GEN": "document",
    "GOVDOC": "report",
    "GRANT": "document",
    "GRNT": "document",
    "HEAR": "hearing",
    "ICOMM": "personal_communication",
    "INPR": "article-journal",
    "JFULL": "document",
    "JOUR": "article-journal",
    "LEGAL": "legal_case",
    "MANSCPT": "manuscript",
    "MAP": "map",
    "MGZN": "article-magazine",
    "MPCT": "motion_picture",
    "MULTI": "document",
    "MUSIC": "song",
    "NEWS": "article-newspaper",
    "PAMP": "document",
    "PAT": "patent",
    "PCOMM": "personal_communication",
    "RPRT": "report",
    "SER": "book",
    "SLIDE": "speech",
    "SOUND": "song",
    "STAND": "standard",
    "STAT": "legislation",
    "THES": "thesis",
    "UNPB": "manuscript",
    "VIDEO": "motion_picture",
}

#: CSL type → TY written for it: Zotero's export choice (``exportTypeMap`` in RIS.js)
#: for the Zotero item type Zotero's CSL import makes of it, so that Zotero's RIS import
#: gives the item type its CSL import gives. ``article`` and ``review`` have no TY of
#: their own; they are written as GEN/JOUR with the CSL type in ``XT``, as is any CSL
#: type not listed (see ``ris_type``).
TYPE_TO_RIS: dict[str, str] = {
    "article": "GEN",
    "article-journal": "JOUR",
    "article-magazine": "MGZN",
    "article-newspaper": "NEWS",
    "bill": "BILL",
    "book": "BOOK",
    "chapter": "CHAP",
    "dataset": "DATA",
    "document": "GEN",
    "entry-dictionary": "DICT",
    "entry-encyclopedia": "ENCYC",
    "graphic": "ART",
    "hearing": "HEAR",
    "legal_case": "CASE",
    "legislation": "STAT",
    "manuscript": "MANSCPT",
    "map": "MAP",
    "motion_picture": "MPCT",
    "paper-conference": "CONF",
    "patent": "PAT",
    "personal_communication": "PCOMM",
    "post-weblog": "BLOG",
    "report": "RPRT",
    "review": "JOUR",
    "software": "COMP",
    "song": "SOUND",
    "speech": "SLIDE",
    "standard": "STAND",
    "thesis": "THES",
    "webpage": "ELEC",
}

#: Where the EndNote flavour writes a different TY (EndNote's "Conference Paper";
#: its CONF is "Conference Proceedings"; its "Music" type).
ENDNOTE_TYPE_TO_RIS: dict[str, str] = {"paper-conference": "CPAPER", "song": "MUSIC"}
#: Where the Zotero flavour writes a different TY. Zotero's RIS import reads GEN as a
#: journal article (RIS.js: ``document: "GEN" //imported as journalArticle``); of the TYs
#: it reads as a Document (AGGR, ANCIENT, EQUA, GRNT) GRNT is its own spelling, which
#: other programs do not know and read as their generic type. Zotero's CSL import makes
#: a Document of every CSL type it has no item type for: these are GRNT too (with the CSL
#: type in ``XT``). ``article`` stays GEN: Zotero makes it a Preprint, which no TY gives,
#: and a journal article keeps a preprint server's name and article number as fields.
ZOTERO_TYPE_TO_RIS: dict[str, str] = {"document": "GRNT"}
#: The TY of a CSL type neither table lists, by flavour.
DEFAULT_TY: dict[str, str] = {"zotero": "GRNT", "endnote": "GEN"}


def ris_type(csl: str, flavour: str) -> str:
    """The TY the flavour (``zotero`` or ``endnote``) writes for the CSL type ``csl``."""
    own = ZOTERO_TYPE_TO_RIS if flavour == "zotero" else ENDNOTE_TYPE_TO_RIS
    return own.get(csl) or TYPE_TO_RIS.get(csl) or DEFAULT_TY.get(flavour, "GEN")


def written_types(csl: str) -> tuple[str, ...]:
    """The TYs either flavour writes for ``csl`` (a TY read that is none of them is kept)."""
    return tuple(ris_type(csl, flavour) for flavour in DEFAULT_TY)


#: The CSL type of a record whose TY is missing (Zotero's default import type).
DEFAULT_TYPE = "article-journal"
#: The CSL type of a record whose TY is not a RIS type at all.
UNKNOWN_TYPE = "document"

#: Types whose ``SN`` holds an ISBN rather than an ISSN (when the value's shape does
#: not decide) and whose editors Zotero reads from ``A3``.
BOOK_TYPES: frozenset[str] = frozenset({"book", "chapter", "entry-encyclopedia", "entry-dictionary"})
BOOK_EDITOR_TYPES: frozenset[str] = frozenset({"book"})

# -- tags --------------------------------------------------------------------------

#: Single-valued slots and the tags that fill them, most authoritative first. The
#: first tag present wins; a different value from another tag is kept in ``extra``.
SLOT_TAGS: dict[str, tuple[str, ...]] = {
    "title": ("TI", "T1", "CT"),
    "volume": ("VL", "VO"),
    "issue": ("IS",),
    "publisher": ("PB",),
    "place": ("CY", "PP"),
    "language": ("LA",),
    "key": ("ID",),
    "abstract": ("AB", "N2"),
    "url": ("UR",),
}

#: Journal (container) tags. ``JO`` is the full name when no ``T2``/``JF``/``BT`` is
#: given (many exporters put it there), otherwise an abbreviation (Zotero's reading).
CONTAINER_TAGS: tuple[str, ...] = ("T2", "JF", "BT")
ABBREVIATION_TAGS: tuple[str, ...] = ("J2", "JA", "J1", "JO")

#: Name tags → model list, for the general case and for TY BOOK (Zotero: A3 is the
#: book's editor, A2 its series editor) and TY EDBOOK (the AU names are editors).
CREATOR_TAGS: dict[str, str] = {"AU": "authors", "A1": "authors", "A2": "editors", "ED": "editors"}
CREATOR_TAGS_BY_TY: dict[str, dict[str, str]] = {
    "BOOK": {"AU": "authors", "A1": "authors", "A3": "editors", "ED": "editors"},
    "EDBOOK": {"AU": "editors", "A1": "editors", "A3": "editors", "ED": "editors"},
}

#: Date tags, most complete first (Zotero: DA/Y1 beat PY).
DATE_TAGS: tuple[str, ...] = ("DA", "Y1", "PY")

#: Tags whose continuation lines are joined with a newline (running text, lists);
#: all other known tags join a continuation line with a space and report it.
TEXT_TAGS: frozenset[str] = frozenset({"AB", "N1", "N2", "RN", "KW", "AD", "L1", "L2", "L3", "L4"})

#: Tags a record can only carry once; a continuation line after any of them is
#: unusual (a hard-wrapped title) and reported.
SINGLE_LINE_TAGS: frozenset[str] = frozenset(
    {
        "TY",
        "TI",
        "T1",
        "T2",
        "T3",
        "CT",
        "BT",
        "JF",
        "JO",
        "JA",
        "J1",
        "J2",
        "AU",
        "A1",
        "A2",
        "A3",
        "A4",
        "ED",
        "VL",
        "VO",
        "IS",
        "SP",
        "EP",
        "PY",
        "Y1",
        "DA",
        "DO",
        "SN",
        "UR",
        "LA",
        "PB",
        "CY",
        "ID",
        "C7",
        "C2",
        "AN",
        "DB",
        "XK",
        "XT",
        "XP",
    }
)

#: refbridge's own tags (Zotero and EndNote ignore unknown tags): ``XK`` carries the
#: vocabulary of each ``KW`` line, ``XT`` the CSL type when no TY expresses it, ``XP`` a
#: single page that ``SP`` holds alone although it is shaped like an e-locator (``e112``)
#: or repeats the ``C7`` e-locator: the reader would take such an SP for the e-locator.
VOCABULARY_TAG = "XK"
TYPE_TAG = "XT"
PAGES_TAG = "XP"

#: Databases whose ``AN`` accession number is a PubMed ID.
PUBMED_DATABASES: frozenset[str] = frozenset({"pubmed", "nlm", "medline", "pubmed central"})


def is_pubmed_database(name: str) -> bool:
    """True for a ``DB`` whose ``AN`` is a PMID: PubMed's names, and Ovid's MEDLINE
    segments (``Ovid MEDLINE(R) ALL``, ``Ovid MEDLINE(R) and Epub Ahead of Print...``)."""
    folded = name.strip().lower()
    return folded in PUBMED_DATABASES or folded.startswith("ovid medline")


PUBMED_DB_DEFAULT = "PubMed"

#: Tags that ``refbridge`` itself consumes beyond ``SLOT_TAGS``; anything else is
#: kept in ``extra`` (a tag unknown to the RIS specification is also reported).
HANDLED_TAGS: frozenset[str] = frozenset(
    {tag for tags in SLOT_TAGS.values() for tag in tags}
    | set(CONTAINER_TAGS)
    | set(ABBREVIATION_TAGS)
    | {"AU", "A1", "A2", "A3", "ED", "KW", "N1", "SP", "EP", "C7", "C2", "DO", "SN", "AN", "DB"}
    | set(DATE_TAGS)
    | {"TY", "ER", VOCABULARY_TAG, TYPE_TAG, PAGES_TAG}
)

#: Tags seen in real exports that rispy's table does not list (not reported).
EXTRA_KNOWN_TAGS: frozenset[str] = frozenset(
    {
        "VO",
        "PP",
        "J1",
        "BT",
        "CP",
        "CR",
        "H1",
        "H2",
        "L3",
        "LK",
        "M2",
        "SV",
        "U1",
        "U2",
        "U3",
        "U4",
        "U5",
        "AV",
        "ED",
        "RI",
        VOCABULARY_TAG,
        TYPE_TAG,
        PAGES_TAG,
    }
)

#: Order in which the writer emits tags (extra tags follow, then ER).
WRITE_ORDER: tuple[str, ...] = (
    "TY",
    "XT",
    "AU",
    "A2",
    "A3",
    "TI",
    "T2",
    "J2",
    "VL",
    "IS",
    "SP",
    "EP",
    "C7",
    "XP",
    "PY",
    "DA",
    "DO",
    "AB",
    "KW",
    "XK",
    "SN",
    "UR",
    "LA",
    "PB",
    "CY",
    "AN",
    "DB",
    "C2",
    "ID",
    "N1",
)


@lru_cache(maxsize=1)
def known_tags() -> frozenset[str]:
    """Every tag of the RIS specification (rispy's table) plus common variants."""
    from rispy.config import TAG_KEY_MAPPING  # rispy is imported only when a file is read

    return frozenset(TAG_KEY_MAPPING) | EXTRA_KNOWN_TAGS
