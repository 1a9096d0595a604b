"""Every reader, on arbitrary and mutated input, yields records or raises ParseError — nothing
else (the bounded, in-suite part of the fuzzing; fuzz/campaign.py runs the long campaign)."""

from __future__ import annotations

import io
import random
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refbridge.context import Context
from refbridge.errors import ParseError
from refbridge.registry import Format
from refbridge.session import Session

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fuzz"))
from campaign import seeds
from mutate import mutate

SESSION = Session()
READABLE = sorted((f for f in SESSION.plugins.formats if f.readable), key=lambda f: f.name)
SEEDS = seeds()


def _read_all(fmt: Format, text: str) -> int:
    session = Session(plugin_set=SESSION.plugins)
    context = Context(fmt.name, "fuzz-input", session.options_for(fmt.name), session.sink)
    try:
        return sum(1 for _ in fmt.read(io.StringIO(text), context))  # type: ignore[misc]
    except ParseError as exc:
        assert exc.message, "a ParseError must say what is wrong"
        assert exc.file == "fuzz-input" or exc.file is None
        return -1


def test_every_reader_is_fuzzed() -> None:
    assert {f.name for f in READABLE} >= {
        *("json", "wprim", "bibtex", "biblatex", "ris", "jats", "pubmed-xml", "csl-json", "medline"),
        *("endnote", "endnote-xml"),
    }
    assert len(SEEDS) >= 20


@pytest.mark.parametrize("fmt", READABLE, ids=lambda f: f.name)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=400))
def test_reader_on_arbitrary_text(fmt: Format, text: str) -> None:
    _read_all(fmt, text)


@pytest.mark.parametrize("fmt", READABLE, ids=lambda f: f.name)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_reader_on_mutated_real_files(fmt: Format, seed: int) -> None:
    rng = random.Random(seed)
    _read_all(fmt, mutate(rng.choice(SEEDS), rng))


def _within(seconds: int, fmt: Format, text: str) -> None:
    """Read ``text``, failing (not hanging) if it takes longer than ``seconds``."""
    import signal

    def expired(signum: int, frame: object) -> None:
        raise AssertionError(f"{fmt.name} reader took over {seconds}s: a hang")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        _read_all(fmt, text)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.mark.parametrize("fmt", READABLE, ids=lambda f: f.name)
def test_regression_long_lines_and_deep_nesting_do_not_hang(fmt: Format) -> None:
    # Found by fuzz/campaign.py: a 24,000-letter run between BibTeX entries made the
    # stray-field pattern backtrack quadratically (142 s). Every reader gets the shapes.
    base = "@article{a,\n  title = {x},\n}\nTY  - JOUR\nER  - \n<ref-list><ref id='r'/></ref-list>\n1.Title\n"
    for hostile in ("x" * 60_000, "{" * 5_000 + "}" * 5_000, "<a>" * 5_000, "=" * 60_000, "ab " * 30_000):
        _within(20, fmt, base + hostile + "\n" + base)


@pytest.mark.parametrize("fmt", READABLE, ids=lambda f: f.name)
def test_regression_long_whitespace_runs_inside_values(fmt: Format) -> None:
    # Found by fuzz/campaign.py: "\s*[;,]\s*"-style separators scanned a long run of spaces
    # from every position (quadratic: 5 s for 20,000 spaces in an RIS SN line).
    spaces = " " * 40_000
    text = (
        f"TY  - JOUR\nSN  - 2111{spaces}x\nKW  - a{spaces}b\nAU  - Doe,{spaces}Jane\nER  - \n"
        f"TY  - JOUR\nSN  - 2325-9671{spaces}x (electronic)\nER  - \n"
        f"TY  - JOUR\nKW  - *Mesenchymal Stem Cell Transplantation/adverse effect{spaces}\nER  - \n"
        f"@article{{k, author = {{A{spaces}B and C}}, issn = {{1234-5678{spaces}x}},"
        f" pages = {{1{spaces}-2}}}}\n"
        f"1.Title\nSiyu WANG{spaces}; Tao YANG\nChinese Medical Journal 2025;138(22):2984{spaces}-2992\n"
    )
    _within(20, fmt, text)


def test_regression_deeply_nested_json_is_a_parse_error() -> None:
    # Found by fuzz/campaign.py: json.loads raised RecursionError on deep nesting.
    fmt = SESSION.format_named("json", need="read")
    assert _read_all(fmt, "[" * 100_000 + "]" * 100_000) == -1


def test_regression_a_huge_json_number_is_a_parse_error() -> None:
    # Found by fuzz/campaign.py: json.loads raised ValueError (Python's 4,300-digit limit for
    # int) on a fuzzed record's number; it was a traceback, not a parse error naming the file.
    fmt = SESSION.format_named("json", need="read")
    assert _read_all(fmt, '[{"type": "article-journal", "title": "T", "volume": ' + "9" * 9284 + "}]") == -1


def test_deeply_nested_csl_json_is_reported_not_a_crash() -> None:
    # json's decoder raises RecursionError on deep nesting: the csl-json reader reports the
    # item (RB941) or, for a top-level object, gives up with a ParseError.
    fmt = SESSION.format_named("csl-json", need="read")
    assert _read_all(fmt, "[" * 100_000 + "]" * 100_000) == 0
    assert _read_all(fmt, '[{"id": "a", "type": "book"}, ' + "[" * 100_000 + "]" * 100_000 + "]") == 1
    assert _read_all(fmt, '{"a": ' * 100_000 + "1" + "}" * 100_000) == -1


def test_medline_hostile_shapes_are_read_in_linear_time() -> None:
    # Shapes aimed at the medline reader's patterns: abstract labels, MeSH slashes, DP dashes,
    # PMID lines with no blank line between them, long space runs inside names and dates.
    fmt = SESSION.format_named("medline", need="read")
    for text in (
        "PMID- 1\nAB  - BACKGROUND: x. " + "A" * 100_000 + ": y\n",
        "PMID- 1\nAB  - " + "X. ABC: " * 30_000 + "\n",
        "PMID- 1\nMH  - *D" + "/*q" * 50_000 + "\n",
        "PMID- 1\nDP  - " + "-" * 100_000 + "\n" + "PMID- 2\n" * 20_000,
        "PMID- 1\nFAU - Doe," + " " * 100_000 + "J\nDP  - 2020" + " " * 100_000 + "Jan\n",
    ):
        _within(20, fmt, text)


def test_endnote_hostile_shapes_are_read_in_linear_time() -> None:
    # Shapes aimed at the EndNote readers: deep and long <style> runs, entity floods, long
    # space runs in names, dates and ISBN fields, MeSH slashes, %0 lines without blank lines.
    xml = SESSION.format_named("endnote-xml", need="read")
    style = '<style face="italic bold">'
    for body in (
        "<titles><title>" + style * 200 + "x" + "</style>" * 200 + "</title></titles>",
        "<titles><title>" + (style + "x</style>") * 30_000 + "</title></titles>",
        "<titles><title>" + "&nbsp;&undefined;" * 30_000 + "</title></titles>",
        "<dates><year>2020</year><pub-dates><date>" + "Mar " * 30_000 + "</date></pub-dates></dates>",
        "<isbn>"
        + "1234-5678 " * 30_000
        + "x</isbn><contributors><authors><author>Doe,"
        + " " * 100_000
        + "J</author></authors></contributors>",
        "<keywords><keyword>" + "A/" * 50_000 + "*b</keyword></keywords>",
        "<abstract>" + "&#xD;" * 100_000 + "x</abstract>",
    ):
        _within(20, xml, "<xml><records><record>" + body + "</record></records></xml>")
    _within(20, xml, "<xml><records>" + "<record/>" * 100_000 + "</records></xml>")
    tagged = SESSION.format_named("endnote", need="read")
    for text in (
        "%0 Journal Article\n" * 50_000,
        "%0 Journal Article\n%X a\n" + "continued\n" * 100_000,
        "%0 Book\n%A Doe," + " " * 100_000 + "J\n%D " + " " * 100_000 + "2020\n%8 " + "1 " * 50_000 + "\n",
        "%0 Journal Article\n%K " + "a/" * 50_000 + "*b\n%@ " + "1234-5678;" * 30_000 + "\n",
    ):
        _within(20, tagged, text)


def test_regression_deeply_nested_braces_in_a_name_do_not_reach_pybtex() -> None:
    # Found by fuzz/campaign.py: pybtex's closing-brace search is quadratic; a name of
    # 80,000 nested braces took minutes. Such a name is now kept whole, with a diagnostic.
    fmt = SESSION.format_named("biblatex", need="read")
    _within(20, fmt, "@article{k, author = {Doe and " + "{" * 40_000 + "x" + "}" * 40_000 + " Roe}}\n")


_PUBMED_SET = "<PubmedArticleSet><PubmedArticle>{}</PubmedArticle></PubmedArticleSet>"
_PUBMED_TITLE = "<MedlineCitation><Article><ArticleTitle>{}</ArticleTitle></Article></MedlineCitation>"
_PUBMED_YEAR = (
    "<MedlineCitation><Article><ArticleDate><Year>{}</Year></ArticleDate></Article></MedlineCitation>"
)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        # A year with a non-ASCII digit: str.isdigit() is true for "➂" but int() fails.
        ("bibtex", "@article{k, title = {T}, year = {2004\u2782}, date = {20\u24335}}\n"),
        # An lxml error message quoting 100,000 spaces was cleaned with a backtracking pattern.
        ("jats", '<!DOCTYPE article>\n<article xmlns:xlink="x"' + " " * 100_000 + "<\n"),
        # A 6,000-digit number: json raises a plain ValueError (int digits limit), not JSONDecodeError.
        ("csl-json", '[{"id": "a", "type": "book", "volume": ' + "7" * 6_000 + "}]"),
        # 20,000 broken items: json's error counted lines from the start of the whole remaining
        # file for each one (quadratic); the buffer now starts at the broken item.
        ("csl-json", "[" + '{"a" 1},\n' * 20_000 + "]"),
        # Entity references in one title: removing entity nodes one by one (growing a string
        # each time) was quadratic, 4 s for 250 KB (a minute for these 800 KB); now 0.6 s.
        ("pubmed-xml", _PUBMED_SET.format(_PUBMED_TITLE.format("a&x;" * 200_000))),
        # A 9,000-digit year in an ArticleDate: int() refuses more than 4,300 digits.
        ("pubmed-xml", _PUBMED_SET.format(_PUBMED_YEAR.format("7" * 9_000))),
    ],
    ids=[
        "bibtex-unicode-digit",
        "jats-long-error-message",
        "csl-json-huge-number",
        "csl-json-broken-items",
        "pubmed-xml-many-entities",
        "pubmed-xml-huge-year",
    ],
)
def test_regression_campaign_finds(name: str, text: str) -> None:
    _within(20, SESSION.format_named(name, need="read"), text)


@pytest.mark.parametrize("fmt", READABLE, ids=lambda f: f.name)
def test_regression_runs_of_separators_between_names(fmt: Format) -> None:
    # Issue 19: a 16 KB input kept the WPRIM reader busy for minutes: its author-line
    # pattern "(?:\s*;\s*NAME?)*" tried every split of the blanks around each ";"
    # (exponential in the number of ";  " runs). Lines are now split on ";" first.
    runs = ";  " * 5_000
    text = f"1.Title\nSiyu WANG  ;  {runs}\nChinese Medical Journal 2025;138(22):2984-2992\n{runs}\n"
    _within(20, fmt, text + "AU  - Doe;  " + runs + "\nauthor = {A ;  " + runs + "}\n")


def test_regression_thousands_of_at_blocks_in_one_chunk_are_linear() -> None:
    # Found by the campaign's repeated fragments: "@string{x=" inserted thousands of times
    # inside lines made one huge chunk, and each problem counted the chunk's lines from its
    # start (0.7 s for 172 KB, 13 s for 688 KB). Lines are now counted incrementally.
    text = "TY  - JOUR\nTI  - Safety " + "@string{x= and efficacy " * 20_000 + "\nER  - \n"
    _within(20, SESSION.format_named("bibtex", need="read"), text)
