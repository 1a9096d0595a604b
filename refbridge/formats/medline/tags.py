"""MEDLINE tag tables, as data: what each tag means, PubMed's tag order, publication
types, languages and seasons.

The reader and the writer are driven by these tables (in the style of rispy's
``config.py``). Tags are those of NLM's "MEDLINE/PubMed Data Element (Field)
Descriptions"; a tag that is not here is still read, into ``extra``, with a note.
"""

from __future__ import annotations

#: ``extra`` keys of MEDLINE tags the model has no slot for: ``medline:OWN``, ``medline:GR``...
EXTRA_PREFIX = "medline:"

#: Lists the pubmed-xml reader keeps in ``extra`` (every value; the first is in the slot)
#: whose other values the writer writes as these tags: PubMed's two exports of one record
#: say the same in MEDLINE (tag → extra key).
PUBMED_XML_LISTS: dict[str, str] = {"LA": "pubmed-languages", "ISBN": "pubmed-isbns"}

#: Tags read into a plain single-valued slot of ``Record`` (a second value goes to ``extra``).
SLOTS: dict[str, str] = {
    "PMID": "pmid",
    "VI": "volume",
    "IP": "issue",
    "PG": "pages",
    "JT": "container_title",
    "TA": "container_title_short",
    "PB": "publisher",
    "PL": "place",
    "EN": "edition",
    "CTI": "collection_title",
    "TT": "original_title",
    "ISBN": "isbn",
    "CI": "license",
}

#: Name tags: (group, kind). FAU/FED/FIR start a person; AU/ED/IR is the same person's
#: initials form (or a person of its own when no full name precedes it).
NAME_TAGS: dict[str, tuple[str, str]] = {
    "FAU": ("authors", "full"),
    "AU": ("authors", "short"),
    "CN": ("authors", "corporate"),
    "FED": ("editors", "full"),
    "ED": ("editors", "short"),
    "FIR": ("contributor", "full"),
    "IR": ("contributor", "short"),
}
#: Tags that belong to the person named just before them.
PERSON_DETAIL_TAGS = frozenset({"AUID", "AD", "IRAD"})

#: Every tag this reader knows (others are kept in ``extra`` with an RB909 note).
KNOWN_TAGS: frozenset[str] = frozenset(
    {
        *SLOTS, *NAME_TAGS, *PERSON_DETAIL_TAGS,
        "AB", "AID", "BTI", "CI", "CIN", "COIS", "CON", "CRDT", "CRF", "CRI", "CTDT", "CDAT", "DA",
        "DCOM", "DEP", "DP", "DRDT", "ECF", "ECI", "EDAT", "EFR", "EIN", "FPS", "GN", "GR", "GS", "IS",
        "JID", "LA", "LID", "LR", "MH", "MHDA", "MID", "NM", "OAB", "OABL", "OCI", "OID", "ORI", "OT",
        "OTO", "OWN", "PHST", "PMC", "PMCID", "PMCR", "PRIN", "PROF", "PS", "PST", "PT", "RF", "RIN",
        "RN", "ROF", "RPF", "RPI", "RRF", "RRI", "SB", "SFM", "SI", "SO", "SPIN", "STAT", "TI", "UIN",
        "UOF", "VTI", "NR", "PUBM",
    }
)  # fmt: skip

#: PubMed's order of tags in a record (book records and journal records merged). The
#: writer follows it; tags from ``extra`` that are not listed here come last.
ORDER: tuple[str, ...] = (
    "PMID", "OWN", "STAT", "DA", "DCOM", "LR", "DRDT", "CTDT", "PB", "IS", "VI", "IP", "DP", "TI",
    "BTI", "CTI", "VTI", "PG", "LID", "AB", "CI", "OAB", "OABL", "OCI", "NAMES", "LA", "GR", "GS", "PT",
    "TT", "DEP", "PL", "TA", "JT", "JID", "RN", "NM", "SB", "GN", "SI", "EN", "ISBN", "SFM", "NR", "RF",
    "CON", "CIN", "EIN", "EFR", "ECI", "ECF", "CRI", "CRF", "RIN", "ROF", "RRI", "RRF", "UIN", "UOF",
    "SPIN", "ORI", "RPI", "RPF", "PRIN", "PROF", "MH", "PS", "FPS", "PMC", "MID", "OID", "OTO", "OT",
    "COIS", "INVESTIGATORS", "PUBM", "EDAT", "MHDA", "PMCR", "CRDT", "CDAT", "PHST", "AID", "PST", "SO",
)  # fmt: skip

#: Vocabulary of the keywords that hold a record's ``PT`` publication types.
PUBLICATION_TYPE = "PublicationType"
#: ``OTO`` owner of author keywords: their keywords get no vocabulary.
AUTHOR_KEYWORDS_OWNER = "NOTNLM"
#: The publication type every journal article has: it says nothing as a genre.
PLAIN_TYPE = "Journal Article"

#: Publication type → CSL type, in priority order: the first listed type a record has
#: decides (``Review`` + ``Book Chapter`` is a chapter). Anything else is a journal
#: article, like Zotero's MEDLINE importer (``Congress``, ``Letter``, ``Review``...).
TYPE_FROM_PT: tuple[tuple[str, str], ...] = (
    ("Book Chapter", "chapter"),
    ("Book", "book"),
    ("Books", "book"),
    ("Preprint", "article"),
    ("Dataset", "dataset"),
    ("Technical Report", "report"),
    ("Academic Dissertation", "thesis"),
    ("Dissertation", "thesis"),
    ("Newspaper Article", "article-newspaper"),
    ("Video-Audio Media", "motion_picture"),
    ("Legal Case", "legal_case"),
    ("Legislation", "bill"),
)
TYPE_PRIORITY: dict[str, int] = {pt.casefold(): rank for rank, (pt, _) in enumerate(TYPE_FROM_PT)}
CSL_FROM_PT: dict[str, str] = {pt.casefold(): csl for pt, csl in TYPE_FROM_PT}
#: CSL type → the publication type written for it (when the record's own PTs do not say it).
PT_FROM_TYPE: dict[str, str] = {
    "article-journal": PLAIN_TYPE,
    "chapter": "Book Chapter",
    "book": "Book",
    "article": "Preprint",
    "dataset": "Dataset",
    "report": "Technical Report",
    "thesis": "Academic Dissertation",
    "article-newspaper": "Newspaper Article",
    "motion_picture": "Video-Audio Media",
    "legal_case": "Legal Case",
    "bill": "Legislation",
}

#: Seasons as CSL numbers them (1 spring .. 4 winter); the writer uses the first name.
SEASONS: dict[str, int] = {"spring": 1, "summer": 2, "fall": 3, "autumn": 3, "winter": 4}
SEASON_NAMES: dict[int, str] = {1: "Spring", 2: "Summer", 3: "Fall", 4: "Winter"}
MONTH_NAMES: tuple[str, ...] = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip

#: MEDLINE's ISO 639-2/B language codes → ISO 639-1 (BCP 47) codes, the CSL form of
#: ``Record.language``. Codes without a two-letter form (``und``, ``mul``) stay as written.
LANGUAGES: dict[str, str] = {
    "afr": "af", "alb": "sq", "ara": "ar", "arm": "hy", "aze": "az", "bel": "be", "ben": "bn",
    "bos": "bs", "bul": "bg", "cat": "ca", "chi": "zh", "cze": "cs", "dan": "da", "dut": "nl",
    "eng": "en", "epo": "eo", "est": "et", "fin": "fi", "fre": "fr", "geo": "ka", "ger": "de",
    "gle": "ga", "glg": "gl", "gre": "el", "heb": "he", "hin": "hi", "hrv": "hr", "hun": "hu",
    "ice": "is", "ind": "id", "ita": "it", "jpn": "ja", "kaz": "kk", "kor": "ko", "lat": "la",
    "lav": "lv", "lit": "lt", "mac": "mk", "may": "ms", "mlt": "mt", "mol": "mo", "mon": "mn",
    "nep": "ne", "nor": "no", "per": "fa", "pol": "pl", "por": "pt", "pus": "ps", "rum": "ro",
    "rus": "ru", "san": "sa", "scc": "sr", "scr": "hr", "slo": "sk", "slv": "sl", "spa": "es",
    "srp": "sr", "swe": "sv", "tha": "th", "tur": "tr", "ukr": "uk", "urd": "ur", "uzb": "uz",
    "vie": "vi", "wel": "cy",
}  # fmt: skip
#: The reverse, for the writer (``sr`` and ``hr`` get today's codes ``srp``/``hrv``).
LANGUAGE_CODES: dict[str, str] = {
    two: three for three, two in LANGUAGES.items() if three not in {"scc", "scr", "mol"}
}
