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

from refbridge.languages import language_code

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
    "no-place": "a value the target format has no place for (a library catalog in BibTeX, rights in "
    "EndNote XML), reported as not written",
    "journal-abbreviation": "a journal abbreviation Zotero's BibTeX import does not read (journal-iso, "
    "shortjournal), or one added by the journal-abbreviation transform",
    "pages-transform": "pages normalised by the pages transform (2984-92 → 2984-2992, pp. 86–91 → "
    "86-91), or an article number kept as pages with the transforms off (e123 → SP = EP)",
    "language-code": "the same language as another code (eng / en)",
    "abstract-labels": "a structured abstract's labels in normal case (BACKGROUND: → Background:, "
    "refbridge's documented normalisation)",
    "name-form": "the same creators, where Zotero's PubMed imports add periods to initials (MJ → "
    "M. J.), and in another order of roles (refbridge's RIS lists authors first)",
    "mesh-detail": "MeSH headings with their qualifiers and major marks, and the PubMed publication "
    "types, as tags, where Zotero's PubMed imports keep only the descriptor names",
    "pubmed-title-form": "the title or journal as PubMed has it, where Zotero's PubMed XML import "
    "drops the title's final period or title-cases the journal (London, England qualifier dropped)",
    "extra-to-field": "an identifier as Zotero's Extra line (PMID: …, PMCID: …), where Zotero's PubMed "
    "XML import fills its field: Zotero moves such lines into the field when it saves the item",
    "type-no-place": "an item type Zotero's import of the target format cannot give (RIS: preprint, "
    "interview, podcast, standard...; BibTeX also magazine, newspaper and blog articles, dataset)",
    "import-missed": "a value of the original file that Zotero's import of it misses (several TI "
    "lines, AID doi:…, a book's ISBN) and refbridge reads; every word of it is in the file",
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
    #: The original file's text, whitespace-normalised and lower case ("" when not given).
    original: str = ""


#: What Zotero's BibTeX import leaves of LaTeX it does not decode: a backslash, a brace,
#: ``^2`` of ``$^2$``, and the words it breaks by decoding ``\o``/``\l`` inside them.
_LATEX_RESIDUE = re.compile(r"[\\{}^]|ømega|łeq|łe\b")
#: A character Zotero's BibTeX import gets wrong from the LaTeX written for it: ``$`` of a
#: pair, or a symbol beyond ASCII (written as a command it does not decode).
_SYMBOL = re.compile(r"[$\u0080-\uffff]")
_PMID_LINE = re.compile(r"PMID: *(\d+)")


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def classify(
    direction: str, name: str, a: dict[str, Any], b: dict[str, Any] | None, original: str = ""
) -> str | None:
    """The kind of the difference in field ``name`` between items ``a`` and ``b``, or None;
    ``original`` is the original file's text, for the kind that needs it (``import-missed``)."""
    if b is None:
        return None
    source, _, target = direction.partition(" → ")
    target = target.rpartition(" → ")[2]
    bib_sides = [item for item, fmt in ((a, source), (b, target)) if fmt.startswith("bib")]
    left, right = a.get(name), b.get(name)
    pair = Pair(name, left, right, a, b, bib_sides, direction, " ".join(original.lower().split()))
    for test in (*_TESTS.get(name, ()), _extra_to_field, _import_missed):
        kind: str | None = test(pair)
        if kind:
            return kind
    return None


def _differing_lines(left: Any, right: Any) -> set[str]:
    """The non-empty lines (``extra``) that one value has and the other has not."""
    lines = {line.strip() for line in str(left or "").splitlines()}
    lines ^= {line.strip() for line in str(right or "").splitlines()}
    lines.discard("")
    return lines


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
    differing = _differing_lines(left, right)
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
    lines = _differing_lines(left, right)
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
        month = re.search(r"\b\d{4}[-/](\d{2})\b", text)
        # The first month named in the text (Dec 2023-Jan 2024: December).
        found = [(hit.start(), n) for m, n in _MONTHS.items() if (hit := re.search(rf"\b{m}", text))]
        named = min(found)[1] if found else 0
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
    for short, long in ((before, after), (after, before)):  # either side may be the expanded one
        first, _, last = short.partition("-")
        new_first, _, new_last = long.partition("-")
        if last and new_first == first and new_last.endswith(last) and len(new_last) > len(last):
            return "pages-transform"  # 2984-92 → 2984-2992 (Zotero's MEDLINE import expands too)
    return None


def _language(pair: Pair) -> str | None:
    left, right = _text(pair.left), _text(pair.right)
    return "language-code" if left and right and language_code(left) == language_code(right) else None


def _abstract_labels(pair: Pair) -> str | None:
    """Only words in capitals in one abstract differ, in case only, from the other: the
    labels of a structured abstract in normal case."""
    left, right = _words(pair.left), _words(pair.right)
    if len(left) != len(right) or left == right:
        return None
    differing = [(x, y) for x, y in zip(left, right, strict=True) if x != y]
    if all(x.lower() == y.lower() and (x.isupper() or y.isupper()) for x, y in differing):
        return "abstract-labels"
    return None


def _name_form(pair: Pair) -> str | None:
    """The same creators, up to Zotero's PubMed clean-up of initials and suffixes (MJ → M. J.,
    ``J, Jr`` → ``J. Jr``), a one-field name as two fields with an empty first name, and the
    order of the roles (Zotero lists the file's order, refbridge's RIS authors first); or, in
    addition, a group author (``CN``) Zotero's import drops and the file holds."""

    def people(value: Any) -> list[tuple[str, str, str]]:
        found = [
            (c.get("creatorType", ""), c.get("lastName", ""), re.sub(r"[.,\s]", "", c.get("firstName", "")))
            for c in value or []
            if isinstance(c, dict)
        ]
        return sorted(found, key=lambda person: person[0])  # stable: each role's order kept

    left, right = people(pair.left), people(pair.right)
    if left and left == right:
        return "name-form"
    missed = [p for p in right if p not in left]
    if (
        left
        and [p for p in right if p not in missed] == left
        and all(not first and last.lower() in pair.original for _, last, first in missed)
    ):
        return "import-missed"
    return None


def _descriptor(tag: str) -> str:
    return tag.partition("/")[0].replace("*", "").strip()


def _mesh_detail(pair: Pair) -> str | None:
    left, right = _tags(pair.left), _tags(pair.right)
    if pair.bib_sides:  # Zotero's BibTeX import splits at commas: compare the pieces
        left = [p.strip() for t in left for p in t.split(",") if p.strip()]
        right = [p.strip() for t in right for p in t.split(",") if p.strip()]
    types = PUBLICATION_TYPES | {piece.strip() for t in PUBLICATION_TYPES for piece in t.split(",")}
    descriptors = {_descriptor(t) for t in left}
    added = {_descriptor(t) for t in right} - descriptors
    if descriptors <= {_descriptor(t) for t in right} and added <= types and set(left) != set(right):
        return "mesh-detail"
    return None


def _pubmed_form(pair: Pair) -> str | None:
    if not pair.direction.startswith("pubmed-xml"):
        return None
    left, right = _text(pair.left), _text(pair.right)
    if pair.name == "title" and right == left + ".":
        return "pubmed-title-form"
    unqualified = re.sub(r"\s*\([^)]*\)$", "", right)
    if pair.name == "publicationTitle" and left and unqualified.lower() == left.lower():
        return "pubmed-title-form"
    return None


_ID_LINE = re.compile(r"(PMID|PMCID): *(\S+)")


def _extra_to_field(pair: Pair) -> str | None:
    """A PMID/PMCID field on one side is the other side's Extra line."""
    fields = {name: str(x.get(name)) for x in (pair.a, pair.b) for name in ("PMID", "PMCID") if x.get(name)}
    lines = {
        (m.group(1), m.group(2))
        for x in (pair.a, pair.b)
        for m in _ID_LINE.finditer(str(x.get("extra") or ""))
    }
    if pair.name in ("PMID", "PMCID"):
        value = pair.left or pair.right
        return "extra-to-field" if (pair.name, str(value)) in lines else None
    if pair.name == "extra":
        differing = _differing_lines(pair.left, pair.right)
        matches = [_ID_LINE.fullmatch(line) for line in differing]
        if differing and all(m and fields.get(m.group(1)) == m.group(2) for m in matches):
            return "extra-to-field"
    return None


def _import_missed(pair: Pair) -> str | None:
    if not pair.original or pair.left or not pair.right or pair.name in ("itemType", "extra", "tags"):
        return None
    words = re.findall(
        r"\w+", _text(pair.right if not isinstance(pair.right, list) else _words(pair.right)).lower()
    )
    return "import-missed" if words and all(word in pair.original for word in words) else None


#: The item types Zotero's RIS import gives (RIS.js: its export type map and import type map).
RIS_IMPORT_TYPES = frozenset(
    (
        "artwork", "audioRecording", "bill", "blogPost", "book", "bookSection", "case",
        "computerProgram", "conferencePaper", "dictionaryEntry", "encyclopediaArticle", "email",
        "dataset", "document", "film", "hearing", "journalArticle", "letter", "magazineArticle",
        "manuscript", "map", "newspaperArticle", "patent", "presentation", "report", "statute",
        "thesis", "videoRecording", "webpage",
    )
)  # fmt: skip
#: The item types Zotero's BibTeX import gives (BibTeX.js: bibtex2zoteroTypeMap).
BIBTEX_IMPORT_TYPES = frozenset(
    (
        "book", "bookSection", "journalArticle", "patent", "thesis", "manuscript", "conferencePaper",
        "report", "document", "webpage", "letter", "film", "artwork", "bill", "case",
        "audioRecording", "videoRecording", "computerProgram", "encyclopediaArticle",
    )
)  # fmt: skip


def _item_type(pair: Pair) -> str | None:
    target = pair.direction.rpartition(" → ")[2]
    types = {"ris": RIS_IMPORT_TYPES, "bibtex": BIBTEX_IMPORT_TYPES}.get(target, frozenset())
    return "type-no-place" if types and pair.left not in types else None


#: PubMed's publication types (NLM's list, the ones PubMed records carry).
PUBLICATION_TYPES = frozenset(
    (
        "Journal Article", "Review", "Systematic Review", "Meta-Analysis", "Network Meta-Analysis",
        "Scoping Review", "Randomized Controlled Trial", "Randomized Controlled Trial, Veterinary",
        "Clinical Trial", "Clinical Trial, Phase I", "Clinical Trial, Phase II",
        "Clinical Trial, Phase III", "Clinical Trial, Phase IV", "Clinical Trial Protocol",
        "Clinical Trial, Veterinary", "Controlled Clinical Trial", "Pragmatic Clinical Trial",
        "Adaptive Clinical Trial", "Equivalence Trial", "Clinical Study", "Clinical Conference",
        "Multicenter Study", "Observational Study", "Observational Study, Veterinary",
        "Comparative Study", "Evaluation Study", "Validation Study", "Twin Study", "Case Reports",
        "Editorial", "Letter", "Comment", "News", "Newspaper Article", "Historical Article",
        "Biography", "Autobiography", "Portrait", "Interview", "Lecture", "Address", "Congress",
        "Consensus Development Conference", "Consensus Development Conference, NIH", "Guideline",
        "Practice Guideline", "Preprint", "Published Erratum", "Retracted Publication",
        "Retraction of Publication", "Expression of Concern", "Duplicate Publication",
        "Corrected and Republished Article", "Technical Report", "Dataset", "Video-Audio Media",
        "Webcast", "English Abstract", "Introductory Journal Article", "Bibliography",
        "Classical Article", "Festschrift", "Legal Case", "Legislation", "Overall",
        "Patient Education Handout", "Personal Narrative", "Study Guide", "Dictionary", "Directory",
        "Interactive Tutorial", "Government Publication", "Book", "Book Chapter", "Books",
        "Research Support, N.I.H., Extramural", "Research Support, N.I.H., Intramural",
        "Research Support, Non-U.S. Gov't", "Research Support, U.S. Gov't, P.H.S.",
        "Research Support, U.S. Gov't, Non-P.H.S.",
        "Research Support, American Recovery and Reinvestment Act", "Academic Dissertation",
    )
)  # fmt: skip


#: Zotero field → the tests that may explain a difference in it, tried in order.
_TESTS: dict[str, tuple[Any, ...]] = {
    "title": (_latex, _pubmed_form),
    "abstractNote": (_latex, _abstract_labels),
    "publicationTitle": (_latex, _pubmed_form),
    "tags": (_keyword_split, _mesh_detail),
    "language": (_language,),
    "itemType": (_item_type,),
    "extra": (_moved,),
    "archive": (_pmid, _archive),
    "archiveLocation": (_pmid, _archive),
    "DOI": (_doi,),
    "url": (_doi,),
    "creators": (_creators, _latex, _name_form),
    "ISSN": (_issn,),
    "ISBN": (_issn,),
    "date": (_date,),
    "journalAbbreviation": (_abbreviation,),
    "pages": (_pages,),
    "rights": (_no_place,),
}
