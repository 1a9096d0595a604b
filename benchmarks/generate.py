"""Deterministic generator of realistic biomedical journal-article records for the benchmark.

Writes N records as BibTeX, Zotero-style RIS, WPRIM search-result text and refbridge
JSON. The same seed and N always give the same bytes (``random.Random(seed)``, no
clock, no hashing of sets). What a record holds:

- 1-12 authors: non-ASCII names (Müller, Søndergaard, Łukasiewicz, Nguyễn), particles
  (van der Berg, de la Cruz), now and then a suffix or a corporate author;
- a title with LaTeX-special characters (&, %, _, $) and Greek letters (TNF-α, IL-1β);
- an abstract of 150-250 words, about a third of them structured (Background/Methods/...);
- 3-12 MeSH-style headings (``COVID-19/therapy*``, ``Aged, 80 and over``);
- pages of every shape the pages plugin handles: 2984-92, 1199-203, S12-S19, S12-9,
  e0247812, pp. 12-19, en dashes, single pages; volume, issue (sometimes a supplement),
  date, DOI, PMID, ISSN, journal full name (and for most, its abbreviation);
- the shape of one real export (``gen_styles``): Zotero, Web of Science/PubMed-derived
  ``.bib`` (``;`` keyword lists with commas, ``journal-iso``, ``month = {MAR 1}``),
  MathSciNet (``fjournal``), screening tools' RIS (``Yang Z`` authors, one ``;`` KW line,
  ``TY  - Journal Article``); DOIs as doi.org URLs, ``and others``, abstracts with LaTeX
  math and symbols (IL-1β, 5 μg/mL, p < 0.05, 2 × 10⁻³).

BibTeX is valid for bibtex/biber (specials escaped, acronyms brace-protected, and in
about half the records names and Greek written with LaTeX accents/math such as
``{\\"u}`` and ``$\\alpha$``). RIS is what Zotero exports (CRLF, ``AU  - Family, Given``,
``T2``/``J2``, ``SP``/``EP``, one ``KW`` per heading). JSON holds the canonical values
(pages normalised, e-locators apart) in refbridge's own field names.

Usage: ``python benchmarks/generate.py 10000 --out benchmarks/out`` (files
``gen-10000.bib``, ``.ris``, ``.json``, ``.wprim``).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from gen_pools import (
    ABSTRACT_SENTENCES,
    CORPORATE,
    DESIGNS,
    DOI_PREFIXES,
    FAMILIES,
    FAMILIES_NON_ASCII,
    GIVENS,
    INTERVENTIONS,
    JOURNALS,
    KEY_LETTERS,
    LATEX_ACCENTS,
    LATEX_MATH,
    MESH,
    MONTHS,
    PARTICLE_FAMILIES,
    POPULATIONS,
    QUALIFIERS,
    SPECIALS,
    STARTS,
    SUFFIXES,
    WPRIM_LABELS,
)
from gen_styles import (
    ETAL,
    apply_style,
    bib_comma_keywords,
    doi_text,
    ris_author,
    wos_month,
)

_ALL_SENTENCES = tuple(t for texts in ABSTRACT_SENTENCES.values() for t in texts)
_LATEX_TABLE = str.maketrans({**SPECIALS, **LATEX_ACCENTS, **LATEX_MATH})
_PLAIN_TABLE = str.maketrans(SPECIALS)
# Words with two capitals or a capital after the first letter (COVID-19, HbA1c, HER2): bibtex
# would lower-case them in a title, so they are brace-protected as Zotero does.
_ACRONYM = re.compile(r"\b[A-Za-z0-9]*[A-Z][A-Za-z0-9]*[A-Z0-9][A-Za-z0-9-]*(?<!-)")


def latex(text: str, *, accents: bool) -> str:
    """Escape the specials; with ``accents`` also write accents and Greek as LaTeX."""
    return text.translate(_LATEX_TABLE if accents else _PLAIN_TABLE)


def latex_title(text: str, *, accents: bool) -> str:
    """A title for BibTeX: acronyms brace-protected, the rest escaped."""
    out = []
    pos = 0
    for match in _ACRONYM.finditer(text):
        if not any(c.isupper() for c in match.group()[1:]) and not match.group()[0].isdigit():
            continue
        out.append(latex(text[pos : match.start()], accents=accents))
        out.append("{" + match.group() + "}")
        pos = match.end()
    out.append(latex(text[pos:], accents=accents))
    return "".join(out)


_KEY_LETTERS = str.maketrans(KEY_LETTERS)

# -- the record ----------------------------------------------------------------------------


@dataclass
class Author:
    """A generated author; ``literal`` for a corporate one."""

    family: str = ""
    given: str = ""
    particle: str = ""
    suffix: str = ""
    literal: str = ""


@dataclass
class Gen:
    """One generated record: canonical values plus the pages as each format writes them."""

    key: str
    title: str
    authors: list[Author]
    journal: str
    abbrev: str | None
    issn: str
    volume: str
    issue: str | None
    pages: str | None  # canonical
    elocation: str | None
    pages_written: str  # as the source writes it, ASCII hyphen or en dash
    year: int
    month: int | None
    day: int | None
    doi: str | None
    pmid: str | None
    language: str | None
    sections: list[tuple[str, str]]  # empty when unstructured
    abstract: str
    keywords: list[tuple[str, str | None, bool]]
    latex_accents: bool
    extra: dict[str, Any] = field(default_factory=dict)
    style: str = "zotero"  # gen_styles.STYLES
    doi_url: bool = False


def _author(rng: random.Random) -> Author:
    roll = rng.random()
    if roll < 0.01:
        return Author(literal=rng.choice(CORPORATE))
    given = rng.choice(GIVENS)
    if roll < 0.13:
        particle, family = rng.choice(PARTICLE_FAMILIES)
        return Author(family=family, given=given, particle=particle)
    family = rng.choice(FAMILIES_NON_ASCII) if roll < 0.45 else rng.choice(FAMILIES)
    suffix = rng.choice(SUFFIXES) if rng.random() < 0.015 else ""
    return Author(family=family, given=given, suffix=suffix)


def _pages(rng: random.Random) -> tuple[str | None, str | None, str, str | None]:
    """(canonical pages, elocation, written form, issue override)."""
    first = rng.randint(100, 3000)
    length = rng.randint(3, 14)
    last = first + length
    shape = rng.randrange(10)
    if shape in (0, 1):  # MEDLINE style: 2984-92, 1199-203 (the digits the last page shares are left out)
        if shape == 1:
            first = rng.randint(10, 99) * 100 + rng.randint(95, 99)
            last = first + rng.randint(5, 9)
        return f"{first}-{last}", None, f"{first}-{_medline_last(str(first), str(last))}", None
    if shape == 2:  # S12-S19
        a = rng.randint(1, 80)
        b = a + rng.randint(2, 9)
        return f"S{a}-S{b}", None, f"S{a}-S{b}", f"Suppl {rng.randint(1, 3)}"
    if shape == 3:  # S12-9
        a = rng.randint(10, 80)
        b = a + rng.randint(1, 8)
        if str(b)[:-1] != str(a)[:-1]:
            return f"S{a}-S{b}", None, f"S{a}-S{b}", f"Suppl {rng.randint(1, 3)}"
        return f"S{a}-S{b}", None, f"S{a}-{str(b)[-1]}", f"Suppl {rng.randint(1, 3)}"
    if shape == 4:  # e-locator
        loc = f"e0{rng.randint(100000, 299999)}"
        return None, loc, loc, None
    if shape == 5:  # pp. 12-19
        a = rng.randint(1, 99)
        b = a + rng.randint(2, 9)
        return f"{a}-{b}", None, f"pp. {a}-{b}", None
    if shape == 6:  # en dash
        return f"{first}-{last}", None, f"{first}–{last}", None
    if shape == 7:  # single page
        return str(first), None, str(first), None
    return f"{first}-{last}", None, f"{first}-{last}", None


def _medline_last(first: str, last: str) -> str:
    """The last page without the leading digits it shares with the first (2984, 2992 → 92)."""
    if len(first) != len(last):
        return last
    common = 0
    while common < len(last) - 1 and first[common] == last[common]:
        common += 1
    return last[common:]


def _abstract(rng: random.Random, intervention: str, population: str) -> tuple[str, list[tuple[str, str]]]:
    """An abstract of 150-250 words; a third are structured (then also returned as sections)."""
    target = rng.randint(150, 225)  # the last sentence (at most ~20 words) may pass it
    values = {"i": intervention, "p": population}

    def fill(template: str) -> str:
        text = template.format(
            n=rng.randint(40, 4000),
            y=rng.randint(2005, 2018),
            y2=rng.randint(2019, 2024),
            d=rng.choice((28, 90, 180, 360)),
            hr=f"0.{rng.randint(40, 95)}",
            lo=f"0.{rng.randint(20, 60)}",
            hi=f"{rng.randint(1, 3)}.{rng.randint(0, 9)}",
            pc=rng.randint(5, 95),
            pv=rng.randint(1, 49),
            c=rng.randint(100, 9000),
            v=rng.randint(2, 99),
            **values,
        )
        # Capitalise a sentence that starts with the intervention, but never a Greek letter.
        return text[0].upper() + text[1:] if text[0].isascii() else text

    if rng.random() < 0.33:
        pools = {label: rng.sample(texts, len(texts)) for label, texts in ABSTRACT_SENTENCES.items()}
        chosen: dict[str, list[str]] = {label: [] for label in ABSTRACT_SENTENCES}
        words = 0
        # Fill the sections round-robin, each sentence at most once, until the budget is used.
        while words < target and any(pools.values()):
            for label, pool in pools.items():
                if pool and words < target:
                    sentence = fill(pool.pop())
                    chosen[label].append(sentence)
                    words += len(sentence.split())
        sections = [(label, " ".join(texts)) for label, texts in chosen.items() if texts]
        return "\n".join(f"{label}: {text}" for label, text in sections), sections
    pool = rng.sample(_ALL_SENTENCES, len(_ALL_SENTENCES))
    sentences: list[str] = []
    words = 0
    while words < target and pool:
        sentence = fill(pool.pop())
        sentences.append(sentence)
        words += len(sentence.split())
    return " ".join(sentences), []


def make_record(rng: random.Random, keys: dict[str, int]) -> Gen:
    """Draw one record from ``rng``; ``keys`` counts cite keys to keep them unique."""
    authors = [_author(rng) for _ in range(min(12, 1 + int(rng.expovariate(1 / 4))))]
    intervention = rng.choice(INTERVENTIONS)
    population = rng.choice(POPULATIONS)
    title = f"{rng.choice(STARTS)} {intervention} {population}{rng.choice(DESIGNS)}"
    journal, abbrev, issn = rng.choice(JOURNALS)
    pages, elocation, written, supplement = _pages(rng)
    volume = str(rng.randint(1, 160))
    issue = supplement or (str(rng.randint(1, 24)) if rng.random() < 0.85 else None)
    year = rng.randint(1995, 2025)
    month = rng.randint(1, 12) if rng.random() < 0.8 else None
    day = rng.randint(1, 28) if month and rng.random() < 0.3 else None
    doi = None
    if rng.random() < 0.9:
        if journal == "PLoS ONE":
            doi = f"10.1371/journal.pone.{elocation[1:] if elocation else rng.randint(1000000, 2999999)}"
        else:
            doi = f"{rng.choice(DOI_PREFIXES)}{year}{rng.randint(1000, 99999)}"
    pmid = str(rng.randint(10_000_000, 40_999_999)) if rng.random() < 0.7 else None
    abstract, sections = _abstract(rng, intervention, population)
    keywords: list[tuple[str, str | None, bool]] = []
    for term in rng.sample(MESH, rng.randint(3, 12)):
        qualifier = rng.choice(QUALIFIERS) if rng.random() < 0.35 else None
        keywords.append((term, qualifier, rng.random() < 0.25))
    first = authors[0]
    stem = (first.family or first.literal.split()[0]).lower()
    stem = unicodedata.normalize("NFKD", stem.translate(_KEY_LETTERS))
    stem = re.sub(r"[^a-z]", "", stem.encode("ascii", "ignore").decode()) or "anon"
    word = re.sub(r"[^a-z]", "", title.split(maxsplit=1)[0].lower())
    key = f"{stem}{year}{word}"
    count = keys.get(key, 0)
    keys[key] = count + 1
    if count:
        key += _suffix(count)
    rec = Gen(
        key=key,
        title=title,
        authors=authors,
        journal=journal,
        abbrev=abbrev if rng.random() < 0.6 else None,
        issn=issn,
        volume=volume,
        issue=issue,
        pages=pages,
        elocation=elocation,
        pages_written=written,
        year=year,
        month=month,
        day=day,
        doi=doi,
        pmid=pmid,
        language="eng" if rng.random() < 0.5 else None,
        sections=sections,
        abstract=abstract,
        keywords=keywords,
        latex_accents=rng.random() < 0.5,
    )
    apply_style(rng, rec, Author)
    return rec


def _suffix(count: int) -> str:
    """a, b, ..., z, aa, ab, ... for the 1st, 2nd, ... duplicate of a cite key."""
    letters = ""
    while True:
        count, rem = divmod(count - 1, 26)
        letters = chr(ord("a") + rem) + letters
        if count == 0:
            return letters


def heading(term: str, qualifier: str | None, major: bool) -> str:
    """A MeSH heading as text: ``Term/qualifier*``."""
    return term + (f"/{qualifier}" if qualifier else "") + ("*" if major else "")


# -- writers -------------------------------------------------------------------------------


def bibtex_entry(rec: Gen) -> str:
    """One ``@article`` entry, valid for bibtex and biber."""
    acc = rec.latex_accents
    names = []
    for a in rec.authors:
        if a.literal == ETAL:
            names.append(ETAL)  # BibTeX's et al.
            continue
        if a.literal:
            names.append("{" + latex(a.literal, accents=acc) + "}")
            continue
        family = latex(f"{a.particle} {a.family}".strip(), accents=acc)
        parts = [family] + ([a.suffix] if a.suffix else []) + [latex(a.given, accents=acc)]
        names.append(", ".join(parts))
    fields: list[tuple[str, str]] = [
        ("author", " and ".join(names)),
        ("title", latex_title(rec.title, accents=acc)),
    ]
    if rec.style == "mathscinet" and rec.abbrev:
        fields.append(("journal", latex(rec.abbrev, accents=acc)))
        fields.append(("fjournal", latex(rec.journal, accents=acc)))
    else:
        fields.append(("journal", latex(rec.journal, accents=acc)))
        if rec.abbrev:
            name = "journal-iso" if rec.style == "wos" else "shortjournal"
            fields.append((name, latex(rec.abbrev, accents=acc)))
    fields.append(("year", str(rec.year)))
    fields.append(("volume", rec.volume))
    if rec.issue:
        fields.append(("number", rec.issue))
    fields.append(("pages", rec.pages_written.replace("-", "--")))
    if rec.doi:
        fields.append(("doi", doi_text(rec.doi, rec.doi_url)))
    if rec.pmid:
        fields.append(("pmid", rec.pmid))
    fields.append(("issn", rec.issn))
    if rec.language:
        fields.append(("language", "english"))
    # A blank line between sections: a paragraph break to BibTeX (and to refbridge).
    fields.append(("abstract", latex(rec.abstract, accents=acc).replace("\n", "\n\n")))
    headings = [heading(*k) for k in rec.keywords]
    if rec.style == "wos":  # one ';' list, commas inside headings (Web of Science, PubMed-derived)
        fields.append(("keywords", latex("; ".join(headings), accents=acc)))
    else:
        fields.append(("keywords", ", ".join(latex(h, accents=acc) for h in bib_comma_keywords(headings))))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    month = f",\n  month = {MONTHS[rec.month - 1]}" if rec.month else ""
    if rec.style == "wos" and rec.month:
        month = f",\n  month = {{{wos_month(rec.month, rec.day)}}}"
    elif rec.day:
        month += f",\n  day = {rec.day}"
    return f"@article{{{rec.key},\n{body}{month}\n}}\n\n"


def ris_entry(rec: Gen) -> str:
    """One Zotero-style RIS record (CRLF line ends)."""
    screening = rec.style == "screening"
    lines = ["TY  - Journal Article" if screening else "TY  - JOUR", f"TI  - {rec.title}"]
    for a in rec.authors:
        if a.literal == ETAL:
            continue  # RIS has no et al.
        if a.literal:
            lines.append(f"AU  - {a.literal}")
        else:
            family = f"{a.particle} {a.family}".strip()
            lines.append(f"AU  - {ris_author(family, a.given, a.suffix, screening)}")
    lines.append(f"T2  - {rec.journal}")
    lines.append(f"AB  - {rec.abstract}".replace("\n", "\r\n"))
    date = (
        f"{rec.year}/{rec.month:02d}/{rec.day:02d}/"
        if rec.day
        else (f"{rec.year}/{rec.month:02d}//" if rec.month else f"{rec.year}///")
    )
    lines.append(f"DA  - {date}")
    lines.append(f"PY  - {rec.year}")
    if rec.doi:
        lines.append(f"DO  - {doi_text(rec.doi, rec.doi_url)}")
    if rec.issue:
        lines.append(f"IS  - {rec.issue}")
    if rec.abbrev:
        lines.append(f"J2  - {rec.abbrev}")
    if rec.language:
        lines.append(f"LA  - {rec.language}")
    lines.append(f"SN  - {rec.issn}")
    written = rec.pages_written
    if "–" in written or written.startswith("pp."):
        lines.append(f"SP  - {written}")
    else:
        first, _, last = written.partition("-")
        lines.append(f"SP  - {first}")
        if last:
            lines.append(f"EP  - {last}")
    lines.append(f"VL  - {rec.volume}")
    if rec.pmid:
        lines.append("DB  - PubMed")
        lines.append(f"AN  - {rec.pmid}")
    if screening:
        lines.append("KW  - " + "; ".join(heading(*k) for k in rec.keywords))
    else:
        lines.extend(f"KW  - {heading(*k)}" for k in rec.keywords)
    lines.append("ER  - ")
    return "\r\n".join(lines) + "\r\n\r\n"


def wprim_entry(rec: Gen, number: int) -> str:
    """One record as copied from a WPRIM search-result page (see samples/)."""
    names = []
    for a in rec.authors:
        if a.literal == ETAL:
            continue
        if a.literal:
            names.append(a.literal)
        else:
            parts = [a.given] + ([a.particle] if a.particle else []) + [a.family.upper()]
            names.append(" ".join(parts) + (f" {a.suffix}" if a.suffix else ""))
    issue = f"({rec.issue})" if rec.issue else ""
    written = rec.pages_written.removeprefix("pp. ")
    lines = [
        f"{number}.{rec.title}",
        " ; ".join(names),
        f"{rec.journal} {rec.year};{rec.volume}{issue}:{written}",
    ]
    if rec.sections:
        if number % 2:
            for label, text in rec.sections:
                lines.append(WPRIM_LABELS[label] + ":")
                lines.append(text)
        else:
            lines.append("".join(f"{label}:{text}" for label, text in rec.sections))
    else:
        lines.append(rec.abstract)
    lines.append("\n;\n".join(heading(*k) for k in rec.keywords))
    return "\n".join(lines) + "\n"


def json_object(rec: Gen) -> dict[str, Any]:
    """The record in refbridge's JSON field names, with canonical values."""
    authors: list[dict[str, str]] = []
    for a in rec.authors:
        if a.literal:
            authors.append({"literal": a.literal})
            continue
        person = {"family": a.family, "given": a.given}
        if a.particle:
            person["particle"] = a.particle
        if a.suffix:
            person["suffix"] = a.suffix
        authors.append(person)
    issued: dict[str, int] = {"year": rec.year}
    if rec.month:
        issued["month"] = rec.month
    if rec.day:
        issued["day"] = rec.day
    obj: dict[str, Any] = {
        "type": "article-journal",
        "key": rec.key,
        "title": rec.title,
        "authors": authors,
        "container_title": rec.journal,
    }
    if rec.abbrev:
        obj["container_title_short"] = rec.abbrev
    obj["volume"] = rec.volume
    if rec.issue:
        obj["issue"] = rec.issue
    if rec.pages:
        obj["pages"] = rec.pages
    if rec.elocation:
        obj["elocation"] = rec.elocation
    obj["issued"] = issued
    if rec.doi:
        obj["doi"] = rec.doi
    obj["issn"] = [rec.issn]
    if rec.pmid:
        obj["pmid"] = rec.pmid
    if rec.language:
        obj["language"] = rec.language
    obj["abstract"] = rec.abstract
    if rec.sections:
        obj["abstract_sections"] = [{"label": label, "text": text} for label, text in rec.sections]
    obj["keywords"] = [
        {k: v for k, v in (("term", t), ("qualifier", q), ("major", m), ("vocabulary", "MeSH")) if v}
        for t, q, m in rec.keywords
    ]
    return obj


# -- files ---------------------------------------------------------------------------------

FORMATS: dict[str, str] = {"bibtex": "bib", "ris": "ris", "json": "json", "wprim": "wprim"}


def records(count: int, seed: int) -> Iterator[Gen]:
    """The first ``count`` records of the stream for ``seed`` (a prefix of any longer run)."""
    rng = random.Random(seed)
    keys: dict[str, int] = {}
    for _ in range(count):
        yield make_record(rng, keys)


def write_files(
    count: int,
    out: Path,
    seed: int = 20251126,
    formats: tuple[str, ...] = tuple(FORMATS),
    stem: str | None = None,
) -> dict[str, Path]:
    """Write ``count`` records in each format to ``out``; return format → path."""
    out.mkdir(parents=True, exist_ok=True)
    stem = stem or f"gen-{count}"
    paths = {fmt: out / f"{stem}.{FORMATS[fmt]}" for fmt in formats}
    # newline="" everywhere: the writers put exactly the line ends they mean (RIS: CRLF).
    handles: dict[str, TextIO] = {
        fmt: path.open("w", encoding="utf-8", newline="") for fmt, path in paths.items()
    }
    writers: dict[str, Callable[[Gen, int], str]] = {
        "bibtex": lambda rec, n: bibtex_entry(rec),
        "ris": lambda rec, n: ris_entry(rec),
        "wprim": wprim_entry,
        "json": lambda rec, n: (
            ("[\n" if n == 1 else ",\n") + json.dumps(json_object(rec), ensure_ascii=False)
        ),
    }
    try:
        for number, rec in enumerate(records(count, seed), start=1):
            for fmt, handle in handles.items():
                handle.write(writers[fmt](rec, number))
        if "json" in handles:
            handles["json"].write("\n]\n" if count else "[]\n")
        if "wprim" in handles:
            handles["wprim"].write("\nResult Analysis\nPrint\nSave\nE-mail\n")
    finally:
        for handle in handles.values():
            handle.close()
    return paths


def main(argv: list[str] | None = None) -> int:
    """Command line: ``generate.py N [--out DIR] [--seed S] [--formats bibtex,ris,...]``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="number of records")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out", help="output folder")
    parser.add_argument("--seed", type=int, default=20251126)
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated: " + ", ".join(FORMATS))
    args = parser.parse_args(argv)
    formats = tuple(f for f in args.formats.split(",") if f)
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        parser.error(f"unknown format(s): {', '.join(unknown)}")
    for fmt, path in write_files(args.count, args.out, args.seed, formats).items():
        print(f"{fmt}: {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
