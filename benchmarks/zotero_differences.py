"""Why a field value differs between Zotero's import of an original file and of refbridge's
conversion of it: the explained kinds of difference (``benchmarks/zotero_agreement.py``).

Each kind is a test on the two values (and the two items) that holds only for that kind
of difference; a difference no test explains is counted as unexplained and listed. The
kinds are Zotero behaviours no converter can avoid (its BibTeX import leaves LaTeX
undecoded, splits keywords at commas, keeps a DOI URL in the DOI field), target formats
without a place Zotero reads, and refbridge's deliberate choices (a bare DOI, a PMID
where Zotero's PubMed import puts it, the default transforms). README.md lists them.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Any, NamedTuple

#: Kind → what it means (printed under the agreement table).
KINDS: dict[str, str] = {
    "bibtex-latex": "Zotero's BibTeX import leaves LaTeX undecoded or mangles it "
    "(\\geq, \\omega → ømega, \\leq → łeq, a $ pair stripped, − as -)",
    "bibtex-keyword-split": "Zotero's BibTeX import splits keywords at every comma or semicolon "
    "(Aged, 80 and over → Aged | 80 and over)",
    "keyword-star": "a MeSH major mark written in one notation "
    "(Neoplasms/epidemiology* for Neoplasms/*epidemiology)",
    "pmid-place": "a PMID in Extra (PMID: …, where Zotero's PubMed and BibTeX imports put it) rather than "
    "Archive + Loc. in Archive (Zotero's reading of RIS AN/DB)",
    "archive-no-bibtex-place": "RIS DB (Archive) has no BibTeX field (reported as not written, RB040)",
    "doi-bare": "the bare DOI where Zotero's BibTeX import keeps a resolver URL in the DOI field, "
    "and a publisher resolver's URL (doi.acm.org) kept as the URL",
    "et-al": "BibTeX 'and others' is a creator named 'others' to Zotero; RIS has no et al.",
    "name-parts": "the same name split differently (BibTeX's von part, a RIS name without comma)",
    "invalid-field-moved": "Zotero moved a value its item type has no field for into Extra "
    "(ISBN of an article, publication title of a book); refbridge puts it where it belongs",
    "date-form": "the same date written in another form (Mar. 2017 / 2017-03)",
    "number-form": "the same ISSNs/ISBNs with another separator or without a qualifier ((electronic)), "
    "or a number sorted by its shape (an ISSN of a conference paper) where Zotero's RIS import "
    "takes SN as the type's ISBN",
    "lone-jo": "a RIS JO without T2/JF: Zotero reads it as both journal and abbreviation, refbridge as "
    "the journal",
    "no-place": "a value the target format has no place for (BibTeX copyright: RIS has no rights tag), "
    "reported as not written",
    "journal-abbreviation": "a journal abbreviation Zotero's BibTeX import does not read (journal-iso, "
    "shortjournal), or one added by the journal-abbreviation transform",
    "pages-transform": "pages normalised by the pages transform (2984-92 → 2984-2992, pp. 86–91 → "
    "86-91), or an article number kept as pages with the transforms off (e123 → SP = EP)",
}


class Pair(NamedTuple):
    """One differing field: its name, the two values, the two items, and the items that
    Zotero's BibTeX import read."""

    name: str
    left: Any
    right: Any
    a: dict[str, Any]
    b: dict[str, Any]
    bib_sides: list[dict[str, Any]]
    direction: str = ""


#: What Zotero's BibTeX import leaves of LaTeX it does not decode: a backslash, a brace,
#: ``^2`` of ``$^2$``, and the words it breaks by decoding ``\o``/``\l`` inside them.
_LATEX_RESIDUE = re.compile(r"[\\{}^]|ømega|łeq|łe\b")
#: A character Zotero's BibTeX import gets wrong from the LaTeX written for it: ``$`` of a
#: pair, or a symbol beyond ASCII (written as a command it does not decode).
_SYMBOL = re.compile(r"[$\u0080-\uffff]")
_PMID_LINE = re.compile(r"PMID: *(\d+)")


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def classify(direction: str, name: str, a: dict[str, Any], b: dict[str, Any] | None) -> str | None:
    """The kind of the difference in field ``name`` between items ``a`` and ``b``, or None."""
    if b is None:
        return None
    source, _, target = direction.partition(" → ")
    target = target.rpartition(" → ")[2]
    bib_sides = [item for item, fmt in ((a, source), (b, target)) if fmt.startswith("bib")]
    left, right = a.get(name), b.get(name)
    for test in _TESTS.get(name, ()):
        kind: str | None = test(Pair(name, left, right, a, b, bib_sides, direction))
        if kind:
            return kind
    return None


def _words(value: Any) -> list[str]:
    """A field's words; a creator list as its names, in order."""
    if isinstance(value, list):
        value = " ".join(
            f"{c.get('firstName', '')} {c.get('lastName', '')}" for c in value if isinstance(c, dict)
        )
    return _text(value).split()


def _latex(pair: Pair) -> str | None:
    """Every differing run of words holds what Zotero's BibTeX import leaves of LaTeX, or a
    symbol it does not decode (the other side's ≥, ±, −, ²...)."""
    if not pair.bib_sides:
        return None
    left, right = _words(pair.a.get(pair.name)), _words(pair.b.get(pair.name))
    runs = [
        " ".join(left[i1:i2] + right[j1:j2])
        for op, i1, i2, j1, j2 in SequenceMatcher(None, left, right, autojunk=False).get_opcodes()
        if op != "equal"
    ]
    if runs and all(_LATEX_RESIDUE.search(run) or _SYMBOL.search(run) for run in runs):
        return "bibtex-latex"
    return None


def _tags(value: Any) -> list[str]:
    return [t["tag"] if isinstance(t, dict) else str(t) for t in value or []]


def _keyword_split(pair: Pair) -> str | None:
    left, right, bib_sides = pair.left, pair.right, pair.bib_sides

    def pieces(tags: list[str]) -> set[str]:
        return {p.strip() for t in tags for p in re.split(r"[,;]", t) if p.strip()}

    def unstarred(tags: set[str]) -> set[str]:
        return {t.replace("*", "") for t in tags}

    lt, rt = _tags(left), _tags(right)
    if bib_sides and pieces(lt) == pieces(rt):
        return "bibtex-keyword-split"
    if unstarred(set(lt)) == unstarred(set(rt)) or (
        bib_sides and unstarred(pieces(lt)) == unstarred(pieces(rt))
    ):
        return "keyword-star"
    if bib_sides and any(_LATEX_RESIDUE.search(t) for t in lt + rt):
        return "bibtex-latex"
    return None


def _pmids(item: dict[str, Any]) -> set[str]:
    return set(_PMID_LINE.findall(str(item.get("extra") or "")))


def _pmid(pair: Pair) -> str | None:
    name, left, right, a, b = pair.name, pair.left, pair.right, pair.a, pair.b
    ids = _pmids(a) | _pmids(b)
    locations = {str(x.get("archiveLocation")) for x in (a, b) if x.get("archiveLocation")}
    if not ids and not locations:
        return None
    if name in ("archive", "archiveLocation"):
        if (ids & locations) or (
            not ids and any(str(x.get("archive") or "").lower() in ("pubmed", "medline") for x in (a, b))
        ):
            return "pmid-place"
        return None
    differing = {line.strip() for line in str(left or "").splitlines()} ^ {
        line.strip() for line in str(right or "").splitlines()
    }
    differing.discard("")
    if differing and all(_PMID_LINE.fullmatch(line) for line in differing):
        return "pmid-place"
    return None


def _archive(pair: Pair) -> str | None:
    # Through BibTeX: a conversion to it, or a round trip that passes it.
    return "archive-no-bibtex-place" if pair.left and not pair.right and "bib" in pair.direction else None


def _doi(pair: Pair) -> str | None:
    name, left, right, a, b = pair.name, pair.left, pair.right, pair.a, pair.b

    def bare(value: Any) -> str:
        match = re.search(r"10\.\d{4,9}/\S+", str(value or ""))
        return match.group(0).lower() if match else ""

    if name == "DOI" and left and right and bare(left) == bare(right):
        return "doi-bare"
    if name == "url":
        url = right or left
        if url and bare(url) and bare(url) in (bare(a.get("DOI")), bare(b.get("DOI"))):
            return "doi-bare"
    return None


def _creators(pair: Pair) -> str | None:
    left, right, bib_sides = pair.left, pair.right, pair.bib_sides

    def names(value: Any, drop_others: bool) -> list[tuple[str, str]]:
        people = [
            c
            for c in value or []
            if not (drop_others and c.get("lastName") == "others" and not c.get("firstName"))
        ]
        return [
            (c.get("creatorType", ""), " ".join(f"{c.get('firstName', '')} {c.get('lastName', '')}".split()))
            for c in people
        ]

    def words(value: Any) -> list[tuple[str, frozenset[str]]]:
        return [(t, frozenset(n.replace(",", " ").split())) for t, n in names(value, True)]

    if bib_sides and names(left, True) == names(right, True) and names(left, False) != names(right, False):
        return "et-al"
    if words(left) == words(right):
        return "name-parts"
    return None


def _moved(pair: Pair) -> str | None:
    left, right = pair.left, pair.right
    lines = {line.strip() for line in str(left or "").splitlines()} ^ {
        line.strip() for line in str(right or "").splitlines()
    }
    lines.discard("")
    if lines and all(re.match(r"(ISBN|Publication Title|Type|Issue|Number): ", line) for line in lines):
        return "invalid-field-moved"
    return _pmid(pair)


def _issn(pair: Pair) -> str | None:
    left, right, a, b = pair.left, pair.right, pair.a, pair.b
    moved = any(re.match(r"ISBN: ", line) for line in str(a.get("extra") or "").splitlines())
    if moved:
        return "invalid-field-moved"

    def numbers(value: Any) -> list[str]:
        return re.findall(r"[0-9Xx-]{8,}", re.sub(r"\(.*?\)", "", str(value or "")))

    if left and right and numbers(left) == numbers(right):
        return "number-form"
    mine = {n for x in (a, b) for n in numbers(x.get("ISSN")) + numbers(x.get("ISBN"))}
    if (left or right) and numbers(left or right)[0] in mine and (a.get("ISBN") or a.get("ISSN")):
        return "number-form"
    return None


_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


def _date(pair: Pair) -> str | None:
    left, right = pair.left, pair.right

    def parts(value: Any) -> tuple[str, int]:
        text = str(value or "").lower()
        year = re.search(r"\b(\d{4})\b", text)
        month = re.search(r"\b\d{4}-(\d{2})\b", text)
        named = next((n for m, n in _MONTHS.items() if re.search(rf"\b{m}", text)), 0)
        return (year.group(1) if year else "", int(month.group(1)) if month else named)

    return "date-form" if left and right and parts(left) == parts(right) else None


def _abbreviation(pair: Pair) -> str | None:
    left, right, a = pair.left, pair.right, pair.a
    if right and not left:
        return "journal-abbreviation"
    if left and not right and left == a.get("publicationTitle"):
        return "lone-jo"
    return None


def _no_place(pair: Pair) -> str | None:
    return "no-place" if pair.left and not pair.right else None


def _plain_pages(text: str) -> str:
    """Pages without a ``pp.`` prefix, a range of one page as that page."""
    text = re.sub(r"^pp?\.\s*", "", text)
    first, _, last = text.partition("-")
    return first if first == last else text


def _pages(pair: Pair) -> str | None:
    left, right = pair.left, pair.right
    before, after = _text(left).replace("–", "-"), _text(right).replace("–", "-")
    if before and after == f"{before}-{before}":
        return "pages-transform"  # an article number as pages, transforms off: SP = EP
    if _plain_pages(before) == _plain_pages(after):
        return "pages-transform"  # pp. 86–91 → 86-91, 14–14 → 14
    first, _, last = before.partition("-")
    new_first, _, new_last = after.partition("-")
    if last and new_first == first and new_last.endswith(last) and len(new_last) > len(last):
        return "pages-transform"  # 2984-92 → 2984-2992
    return None


#: Zotero field → the tests that may explain a difference in it, tried in order.
_TESTS: dict[str, tuple[Any, ...]] = {
    "title": (_latex,),
    "abstractNote": (_latex,),
    "publicationTitle": (_latex,),
    "tags": (_keyword_split,),
    "extra": (_moved,),
    "archive": (_pmid, _archive),
    "archiveLocation": (_pmid, _archive),
    "DOI": (_doi,),
    "url": (_doi,),
    "creators": (_creators, _latex),
    "ISSN": (_issn,),
    "ISBN": (_issn,),
    "date": (_date,),
    "journalAbbreviation": (_abbreviation,),
    "pages": (_pages,),
    "rights": (_no_place,),
}
