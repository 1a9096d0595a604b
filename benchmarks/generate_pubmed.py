"""Deterministic generator of gzipped PubMed baseline-like files (PubmedArticleSet XML).

Each file holds ``--records`` records (default 30,000, the size of one baseline file) with
every element refbridge's ``pubmed-xml`` reader maps: PMID with version, DateCompleted and
DateRevised, Journal (ISSN with its type, JournalIssue with a PubDate as Year/Month/Day, a
MedlineDate such as ``2023 Jan-Feb`` or a Season), ArticleTitle with inline markup and a
VernacularTitle now and then, Pagination and ELocationID, a structured Abstract with
NlmCategory, an AuthorList with ORCID identifiers, several AffiliationInfo and a
CollectiveName, Language, DataBankList, GrantList, PublicationTypeList with UIs,
ArticleDate, MedlineJournalInfo, ChemicalList, CitationSubset, CommentsCorrectionsList,
MeshHeadingList (descriptor and qualifier UIs and MajorTopicYN), KeywordList with Owner,
CoiStatement; PubmedData with History, PublicationStatus, ArticleIdList (pubmed, doi, pii,
pmc, mid) and a ReferenceList; about 1% PubmedBookArticle; and with ``--update`` a
``DeleteCitation`` list at the end, as in PubMed's daily update files.

The same arguments always give the same bytes (``random.Random(seed)``; gzip with mtime 0).

Usage: ``python benchmarks/generate_pubmed.py --files 20 --out benchmarks/out/pubmed``
(files ``pubmed-gen-0001.xml.gz`` …).
"""

# ruff: noqa: E501 - XML templates read best on one line each
from __future__ import annotations

import argparse
import gzip
import random
import zlib
from pathlib import Path
from xml.sax.saxutils import escape

from gen_pools import (
    CORPORATE,
    DESIGNS,
    FAMILIES,
    FAMILIES_NON_ASCII,
    GIVENS,
    INTERVENTIONS,
    JOURNALS,
    MESH,
    POPULATIONS,
    QUALIFIERS,
    STARTS,
    SUFFIXES,
)
from generate import _abstract

MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
PUBLICATION_TYPES = (
    ("Journal Article", "D016428"),
    ("Randomized Controlled Trial", "D016449"),
    ("Review", "D016454"),
    ("Multicenter Study", "D016448"),
    ("Research Support, Non-U.S. Gov't", "D013485"),
)
CHEMICALS = (("Antiviral Agents", "D000998", "0"), ("Budesonide", "D019819", "51333-22-3"))
AGENCIES = (("NIAID NIH HHS", "AI", "United States"), ("Wellcome Trust", "", "United Kingdom"))
HEADER = (
    '<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, '
    '1st January 2024//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_240101.dtd">\n'
    "<PubmedArticleSet>\n"
)


def ui(prefix: str, name: str) -> str:
    """A stable MeSH-like UI for a name (D/Q/C + digits)."""
    return f"{prefix}{zlib.crc32(name.encode()) % 1_000_000:06d}"


def date(tag: str, y: int, m: int, d: int, extra: str = "") -> str:
    return f"<{tag}{extra}><Year>{y}</Year><Month>{m:02d}</Month><Day>{d:02d}</Day></{tag}>"


def author(rng: random.Random, n: int) -> str:
    if rng.random() < 0.02:
        return (
            f'<Author ValidYN="Y"><CollectiveName>{escape(rng.choice(CORPORATE))}</CollectiveName></Author>'
        )
    family = rng.choice(FAMILIES_NON_ASCII if rng.random() < 0.3 else FAMILIES)
    given = rng.choice(GIVENS)
    parts = [
        f"<LastName>{escape(family)}</LastName>",
        f"<ForeName>{given}</ForeName>",
        f"<Initials>{given[0]}</Initials>",
    ]
    if rng.random() < 0.02:
        parts.append(f"<Suffix>{rng.choice(SUFFIXES).rstrip('.')}</Suffix>")
    if rng.random() < 0.3:
        digits = f"{rng.randrange(10**15):015d}"
        parts.append(
            f'<Identifier Source="ORCID">https://orcid.org/0000-{digits[:4]}-{digits[4:8]}-{digits[8:11]}X</Identifier>'
        )
    for k in range(1 if n % 3 else 2):
        parts.append(
            f"<AffiliationInfo><Affiliation>Department {k + 1}, University Hospital {n % 97}, "
            "Example City, Country.</Affiliation></AffiliationInfo>"
        )
    return '<Author ValidYN="Y">' + "".join(parts) + "</Author>"


def abstract(rng: random.Random, intervention: str, population: str) -> str:
    """The benchmark's own abstracts (``generate._abstract``): plain, or labelled sections."""
    text, sections = _abstract(rng, intervention, population)
    if not sections:
        return f"<Abstract><AbstractText>{escape(text)}</AbstractText></Abstract>"
    parts = [
        f'<AbstractText Label="{label.upper()}" NlmCategory="{label.upper()}">{escape(body)}</AbstractText>'
        for label, body in sections
    ]
    return (
        "<Abstract>"
        + "".join(parts)
        + "<CopyrightInformation>© 2024 The Authors.</CopyrightInformation></Abstract>"
    )


def pub_date(rng: random.Random, year: int) -> str:
    roll = rng.random()
    if roll < 0.08:
        m = rng.randrange(11)
        return f"<PubDate><MedlineDate>{year} {MONTH_NAMES[m]}-{MONTH_NAMES[m + 1]}</MedlineDate></PubDate>"
    if roll < 0.1:
        return f"<PubDate><Year>{year}</Year><Season>{rng.choice(('Spring', 'Winter'))}</Season></PubDate>"
    return f"<PubDate><Year>{year}</Year><Month>{rng.choice(MONTH_NAMES)}</Month><Day>{rng.randint(1, 28)}</Day></PubDate>"


def pages(first: int, last: int) -> str:
    """MEDLINE's abbreviated page range: 1865-1876 → ``1865-76``."""
    a, b = str(first), str(last)
    same = 0
    while len(a) == len(b) and same < len(a) - 1 and a[same] == b[same]:
        same += 1
    return f"{a}-{b[same:]}"


def mesh(rng: random.Random) -> str:
    headings = []
    for term in rng.sample(MESH, rng.randint(3, 12)):
        major = rng.random() < 0.2
        quals = "".join(
            f'<QualifierName UI="{ui("Q", q)}" MajorTopicYN="{"Y" if rng.random() < 0.3 else "N"}">{escape(q)}</QualifierName>'
            for q in rng.sample(QUALIFIERS, rng.choice((0, 0, 1, 2)))
        )
        headings.append(
            f'<MeshHeading><DescriptorName UI="{ui("D", term)}" MajorTopicYN="{"Y" if major else "N"}">'
            f"{escape(term)}</DescriptorName>{quals}</MeshHeading>"
        )
    return "<MeshHeadingList>" + "".join(headings) + "</MeshHeadingList>"


def article(rng: random.Random, pmid: int) -> str:
    journal, abbreviation, issn = rng.choice(JOURNALS)
    year = rng.randint(1990, 2024)
    intervention, population = rng.choice(INTERVENTIONS), rng.choice(POPULATIONS)
    title = f"{escape(rng.choice(STARTS))} <i>{escape(intervention)}</i> {escape(population)}{escape(rng.choice(DESIGNS))}."
    first = rng.randint(1, 3000)
    doi = f"10.{1000 + pmid % 9000}/gen.{pmid}"
    authors = "".join(author(rng, pmid + k) for k in range(rng.randint(1, 12)))
    vernacular = (
        "<VernacularTitle>Eficacia y seguridad: un ensayo.</VernacularTitle>" if rng.random() < 0.05 else ""
    )
    types = "".join(
        f'<PublicationType UI="{u}">{escape(n)}</PublicationType>'
        for n, u in [PUBLICATION_TYPES[0], *rng.sample(PUBLICATION_TYPES[1:], rng.randint(0, 2))]
    )
    grants = "".join(
        f"<Grant><GrantID>R01 {a}{pmid % 99999:05d}</GrantID><Acronym>{a}</Acronym><Agency>{g}</Agency>"
        f"<Country>{c}</Country></Grant>"
        for g, a, c in AGENCIES[: rng.randint(0, 2)]
    )
    chemicals = "".join(
        f'<Chemical><RegistryNumber>{r}</RegistryNumber><NameOfSubstance UI="{u}">{n}</NameOfSubstance></Chemical>'
        for n, u, r in CHEMICALS[: rng.randint(0, 2)]
    )
    refs = "".join(
        f"<Reference><Citation>Author {k}. Earlier work on {escape(intervention)}. J Example. {year - k};{k}:1-9.</Citation>"
        f'<ArticleIdList><ArticleId IdType="pubmed">{pmid - k - 1}</ArticleId></ArticleIdList></Reference>'
        for k in range(rng.randint(0, 6))
    )
    pmc = f'<ArticleId IdType="pmc">PMC{pmid + 1000000}</ArticleId>' if rng.random() < 0.3 else ""
    mid = f'<ArticleId IdType="mid">NIHMS{pmid % 999999}</ArticleId>' if rng.random() < 0.05 else ""
    article_date = date("ArticleDate", year, 2, 1, ' DateType="Electronic"')
    received = date("PubMedPubDate", year, 1, 5, ' PubStatus="received"')
    accepted = date("PubMedPubDate", year, 2, 1, ' PubStatus="accepted"')
    return (
        f'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM" IndexingMethod="Automated"><PMID Version="1">{pmid}</PMID>'
        f"{date('DateCompleted', year, 3, 14)}{date('DateRevised', 2024, 1, 9)}"
        f'<Article PubModel="Print-Electronic"><Journal><ISSN IssnType="Print">{issn}</ISSN>'
        f'<JournalIssue CitedMedium="Internet"><Volume>{rng.randint(1, 400)}</Volume><Issue>{rng.randint(1, 24)}</Issue>'
        f"{pub_date(rng, year)}</JournalIssue><Title>{escape(journal)}</Title><ISOAbbreviation>{escape(abbreviation)}"
        f"</ISOAbbreviation></Journal><ArticleTitle>{title}</ArticleTitle>"
        f"<Pagination><MedlinePgn>{pages(first, first + rng.randint(3, 15))}</MedlinePgn></Pagination>"
        f'<ELocationID EIdType="doi" ValidYN="Y">{doi}</ELocationID>'
        f'{abstract(rng, intervention, population)}<AuthorList CompleteYN="Y">{authors}</AuthorList>'
        f"<Language>eng</Language>"
        + (
            '<DataBankList CompleteYN="Y"><DataBank><DataBankName>ClinicalTrials.gov</DataBankName><AccessionNumberList>'
            f"<AccessionNumber>NCT{pmid % 10**8:08d}</AccessionNumber></AccessionNumberList></DataBank></DataBankList>"
            if rng.random() < 0.1
            else ""
        )
        + (f'<GrantList CompleteYN="Y">{grants}</GrantList>' if grants else "")
        + f"<PublicationTypeList>{types}</PublicationTypeList>{vernacular}"
        f"{article_date}</Article>"
        f"<MedlineJournalInfo><Country>United States</Country><MedlineTA>{escape(abbreviation.replace('.', ''))}</MedlineTA>"
        f"<NlmUniqueID>{zlib.crc32(journal.encode()) % 10**7:07d}</NlmUniqueID><ISSNLinking>{issn}</ISSNLinking></MedlineJournalInfo>"
        + (f"<ChemicalList>{chemicals}</ChemicalList>" if chemicals else "")
        + "<CitationSubset>IM</CitationSubset>"
        + (
            '<CommentsCorrectionsList><CommentsCorrections RefType="CommentIn"><RefSource>J Example. 2024;1:2</RefSource>'
            f'<PMID Version="1">{pmid + 7}</PMID></CommentsCorrections></CommentsCorrectionsList>'
            if rng.random() < 0.1
            else ""
        )
        + mesh(rng)
        + '<KeywordList Owner="NOTNLM"><Keyword MajorTopicYN="N">'
        f'{escape(intervention)}</Keyword><Keyword MajorTopicYN="N">real-world evidence</Keyword></KeywordList>'
        "<CoiStatement>None declared.</CoiStatement></MedlineCitation>"
        f"<PubmedData><History>{received}{accepted}</History>"
        f"<PublicationStatus>ppublish</PublicationStatus><ArticleIdList>"
        f'<ArticleId IdType="pubmed">{pmid}</ArticleId><ArticleId IdType="doi">{doi}</ArticleId>'
        f'<ArticleId IdType="pii">S0000-0000({year % 100:02d}){pmid % 100000:05d}-X</ArticleId>{pmc}{mid}</ArticleIdList>'
        + (f"<ReferenceList>{refs}</ReferenceList>" if refs else "")
        + "</PubmedData></PubmedArticle>\n"
    )


def book(rng: random.Random, pmid: int) -> str:
    return (
        f'<PubmedBookArticle><BookDocument><PMID Version="1">{pmid}</PMID><ArticleIdList>'
        f'<ArticleId IdType="bookaccession">NBK{pmid % 999999}</ArticleId></ArticleIdList><Book><Publisher>'
        "<PublisherName>University of Washington, Seattle</PublisherName><PublisherLocation>Seattle (WA)"
        "</PublisherLocation></Publisher><BookTitle>GeneReviews<sup>®</sup></BookTitle><PubDate><Year>1993</Year>"
        '</PubDate><AuthorList Type="editors"><Author><LastName>Adam</LastName><ForeName>Margaret P</ForeName>'
        f"</Author></AuthorList></Book><ArticleTitle>Condition {pmid}</ArticleTitle><Language>eng</Language>"
        f'<AuthorList Type="authors">{author(rng, pmid)}</AuthorList><PublicationType UI="D016454">Review'
        '</PublicationType><Abstract><AbstractText Label="DIAGNOSIS">Genetic testing.</AbstractText></Abstract>'
        "</BookDocument></PubmedBookArticle>\n"
    )


def write_file(path: Path, records: int, first_pmid: int, seed: int, update: bool) -> None:
    rng = random.Random(seed)
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as out:
        out.write(HEADER.encode())
        for n in range(records):
            pmid = first_pmid + n
            out.write((book(rng, pmid) if rng.random() < 0.01 else article(rng, pmid)).encode())
        if update:
            deleted = "".join(f'<PMID Version="1">{first_pmid - k - 1}</PMID>' for k in range(25))
            out.write(f"<DeleteCitation>{deleted}</DeleteCitation>\n".encode())
        out.write(b"</PubmedArticleSet>\n")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=1)
    parser.add_argument("--records", type=int, default=30_000, help="records per file")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out/pubmed"))
    parser.add_argument("--seed", type=int, default=20261206)
    parser.add_argument("--update", action="store_true", help="end each file with a DeleteCitation list")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for index in range(args.files):
        path = args.out / f"pubmed-gen-{index + 1:04d}.xml.gz"
        write_file(path, args.records, 30_000_000 + index * args.records, args.seed + index, args.update)
        print(path)


if __name__ == "__main__":
    main()
