"""A ``PubmedArticle`` element as a Record (``MedlineCitation`` and ``PubmedData``).

Slots first (title, authors, journal, issue, pages, identifiers, MeSH headings with
their UIs as keywords); everything the model has no slot for goes to ``extra`` under
``pubmed-…`` keys (see docs/formats.md), so nothing PubMed says is lost.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...context import Context
from ...identifiers import bare_doi
from ...model import PartialDate, Record, SourceLocation
from . import fields as F

if TYPE_CHECKING:
    from lxml import etree  # type: ignore[import-untyped]

#: MedlineCitation children read into slots or named extra keys; others are kept by tag.
_CITATION_DONE = frozenset(
    {"PMID", "DateCompleted", "DateRevised", "DateCreated", "Article", "MedlineJournalInfo",
     "ChemicalList", "MeshHeadingList", "KeywordList", "CommentsCorrectionsList", "CitationSubset",
     "OtherAbstract", "InvestigatorList", "CoiStatement", "OtherID", "GeneralNote", "NumberOfReferences"}
)  # fmt: skip
_ARTICLE_DONE = frozenset(
    {"Journal", "ArticleTitle", "VernacularTitle", "Pagination", "ELocationID", "Abstract", "AuthorList",
     "Language", "PublicationTypeList", "ArticleDate", "GrantList", "DataBankList"}
)  # fmt: skip
_CITATION_ATTRIBUTES = (
    ("Status", "pubmed-status"),
    ("Owner", "pubmed-owner"),
    ("IndexingMethod", "pubmed-indexing-method"),
    ("VersionID", "pubmed-version-id"),
    ("VersionDate", "pubmed-version-date"),
)
#: The publication type every journal article has: it says nothing as a genre.
_PLAIN_TYPE = "Journal Article"
#: PubMed's "Preprint" publication type (UI D000076942): CSL type ``article``.
_PREPRINT_UI = "D000076942"


def article_record(element: etree._Element, context: Context, line: int | None) -> Record:
    """The record of one ``PubmedArticle``."""
    citation = element.find("MedlineCitation")
    if citation is None:
        citation = element.makeelement("MedlineCitation")
    article = citation.find("Article")
    if article is None:
        article = citation.makeelement("Article")
    extra: dict[str, Any] = {}
    values: dict[str, Any] = {"type": "article-journal"}
    citation_fields(citation, values, extra)
    article_fields(article, values, extra)
    pubmed_data(element.find("PubmedData"), values, extra)
    values["extra"] = extra
    record = Record(source=SourceLocation(context.filename, line), **values)
    if not record.pmid:
        context.warning("PubmedArticle without a PMID", code="RB996", record=record)
    return record


def citation_fields(citation: etree._Element, values: dict[str, Any], extra: dict[str, Any]) -> None:
    """PMID, dates, journal info, MeSH, keywords, chemicals and the rest of ``MedlineCitation``."""
    pmid = citation.find("PMID")
    values["pmid"] = F.text(pmid) or None
    if pmid is not None and pmid.get("Version") not in (None, "1"):
        extra["pubmed-pmid-version"] = pmid.get("Version")
    for attribute, key in _CITATION_ATTRIBUTES:
        if citation.get(attribute):
            extra[key] = citation.get(attribute)
    for tag, key in (("DateCreated", "created"), ("DateCompleted", "completed"), ("DateRevised", "revised")):
        stamp = F.iso(citation.find(tag))
        if stamp:
            extra[f"pubmed-date-{key}"] = stamp
    info = citation.find("MedlineJournalInfo")
    for tag, key in (("MedlineTA", "medline-ta"), ("NlmUniqueID", "nlm-id")):
        value = F.child_text(info, tag)
        if value:
            extra[f"pubmed-{key}"] = value
    # The journal's country of publication: MEDLINE's PL, which the medline reader (and
    # Zotero's MEDLINE import) read as the place.
    values["place"] = F.child_text(info, "Country")
    linking = F.child_text(info, "ISSNLinking")
    if linking:
        extra["pubmed-issn-linking"] = linking
    values["keywords"] = F.mesh_keywords(citation.find("MeshHeadingList")) + F.other_keywords(citation)
    _list_extra(extra, "pubmed-chemicals", _chemicals(citation))
    _list_extra(extra, "pubmed-comments-corrections", _comments(citation))
    _list_extra(extra, "pubmed-citation-subsets", [F.text(s) for s in citation.iterfind("CitationSubset")])
    _list_extra(extra, "pubmed-other-abstracts", [F.text(a) for a in citation.iterfind("OtherAbstract")])
    _list_extra(
        extra,
        "pubmed-other-ids",
        [F.joined(o.get("Source"), F.text(o)) for o in citation.iterfind("OtherID")],
    )
    _list_extra(extra, "pubmed-general-notes", [F.text(n) for n in citation.iterfind("GeneralNote")])
    investigators = F.people(citation.find("InvestigatorList"))
    if investigators:
        values["contributors"] = {"contributor": investigators}
    for tag, key in (("CoiStatement", "coi-statement"), ("NumberOfReferences", "number-of-references")):
        value = F.child_text(citation, tag)
        if value:
            extra[f"pubmed-{key}"] = value
    unknown(citation, _CITATION_DONE, extra)


def article_fields(article: etree._Element, values: dict[str, Any], extra: dict[str, Any]) -> None:
    """Title, authors, journal, issue, date, pages, abstract and types of ``Article``."""
    values["title"] = F.child_text(article, "ArticleTitle")
    values["original_title"] = F.child_text(article, "VernacularTitle")
    if article.get("PubModel"):
        extra["pubmed-pub-model"] = article.get("PubModel")
    journal(article.find("Journal"), values, extra)
    values["authors"] = F.people(article.find("AuthorList"))
    pagination(article, values, extra)
    F.abstract(article, values, extra)
    languages = [F.text(lang) for lang in article.iterfind("Language") if F.text(lang)]
    if languages:
        values["language"] = languages[0]
        _list_extra(extra, "pubmed-languages", languages if len(languages) > 1 else [])
    types = F.publication_types(article)
    if types:
        extra["pubmed-publication-types"] = [F.joined(name, ui) for name, ui in types]
        genres = [name for name, _ in types if name.casefold() != _PLAIN_TYPE.casefold()]
        values["genre"] = genres[0] if genres else None
        if any(ui == _PREPRINT_UI for _, ui in types):
            values["type"] = "article"
    dates = [F.iso(d) for d in article.iterfind("ArticleDate")]
    _list_extra(extra, "pubmed-article-dates", [d for d in dates if d])
    _list_extra(extra, "pubmed-grants", F.grants(article))
    _list_extra(extra, "pubmed-databanks", _databanks(article))
    unknown(article, _ARTICLE_DONE, extra)


def journal(element: etree._Element | None, values: dict[str, Any], extra: dict[str, Any]) -> None:
    """Journal title and abbreviation, ISSN, volume, issue and the issue's date."""
    if element is None:
        return
    values["container_title"] = F.child_text(element, "Title")
    values["container_title_short"] = F.child_text(element, "ISOAbbreviation") or extra.get(
        "pubmed-medline-ta"
    )
    issn = element.find("ISSN")
    issns = [F.text(issn)] if issn is not None and F.text(issn) else []
    if issns and issn is not None and issn.get("IssnType"):
        extra["pubmed-issn-type"] = issn.get("IssnType")
    linking = extra.get("pubmed-issn-linking")
    if linking and linking not in issns:
        issns.append(linking)
    values["issn"] = issns
    issue = element.find("JournalIssue")
    if issue is None:
        return
    values["volume"] = F.child_text(issue, "Volume")
    values["issue"] = F.child_text(issue, "Issue")
    if issue.get("CitedMedium"):
        extra["pubmed-cited-medium"] = issue.get("CitedMedium")
    pub_date = issue.find("PubDate")
    issued_date(pub_date, values, extra)


def issued_date(pub_date: etree._Element | None, values: dict[str, Any], extra: dict[str, Any]) -> None:
    """``PubDate`` → ``issued``; a ``MedlineDate`` range also gives ``issued_end``."""
    if pub_date is None:
        return
    printed = F.child_text(pub_date, "MedlineDate")
    if printed is None:
        values["issued"] = F.plain_date(pub_date)
        return
    # Kept as printed, whether or not it parsed: no date format holds "2023 Jan-Feb" exactly.
    extra["pubmed-medline-date"] = printed
    parsed = F.medline_date(printed)
    if parsed is not None:
        values["issued"], values["issued_end"] = parsed
    else:
        values["issued"] = PartialDate(literal=printed)


def pagination(article: etree._Element, values: dict[str, Any], extra: dict[str, Any]) -> None:
    """``MedlinePgn`` (or ``StartPage``/``EndPage``) → pages; ``ELocationID`` → doi and elocation."""
    page = article.find("Pagination")
    pages = F.child_text(page, "MedlinePgn")
    if pages is None and page is not None:
        first, last = F.child_text(page, "StartPage"), F.child_text(page, "EndPage")
        pages = f"{first}-{last}" if first and last and first != last else first or last
    values["pages"] = pages
    others = []
    for location in article.iterfind("ELocationID"):
        kind, value = (location.get("EIdType") or "").lower(), F.text(location)
        if not value:
            continue
        if kind == "doi" and not values.get("doi"):
            values["doi"] = bare_doi(value)
        elif kind == "pii" and not values.get("elocation"):
            values["elocation"] = value
        else:
            others.append(F.joined(kind, value))
    _list_extra(extra, "pubmed-elocation-ids", others)


def pubmed_data(data: etree._Element | None, values: dict[str, Any], extra: dict[str, Any]) -> None:
    """``PubmedData``: article ids (doi, pmc, pii, mid), history, status and references."""
    if data is None:
        return
    identifiers(F.article_ids(data.find("ArticleIdList")), values, extra)
    _list_extra(extra, "pubmed-history", F.history(data))
    status = F.child_text(data, "PublicationStatus")
    if status:
        extra["pubmed-publication-status"] = status
    _list_extra(extra, "pubmed-references", F.references(data))


def identifiers(ids: list[tuple[str, str]], values: dict[str, Any], extra: dict[str, Any]) -> None:
    """Article ids into slots (the ArticleIdList's doi wins over ELocationID's) and extra."""
    rest = []
    for kind, value in ids:
        if kind == "doi":
            doi = bare_doi(value)
            if values.get("doi") and values["doi"].lower() != doi.lower():
                extra["pubmed-elocation-doi"] = values["doi"]
            values["doi"] = doi
        elif kind == "pmc" and not values.get("pmcid"):
            values["pmcid"] = value
        elif kind == "pubmed" and value == values.get("pmid"):
            continue
        else:
            rest.append(F.joined(kind, value))
    _list_extra(extra, "pubmed-article-ids", rest)


def unknown(parent: etree._Element, done: frozenset[str], extra: dict[str, Any]) -> None:
    """Children not mapped elsewhere, kept as ``pubmed-<Tag>`` text so nothing is lost."""
    for child in parent:
        if isinstance(child.tag, str) and child.tag not in done:
            value = F.text(child)
            if value:
                key = f"pubmed-{child.tag}"
                previous = extra.get(key)
                extra[key] = [*previous, value] if isinstance(previous, list) else [value]


def _chemicals(citation: etree._Element) -> list[str]:
    found = citation.find("ChemicalList")
    if found is None:
        return []
    items = []
    for chemical in found.iterfind("Chemical"):
        substance = chemical.find("NameOfSubstance")
        ui = substance.get("UI") if substance is not None else None
        items.append(F.joined(F.text(substance), ui, F.child_text(chemical, "RegistryNumber")))
    return [i for i in items if i]


def _comments(citation: etree._Element) -> list[str]:
    found = citation.find("CommentsCorrectionsList")
    if found is None:
        return []
    items = (
        F.joined(c.get("RefType"), F.child_text(c, "RefSource"), F.child_text(c, "PMID"))
        for c in found.iterfind("CommentsCorrections")
    )
    return [i for i in items if i]


def _databanks(article: etree._Element) -> list[str]:
    found = article.find("DataBankList")
    if found is None:
        return []
    items = []
    for bank in found.iterfind("DataBank"):
        numbers = [F.text(n) for n in bank.iter("AccessionNumber") if F.text(n)]
        items.append(F.joined(F.child_text(bank, "DataBankName"), *numbers))
    return [i for i in items if i]


def _list_extra(extra: dict[str, Any], key: str, items: list[str]) -> None:
    if items:
        extra[key] = items
