"""The bibtex and biblatex formats: reading, bad input, writing, keys, keywords, options."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from bibtex_helpers import context as resolved_context
from bibtex_helpers import diagnostics, read, with_short_journal, write
from click.testing import CliRunner

from refbridge.cli import cli
from refbridge.context import Context
from refbridge.errors import ConfigError
from refbridge.formats.bibtex import BIBTEX_FORMAT, sniff_biblatex, sniff_bibtex
from refbridge.formats.bibtex.keys import KeyMaker
from refbridge.model import AbstractSection, Keyword, PartialDate, Person, Record
from refbridge.session import Session

DATA = Path(__file__).resolve().parents[1] / "data" / "bibtex"


def load(name: str, dialect: str = "bibtex", **options: object) -> tuple[list[Record], Context]:
    return read((DATA / name).read_text(encoding="utf-8"), dialect, **options)


def by_key(records: list[Record]) -> dict[str, Record]:
    return {r.key: r for r in records if r.key}


# -- reading a hand-made file ----------------------------------------------------


@pytest.fixture(scope="module")
def features() -> tuple[list[Record], Context]:
    return load("features.bib")


def test_features_every_entry_read_with_its_line(features: tuple[list[Record], Context]) -> None:
    records, ctx = features
    assert [(r.key, r.source.line if r.source else None) for r in records] == [
        ("wang2025safety", 9),
        ("paren2020", 31),
        ("child2019", 43),
        ("proc2019", 50),
        ("page2021", 57),
        ("thesis2001", 64),
    ]
    assert [r.type for r in records] == [
        "article-journal",
        "article-journal",
        "paper-conference",
        "book",
        "webpage",
        "thesis",
    ]
    # \emph dropped (reported), no other problem.
    assert diagnostics(ctx) == [("RB209", 9)]


def test_features_article_values(features: tuple[list[Record], Context]) -> None:
    record = by_key(features[0])["wang2025safety"]
    assert record.title == "Safety of UC-MSC in COVID-19: a über étude – with emphasis & 50% α-blockers"
    assert record.authors == [
        Person(family="WANG", given="Siyu"),
        Person(family="Yang", given="Tao"),
        Person(family="Berg", given="Jan", particle="van der"),
        Person(family="Sherry", given="John F.", suffix="Jr."),
        Person(literal="World Health Organization"),
    ]
    assert record.container_title == "Chinese Medical Journal"  # @string macro
    assert record.container_title_short == "Chin Med J"
    assert record.issued == PartialDate(2025, 11, 20)  # month = nov macro
    assert (record.volume, record.issue, record.pages) == ("138", "22", "2984-2992")
    assert record.doi == "10.1097/CM9.0000000000003610"
    assert record.issn == ["0366-6999", "2542-5641"]
    assert record.pmid == "40123456"  # eprinttype = pubmed
    assert record.keywords == [
        Keyword("Humans", None, False, "MeSH"),
        Keyword("COVID-19", "therapy", True, "MeSH"),
        Keyword("Neoplasms, Glandular and Epithelial", None, False, "MeSH"),
    ]
    assert record.abstract == "Background: Why.\nMethods: How.\nResults: What."
    assert record.abstract_sections == [
        AbstractSection("Background", "Why."),
        AbstractSection("Methods", "How."),
        AbstractSection("Results", "What."),
    ]
    # Unmapped fields kept as written (macros and # concatenation expanded), and the
    # text before the entry (comments, @preamble, @string) kept to be written back.
    assert record.extra == {
        "groups": "A, B",
        "owner": "me and World Health Organization",
        "bibtex-text-before": (DATA / "features.bib")
        .read_text(encoding="utf-8")
        .split("\n\n@article")[0]
        .strip(),
    }


def test_features_biblatex_names_and_parentheses(features: tuple[list[Record], Context]) -> None:
    record = by_key(features[0])["paren2020"]
    assert record.authors == [
        Person(family="Müller", given="Hans"),
        Person(family="García Márquez", given="Gabriel"),
    ]
    assert record.container_title == "Journal of Tests"  # journaltitle
    assert record.issued == PartialDate(2020, 3)  # date = {2020-03}
    assert (record.place, record.publisher) == ("Berlin", "Springer")  # location
    assert [k.term for k in record.keywords] == ["alpha", "beta", "gamma"]  # semicolons


def test_features_misc_thesis_notes(features: tuple[list[Record], Context]) -> None:
    records = by_key(features[0])
    page = records["page2021"]
    assert page.url == "https://example.org/a_b%20c"  # verbatim: no LaTeX decoding
    assert page.notes == ["Accessed in May.", "Second note."]
    thesis = records["thesis2001"]
    assert (thesis.publisher, thesis.extra) == ("University of Toronto", {"entrytype": "mastersthesis"})
    text, _ = write([thesis])
    assert text.startswith("@mastersthesis{thesis2001,\n")
    assert "  school       = {University of Toronto},\n" in text


def test_crossref_resolved_only_when_asked() -> None:
    plain = by_key(load("features.bib")[0])["child2019"]
    assert plain.container_title is None
    assert plain.extra == {
        "bibtex-text-before": "@comment{This whole block is ignored, even @article{x, title={y}} in it.}",
        "crossref": "proc2019",
    }
    records, ctx = load("features.bib", resolve_crossref=True)
    child = by_key(records)["child2019"]
    assert child.container_title == "Proceedings of the Test Conference"  # parent title → booktitle
    assert child.editors == [Person(family="Bass", given="Len"), Person(family="Lago", given="Patricia")]
    assert (child.publisher, child.issued, child.pages) == ("IEEE", PartialDate(2019), "1-10")
    assert "RB207" not in ctx.sink.codes()


def test_crossref_to_a_missing_entry_is_reported() -> None:
    _, ctx = read("@inproceedings{a, title={T}, crossref={nowhere}}\n", resolve_crossref=True)
    assert diagnostics(ctx) == [("RB207", 1)]


# -- bad input: each problem with its line, the rest converted -------------------


def test_broken_file_reports_each_error_with_its_line_and_reads_the_rest() -> None:
    records, ctx = load("broken.bib")
    assert diagnostics(ctx) == [
        ("RB200", 9),  # missing comma after author
        ("RB202", 15),  # unknown macro
        ("RB201", 19),  # entry never closed (unbalanced brace)
        ("RB200", 20),  # the value that never closes
        ("RB203", 29),  # duplicate key
        ("RB204", 31),  # duplicate field
    ]
    assert [(r.key, r.title) for r in records] == [
        ("before", "Read before the errors"),
        ("missingcomma", "A comma is missing after the author"),
        ("unknownmacro", "Journal given as an undefined macro"),
        ("unbalanced", "This title never closes"),
        ("after", "Read after the errors"),
        ("after", "Same key again"),
    ]
    by_line = {r.source.line: r for r in records if r.source}
    assert by_line[7].authors == [Person(family="Beta", given="Ben")]
    assert by_line[13].container_title == "jnl"  # the macro's name is kept
    assert by_line[19].issued == PartialDate(2004)
    assert by_line[23].authors == [Person(family="Omega", given="Olga")]
    messages = [d.message for d in ctx.sink.items]
    assert "missing comma after field 'author'" in messages[0]
    assert "'jnl'" in messages[1]


@pytest.mark.parametrize(
    ("text", "expected_codes", "keys"),
    [
        ("@article{a, title = {T} year = {2001}}\n@article{b, title={U}}\n", [("RB200", 1)], ["a", "b"]),
        ("@article{a, title {T}, year = {2001}}\n@article{b, title={U}}\n", [("RB200", 1)], ["a", "b"]),
        (
            "@article{a,\n  title = {T},\n}\n  year = {2001},\n}\n@article{b, title={U}}\n",
            [("RB205", 4), ("RB205", 5)],
            ["a", "b"],
        ),
        ("@article{title = {T}}\n", [("RB211", 1)], [None]),
        ("@article\n\n@article{b, title={U}}\n", [("RB200", 1)], ["b"]),
        ("Mail me: someone@example.org\n@article{b, title={U}}\n", [], ["b"]),
        ("@article{a, journal = jnl # { Suppl}}\n", [("RB202", 1)], ["a"]),
        ("@article{Conference paper2022, title={T}}\n", [("RB200", 1)], ["Conference paper2022"]),
        ("@article{a, year = ², title = {T}}\n", [("RB200", 1)], ["a"]),  # not an ASCII digit
    ],
)
def test_bad_input_is_reported_with_its_line(
    text: str, expected_codes: list[tuple[str, int]], keys: list[str | None]
) -> None:
    records, ctx = read(text)
    assert diagnostics(ctx) == expected_codes
    assert [r.key for r in records] == keys


def test_missing_equals_skips_only_that_field() -> None:
    records, ctx = read("@article{a,\n  title {T},\n  year = {2001},\n}\n")
    assert diagnostics(ctx) == [("RB200", 2)]
    assert records[0].issued == PartialDate(2001)
    assert records[0].title is None


def test_year_and_month_that_do_not_parse_stay_in_extra() -> None:
    records, ctx = read("@article{a, year = {in press}, month = {Spring}}\n")
    assert records[0].issued is None
    assert records[0].extra == {"year": "in press", "month": "Spring"}
    assert [d.code for d in ctx.sink.items] == ["RB210", "RB210"]


def test_unclosed_last_entry_keeps_its_fields() -> None:
    records, ctx = read("@article{a,\n  title = {T},\n  year = {2001},\n")
    assert diagnostics(ctx) == [("RB201", 1)]
    assert (records[0].title, records[0].issued) == ("T", PartialDate(2001))


def test_reader_streams_one_entry_at_a_time() -> None:
    """The first record arrives before the reader has seen the end of the stream."""
    consumed: list[int] = []

    class CountingStream(io.StringIO):
        def __iter__(self) -> Iterator[str]:
            while line := self.readline():
                consumed.append(len(consumed) + 1)
                yield line

    text = "".join(f"@article{{k{i},\n  title = {{T{i}}},\n}}\n\n" for i in range(1000))
    records = BIBTEX_FORMAT.read(CountingStream(text), resolved_context("bibtex", "x.bib"))  # type: ignore[misc]
    first = next(records)
    assert first.key == "k0"
    assert len(consumed) < 10
    assert sum(1 for _ in records) == 999


# -- writing ---------------------------------------------------------------------


def test_wprim_record_1_golden(wprim_record_1: Record) -> None:
    record = with_short_journal(wprim_record_1)
    for dialect, name in (("bibtex", "wprim-record1.bibtex.bib"), ("biblatex", "wprim-record1.biblatex.bib")):
        text, ctx = write([record], dialect)
        assert text == (DATA / name).read_text(encoding="utf-8")
        assert ctx.sink.codes() == ["RB223"]  # the generated key, reported as info


def test_bibtex_dialect_fields() -> None:
    record = Record(
        key="k",
        title="Title",
        container_title="Journal",
        container_title_short="J",
        issued=PartialDate(2025, 11, 20),
        pages="2984-2992",
        elocation="e123",
        place="Beijing",
        pmid="123",
        pmcid="PMC9",
    )
    text, _ = write([record])
    assert text == (
        "@article{k,\n"
        "  title        = {Title},\n"
        "  journal      = {Journal},\n"
        "  shortjournal = {J},\n"
        "  year         = {2025},\n"
        "  month        = nov,\n"
        "  day          = {20},\n"
        "  pages        = {2984--2992},\n"
        "  eid          = {e123},\n"
        "  address      = {Beijing},\n"
        "  eprint       = {123},\n"
        "  eprinttype   = {pubmed},\n"
        "  pmcid        = {PMC9},\n"
        "}\n"
    )
    text, _ = write([record], "biblatex")
    assert "  journaltitle = {Journal},\n  shortjournal = {J},\n  date         = {2025-11-20},\n" in text
    assert "  location     = {Beijing},\n" in text
    assert "month" not in text and "year" not in text


def test_special_characters_escaped() -> None:
    record = Record(key="k", title="R&D: 50% of $5 and $6 for a_b #1 ~ ^ \\ {x} `q`")
    text, _ = write([record])
    assert (
        "  title        = {{R\\&D:} 50\\% of \\$5 and \\$6 for a\\_b \\#1 \\textasciitilde{} "
        "\\textasciicircum{} \\textbackslash{} \\{x\\} \\textasciigrave{}q\\textasciigrave{}},\n"
    ) in text
    assert read(text)[0][0].title == record.title


def test_ascii_by_default_for_bibtex_and_utf8_for_biblatex() -> None:
    record = Record(key="k", title="Über α", authors=[Person(family="Müller", given="José")])
    bibtex, _ = write([record])
    assert "{M{\\\"u}ller, Jos{\\'e}}" in bibtex
    assert '{{\\"U}ber {$\\alpha$}}' in bibtex
    assert bibtex.isascii()
    biblatex, _ = write([record], "biblatex")
    assert "{Müller, José}" in biblatex and "{Über α}" in biblatex
    assert write([record], "bibtex", ascii=False)[0] == bibtex.replace(
        "M{\\\"u}ller, Jos{\\'e}", "Müller, José"
    ).replace('{\\"U}ber {$\\alpha$}', "Über α")
    assert write([record], "biblatex", ascii=True)[0].isascii()
    # Characters LaTeX has no command for stay as they are.
    assert "{中文}" in write([Record(key="k", title="中文")])[0]


@pytest.mark.parametrize(
    ("title", "written"),
    [
        ("COVID-19 in UC-MSC patients", "{COVID-19} in {UC-MSC} patients"),
        ("SARS-CoV-2 mRNA vaccines", "{SARS-CoV-2} {mRNA} vaccines"),
        ("Safety And Efficacy: A Real-World Study", "Safety And Efficacy: A Real-World Study"),
        ("Vitamin D and the McDonald criteria", "Vitamin {D} and the {McDonald} criteria"),
        ("T-cell counts (DNA)", "{T-cell} counts {(DNA)}"),
    ],
)
def test_capitals_that_must_stay_are_protected(title: str, written: str) -> None:
    text, _ = write([Record(key="k", title=title)])
    assert f"  title        = {{{written}}},\n" in text
    assert read(text)[0][0].title == title
    assert f"{{{title}}}" in write([Record(key="k", title=title)], protect_capitals=False)[0]


def test_keywords_with_commas_are_braced_and_reported() -> None:
    record = Record(
        key="k",
        keywords=[
            Keyword("Neoplasms, Glandular and Epithelial", "surgery", True, "MeSH"),
            Keyword("a; b"),
            Keyword("c"),
        ],
    )
    text, ctx = write([record])
    assert "  keywords     = {{Neoplasms, Glandular and Epithelial/surgery*}, {a; b}, c},\n" in text
    # MeSH heading notation reads back as MeSH and the free terms as free terms: no carrier.
    assert "usera" not in text
    assert ctx.sink.codes() == ["RB220"]
    assert "Zotero" in ctx.sink.items[0].message
    assert read(text)[0][0].keywords == record.keywords


def test_vocabulary_carrier_only_when_needed() -> None:
    plain = Record(key="k", keywords=[Keyword("alpha"), Keyword("beta")])
    text, _ = write([plain])
    assert "usera" not in text
    # A free keyword that looks like a MeSH heading (not one: no vocabulary).
    slash = Record(key="k", keywords=[Keyword("Lung/surgery")])
    text, _ = write([slash])
    assert "  usera        = {keywords: -},\n" in text
    assert read(text)[0][0].keywords == [Keyword("Lung/surgery")]
    # Without the carrier, heading notation is read as MeSH (the shared convention).
    assert read("@article{k, keywords = {Lung/surgery*, Humans}}")[0][0].keywords == [
        Keyword("Lung", "surgery", True, "MeSH"),
        Keyword("Humans"),
    ]


def test_carrier_that_does_not_fit_is_reported_and_kept() -> None:
    records, ctx = read("@article{k, keywords = {a, b}, usera = {keywords: MeSH; Emtree; MeSH}}")
    assert [k.vocabulary for k in records[0].keywords] == [None, None]
    assert records[0].extra == {"usera": "keywords: MeSH; Emtree; MeSH"}
    assert ctx.sink.codes() == ["RB212"]


def test_extra_written_back_unchanged() -> None:
    text = "@article{k,\n  title = {T},\n  groups = {A, B},\n  file = {:a\\_b.pdf:PDF},\n}\n"
    records, _ = read(text)
    assert records[0].extra == {"groups": "A, B", "file": ":a\\_b.pdf:PDF"}
    written, _ = write(records)
    assert "  groups       = {A, B},\n  file         = {:a\\_b.pdf:PDF},\n" in written
    assert read(written)[0] == records


def test_extra_with_unbalanced_braces_or_clashing_names() -> None:
    record = Record(key="k", title="T", extra={"Odd Name": "x}", "title": "other", "list": ["a", "b"]})
    text, ctx = write([record])
    assert "  odd-name     = {x\\textbraceright{}},\n" in text
    assert "  list         = {a; b},\n" in text
    assert text.count("title") == 1
    assert sorted(ctx.sink.codes()) == ["RB224", "RB225"]


# -- cite keys -------------------------------------------------------------------


def test_generated_keys_are_stable_and_unique() -> None:
    record = Record(
        title="The safety of stem cells", authors=[Person(family="Wáng", given="S")], issued=PartialDate(2025)
    )
    text, ctx = write([record, record, record, Record(title="On")])
    assert [line for line in text.splitlines() if line.startswith("@")] == [
        "@article{wang2025safety,",
        "@article{wang2025safetya,",
        "@article{wang2025safetyb,",
        "@article{anonnd,",
    ]
    assert text == write([record, record, record, Record(title="On")])[0]
    assert ctx.sink.codes() == ["RB223"] * 4


def test_key_pattern_option() -> None:
    record = Record(
        title="Stem cells",
        authors=[Person(family="van Berg")],
        issued=PartialDate(2020),
        container_title="Chinese Medical Journal",
    )
    text, _ = write([record], key_pattern="{Author}:{year}:{journal}")
    assert text.startswith("@article{Vanberg:2020:cmj,")
    with pytest.raises(ConfigError):
        KeyMaker("{surname}{year}")


def test_kept_keys_cleaned_and_made_unique() -> None:
    text, ctx = write([Record(key="a b"), Record(key="A_b"), Record(key="wang")])
    assert [line for line in text.splitlines() if line.startswith("@")] == [
        "@article{a_b,",
        "@article{A_ba,",
        "@article{wang,",
    ]
    assert ctx.sink.codes() == ["RB222", "RB221"]


# -- entry types -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("csl", "bibtex", "biblatex"),
    [
        ("article-journal", "@article{k,", "@article{k,"),
        ("book", "@book{k,", "@book{k,"),
        ("chapter", "@incollection{k,", "@incollection{k,"),
        ("paper-conference", "@inproceedings{k,", "@inproceedings{k,"),
        ("thesis", "@phdthesis{k,", "@phdthesis{k,"),
        ("report", "@techreport{k,", "@techreport{k,"),
        ("webpage", "@misc{k,", "@online{k,"),
        ("dataset", "@misc{k,", "@dataset{k,"),
        ("article-magazine", "@article{k,", "@article{k,"),
        ("manuscript", "@unpublished{k,", "@unpublished{k,"),
    ],
)
def test_entry_types_both_ways(csl: str, bibtex: str, biblatex: str) -> None:
    record = Record(type=csl, key="k", title="T", url="https://example.org")
    for dialect, header in (("bibtex", bibtex), ("biblatex", biblatex)):
        text, _ = write([record], dialect)
        assert text.startswith(header + "\n")
        assert read(text, dialect)[0][0] == record


def test_entrysubtype_says_what_misc_cannot() -> None:
    text, _ = write([Record(type="dataset", key="k")])
    assert "  entrysubtype = {dataset},\n" in text
    text, _ = write([Record(type="article-newspaper", key="k")])
    assert "  entrysubtype = {newspaper},\n" in text


# -- plugin, sniffing, command line ----------------------------------------------


def test_sniffing_prefers_biblatex_only_on_biblatex_names() -> None:
    bibtex = "@article{a,\n  journal = {J},\n}\n"
    biblatex = "@article{a,\n  journaltitle = {J},\n  date = {2020},\n}\n"
    assert sniff_bibtex(bibtex) == 0.9 and sniff_biblatex(bibtex) == 0.9
    assert sniff_biblatex(biblatex) > sniff_bibtex(biblatex)
    assert sniff_bibtex("TY  - JOUR\nER  - \n") == 0.0


def test_registered_formats(session: Session) -> None:
    bibtex = session.format_named("bibtex", need="write")
    biblatex = session.format_named("biblatex", need="write")
    assert (bibtex.primary, biblatex.primary) == (True, False)
    assert bibtex.extensions == biblatex.extensions == (".bib",)
    assert session.guess_format("refs.bib", None, need="write").name == "bibtex"
    assert session.options_for("bibtex")["ascii"] is True
    assert session.options_for("biblatex")["ascii"] is False


def test_entry_point_module_does_not_import_pybtex() -> None:
    import subprocess
    import sys

    code = "import refbridge.formats.bibtex, sys; print('pybtex' in sys.modules, 'latexcodec' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False False"


def test_cli_converts_wprim_sample_to_biblatex(
    tmp_path: Path, wprim_sample: Path, wprim_record_1: Record
) -> None:
    out = tmp_path / "out.bib"
    result = CliRunner().invoke(cli, ["convert", str(wprim_sample), "-t", "biblatex", "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.count("\n@article{") == 2 and text.startswith("@article{wang2025safety,\n")
    first = text.split("\n\n@")[0]
    assert "  journaltitle = {Chinese Medical Journal},\n" in first
    assert "  shortjournal = {Chin. Med. J.},\n" in first
    assert "  pages        = {2984--2992},\n" in first
    assert "  usera        = {keywords: MeSH},\n" in first
    records, _ = read(text, "biblatex")
    assert records[0].keywords == wprim_record_1.keywords
    assert [s.label for s in records[0].abstract_sections] == [
        "Background",
        "Methods",
        "Results",
        "Conclusions",
        "Trial registration",
    ]


def test_format_command_keeps_the_whole_file_and_is_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "refs.bib"
    original = (DATA / "features.bib").read_text(encoding="utf-8")
    path.write_text(original, encoding="utf-8")
    first = CliRunner().invoke(cli, ["format", str(path)])
    assert first.exit_code == 1, first.output  # reformatted
    formatted = path.read_text(encoding="utf-8")
    for kept in (
        '@preamble{ "\\newcommand{\\noopsort}[1]{}" }',
        '@string{cmj = "Chinese Medical Journal"}',
        "Free text between entries is a comment.",
        "@comment{This whole block is ignored, even @article{x, title={y}} in it.}",
    ):
        assert kept in formatted
    assert formatted.startswith("% A hand-made file")
    assert "@article{wang2025safety,\n" in formatted
    second = CliRunner().invoke(cli, ["format", str(path)])
    assert second.exit_code == 0, second.output
    assert path.read_text(encoding="utf-8") == formatted


def test_our_bibtex_output_is_not_taken_for_biblatex(wprim_record_1: Record) -> None:
    text, _ = write([with_short_journal(wprim_record_1)])  # has shortjournal and eprint-like names
    assert sniff_bibtex(text) == sniff_biblatex(text)  # a tie: the primary format, bibtex, wins
    text, _ = write([with_short_journal(wprim_record_1)], "biblatex")
    assert sniff_biblatex(text) > sniff_bibtex(text)


def test_long_blank_runs_between_entries_read_in_linear_time() -> None:
    """A regression found by fuzzing: a 200,000-blank line between entries took minutes."""
    import time

    text = "@article{a, title = {T}}\n" + " \t" * 100_000 + "x\n@article{b, title = {U}}\n"
    start = time.process_time()
    records, _ = read(text)
    assert [r.key for r in records] == ["a", "b"]
    assert time.process_time() - start < 5
