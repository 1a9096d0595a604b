"""Pieces of a PubMed record shared by articles and books: text, dates, names,
keywords, abstracts and the lists kept in ``extra``.

Lists that the model has no slot for are kept in ``extra`` as lists of strings, one
item each, the parts of an item separated by `` | `` (empty parts kept, so every
item splits back into the same columns); see docs/formats.md.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ...abstracts import join_sections, normal_label
from ...mesh import MESH
from ...model import MONTHS, AbstractSection, Keyword, PartialDate, Person

if TYPE_CHECKING:
    from lxml import etree  # type: ignore[import-untyped]

#: XML whitespace only: a thin space (1\u2009204) in an abstract is text.
_WS = re.compile(r"[ \t\r\n]+")
_SEASONS = {"spring": 1, "summer": 2, "autumn": 3, "fall": 3, "winter": 4}
_ORCID = re.compile(r"(\d{4}-?\d{4}-?\d{4}-?\d{3}[\dXx])\s*$")
_YEAR = re.compile(r"\b(\d{4})\b")
#: ``2023 Jan-Feb``, ``2023 Dec-2024 Jan``, ``2023 Jan 5-12``, ``2023 Spring``, ``1998-1999``.
_MEDLINE_DATE = re.compile(
    r"^(?P<y1>\d{4})(?:\s+(?P<m1>[A-Za-z]+)\.?(?:\s+(?P<d1>\d{1,2}))?)?"
    r"(?:\s*-\s*(?:(?P<y2>\d{4})(?:\s+(?P<m2>[A-Za-z]+)\.?)?|(?P<m2b>[A-Za-z]+)\.?)?(?:\s*(?P<d2>\d{1,2}))?)?$"
)
#: Owners of a KeywordList and the vocabulary their keywords get (NOTNLM: author keywords).
KEYWORD_OWNERS: dict[str, str | None] = {"NOTNLM": None, "NLM": "NLM", "NASA": "NASA", "PIP": "PIP"}


def text(element: etree._Element | None) -> str:
    """The element's text with inline markup (``<i>``, ``<sup>``) dropped, whitespace collapsed."""
    if element is None:
        return ""
    raw = (element.text or "") if len(element) == 0 else "".join(element.itertext())
    if "\n" in raw or "  " in raw or "\t" in raw or "\r" in raw:
        return _WS.sub(" ", raw).strip(" ")
    return raw.strip(" ")  # the regex is the costly part: most values need none


def child_text(parent: etree._Element | None, path: str) -> str | None:
    """The text of the first element at ``path`` under ``parent``, or None when absent or empty."""
    if parent is None:
        return None
    return text(parent.find(path)) or None


def month_number(value: str | None) -> int | None:
    """``Dec``, ``December`` or ``12`` → 12; None when it is none of these."""
    if not value:
        return None
    value = value.strip().rstrip(".")
    if value.isdecimal():
        number = int(value) if len(value) <= 2 else 0
        return number if 1 <= number <= 12 else None
    return MONTHS.get(value.lower())


def plain_date(element: etree._Element | None) -> PartialDate | None:
    """A ``Year``/``Month``/``Day`` (or ``Season``) date element as a PartialDate."""
    if element is None:
        return None
    year = child_text(element, "Year")
    # Length checks first: int() of thousands of digits raises (found by fuzzing).
    if year is None or len(year) > 4 or not year.isdecimal():
        return None
    month = month_number(child_text(element, "Month"))
    day_text = child_text(element, "Day")
    day = int(day_text) if day_text and len(day_text) <= 2 and day_text.isdecimal() and month else None
    season = _SEASONS.get((child_text(element, "Season") or "").lower())
    return PartialDate(int(year), month, day, season if month is None else None)


def iso(element: etree._Element | None) -> str | None:
    """A date element as ``YYYY-MM-DD`` (and `` HH:MM`` when it has a time), or None."""
    date = plain_date(element)
    if date is None or element is None:
        return None
    hour, minute = child_text(element, "Hour"), child_text(element, "Minute")
    minute = minute if minute and len(minute) <= 2 and minute.isdecimal() else "0"
    stamp = f" {int(hour):02d}:{int(minute):02d}" if hour and len(hour) <= 2 and hour.isdecimal() else ""
    return date.iso() + stamp


def medline_date(value: str) -> tuple[PartialDate, PartialDate | None] | None:
    """Parse a ``MedlineDate`` (``2023 Jan-Feb``) into start and end, or None if it has no year.

    A string of another shape keeps its first year and is kept whole as ``literal``.
    """
    value = _WS.sub(" ", value).strip()
    match = _MEDLINE_DATE.match(value)
    if match is not None:
        year = int(match["y1"])
        m1 = _month_or_season(match["m1"])
        if match["m1"] is None or m1 is not None:
            start = _date(year, m1, match["d1"])
            end_year = int(match["y2"]) if match["y2"] else year
            end_month = _month_or_season(match["m2"] or match["m2b"])
            if match["y2"] is None and end_month is None and match["d2"] is None:
                return start, None
            if (match["m2"] or match["m2b"]) and end_month is None:
                return _literal(value)
            end = _date(end_year, end_month if end_month is not None else m1, match["d2"])
            return start, end
    return _literal(value)


def _literal(value: str) -> tuple[PartialDate, None] | None:
    year = _YEAR.search(value)
    if year is None:
        return None
    return PartialDate(int(year.group(1)), literal=value), None


def _month_or_season(word: str | None) -> tuple[str, int] | None:
    if word is None:
        return None
    if (number := month_number(word)) is not None:
        return ("month", number)
    if (season := _SEASONS.get(word.lower())) is not None:
        return ("season", season)
    return None


def _date(year: int, part: tuple[str, int] | None, day: str | None) -> PartialDate:
    if part is None:
        return PartialDate(year)
    if part[0] == "season":
        return PartialDate(year, season=part[1])
    return PartialDate(year, part[1], int(day) if day else None)


def person(author: etree._Element) -> Person | None:
    """An ``Author`` (or ``Investigator``) element as a Person with ORCID and affiliations."""
    affiliations = tuple(
        a for a in (text(info.find("Affiliation")) for info in author.iterfind("AffiliationInfo")) if a
    )
    orcid = None
    for identifier in author.iterfind("Identifier"):
        if (identifier.get("Source") or "").upper() == "ORCID":
            match = _ORCID.search(text(identifier))
            digits = match.group(1).replace("-", "").upper() if match else ""
            # PubMed writes ORCIDs as URLs, with or without hyphens: the model keeps 0000-0002-1825-0097.
            orcid = (
                "-".join(digits[i : i + 4] for i in range(0, 16, 4)) if digits else text(identifier) or None
            )
    collective = child_text(author, "CollectiveName")
    if collective:
        return Person(literal=collective, orcid=orcid, affiliations=affiliations)
    family = child_text(author, "LastName")
    if family is None:
        return None
    # Without a ForeName PubMed gives only Initials ("JL"): they are the given name then.
    given = child_text(author, "ForeName") or child_text(author, "Initials")
    return Person(
        family=family,
        given=given,
        suffix=child_text(author, "Suffix"),
        orcid=orcid,
        affiliations=affiliations,
    )


def people(author_list: etree._Element | None) -> list[Person]:
    """The Persons of an ``AuthorList`` (or ``InvestigatorList``), in order."""
    if author_list is None:
        return []
    return [p for p in (person(a) for a in author_list if isinstance(a.tag, str)) if p is not None]


def mesh_keywords(heading_list: etree._Element | None) -> list[Keyword]:
    """The keywords of a ``MeshHeadingList``: one per descriptor-qualifier pair, with UIs.

    A descriptor with no qualifier is one keyword. A descriptor marked major in itself
    (``MajorTopicYN="Y"`` on ``DescriptorName``) also gives a keyword without qualifier,
    major, before its pairs: the pairs carry only their qualifier's own flag, so the
    descriptor's flag survives formats that write one heading per keyword.
    """
    keywords: list[Keyword] = []
    if heading_list is None:
        return keywords
    for heading in heading_list.iterfind("MeshHeading"):
        descriptor = heading.find("DescriptorName")
        term = text(descriptor)
        if descriptor is None or not term:
            continue
        ui = descriptor.get("UI") or None
        major = descriptor.get("MajorTopicYN") == "Y"
        qualifiers = [q for q in heading.iterfind("QualifierName") if text(q)]
        if not qualifiers or major:
            keywords.append(Keyword(term, None, major, MESH, ui))
        for qualifier in qualifiers:
            keywords.append(
                Keyword(
                    term,
                    text(qualifier),
                    qualifier.get("MajorTopicYN") == "Y",
                    MESH,
                    ui,
                    qualifier.get("UI") or None,
                )
            )
    return keywords


def other_keywords(parent: etree._Element) -> list[Keyword]:
    """The keywords of every ``KeywordList``; the list's ``Owner`` gives their vocabulary."""
    keywords: list[Keyword] = []
    for keyword_list in parent.iterfind("KeywordList"):
        owner = (keyword_list.get("Owner") or "NOTNLM").upper()
        vocabulary = KEYWORD_OWNERS.get(owner, owner)
        for keyword in keyword_list.iterfind("Keyword"):
            term = text(keyword)
            if term:
                keywords.append(Keyword(term, None, keyword.get("MajorTopicYN") == "Y", vocabulary))
    return keywords


def abstract(parent: etree._Element, fields: dict[str, Any], extra: dict[str, Any]) -> None:
    """Fill ``abstract``/``abstract_sections`` from ``Abstract``, NlmCategory to extra, and
    ``CopyrightInformation`` to ``license``."""
    element = parent.find("Abstract")
    if element is None:
        return
    parts = [
        (p.get("Label") or "", text(p), p.get("NlmCategory") or "") for p in element.iterfind("AbstractText")
    ]
    parts = [p for p in parts if p[1]]
    labelled = [p for p in parts if p[0] and p[0].upper() != "UNLABELLED"]
    if labelled:
        sections = [AbstractSection(normal_label(label) if label else "", body) for label, body, _ in parts]
        fields["abstract_sections"] = sections
        fields["abstract"] = join_sections(sections)
        categories = [category for _, _, category in parts]
        if any(categories):
            extra["pubmed-abstract-categories"] = categories
    elif parts:
        fields["abstract"] = "\n".join(body for _, body, _ in parts)
    copyright_text = child_text(element, "CopyrightInformation")
    if copyright_text:
        fields["license"] = copyright_text


def joined(*parts: str | None) -> str:
    """Columns of one ``extra`` list item: `` | ``-separated, empty columns kept."""
    return " | ".join(part or "" for part in parts).rstrip(" |") if any(parts) else ""


def publication_types(parent: etree._Element) -> list[tuple[str, str]]:
    """(name, UI) of each ``PublicationType``."""
    found = parent.find("PublicationTypeList")
    if found is None:
        return []
    return [(text(t), t.get("UI") or "") for t in found.iterfind("PublicationType") if text(t)]


def grants(parent: etree._Element) -> list[str]:
    """``GrantList`` items: ``GrantID | Acronym | Agency | Country``."""
    found = parent.find("GrantList")
    if found is None:
        return []
    items = (
        joined(*(child_text(g, tag) for tag in ("GrantID", "Acronym", "Agency", "Country")))
        for g in found.iterfind("Grant")
    )
    return [item for item in items if item]


def history(parent: etree._Element | None) -> list[str]:
    """``History`` dates: ``received 2015-07-21``, ``entrez 2015-12-30 06:00``."""
    found = parent.find("History") if parent is not None else None
    if found is None:
        return []
    items = []
    for date in found.iterfind("PubMedPubDate"):
        stamp = iso(date)
        if stamp:
            items.append(f"{date.get('PubStatus') or 'unknown'} {stamp}")
    return items


def article_ids(id_list: etree._Element | None) -> list[tuple[str, str]]:
    """(IdType, value) of each ``ArticleId`` of an ``ArticleIdList``."""
    if id_list is None:
        return []
    return [(a.get("IdType") or "", text(a)) for a in id_list.iterfind("ArticleId") if text(a)]


def references(parent: etree._Element | None) -> list[str]:
    """``ReferenceList`` items: ``citation | idtype id | ...`` (the model has no reference list)."""
    items: list[str] = []
    if parent is None:
        return items
    for reference_list in parent.iterfind("ReferenceList"):
        for reference in reference_list.iter("Reference"):
            ids = [f"{kind} {value}" for kind, value in article_ids(reference.find("ArticleIdList"))]
            item = joined(child_text(reference, "Citation"), *ids)
            if item:
                items.append(item)
    return items
