"""A ``PubmedBookArticle`` element (NCBI Bookshelf) as a Record: a ``chapter`` when the
``BookDocument`` has an ``ArticleTitle`` (a section of the book), else a ``book``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...context import Context
from ...identifiers import bookshelf_url
from ...model import Record, SourceLocation
from . import fields as F
from .article import identifiers, issued_date, unknown

if TYPE_CHECKING:
    from lxml import etree  # type: ignore[import-untyped]

_DOCUMENT_DONE = frozenset(
    {"PMID", "ArticleIdList", "Book", "ArticleTitle", "VernacularTitle", "Pagination", "Language",
     "AuthorList", "PublicationType", "Abstract", "KeywordList", "ContributionDate", "DateRevised",
     "GrantList"}
)  # fmt: skip
_BOOK_DONE = frozenset(
    {"Publisher", "BookTitle", "PubDate", "AuthorList", "Volume", "Edition", "CollectionTitle", "Isbn",
     "Medium", "ReportNumber"}
)  # fmt: skip


def book_record(element: etree._Element, context: Context, line: int | None) -> Record:
    """The record of one ``PubmedBookArticle``."""
    document = element.find("BookDocument")
    if document is None:
        document = element.makeelement("BookDocument")
    book = document.find("Book")
    if book is None:
        book = document.makeelement("Book")
    extra: dict[str, Any] = {}
    values: dict[str, Any] = {"pmid": F.child_text(document, "PMID")}
    chapter_title = F.child_text(document, "ArticleTitle")
    book_title = F.child_text(book, "BookTitle")
    lists = {a.get("Type") or "authors": F.people(a) for a in book.iterfind("AuthorList")}
    if chapter_title:
        values.update(type="chapter", title=chapter_title, container_title=book_title)
        values["authors"] = F.people(document.find("AuthorList"))
        if lists.get("authors"):
            values["contributors"] = {"container-author": lists["authors"]}
    else:
        values.update(type="book", title=book_title, authors=lists.get("authors", []))
    values["editors"] = lists.get("editors", [])
    values["original_title"] = F.child_text(document, "VernacularTitle")
    values["publisher"] = F.child_text(book, "Publisher/PublisherName")
    values["place"] = F.child_text(book, "Publisher/PublisherLocation")
    values["volume"] = F.child_text(book, "Volume")
    values["edition"] = F.child_text(book, "Edition")
    values["collection_title"] = F.child_text(book, "CollectionTitle")
    values["medium"] = F.child_text(book, "Medium")
    values["number"] = F.child_text(book, "ReportNumber")
    isbns = [F.text(i) for i in book.iterfind("Isbn") if F.text(i)]
    values["isbn"] = isbns[0] if isbns else None
    if len(isbns) > 1:  # ISBN-13 and ISBN-10, print and electronic: the model holds one
        extra["pubmed-isbns"] = isbns
    # The book's PubDate, whole: PubMed's publication date of the book (MEDLINE's DP of the
    # same record is ``2017 Jul 13``). Zotero keeps only its Year ("should only need year for
    # books"); a writer or Zotero may shorten it, the reader does not throw the day away.
    issued_date(book.find("PubDate"), values, extra)
    values["pages"] = F.child_text(document, "Pagination/MedlinePgn")
    languages = [F.text(lang) for lang in document.iterfind("Language") if F.text(lang)]
    values["language"] = languages[0] if languages else None
    if len(languages) > 1:  # as for articles: every language, the first in the slot
        extra["pubmed-languages"] = languages
    F.abstract(document, values, extra)
    values["keywords"] = F.other_keywords(document)
    types = [(F.text(t), t.get("UI") or "") for t in document.iterfind("PublicationType") if F.text(t)]
    if types:
        extra["pubmed-publication-types"] = [F.joined(name, ui) for name, ui in types]
        values["genre"] = types[0][0]
    data = element.find("PubmedBookData")
    # The document's ids and PubmedBookData's (the pubmed id, and a pmc id for some books).
    ids = F.article_ids(document.find("ArticleIdList"))
    if data is not None:
        ids += [i for i in F.article_ids(data.find("ArticleIdList")) if i not in ids]
    accession = next((value for kind, value in ids if kind == "bookaccession"), None)
    if accession:
        # As Zotero's PubMed XML import: the accession is the call number, and the book's
        # NCBI Bookshelf page (where every PubMed book is) its URL.
        values["call_number"] = accession
        values["url"] = bookshelf_url(accession)
    identifiers([i for i in ids if i != ("bookaccession", accession)], values, extra)
    for tag, key in (("ContributionDate", "contribution"), ("DateRevised", "revised")):
        stamp = F.iso(document.find(tag))
        if stamp:
            extra[f"pubmed-date-{key}"] = stamp
    grants = F.grants(document)
    if grants:
        extra["pubmed-grants"] = grants
    if data is not None:
        history = F.history(data)
        if history:
            extra["pubmed-history"] = history
        status = F.child_text(data, "PublicationStatus")
        if status:
            extra["pubmed-publication-status"] = status
    unknown(document, _DOCUMENT_DONE, extra)
    unknown(book, _BOOK_DONE, extra)
    values["extra"] = extra
    record = Record(source=SourceLocation(context.filename, line), **values)
    if not record.pmid:
        context.warning("PubmedBookArticle without a PMID", code="RB996", record=record)
    return record
