"""Mapping tables between the record model and JATS (data, not if-chains).

Imported by the JATS reader and writers only; it does not import lxml, so the
entry-point module stays light.
"""

from __future__ import annotations

import re

from refbridge.model import CSL_TYPES

#: The namespace of ``xlink:href`` on ``ext-link`` and ``self-uri``.
XLINK = "http://www.w3.org/1999/xlink"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

#: Prefix of the ``extra`` keys the JATS reader creates and the writers write back.
EXTRA = "jats:"

#: CSL type → JATS ``publication-type`` of a citation (JATS4R's list where it has one).
#: A CSL type missing here is written under its own CSL name.
CSL_TO_PUBTYPE: dict[str, str] = {
    "article-journal": "journal",
    "article-magazine": "magazine",
    "article-newspaper": "newspaper",
    "article": "preprint",
    "book": "book",
    "chapter": "book",
    "paper-conference": "confproc",
    "thesis": "thesis",
    "report": "report",
    "webpage": "webpage",
    "dataset": "data",
    "software": "software",
    "patent": "patent",
    "standard": "standard",
}

#: JATS ``publication-type`` / NLM ``citation-type`` values (lower case) → CSL type.
#: Values that are CSL type names themselves map to themselves (see ``pubtype_to_csl``).
PUBTYPE_TO_CSL: dict[str, str] = {
    "journal": "article-journal",
    "magazine": "article-magazine",
    "newspaper": "article-newspaper",
    "preprint": "article",
    "book": "book",
    "chapter": "chapter",
    "book-chapter": "chapter",
    "confproc": "paper-conference",
    "conf-proc": "paper-conference",
    "conference": "paper-conference",
    "proceedings": "paper-conference",
    "thesis": "thesis",
    "dissertation": "thesis",
    "report": "report",
    "gov": "report",
    "working-paper": "report",
    "webpage": "webpage",
    "web": "webpage",
    "website": "webpage",
    "blog": "webpage",
    "data": "dataset",
    "dataset": "dataset",
    "database": "dataset",
    "software": "software",
    "patent": "patent",
    "standard": "standard",
    "std": "standard",
}


def pubtype_to_csl(value: str | None) -> str | None:
    """The CSL type for a ``publication-type`` value, or None when unknown."""
    if not value:
        return None
    lowered = value.strip().lower()
    if lowered in PUBTYPE_TO_CSL:
        return PUBTYPE_TO_CSL[lowered]
    return lowered if lowered in CSL_TYPES else None


def csl_to_pubtype(csl_type: str) -> str:
    """The ``publication-type`` written for a CSL type."""
    return CSL_TO_PUBTYPE.get(csl_type, csl_type)


#: CSL types whose own title is the citation's ``<source>`` (a book is its own source);
#: their ``container_title`` goes to ``<series content-type="container-title">``.
SOURCE_TITLED: frozenset[str] = frozenset({"book", "thesis", "report", "software", "standard", "patent"})

#: ``content-type`` of the ``<series>`` that holds the container title of a
#: ``SOURCE_TITLED`` record; a plain ``<series>`` is the record's ``collection_title``.
SERIES_CONTAINER = "container-title"

#: ``content-type`` of the ``<volume>`` that holds a work's number in its series
#: (``collection_number``), beside its own ``<volume>``; the tag library tags a book's
#: number in its series as the ``<volume>`` after the ``<series>``.
SERIES_VOLUME = "series-volume"

#: ``content-type`` of the ``<date-in-citation>`` holding the date the work was accessed
#: (the tag library's value, in its samples and its remarks on ``date-in-citation``).
ACCESS_DATE = "access-date"

#: ``<size units>`` values that count pages (``number_of_pages``); ``pages`` is written.
PAGE_UNITS = frozenset({"pages", "page", "pp", "p"})

#: Where the title of other types goes (default ``article-title``).
TITLE_ELEMENT: dict[str, str] = {"chapter": "chapter-title", "dataset": "data-title"}

#: Citation children that hold a work's title, in order of preference when reading.
TITLE_ELEMENTS: tuple[str, ...] = ("chapter-title", "article-title", "data-title")

#: ``pub-id-type`` (lower case) → record field.
PUB_ID_FIELDS: dict[str, str] = {"doi": "doi", "pmid": "pmid", "pmcid": "pmcid", "pmc": "pmcid"}

#: Record field → ``pub-id-type`` written (JATS4R: ``pmcid`` for PubMed Central ids).
FIELD_PUB_IDS: tuple[tuple[str, str], ...] = (("doi", "doi"), ("pmid", "pmid"), ("pmcid", "pmcid"))

#: Citation children written back from ``extra["jats:<name>"]`` (text-only content in JATS).
TEXT_EXTRA_ELEMENTS: frozenset[str] = frozenset(
    {
        "chapter-title",
        "conf-acronym",
        "conf-date",
        "conf-loc",
        "conf-name",
        "conf-sponsor",
        "date-in-citation",
        "edition",
        "gov",
        "institution",
        "issn-l",
        "issue-id",
        "issue-part",
        "issue-title",
        "part-title",
        "patent",
        "role",
        "season",
        "series",
        "std",
        "string-date",
        "supplement",
        "trans-source",
        "trans-title",
        "version",
        "volume-id",
        "volume-series",
    }
)

#: JATS ``article-type`` → CSL type; any other article-type reads as ``article-journal``.
ARTICLE_TYPE_TO_CSL: dict[str, str] = {
    "research-article": "article-journal",
    "book-review": "review",
    "product-review": "review",
}

#: CSL type → ``article-type`` written by ``jats-article`` (others: ``other`` + custom-meta).
CSL_TO_ARTICLE_TYPE: dict[str, str] = {"article-journal": "research-article", "review": "book-review"}

#: ``custom-meta`` names with a meaning for the record (others go to ``extra`` as they are).
META_CSL_TYPE = "csl-type"
META_ELOCATION = "elocation-id"
#: custom-meta name of an article record's unstructured citation text (issue 18).
META_UNSTRUCTURED = "unstructured-citation"

#: Keyword ``content-type`` marking a MeSH major topic (``COVID-19/therapy*``).
MAJOR_TOPIC = "major-topic"

#: ``pub-date`` attribute values in order of preference for ``issued``.
PUB_DATE_PREFERENCE: tuple[str, ...] = ("ppub", "epub-ppub", "collection", "pub", "epub", "pmc-release")


#: Leading lower-case words of a JATS ``surname`` that are a name particle ("van", "de la").
PARTICLE_WORD = re.compile(r"^[a-z][a-z'’]*$")

#: An ``xml:lang`` value must be an NMTOKEN.
NMTOKEN = re.compile(r"^[A-Za-z0-9._:-]+$")

#: Keys usable as XML IDs as they are (ASCII NCName).
XML_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")

#: ``specific-use`` prefix that keeps a cite key that is not a valid XML ID.
CITE_KEY = "cite-key:"

#: Archiving 1.2 (MathML 3) public and system identifiers for the DOCTYPE.
PUBLIC_ID = "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD with MathML3 v1.2 20190208//EN"
SYSTEM_ID = "JATS-archivearticle1-mathml3.dtd"
ARTICLESET_DOCTYPE = (
    '<!DOCTYPE pmc-articleset PUBLIC "-//NLM//DTD ARTICLE SET 2.0//EN" '
    '"https://dtd.nlm.nih.gov/ncbi/pmc/articleset/nlm-articleset-2.0.dtd">'
)
