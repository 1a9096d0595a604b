"""Journal names that are already abbreviations (issue 19): kept, never re-abbreviated.

Physics, chemistry and engineering .bib files (APS, ACS, Wiley, IEEE, MathSciNet) give
``journal = {Phys. Rev. Lett.}``; the LTWA rules used to turn its periods into commas.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from refbridge_plugins import journals
from refbridge_plugins.journals.recognise import looks_abbreviated, restore_periods
from refbridge_plugins.journals.style import journal_key

import refbridge
from refbridge.context import Context
from refbridge.model import Record
from refbridge.registry import resolve_options
from refbridge.session import Session

DATA = Path(__file__).resolve().parents[1] / "data"
LISTS = ("acs", "general", "ieee", "medicus")


def make(**options: Any) -> tuple[Callable[[Record], Record | None], Context]:
    """The transform's step for one run with these options, and its context."""
    resolved = resolve_options(journals.OPTIONS, options, "journal-abbreviation")
    context = Context("journal-abbreviation", filename=None, options=resolved)
    return journals.make_step(context), context


def journal(name: str, **options: Any) -> tuple[str | None, str | None, list[str]]:
    """(full name, abbreviation, diagnostic codes) after the transform, for one name."""
    step, context = make(**options)
    result = step(Record(container_title=name))
    assert result is not None
    return result.container_title, result.container_title_short, [d.code for d in context.sink]


@pytest.mark.parametrize("name", LISTS)
def test_every_abbreviation_of_jabrefs_lists_is_kept_and_expanded(shared_dir: Path, name: str) -> None:
    """Each row's abbreviation given as the journal name comes back unchanged as the
    abbreviation, and as the full name where the list maps it (one list per run, as a
    user gives it; all rows in this process)."""
    path = shared_dir / "data" / "abbrv" / f"journal_abbreviations_{name}.csv"
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = [(row[0].strip(), row[1].strip()) for row in csv.reader(stream) if len(row) > 1 and row[1]]
    # What the list maps each abbreviation to, found independently of the plugin: the
    # full names of every row with that abbreviation (by the plugin's loose key).
    fulls: dict[str, set[str]] = defaultdict(set)
    for full, abbreviation in rows:
        fulls[journal_key(abbreviation)].add(full)
    step, context = make(lists=[str(path)])
    ambiguous = 0
    for full, abbreviation in rows:
        result = step(Record(container_title=abbreviation))
        assert result is not None
        assert result.container_title_short == abbreviation, (full, abbreviation)
        candidates = fulls[journal_key(abbreviation)]
        if len({journal_key(c) for c in candidates}) == 1:
            assert result.container_title in candidates, (full, abbreviation)
        else:  # the list maps it to two journals: reported, the name left as it was
            ambiguous += 1
            assert result.container_title == abbreviation
    assert "," not in "".join(d.message for d in context.sink if d.code == "RB600")
    assert {d.code for d in context.sink} <= {"RB601", "RB602", "RB607", "RB608"}
    print(f"\n{name}: {len(rows)} rows, {ambiguous} abbreviations mapped to two journals")
    assert len(rows) > 250


def test_all_four_lists_at_once_keep_every_abbreviation(shared_dir: Path) -> None:
    """Given together (one tier, where lists overlap and disagree), still no row's
    abbreviation is changed, and the full name is always one of the rows' for it."""
    paths = sorted((shared_dir / "data" / "abbrv").glob("journal_abbreviations_*.csv"))
    rows: list[tuple[str, str]] = []
    for path in paths:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            rows += [(r[0].strip(), r[1].strip()) for r in csv.reader(stream) if len(r) > 1 and r[1].strip()]
    fulls: dict[str, set[str]] = defaultdict(set)
    for full, abbreviation in rows:
        fulls[journal_key(abbreviation)].add(journal_key(full))
    step, _ = make(lists=[str(path) for path in paths])
    for _full, abbreviation in rows:
        result = step(Record(container_title=abbreviation))
        assert result is not None
        assert result.container_title_short == abbreviation
        got = journal_key(result.container_title or "")
        assert got in fulls[journal_key(abbreviation)] or result.container_title == abbreviation
    assert len(rows) == 7075


@pytest.mark.parametrize(
    ("name", "full"),
    [
        ("Phys. Rev. Lett.", "Physical Review Letters"),
        ("J. Am. Chem. Soc.", "Journal of the American Chemical Society"),
        ("N. Engl. J. Med.", "New England Journal of Medicine"),
        ("Angew. Chem. Int. Ed.", "Angewandte Chemie, International Edition"),
        ("Angew. Chem., Int. Ed.", "Angewandte Chemie, International Edition"),
        (
            "Phys. Rev. B: Condens. Matter Mater. Phys.",
            "Physical Review B: Condensed Matter and Materials Physics",
        ),
        ("J. Phys. Chem. C", "Journal of Physical Chemistry C"),
        ("Nano Lett.", "Nano Letters"),
        ("Electrochim. Acta", "Electrochimica Acta"),
    ],
)
def test_issue_examples_keep_their_periods_and_get_the_full_name(
    shared_dir: Path, name: str, full: str
) -> None:
    acs = str(shared_dir / "data" / "abbrv" / "journal_abbreviations_acs.csv")
    assert journal(name, lists=[acs])[:2] == (full, name)
    # Without a list that knows it, the name is still kept as the abbreviation.
    assert journal(name)[:2] == (name, name)


@pytest.mark.parametrize("style", ["iso4", "nlm", "dotless"])
@pytest.mark.parametrize(
    "name",
    [
        "Phys. Rev. Lett.",
        "N. Engl. J. Med.",
        "Angew. Chem. Int. Ed.",
        "IEEE Trans. on Circuits and Systems",
        "IEEE Trans. Antennas Propag.",
        "Ann. of Math. (2)",
        "Trans. Amer. Math. Soc.",
        "J. Phys.: Condens. Matter",
        "Z. Phys.",
        "Nucl. Fusion",
    ],
)
def test_abbreviations_by_their_form_are_kept_in_every_style(name: str, style: str) -> None:
    full, short, codes = journal(name, style=style)
    assert (full, short) == (name, name)
    assert codes == ["RB608"]


def test_the_ltwa_rules_never_write_a_comma_for_a_period() -> None:
    # Names the form test misses (one long dotted word): pyiso4 wrote "Electrochim, Acta".
    assert journal("Electrochim. Acta") == ("Electrochim. Acta", "Electrochim. Acta", ["RB608"])
    assert journal("Biomol. Concepts")[1] == "Biomol. Concepts"
    assert restore_periods("AJR. American Journal", "AJR, Am. J.") == "AJR. Am. J."
    assert restore_periods("Combust. Flame", "Combust, Flame") == "Combust. Flame"
    # A full name is still abbreviated by the rules, sections and all.
    assert journal("Journal of Chemical Physics")[1] == "J. Chem. Phys."


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Phys. Rev. Lett.", True),
        ("IEEE Trans. on Circuits and Systems", True),
        ("Rev. Mod. Phys.", True),
        ("Chin. Med. J.", True),
        ("Pharmacology Biochemistry and Behavior.", True),
        ("Physical Review Letters", False),
        ("Science (New York, N.Y.)", False),
        ("Acta Radiologica. Supplementum", False),
        ("Nature", False),
        ("Journal of Physics: Condensed Matter", False),
    ],
)
def test_form_of_an_abbreviation(name: str, expected: bool) -> None:
    assert looks_abbreviated(name) is expected


def test_a_listed_full_name_is_still_abbreviated_and_its_own_abbreviation_kept(shared_dir: Path) -> None:
    # The built-in list knows PNAS: its full name is filled.
    assert journal("Proc. Natl. Acad. Sci. U.S.A.")[:2] == (
        "Proceedings of the National Academy of Sciences of the United States of America",
        "Proc. Natl. Acad. Sci. U.S.A.",
    )
    medicus = str(shared_dir / "data" / "abbrv" / "journal_abbreviations_medicus.csv")
    # "Oncology" is both a journal abbreviated "Oncology (Huntingt)" and one abbreviated "Oncology".
    assert journal("Oncology", lists=[medicus])[:2] == ("Oncology", "Oncology")
    assert journal("Oncology (Huntingt)", lists=[medicus])[:2] == ("Oncology", "Oncology (Huntingt)")
    assert journal("Academic Medicine", lists=[medicus])[:2] == ("Academic Medicine", "Acad Med")
    assert journal("Acad Med", lists=[medicus])[:2] == ("Academic Medicine", "Acad Med")
    # The existing abbreviation is kept, and the full name is untouched, as before.
    step, _ = make(lists=[medicus])
    record = Record(container_title="Phys. Rev. Lett.", container_title_short="PRL")
    assert step(record) is record


def test_idempotent_on_abbreviated_names(shared_dir: Path) -> None:
    acs = str(shared_dir / "data" / "abbrv" / "journal_abbreviations_acs.csv")
    step, _ = make(lists=[acs], reabbreviate=True)
    once = step(Record(container_title="J. Am. Chem. Soc."))
    assert once is not None
    assert step(once) == once
    assert (once.container_title, once.container_title_short) == (
        "Journal of the American Chemical Society",
        "J. Am. Chem. Soc.",
    )


def test_physics_and_chemistry_bib_to_ris(shared_dir: Path) -> None:
    """A .bib built like APS, ACS, Wiley, IEEE, MathSciNet, Web of Science and Scopus
    exports, through to RIS: every T2/J2 keeps its periods; the full names come from the
    lists, MathSciNet's ``fjournal``, and the exports' own abbreviation fields."""
    lists = [str(shared_dir / "data" / "abbrv" / f"journal_abbreviations_{n}.csv") for n in ("acs", "ieee")]
    session = Session(options={"journal-abbreviation": {"lists": lists}})
    path = DATA / "bibtex" / "physics-chemistry.bib"
    records = list(refbridge.read(path, "bibtex", session=session, transform=True))
    stream = io.StringIO()
    refbridge.write(records, stream, "ris", session=session)
    journals_out = [line[6:] for line in stream.getvalue().splitlines() if line[:2] in ("T2", "J2")]
    assert journals_out == [
        "Physical Review Letters", "Phys. Rev. Lett.",
        "Journal of the American Chemical Society", "J. Am. Chem. Soc.",
        "Angewandte Chemie, International Edition", "Angew. Chem. Int. Ed.",
        "IEEE Trans. on Circuits and Systems", "IEEE Trans. on Circuits and Systems",
        "Annals of Mathematics. Second Series", "Ann. of Math. (2)",  # fjournal
        "NEW ENGLAND JOURNAL OF MEDICINE", "N. Engl. J. Med.",  # Web of Science's Journal-ISO
        "Physical Review B", "Phys. Rev. B",  # Scopus's abbrev_source_title
    ]  # fmt: skip
    assert "," not in "".join(journals_out[1::2])
