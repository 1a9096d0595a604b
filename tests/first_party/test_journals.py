"""The journal-abbreviation transform (issue 8): lists, built-in list, LTWA fallback."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from refbridge_plugins import journals
from refbridge_plugins.journals.lists import load_lists
from refbridge_plugins.journals.ltwa import ltwa_abbreviate
from refbridge_plugins.journals.style import journal_key, nlm_form, remove_dots

import refbridge
from refbridge.cli import cli
from refbridge.config import parse_config
from refbridge.context import Context
from refbridge.diagnostics import Diagnostic
from refbridge.errors import ConfigError
from refbridge.model import Record, SourceLocation
from refbridge.registry import resolve_options
from refbridge.session import Session

WPRIM = {
    "iso4": ["Chin. Med. J.", "Chin. J. Prim. Med. Pharm.", "Chin. J. Infect. Dis."],
    "nlm": ["Chin Med J (Engl)", "Chin J Prim Med Pharm", "Chin J Infect Dis"],
    "dotless": ["Chin Med J", "Chin J Prim Med Pharm", "Chin J Infect Dis"],
}
WPRIM_TITLES = [
    "Chinese Medical Journal",
    "Chinese Journal of Primary Medicine and Pharmacy",
    "Chinese Journal of Infectious Diseases",
]
MEDICUS = "data/abbrv/journal_abbreviations_medicus.csv"


def make(**options: Any) -> tuple[Callable[[Record], Record | None], Context]:
    """The transform's step for one run with these options, and its context."""
    resolved = resolve_options(journals.OPTIONS, options, "journal-abbreviation")
    context = Context("journal-abbreviation", filename=None, options=resolved)
    return journals.make_step(context), context


def run(record: Record, **options: Any) -> tuple[Record, list[Diagnostic]]:
    """Apply the transform to one record; return the result and the diagnostics."""
    step, context = make(**options)
    result = step(record)
    assert result is not None
    return result, list(context.sink)


def abbreviate(title: str, **options: Any) -> str | None:
    result, _ = run(Record(container_title=title), **options)
    return result.container_title_short


def write_list(path: Path, *rows: tuple[str, ...], header: str = "") -> Path:
    lines = [",".join(f'"{field}"' for field in row) for row in rows]
    path.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    return path


# -- the three WPRIM journals, every style -------------------------------------------------------


@pytest.mark.parametrize("style", ["iso4", "nlm", "dotless"])
def test_wprim_journals_in_every_style(style: str) -> None:
    got = [abbreviate(title, style=style) for title in WPRIM_TITLES]
    assert got == WPRIM[style]


@pytest.mark.parametrize("style", ["iso4", "nlm", "dotless"])
def test_each_fill_says_where_it_came_from(style: str) -> None:
    step, context = make(style=style)
    for number, title in enumerate(WPRIM_TITLES, 1):
        step(Record(container_title=title, source=SourceLocation("in.txt", number)))
    assert [(d.severity, d.code, d.file, d.line) for d in context.sink] == [
        ("info", "RB600", "in.txt", 1),
        ("info", "RB600", "in.txt", 2),
        ("info", "RB600", "in.txt", 3),
    ]
    messages = [d.message for d in context.sink]
    assert messages[0] == (
        f"journal abbreviation {WPRIM[style][0]!r} for 'Chinese Medical Journal', from built-in list, line 14"
    )
    assert messages[1].endswith("from LTWA rules (pyiso4)")
    assert messages[2].endswith("from LTWA rules (pyiso4)")


def test_wprim_sample_end_to_end(wprim_sample: Path) -> None:
    session = Session(options={"journal-abbreviation": {"style": "nlm"}})
    records = list(refbridge.read(wprim_sample, "wprim", session=session, transform=True))
    assert [(r.container_title, r.container_title_short) for r in records] == list(
        zip(WPRIM_TITLES, WPRIM["nlm"], strict=True)
    )
    assert session.sink.codes().count("RB600") == 3


@pytest.mark.parametrize(
    ("abbreviation", "full"),
    [
        ("Chin. J. Prim. Med. Pharm.", "Chinese Journal of Primary Medicine and Pharmacy"),
        ("Chin J Prim Med Pharm", "Chinese Journal of Primary Medicine and Pharmacy"),
        ("chin. j. infect. dis", "Chinese Journal of Infectious Diseases"),
        ("Chin J Infect Dis", "Chinese Journal of Infectious Diseases"),
        ("Chin. Med. J.", "Chinese Medical Journal"),
        ("Chin Med J (Engl)", "Chinese Medical Journal"),
    ],
)
def test_wprim_abbreviations_expand_from_a_list(tmp_path: Path, abbreviation: str, full: str) -> None:
    path = write_list(
        tmp_path / "wprim.csv",
        ("Chinese Journal of Primary Medicine and Pharmacy", "Chin. J. Prim. Med. Pharm."),
        ("Chinese Journal of Infectious Diseases", "Chin. J. Infect. Dis."),
    )
    result, diagnostics = run(Record(container_title_short=abbreviation), lists=[str(path)])
    assert result.container_title == full
    assert result.container_title_short == abbreviation  # kept as given
    assert [d.code for d in diagnostics] == ["RB601"]
    where = "built-in list, line 14" if full == "Chinese Medical Journal" else f"list {path}:"
    assert where in diagnostics[0].message


def test_expansion_accepts_variants_of_a_list_abbreviation(tmp_path: Path) -> None:
    path = write_list(
        tmp_path / "aps.csv",
        ("Physical Review Applied", "Phys. Rev. Appl."),
        ("Soil Biology & Biochemistry", "Soil Biol. Biochem."),
    )
    result, diagnostics = run(Record(container_title_short="Phys. Rev. Applied"), lists=[str(path)])
    assert result.container_title == "Physical Review Applied"
    assert diagnostics[0].message == (
        "journal name 'Physical Review Applied' for 'Phys. Rev. Applied', "
        f"from list {path}:1, matched as 'Phys. Rev. Appl.'"
    )
    result, _ = run(Record(container_title="Soil Biology and Biochemistry"), lists=[str(path)])
    assert result.container_title_short == "Soil Biol. Biochem."


def test_expansion_can_be_turned_off_and_never_guesses_from_rules() -> None:
    record = Record(container_title_short="Chin. J. Infect. Dis.")
    result, diagnostics = run(record)
    assert result == record
    assert [(d.severity, d.code) for d in diagnostics] == [("info", "RB604")]
    result, diagnostics = run(Record(container_title_short="Chin Med J (Engl)"), expand=False)
    assert result.container_title is None
    assert diagnostics == []


# -- titles the rules must handle ----------------------------------------------------------------


@pytest.mark.parametrize("title", ["Nature", "Science", "Cell"])
def test_one_word_titles_stay_whole(title: str) -> None:
    for style in ("iso4", "nlm", "dotless"):
        assert abbreviate(title, style=style) == title


@pytest.mark.parametrize(
    ("title", "iso4", "nlm"),
    [
        # & and "of the": dropped
        ("Science & Engineering Ethics", "Sci. Eng. Ethics", "Sci Eng Ethics"),
        ("Journal of the American Chemical Society", "J. Am. Chem. Soc.", "J Am Chem Soc"),
        ("The Lancet", "Lancet", "Lancet"),
        # a subtitle after ":" is omitted; a section title after ":" is kept
        (
            "Journal of Neuroscience: the official journal of the Society for Neuroscience",
            "J. Neurosci.",
            "J Neurosci",
        ),
        (
            "Clinical Cancer Research: An Official Journal of the American Association for Cancer Research",
            "Clin. Cancer Res.",
            "Clin Cancer Res",
        ),
        ("Journal of Physics: Condensed Matter", "J. Phys.: Condens. Matter", "J Phys Condens Matter"),
        ("CA: A Cancer Journal for Clinicians", "CA: Cancer J. Clin.", "CA Cancer J Clin"),
        # parenthesised parts
        ("Chinese Medical Journal (Engl)", "Chin. Med. J. (Engl)", "Chin Med J (Engl)"),
        ("Chinese Medical Journal (English Edition)", "Chin. Med. J. (Engl. Ed.)", "Chin Med J (Engl Ed)"),
        (
            "Journal of the Chinese Chemical Society (Taipei, Taiwan)",
            "J. Chin. Chem. Soc. (Taipei, Taiwan)",
            "J Chin Chem Soc (Taipei Taiwan)",
        ),
        # non-English titles
        ("Zeitschrift für Kinderchirurgie", "Z. Kinderchir.", "Z Kinderchir"),
        ("Revue médicale de Liège", "Rev. Méd. Liège", "Rev Med Liege"),
        ("Deutsche Medizinische Wochenschrift", "Dtsch. Med. Wochenschr.", "Dtsch Med Wochenschr"),
        ("Revista Española de Cardiología", "Rev. Esp. Cardiol.", "Rev Esp Cardiol"),
        ("Zhonghua Yi Xue Za Zhi", "Zhonghua Yi Xue Za Zhi", "Zhonghua Yi Xue Za Zhi"),
        ("Zentralblatt Fur Bakteriologie", "Zentralblatt Bakteriol.", "Zentralblatt Bakteriol"),
    ],
)
def test_ltwa_titles(title: str, iso4: str, nlm: str) -> None:
    assert abbreviate(title, style="iso4") == iso4
    assert abbreviate(title, style="nlm") == nlm
    assert abbreviate(title, style="dotless") == remove_dots(iso4)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        # 1. a longer whole-word LTWA entry beats a word-beginning pattern (pyiso4: Heal., Hear., Press.)
        ("Health Education and Behavior", "Health Educ. Behav."),
        ("Heart and Vessels", "Heart Vessels"),
        ("Presse Médicale", "Presse Méd."),
        # 2. no "abbreviation" saving one letter or none (pyiso4: Total., Sport.; IndexError on Process)
        ("Science of the Total Environment", "Sci. Total Environ."),
        ("Journal of Sports Sciences", "J. Sports Sci."),
        ("Family Process", "Fam. Process"),
        ("Social Work", "Soc. Work"),
        ("Tobacco Control", "Tob. Control"),
        # 5. a spaced dash separates sections (pyiso4: "Physiol.- Hear.")
        (
            "American Journal of Physiology - Heart and Circulatory Physiology",
            "Am. J. Physiol., Heart Circ. Physiol.",
        ),
        # 3. qualifiers in parentheses; a one-word title with a qualifier stays whole
        ("Rehabilitation (Stuttgart)", "Rehabilitation (Stuttg.)"),
        ("Internist (Berl)", "Internist (Berl)"),
        # 6. accentless or transliterated prepositions are stop words
        ("Polimery W Medycynie", "Polim. Med."),
        ("Bulletin Du Groupement International", "Bull. Group. Int."),
        # a slash (pyiso4 dropped the word after it)
        ("Journal of Pediatric Hematology/Oncology", "J. Pediatr. Hematol./Oncol."),
    ],
)
def test_pyiso4_faults_are_fixed(title: str, expected: str) -> None:
    assert ltwa_abbreviate(title) == expected


def test_empty_or_punctuation_only_title_is_reported_not_filled() -> None:
    record = Record(container_title="--- ---")
    result, diagnostics = run(record)
    assert result == record
    assert [(d.severity, d.code) for d in diagnostics] == [("warning", "RB603")]
    assert "the LTWA rules give nothing" in diagnostics[0].message


# -- lists, conflicts, missing journals ----------------------------------------------------------


def test_user_list_wins_over_builtin_and_rules(tmp_path: Path) -> None:
    path = write_list(tmp_path / "mine.csv", ("Chinese Medical Journal", "CMJ"), ("Nature", "Nat."))
    assert abbreviate("Chinese Medical Journal", lists=[str(path)]) == "CMJ"
    assert abbreviate("nature", lists=[str(path)], style="nlm") == "Nat"


def test_conflicting_csv_lists_are_reported_and_the_record_left(tmp_path: Path) -> None:
    a = write_list(tmp_path / "a.csv", ("Journal of Clinical Investigation", "J. Clin. Invest."))
    b = write_list(tmp_path / "b.csv", ("Journal of Clinical Investigation", "J. Clin. Investig."))
    record = Record(container_title="Journal of Clinical Investigation", key="k1")
    result, diagnostics = run(record, lists=[str(a), str(b)])
    assert result == record
    assert [(d.severity, d.code, d.key) for d in diagnostics] == [("warning", "RB602", "k1")]
    assert diagnostics[0].message == (
        "journal 'Journal of Clinical Investigation' not abbreviated: list entries disagree: "
        f"'J. Clin. Invest.' ({a}:1), 'J. Clin. Investig.' ({b}:1); settle it in a TOML override list"
    )


def test_entries_differing_only_in_dots_do_not_conflict(tmp_path: Path) -> None:
    a = write_list(tmp_path / "a.csv", ("Chinese Journal of Infectious Diseases", "Chin J Infect Dis"))
    b = write_list(tmp_path / "b.csv", ("Chinese Journal of Infectious Diseases", "Chin. J. Infect. Dis."))
    assert (
        abbreviate("Chinese Journal of Infectious Diseases", lists=[str(a), str(b)])
        == "Chin. J. Infect. Dis."
    )
    assert abbreviate("Chinese Journal of Infectious Diseases", lists=[str(a), str(b)], style="nlm") == (
        "Chin J Infect Dis"
    )


def test_real_conflict_in_the_medicus_list_and_a_toml_override(shared_dir: Path, tmp_path: Path) -> None:
    medicus = str(shared_dir / MEDICUS)
    record = Record(container_title="Folia Biologica")
    result, diagnostics = run(record, lists=[medicus], style="nlm")
    assert result == record
    assert [(d.severity, d.code) for d in diagnostics] == [("info", "RB607"), ("warning", "RB602")]
    assert diagnostics[0].message == (
        f"3 row(s) of journal list {medicus} skipped (empty abbreviation; line 774, 779, 783)"
    )
    assert "'Folia Biol (Krakow)' (" in diagnostics[1].message
    assert "'Folia Biol (Praha)' (" in diagnostics[1].message
    # "Biochemistry" is such a full name too, but also a row's abbreviation: kept (issue 19).
    biochemistry, diagnostics = run(Record(container_title="Biochemistry"), lists=[medicus], style="nlm")
    assert biochemistry.container_title_short == "Biochemistry"
    assert [d.code for d in diagnostics] == ["RB607", "RB608"]
    override = tmp_path / "override.toml"
    override.write_text(
        '[journals]\n"Folia Biologica" = "Folia Biol (Praha)"\n'
        '"Journal of Clinical Investigation" = { iso4 = "J. Clin. Investig.", nlm = "J Clin Invest" }\n',
        encoding="utf-8",
    )
    result, diagnostics = run(record, lists=[medicus, str(override)], style="nlm")
    assert result.container_title_short == "Folia Biol (Praha)"
    assert diagnostics[1].message.endswith(f"from list {override}:2")
    assert (
        abbreviate("Journal of Clinical Investigation", lists=[str(override)], style="nlm") == "J Clin Invest"
    )
    assert abbreviate("Journal of Clinical Investigation", lists=[str(override)]) == "J. Clin. Investig."


def test_conflicting_expansion_is_reported(tmp_path: Path) -> None:
    path = write_list(
        tmp_path / "a.csv", ("Folia Biologica (Praha)", "Folia Biol."), ("Folia Biologica", "Folia Biol.")
    )
    record = Record(container_title_short="Folia Biol")
    result, diagnostics = run(record, lists=[str(path)])
    assert result == record
    assert [d.code for d in diagnostics] == ["RB602"]


def test_missing_journal_without_fallback_is_reported_and_left(tmp_path: Path) -> None:
    path = write_list(tmp_path / "a.csv", ("Nature", "Nature"))
    record = Record(container_title="Chinese Journal of Infectious Diseases", key="k")
    result, diagnostics = run(record, lists=[str(path)], fallback=False)
    assert result == record
    assert [(d.severity, d.code) for d in diagnostics] == [("warning", "RB603")]
    assert diagnostics[0].message == (
        "no abbreviation found for journal 'Chinese Journal of Infectious Diseases' "
        "(in no list, and the LTWA fallback is off)"
    )
    # the built-in list still answers without the fallback
    assert abbreviate("Chinese Medical Journal", fallback=False, style="nlm") == "Chin Med J (Engl)"


def test_loose_matching_of_full_names() -> None:
    assert abbreviate("The Journal of Clinical Investigation", style="nlm") == "J Clin Invest"
    assert abbreviate("CHINESE MEDICAL JOURNAL.", style="nlm") == "Chin Med J (Engl)"
    assert abbreviate("Proceedings of the National Academy of Sciences of the United States of America") == (
        "Proc. Natl. Acad. Sci. U.S.A."
    )


def test_jabref_list_variants(tmp_path: Path) -> None:
    semicolon = tmp_path / "old.csv"
    semicolon.write_text('\ufeff"Chinese Journal of Infectious Diseases";"CJID"\n', encoding="utf-8")
    four = tmp_path / "four.csv"
    four.write_text('# a comment\n"Acta Alpha","Acta Alph.","AA",""\n\n"Broken"\n', encoding="utf-8")
    overrides, lists = load_lists([str(semicolon), str(four)])
    assert len(overrides) == 0
    assert [e.abbreviation for e in lists.find_full("chinese journal of infectious diseases")] == ["CJID"]
    assert [(e.abbreviation, e.nlm, e.line) for e in lists.find_full("Acta Alpha")] == [
        ("Acta Alph.", None, 2)
    ]
    assert [(p.line, p.message) for p in lists.problems] == [(4, "needs a full name and an abbreviation")]
    assert lists.problems[0].serious
    _step, context = make(lists=[str(four)])
    assert [(d.severity, d.code, d.file, d.line) for d in context.sink] == [
        ("warning", "RB605", str(four), 4)
    ]


def test_unreadable_lists_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read"):
        make(lists=[str(tmp_path / "missing.csv")])
    bad = tmp_path / "bad.toml"
    bad.write_text("[journals]\nx = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="must be a string"):
        make(lists=[str(bad)])


# -- record handling -----------------------------------------------------------------------------


def test_existing_abbreviation_kept_unless_reabbreviate() -> None:
    record = Record(container_title="Chinese Medical Journal", container_title_short="CMJ")
    result, diagnostics = run(record)
    assert result is record
    assert diagnostics == []
    result, diagnostics = run(record, reabbreviate=True, style="nlm")
    assert result.container_title_short == "Chin Med J (Engl)"
    assert diagnostics[0].message == (
        "replaced journal abbreviation 'CMJ' by 'Chin Med J (Engl)' for 'Chinese Medical Journal', "
        "from built-in list, line 14"
    )
    assert record.container_title_short == "CMJ"  # the input is never changed


def test_only_journal_containers_are_touched() -> None:
    chapter = Record(type="chapter", container_title="Handbook of Clinical Neurology")
    assert run(chapter) == (chapter, [])


TITLE_WORDS = st.sampled_from(
    [
        "Journal",
        "of",
        "the",
        "Chinese",
        "Medical",
        "Health",
        "&",
        "Review",
        "Science",
        "(Engl)",
        ":",
        "Zeitschrift",
        "für",
        "Total",
        "Process",
        "-",
        "Annals",
        "Nature",
        "A",
        "Letters",
        "médicale",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.lists(TITLE_WORDS, min_size=1, max_size=7), st.sampled_from(["iso4", "nlm", "dotless"]))
def test_transform_is_idempotent_and_never_raises(words: list[str], style: str) -> None:
    step, _ = make(style=style)
    record = Record(container_title=" ".join(words))
    once = step(record)
    assert once is not None
    assert step(once) == once
    if once.container_title_short is not None:
        assert once.container_title_short.strip() == once.container_title_short


# -- configuration, CLI, import cost ----------------------------------------------------------------


def test_lists_from_config_and_from_the_command_line(tmp_path: Path, cli_runner: CliRunner) -> None:
    a = write_list(
        tmp_path / "a.csv", ("Chinese Journal of Infectious Diseases", "Zhonghua Chuanranbing Zazhi")
    )
    b = write_list(tmp_path / "b.csv", ("Nature", "Nat"))
    config = parse_config({"journal-abbreviation": {"lists": [str(a)], "style": "dotless"}})
    session = Session(config=config)
    steps = {t.name: s for t, s in session.transform_steps()}
    result = steps["journal-abbreviation"](Record(container_title="Chinese Journal of Infectious Diseases"))
    assert result is not None
    assert result.container_title_short == "Zhonghua Chuanranbing Zazhi"

    src, dst = tmp_path / "in.json", tmp_path / "out.json"
    src.write_text(json.dumps([{"container_title": "Nature"}, {"container_title": WPRIM_TITLES[2]}]), "utf-8")
    args = ["convert", str(src), "-o", str(dst), "-O", f"journal-abbreviation.lists={a},{b}", "-v"]
    outcome = cli_runner.invoke(cli, args)
    assert outcome.exit_code == 0, outcome.output
    out = json.loads(dst.read_text(encoding="utf-8"))
    assert [r["container_title_short"] for r in out] == ["Nat", "Zhonghua Chuanranbing Zazhi"]
    assert f"from list {b}:1 [RB600]" in outcome.stderr
    quiet = cli_runner.invoke(cli, args[:-1])
    assert "RB600" not in quiet.stderr


def test_entry_point_module_is_light_and_pyiso4_loaded_only_when_needed() -> None:
    code = (
        "import sys, refbridge_plugins.journals as j\n"
        "from refbridge.context import Context\n"
        "from refbridge.model import Record\n"
        "from refbridge.registry import resolve_options\n"
        "assert 'pyiso4' not in sys.modules\n"
        "step = j.make_step(Context('j', options=resolve_options(j.OPTIONS, {}, 'j')))\n"
        "step(Record(container_title='Chinese Medical Journal'))\n"
        "assert 'pyiso4' not in sys.modules\n"
        "step(Record(container_title='Chinese Journal of Infectious Diseases'))\n"
        "assert 'pyiso4' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- the real JabRef medicus list ------------------------------------------------------------------


def test_medicus_list_loads_fast(shared_dir: Path) -> None:
    path = str(shared_dir / MEDICUS)
    start = time.perf_counter()
    _, index = load_lists([path])
    elapsed = time.perf_counter() - start
    print(f"\nmedicus list: {len(index)} entries loaded in {elapsed * 1000:.1f} ms")
    assert len(index) == 3169 - 3  # three rows have an empty abbreviation
    assert len(index.problems) == 3
    assert [e.abbreviation for e in index.find_full("Chinese Medical Journal")] == ["Chin Med J (Engl)"]
    assert [e.full for e in index.find_abbreviation("Chin. Med. J. (Engl.)")] == ["Chinese Medical Journal"]


def test_a_100k_row_list_loads_and_answers(shared_dir: Path, tmp_path: Path) -> None:
    """JabRef's biggest lists have ~100k rows: built here from the four real ones."""
    import csv

    rows = []
    for path in sorted((shared_dir / "data/abbrv").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as stream:
            rows += [row[:2] for row in csv.reader(stream) if len(row) > 1 and row[1]]
    big = tmp_path / "big.csv"
    with big.open("w", encoding="utf-8") as stream:
        for number in range(100_000):
            full, abbreviation = rows[number % len(rows)]
            stream.write(f'"{full} {number}","{abbreviation} {number}",""\n')
    start = time.perf_counter()
    _, index = load_lists([str(big)])
    elapsed = time.perf_counter() - start
    print(f"\n100,000-row list loaded in {elapsed:.2f} s")
    assert len(index) == 100_000
    assert [e.abbreviation for e in index.find_full(f"{rows[5][0]} 5")] == [f"{rows[5][1]} 5"]


def test_ltwa_fallback_agreement_with_medicus(shared_dir: Path) -> None:
    """How often the LTWA rules alone give MEDLINE's abbreviation (all 3169 rows)."""
    import csv

    with (shared_dir / MEDICUS).open(encoding="utf-8", newline="") as stream:
        rows = [row for row in csv.reader(stream) if len(row) > 1 and row[1]]
    start = time.perf_counter()
    dotless = nlm = 0
    for full, expected, *_ in rows:
        result = ltwa_abbreviate(full)
        dotless += remove_dots(result) == expected
        nlm += nlm_form(result) == expected
    elapsed = time.perf_counter() - start
    print(
        f"\nLTWA fallback vs medicus ({len(rows)} names, {elapsed:.1f} s): "
        f"dotless style {dotless / len(rows):.1%} exact, nlm style {nlm / len(rows):.1%} exact"
    )
    # Measured: 78.3 % dotless, 83.0 % nlm (pyiso4 alone: 72.9 % / 76.5 %).
    assert 0.76 < dotless / len(rows) < 0.95
    assert 0.81 < nlm / len(rows) < 0.95
    assert journal_key("Chin. Med. J. (Engl.)") == journal_key("chin med j engl")
