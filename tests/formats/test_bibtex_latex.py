"""LaTeX ↔ Unicode (refbridge.formats.bibtex.latex) and BibTeX name lists (bibtex_names)."""

from __future__ import annotations

import pytest
from bibtex_strategies import line_text, persons
from hypothesis import given, settings
from hypothesis import strategies as st

from refbridge.formats.bibtex import latex_write
from refbridge.formats.bibtex.latex import latex_to_text
from refbridge.formats.bibtex.latex_write import needs_protection, text_to_latex
from refbridge.formats.bibtex.names import format_name, parse_name, split_names
from refbridge.formats.bibtex.parse import normalise_whitespace
from refbridge.model import Person


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        ("{\\\"u}ber \\'{e}tude", "über étude"),
        ('Bostr\\"{o}m and W\\"{a}yrynen', "Boström and Wäyrynen"),
        ("{\\'\\i} \\v{r} \\c{c} \\H{o} \\ss{} \\AA{}ngstr\\\"om", "í ř ç ő ß Ångström"),
        ("\\& \\% \\$ \\# \\_ \\{x\\}", "& % $ # _ {x}"),
        ("50% raw percent", "50% raw percent"),
        ("a -- b --- c \\textendash{} d", "a – b — c – d"),
        ("``quoted'' text", "“quoted” text"),
        ("a~b", "a\u00a0b"),
        ("{COVID-19} and {UC-MSC}", "COVID-19 and UC-MSC"),
        # Math with a Unicode form is decoded (as Zotero does); the rest is kept as written.
        ("$\\alpha$-blockers and $x^2$", "α-blockers and x²"),
        ("IL-1{$\\beta$} and {$\\Delta$}Ct at 5 {$\\mu$}g/mL", "IL-1β and ΔCt at 5 μg/mL"),
        ("$\\Sigma^{0}$ H$_2$O $^\\circ$C $p < 0.05$ $10^{-3}$", "Σ⁰ H₂O °C p < 0.05 10⁻³"),
        ("$\\frac{1}{2}$ and $\\alpha_{\\rm s}$", "$\\frac{1}{2}$ and $\\alpha_{\\rm s}$"),
        ("Garc{\\'{\\i}}a and {\\'\\i}", "García and í"),
        ("\\~{}user a \\~ b \\^{}", "~user a ~ b ^"),
        ("\\mkbibquote{Quoted} and \\enquote{q}", "“Quoted” and “q”"),
        ("20\\textsuperscript{th} 10\\textsuperscript{-3} H\\textsubscript{2}O", "20th 10⁻³ H₂O"),
        ("{\\texttimes} {\\textpm} {\\textdegree} {\\textrightarrow}", "× ± ° →"),
        ("{\\ensuremath{\\alpha}} and {\\ensuremath{\\pm}}", "α and ±"),
        ("\\textit{Procolophon} (Parareptilia)", "Procolophon (Parareptilia)"),
        ("{\\em word} x", "word x"),
        ("\\url{http://x.org/a_b} and \\foo{x}{y} z", "\\url{http://x.org/a_b} and \\foo{x}{y} z"),
        ("\\textbackslash{} \\textasciitilde{} \\textasciicircum{}", "\\ ~ ^"),
        ("Line one. \\par Line two.", "Line one.\nLine two."),
        ("plain text, no specials", "plain text, no specials"),
    ],
)
def test_decoding(latex: str, text: str) -> None:
    assert latex_to_text(latex) == text


def test_latex_kept_is_reported() -> None:
    kept: list[str] = []
    assert latex_to_text("$\\frac{1}{2}$ and \\foo{x} and $\\beta$", None, kept.append) == (
        "$\\frac{1}{2}$ and \\foo{x} and β"
    )
    assert kept == ["$\\frac{1}{2}$", "\\foo{x}"]


def test_formatting_commands_are_reported() -> None:
    seen: list[str] = []
    assert latex_to_text("\\emph{a} and \\textbf{b}", seen.append) == "a and b"
    assert seen == ["emph", "textbf"]


@pytest.mark.parametrize(
    ("text", "ascii_latex"),
    [
        ("Müller & Sons", 'M{\\"u}ller \\& Sons'),
        ("50% a_b #1 $5", "50\\% a\\_b \\#1 \\$5"),
        ("a--b ''x''", "a-{}-b '{}'x'{}'"),
        # Zotero's BibTeX import decodes math Greek and text-mode ×, ±, °, not \ensuremath.
        ("α ± ≥ ’", "{$\\alpha$} {\\textpm} {$\\geq$} {\\textquoteright{}}"),
        ("β × μ", "{$\\beta$} {\\texttimes} {$\\mu$}"),
        ("© 2023 Elsevier", "{\\textcopyright} 2023 Elsevier"),  # Zotero decodes it (not \\copyright)
        ("the $x^2$ term", "the \\$x\\textasciicircum{}2\\$ term"),  # the text's own dollars
        ("Line one.\nLine two.", "Line one.\n\nLine two."),  # a blank line: LaTeX's paragraph
        ("$\\alpha$-blockers", "\\$\\textbackslash{}alpha\\$-blockers"),
        ("$\\frac{1}{2}$ kept", "$\\frac{1}{2}$ kept"),  # no Unicode form: LaTeX passed through
        ("\\foo{x}", "{\\foo{x}}"),
        ("\\alpha", "{\\alpha}"),
        ("{unbalanced", "\\textbraceleft{}unbalanced"),
        ("中文", "中文"),
    ],
)
def test_encoding(text: str, ascii_latex: str) -> None:
    assert text_to_latex(text, ascii_only=True) == ascii_latex
    assert latex_to_text(normalise_whitespace(ascii_latex)) == text


@pytest.mark.parametrize(
    ("word", "protect"),
    [("COVID-19", True), ("UC-MSC", True), ("SARS-CoV-2", True), ("mRNA", True), ("D", True), ("A", False),
     ("Safety", False), ("safety", False), ("Real-World", False), ("T-cell", True), ("(HFrEF)", True)],
)  # fmt: skip
def test_needs_protection(word: str, protect: bool) -> None:
    assert needs_protection(word) is protect


_TEXT = st.lists(line_text(40), min_size=1, max_size=2).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT, st.booleans(), st.booleans())
def test_text_round_trips_through_latex(text: str, ascii_only: bool, protect: bool) -> None:
    encoded = text_to_latex(text, ascii_only=ascii_only, protect=protect)
    assert latex_to_text(normalise_whitespace(encoded).strip()) == text
    if ascii_only:
        # Only characters LaTeX has no command for may stay non-ASCII.
        assert all(ord(c) < 128 or latex_to_text(text_to_latex(c, ascii_only=True)) == c for c in encoded)


_SPECIALS_TEXT = st.text(alphabet="ab -',{}\\$%&#_~^`\n\u00a0é±α中\ue000", max_size=30)


def _escape_one_character_at_a_time(text: str, ascii_only: bool, braces_balanced: bool) -> str:
    """The escaping rules spelled out per character (what the fast paths must equal)."""
    escapes = {"\\": "\\textbackslash{}", "$": "\\$", "%": "\\%", "&": "\\&", "#": "\\#", "_": "\\_",
               "~": "\\textasciitilde{}", "^": "\\textasciicircum{}", "`": "\\textasciigrave{}",
               "\n": "\x00", "\u00a0": "~"}  # fmt: skip
    out = []
    for index, char in enumerate(text):
        if char in escapes:
            out.append(escapes[char])
        elif char in "-',":
            out.append(char + "{}" if text[index + 1 : index + 2] == char else char)
        elif char in "{}":
            braced = "\\textbraceleft{}" if char == "{" else "\\textbraceright{}"
            out.append("\\" + char if braces_balanced else braced)
        elif ascii_only and not char.isascii():
            out.append(latex_write._encode_char(char))
        else:
            out.append(char)
    return "".join(out)


@settings(max_examples=300, deadline=None)
@given(_SPECIALS_TEXT, st.booleans(), st.booleans())
def test_fast_escaping_equals_per_character_rules(text: str, ascii_only: bool, balanced: bool) -> None:
    expected = _escape_one_character_at_a_time(text, ascii_only, balanced)
    assert latex_write._escape_plain(text, ascii_only, balanced) == expected


@pytest.mark.parametrize("ascii_only", [False, True])
def test_short_and_long_values_encode_alike(ascii_only: bool) -> None:
    # Values up to SHORT_VALUE characters go through the cache; the result must not depend on it.
    word = "Größe {x} 50% α\u00a0"
    short, long = word, word * (latex_write.SHORT_VALUE // len(word) + 1)
    assert len(short) <= latex_write.SHORT_VALUE < len(long)
    assert text_to_latex(long, ascii_only=ascii_only) == text_to_latex(short, ascii_only=ascii_only) * (
        len(long) // len(short)
    )
    assert latex_write._to_latex(short, ascii_only, False) == text_to_latex(short, ascii_only=ascii_only)


# -- names -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "person"),
    [
        ("WANG, Siyu", Person(family="WANG", given="Siyu")),
        ("Siyu WANG", Person(family="WANG", given="Siyu")),
        ("van der Berg, Jan", Person(family="Berg", given="Jan", particle="van der")),
        ("Ludwig van Beethoven", Person(family="Beethoven", given="Ludwig", particle="van")),
        ("Sherry, Jr., John F.", Person(family="Sherry", given="John F.", suffix="Jr.")),
        ("{World Health Organization}", Person(literal="World Health Organization")),
        ('M{\\"u}ller, Hans', Person(family="Müller", given="Hans")),
        ("{de la Cruz}, Maria", Person(family="de la Cruz", given="Maria")),
        ("Smith Jones,", Person(family="Smith Jones")),
    ],
)
def test_parse_name(raw: str, person: Person) -> None:
    assert parse_name(raw) == (person, None)


def test_unparsable_name_is_kept_whole() -> None:
    person, problem = parse_name("a, b, c, d")
    assert person == Person(literal="a, b, c, d")
    assert problem is not None and "too many commas" in problem.lower()


def test_split_names_respects_braces_and_case() -> None:
    assert split_names("A, B AND {Barnes and Noble} and C") == ["A, B", "{Barnes and Noble}", "C"]


@pytest.mark.parametrize(
    ("person", "written"),
    [
        (Person(family="Wang", given="Siyu"), "Wang, Siyu"),
        (Person(family="Berg", given="Jan", particle="van der"), "van der Berg, Jan"),
        (Person(family="Sherry", given="John F.", suffix="Jr."), "Sherry, Jr., John F."),
        (Person(literal="World Health Organization"), "{World Health Organization}"),
        (Person(family="dos Santos", given="Maria"), "{dos Santos}, Maria"),
        (Person(family="García Márquez", given="Gabriel"), "Garc{\\'\\i}a M{\\'a}rquez, Gabriel"),
        (Person(family="Smith and Jones", given="A"), "{Smith and Jones}, A"),
    ],
)
def test_format_name(person: Person, written: str) -> None:
    assert format_name(person, True) == (written, True)


def test_name_with_capital_particle_cannot_round_trip() -> None:
    assert format_name(Person(family="Win", given="Bart", particle="De"), True)[1] is False


_WORD = st.from_regex(r"[A-Za-zÉé][a-z.'-]{0,4}(\{\\\"[a-zA-Z]\})?[a-z]{0,3}", fullmatch=True)


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORD, min_size=1, max_size=5), st.integers(0, 2))
def test_fast_name_parse_agrees_with_pybtex(words: list[str], commas: int) -> None:
    from pybtex.database import Person as PybtexPerson

    # "First von Last", "von Last, First" or "von Last, Jr, First"
    cut = len(words) - commas
    raw = ", ".join([" ".join(words[:cut]), *words[cut:]]) if cut > 0 else " ".join(words)
    expected = PybtexPerson(raw)

    def part(names: list[str]) -> str | None:
        return latex_to_text(" ".join(names)) or None

    assert parse_name(raw)[0] == Person(
        family=part(expected.last_names),
        given=part(expected.first_names + expected.middle_names),
        particle=part(expected.prelast_names),
        suffix=part(expected.lineage_names),
    )


@settings(max_examples=300, deadline=None)
@given(persons(), st.booleans())
def test_written_names_read_back(person: Person, ascii_only: bool) -> None:
    written, exact = format_name(person, ascii_only)
    assert exact
    assert [parse_name(n)[0] for n in split_names(f"X, Y and {written} and Z, W")][1] == person
